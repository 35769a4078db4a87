"""Hidden tests for 13_more_servers, part 2: the UDP reverse server.

Every test talks to the student's server over 127.0.0.1 with datagram clients of the
harness (a timeout on every socket, a transcript in every failure). Loopback does not
lose datagrams, and every test waits for each reply before relying on it, so no test
depends on timing. Texts stay far below UDPServer's max_packet_size (8192).
"""

import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from grader.harness import DatagramProbe

pytestmark = pytest.mark.student_module("more_servers")

PROBE = DatagramProbe(send=b"probe", expect=b"eborp")


def reversed_utf8(text):
    return text[::-1].encode("utf-8")


@pytest.fixture
def udp(student, net):
    return net.serve(student.make_udp_server, "127.0.0.1", 0, probe=PROBE)


# --------------------------------------------------------------------------
# The server object
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_make_udp_server_returns_a_threading_udp_server(student_env, udp):
    b = student_env.builtins
    ns = student_env.exec("import socketserver")
    assert b.isinstance(udp.server, ns.socketserver.ThreadingUDPServer) is True


def test_make_udp_server_binds_the_given_host_and_a_real_port(student, net):
    served = net.serve(student.make_udp_server, host="127.0.0.1", port=0, probe=PROBE)
    host, port = served.server.server_address[:2]
    assert host == "127.0.0.1"
    assert port != 0
    assert net.bound_address(port, protocol="udp") == ("127.0.0.1", port)  # the kernel agrees
    served.datagram_client().expect_reply(b"abc", b"cba")


def test_make_udp_server_defaults_to_127_0_0_1_and_a_free_port(student, net):
    first = student.make_udp_server()
    try:
        second = student.make_udp_server()  # port 0 again: the system picks another port
        try:
            addresses = [first.server_address[:2], second.server_address[:2]]
            # What the servers say, checked against the kernel's view of their sockets.
            bound = [net.bound_address(port, protocol="udp") for _, port in addresses]
        finally:
            second.server_close()
    finally:
        first.server_close()
    assert bound == addresses
    assert [host for host, _ in addresses] == ["127.0.0.1", "127.0.0.1"]
    assert 0 not in [port for _, port in addresses]
    assert addresses[0][1] != addresses[1][1]


def test_reverse_handler_works_in_a_udp_server_built_by_the_test(student_env, net):
    ns = student_env.exec(textwrap.dedent("""
        import socketserver
        from more_servers import ReverseHandler

        def make(host, port):
            return socketserver.UDPServer((host, port), ReverseHandler)
    """))
    # A broken ReverseHandler breaks make_udp_server too: same dead-server group.
    served = net.serve(ns.make, "127.0.0.1", 0, probe=PROBE, group="make_udp_server")
    served.datagram_client().expect_reply(b"stressed", b"desserts")


# --------------------------------------------------------------------------
# Reversing text
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_udp_ascii_text_is_reversed(udp):
    client = udp.datagram_client()
    client.expect_reply(b"hello", b"olleh")
    client.expect_reply(b"Hello, World!", b"!dlroW ,olleH")
    client.expect_reply(b"x", b"x")


NON_ASCII = ["héllo wörld", "你好，世界", "straße", "naïve café ☕", "emoji 😀🎉 ok", "Ωμέγα"]


@pytest.mark.points(3)
def test_udp_non_ascii_text_is_reversed_by_characters_not_bytes(udp):
    client = udp.datagram_client()
    for text in NON_ASCII:
        client.expect_reply(text.encode("utf-8"), reversed_utf8(text))


@pytest.mark.points(2)
def test_udp_spaces_and_newlines_are_kept_and_reversed_too(udp):
    client = udp.datagram_client()
    client.expect_reply(b"  two words \n", b"\n sdrow owt  ")
    client.expect_reply(b"line one\r\nline two\n", b"\nowt enil\n\reno enil")


def test_udp_empty_datagram_gets_an_empty_datagram_back(udp):
    client = udp.datagram_client()
    client.expect_reply(b"", b"")
    client.expect_reply(b"after", b"retfa")


def test_udp_datagram_of_4096_bytes_is_reversed_whole(udp):
    text = "".join(chr(ord("a") + i % 26) for i in range(4000)) + "端" * 32  # 4096 bytes
    data = text.encode("utf-8")
    assert len(data) == 4096
    udp.datagram_client().expect_reply(data, reversed_utf8(text))


# --------------------------------------------------------------------------
# Undecodable datagrams
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_udp_invalid_utf8_gets_exactly_the_error_reply_without_newline(udp):
    client = udp.datagram_client()
    for data in [b"\xff", b"abc\x80def", b"\xc3\x28", b"\xed\xa0\x80"]:  # ... a surrogate
        client.expect_reply(data, b"ERROR invalid utf-8")


def test_udp_cut_off_multibyte_character_is_invalid_utf8(udp):
    data = "你好".encode()[:-1]  # the last character lost its last byte
    udp.datagram_client().expect_reply(data, b"ERROR invalid utf-8")


@pytest.mark.points(2)
def test_udp_server_keeps_answering_after_invalid_datagrams(udp):
    client = udp.datagram_client()
    client.expect_reply(b"\xff\xfe", b"ERROR invalid utf-8")
    client.expect_reply(b"still here", b"ereh llits")
    client.expect_reply(b"\x80", b"ERROR invalid utf-8")
    other = udp.datagram_client()
    other.expect_reply(b"new client", b"tneilc wen")


# --------------------------------------------------------------------------
# Several clients, many datagrams
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_udp_each_client_gets_the_reply_to_its_own_datagram(udp):
    clients = [udp.datagram_client() for _ in range(4)]  # four different source ports
    texts = [f"client {i} says {'hi' * (i + 1)}" for i in range(len(clients))]
    with ThreadPoolExecutor(len(clients)) as pool:
        replies = list(pool.map(lambda c, t: c.exchange(t.encode("utf-8")), clients, texts))
    assert replies == [reversed_utf8(t) for t in texts]


def test_udp_clients_taking_turns_each_get_their_own_replies(udp):
    first, second = udp.datagram_client(), udp.datagram_client()
    first.expect_reply(b"one", b"eno")
    second.expect_reply(b"two", b"owt")
    first.expect_reply(b"three", b"eerht")
    second.expect_reply(b"\xff", b"ERROR invalid utf-8")
    first.expect_reply(b"four", b"ruof")


def test_udp_many_datagrams_in_a_row_each_get_their_reply(udp):
    client = udp.datagram_client()
    for i in range(30):
        text = f"datagram number {i}"
        client.expect_reply(text.encode("utf-8"), reversed_utf8(text))
