"""Hidden tests for exercise 12_threading_server (contract: README.md of the exercise).

Every test talks to the student's server as a real client over loopback: the server
runs in the student's process (``net.serve``), or as a program (``net.program``).
Test names state the rule checked, because assertion messages are not shown to
students.  No test sleeps to synchronise: replies are awaited with the client's
timeout, and "within a second" rules poll with a deadline.

Facts about the server come from the trusted side: the host it is bound to and its
threads from the kernel (``net.bound_address``, ``net.student_threads``), class checks
from the built-ins as they were before any student code ran, and the time that
stopping takes from a clock here.  Code running in the student's process (including
test source run there) could be answered by the student's code.
"""

import select
import signal
import socket
import struct
import time

import pytest

from grader.harness import LineClient, LineProbe

pytestmark = pytest.mark.student_module("upper_server")

PROBE = LineProbe(send=b"probe", expect=b"PROBE")
MAX_LINE = 65536

def stops_within(server, seconds):
    """Call server.shutdown() then server.server_close(): whether both returned within
    ``seconds``, by this side's clock (one that never returns fails the test when the
    call times out)."""
    started = time.monotonic()
    server.shutdown()
    server.server_close()
    return time.monotonic() - started <= seconds


def socketserver_of(student_env):
    """The student process's socketserver module."""
    return student_env.exec("import socketserver").socketserver


@pytest.fixture
def upper(student, net):
    return net.serve(student.make_server, "127.0.0.1", 0, probe=PROBE)


def exchange(client, line, expected):
    client.send(line)
    client.expect_line(expected)


def reset(client):
    """Close abruptly: SO_LINGER 0 makes close() send RST instead of FIN."""
    client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


def connection_refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


# --------------------------------------------------------------------------
# A first exchange (most broken servers fail here, fast)
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_one_line_comes_back_upper_cased(upper):
    with upper.client() as client:
        exchange(client, b"hello\n", b"HELLO")


# --------------------------------------------------------------------------
# The program: python upper_server.py [--host H] [--port P]
# (early in the file, so that a mutant of main() fails fast)
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_program_prints_listening_with_the_real_port_and_serves(net):
    program = net.program("upper_server", "--port", "0")
    port = program.wait_listening()
    with LineClient("127.0.0.1", port, timeout=net.timeout) as client:
        exchange(client, "straße\r\n".encode(), b"STRASSE")


@pytest.mark.points(2)
def test_program_exits_with_status_0_on_sigterm_with_a_client_connected(net):
    program = net.program("upper_server", "--port", "0")
    port = program.wait_listening()
    with LineClient("127.0.0.1", port, timeout=net.timeout) as client:
        exchange(client, b"hi\n", b"HI")
        program.send_signal(signal.SIGTERM)
        status = program.wait(5)
    assert status == 0, program.output


@pytest.mark.points(2)
def test_program_exits_with_status_0_on_sigint_with_a_client_connected(net):
    program = net.program("upper_server", "--port", "0")
    port = program.wait_listening()
    with LineClient("127.0.0.1", port, timeout=net.timeout) as client:
        exchange(client, b"hi\n", b"HI")
        program.send_signal(signal.SIGINT)
        status = program.wait(5)
    assert status == 0, program.output


def test_program_closes_its_port_when_it_stops(net):
    program = net.program("upper_server", "--port", "0")
    port = program.wait_listening()
    program.send_signal(signal.SIGTERM)
    program.wait(5)
    assert connection_refused(port)


def test_program_serves_several_clients_at_once(net):
    program = net.program("upper_server", "--port", "0")
    port = program.wait_listening()
    with LineClient("127.0.0.1", port, timeout=net.timeout) as idle:
        exchange(idle, b"idle\n", b"IDLE")
        with LineClient("127.0.0.1", port, timeout=net.timeout) as other:
            exchange(other, b"other\n", b"OTHER")


def test_program_binds_the_host_given_with_host(net):
    program = net.program("upper_server", "--host", "127.0.0.2", "--port", "0")
    port = program.wait_listening()
    with LineClient("127.0.0.2", port, timeout=net.timeout) as client:
        exchange(client, b"host\n", b"HOST")
    # Reachable on 127.0.0.2 is not enough: a server on 0.0.0.0 is too.
    assert net.bound_address(port, program=program) == ("127.0.0.2", port)


# --------------------------------------------------------------------------
# Classes and make_server
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_make_server_returns_an_upper_server_which_is_a_threading_tcp_server(
    student, student_env
):
    b = student_env.builtins
    socketserver = socketserver_of(student_env)
    server = student.make_server("127.0.0.1", 0)
    try:
        assert b.isinstance(server, student.UpperServer) is True
        assert b.issubclass(student.UpperServer, socketserver.ThreadingTCPServer) is True
    finally:
        server.server_close()


def test_upper_handler_is_a_base_request_handler(upper, student, student_env):
    b = student_env.builtins
    socketserver = socketserver_of(student_env)
    assert b.issubclass(student.UpperHandler, socketserver.BaseRequestHandler) is True
    with upper.client() as client:  # and the server works (so the stub fails this test)
        exchange(client, "handler ß\r\n".encode(), b"HANDLER SS")


@pytest.mark.points(2)
def test_upper_server_sets_allow_reuse_address_and_daemon_threads_to_true(student):
    assert student.UpperServer.allow_reuse_address is True
    assert student.UpperServer.daemon_threads is True


def test_make_server_without_arguments_binds_a_free_port_on_127_0_0_1(student, net):
    first = student.make_server()
    try:
        second = student.make_server()
        try:
            host, port = first.server_address[:2]
            assert host == "127.0.0.1"
            assert 0 < port < 65536
            assert second.server_address[0] == "127.0.0.1"
            assert second.server_address[1] != port
            # What the servers say, checked against the kernel's listening sockets.
            assert net.bound_address(port) == ("127.0.0.1", port)
            other = second.server_address[1]
            assert net.bound_address(other) == ("127.0.0.1", other)
        finally:
            second.server_close()
    finally:
        first.server_close()


@pytest.mark.points(2)
def test_make_server_is_listening_but_answers_only_once_serving(student, net):
    before = net.student_threads()
    server = student.make_server("127.0.0.1", 0)
    assert net.threads_left(before) == 0  # nothing started: not serving yet
    port = server.server_address[1]
    # The listening socket queues the connection and its bytes until someone accepts.
    with LineClient("127.0.0.1", port, timeout=net.timeout) as early:
        early.send(b"queued\n")
        net.serve_instance(server, probe=PROBE, group="make_server")
        early.expect_line(b"QUEUED")


# --------------------------------------------------------------------------
# The line limit: 65536 bytes, not counting "\n" or "\r\n"
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_a_line_of_exactly_65536_bytes_is_answered(upper):
    with upper.client() as client:
        exchange(client, b"a" * MAX_LINE + b"\n", b"A" * MAX_LINE)
        exchange(client, b"next\n", b"NEXT")


def test_a_line_of_exactly_65536_bytes_with_crlf_is_answered(upper):
    with upper.client() as client:
        # "\r" and "\n" in separate segments: a server that refuses a line as soon as
        # 65537 bytes (the "\r" included) are pending would refuse this legal line.
        client.send(b"b" * MAX_LINE)
        client.send_in_pieces(b"\r\n", size=1)
        client.expect_line(b"B" * MAX_LINE)
        exchange(client, b"next\n", b"NEXT")


@pytest.mark.points(2)
def test_a_line_of_65537_bytes_gets_line_too_long_and_the_connection_is_closed(upper):
    with upper.client() as client:
        client.send(b"c" * (MAX_LINE + 1) + b"\n", peer_may_close=True)
        client.expect_line(b"ERROR line too long")
        client.expect_closed()


def test_a_line_of_65537_bytes_with_crlf_is_too_long(upper):
    with upper.client() as client:
        client.send(b"d" * (MAX_LINE + 1) + b"\r\n", peer_may_close=True)
        client.expect_line(b"ERROR line too long")
        client.expect_closed()


def test_a_much_longer_line_gets_line_too_long(upper):
    with upper.client() as client:
        client.send(b"e" * (16 * MAX_LINE) + b"\n", peer_may_close=True)
        client.expect_line(b"ERROR line too long")
        client.expect_closed()


def test_the_limit_counts_bytes_not_characters(upper):
    with upper.client() as client:
        exchange(client, "é".encode() * (MAX_LINE // 2) + b"\n", "É".encode() * (MAX_LINE // 2))
        client.send("é".encode() * (MAX_LINE // 2) + b"!\n", peer_may_close=True)
        client.expect_line(b"ERROR line too long")


def test_lines_before_a_too_long_line_are_answered_first(upper):
    with upper.client() as client:
        client.send(b"one\ntwo\n" + b"f" * (MAX_LINE + 1) + b"\n", peer_may_close=True)
        client.expect_lines([b"ONE", b"TWO", b"ERROR line too long"])
        client.expect_closed()


def test_a_too_long_line_on_one_connection_does_not_disturb_another(upper):
    with upper.client() as other, upper.client() as client:
        exchange(other, b"before\n", b"BEFORE")
        client.send(b"g" * (MAX_LINE + 1) + b"\n", peer_may_close=True)
        client.expect_line(b"ERROR line too long")
        exchange(other, b"after\n", b"AFTER")


# --------------------------------------------------------------------------
# The protocol: one upper-cased reply per line
# --------------------------------------------------------------------------

def test_lines_are_answered_in_order_on_one_connection(upper):
    with upper.client() as client:
        for word in ["alpha", "Beta", "gamma delta", "x"]:
            exchange(client, word.encode() + b"\n", word.upper().encode())


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "text",
    ["straße", "élève", "ﬁx", "αβγ σοφία", "привет", "ǆ"],
    ids=["sharp_s_becomes_SS", "accents", "ligature", "greek", "cyrillic", "digraph"],
)
def test_non_ascii_letters_are_upper_cased_like_str_upper(upper, text):
    with upper.client() as client:
        exchange(client, text.encode() + b"\n", text.upper().encode())


def test_digits_punctuation_and_chinese_are_unchanged(upper):
    with upper.client() as client:
        exchange(client, "abc 123 !?# 你好，世界\n".encode(), "ABC 123 !?# 你好，世界".encode())


@pytest.mark.points(2)
def test_spaces_and_tabs_around_and_inside_a_line_are_kept(upper):
    with upper.client() as client:
        exchange(client, b"  two  spaces  \n", b"  TWO  SPACES  ")
        exchange(client, b"\tab\t\n", b"\tAB\t")


@pytest.mark.points(2)
def test_an_empty_line_gets_an_empty_reply_and_the_connection_goes_on(upper):
    with upper.client() as client:
        exchange(client, b"\n", b"")
        exchange(client, b"after\n", b"AFTER")


@pytest.mark.points(2)
def test_crlf_line_is_answered_without_the_cr(upper):
    with upper.client() as client:
        exchange(client, b"hello\r\n", b"HELLO")
        exchange(client, b"\r\n", b"")


def test_only_one_trailing_cr_is_stripped(upper):
    with upper.client() as client:
        exchange(client, b"abc\r\r\n", b"ABC\r")


def test_a_cr_inside_a_line_is_kept(upper):
    with upper.client() as client:
        exchange(client, b"a\rb\n", b"A\rB")


@pytest.mark.points(2)
def test_invalid_utf8_gets_an_error_line_and_the_connection_goes_on(upper):
    with upper.client() as client:
        exchange(client, b"\xff\xfe\n", b"ERROR invalid utf-8")
        exchange(client, b"still here\n", b"STILL HERE")


@pytest.mark.parametrize(
    "data",
    [b"caf\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"ok \x80 ok", b"\xe4\xbd\r"],
    ids=["truncated", "overlong", "surrogate", "stray_continuation", "truncated_before_cr"],
)
def test_every_kind_of_invalid_utf8_gets_the_error_line(upper, data):
    with upper.client() as client:
        exchange(client, data + b"\n", b"ERROR invalid utf-8")
        exchange(client, b"next\n", b"NEXT")


# --------------------------------------------------------------------------
# TCP is a stream: any split, any merge
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_bytes_sent_one_at_a_time_form_the_same_lines(upper):
    with upper.client() as client:
        client.send_in_pieces("hello\nstraße\r\n\nend\n".encode(), 1)
        client.expect_lines([b"HELLO", b"STRASSE", b"", b"END"])


def test_a_character_split_across_segments_is_decoded_whole(upper):
    euro, sharp_s = "€".encode(), "é".encode()
    with upper.client() as client:
        # The reply to "ok" proves the server has read the segment holding the first
        # byte of the character: the rest arrives in later segments.
        client.send(b"ok\n" + euro[:1])
        client.expect_line(b"OK")
        client.send(euro[1:2])
        client.send(euro[2:] + b"uro " + sharp_s[:1])
        client.send(sharp_s[1:] + b"\n")
        client.expect_line("€URO É".encode())


@pytest.mark.points(2)
def test_many_lines_in_one_segment_get_one_reply_each_in_order(upper):
    lines = [f"line {n} ß".encode() for n in range(200)]
    with upper.client() as client:
        client.send(b"".join(line + b"\n" for line in lines))
        client.expect_lines([line.decode().upper().encode() for line in lines])


def test_mixed_lines_in_one_segment_each_get_their_own_reply(upper):
    with upper.client() as client:
        client.send(b"ok\r\n\xff\n\nlast\n")
        client.expect_lines([b"OK", b"ERROR invalid utf-8", b"", b"LAST"])


@pytest.mark.points(2)
def test_after_a_half_close_every_pending_reply_arrives_then_the_server_closes(upper):
    lines = [f"burst {n}".encode() for n in range(500)]
    with upper.client() as client:
        client.send(b"".join(line + b"\n" for line in lines))
        client.shutdown_write()
        expected = b"".join(line.upper() + b"\n" for line in lines)
        assert client.read_until_closed() == expected


def test_a_half_close_without_lines_makes_the_server_close_the_connection(upper):
    with upper.client() as client:
        client.shutdown_write()
        client.expect_closed()


# --------------------------------------------------------------------------
# Many clients at the same time
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_an_idle_client_does_not_delay_another_client(upper):
    idle = upper.client()
    exchange(idle, b"first\n", b"FIRST")  # its handler is running, now waiting for a line
    silent = upper.client()  # connected, never sends anything
    with upper.client() as other:
        exchange(other, b"hello\n", b"HELLO")
        exchange(other, b"again\n", b"AGAIN")
    exchange(idle, b"later\n", b"LATER")
    exchange(silent, b"at last\n", b"AT LAST")


def test_a_client_with_an_unfinished_line_does_not_delay_another(upper):
    slow = upper.client()
    slow.send(b"half a ")
    with upper.client() as other:
        exchange(other, b"quick\n", b"QUICK")
    exchange(slow, b"line\n", b"HALF A LINE")


@pytest.mark.points(2)
def test_twenty_clients_connected_at_once_are_all_served(upper):
    clients = upper.clients(20)
    for number, client in enumerate(clients):
        client.send(f"client {number}\n".encode())
    for number, client in reversed(list(enumerate(clients))):
        client.expect_line(f"CLIENT {number}".encode())


@pytest.mark.points(2)
def test_a_client_that_never_reads_does_not_stall_other_clients(upper):
    # The slow client sends lines until the server cannot take more: its replies fill
    # the socket buffers, so the handler serving it is blocked in a send.
    chunk = (b"n" * 1023 + b"\n") * 64
    with socket.create_connection(upper.address, timeout=upper.timeout) as slow:
        slow.setblocking(False)
        sent = 0
        while sent < 256 * 2**20:
            _, writable, _ = select.select([], [slow], [], 0.5)
            if not writable:
                break  # stalled: nobody reads the replies
            try:
                sent += slow.send(chunk)
            except BlockingIOError:
                continue
        with upper.client() as other:
            exchange(other, b"not stalled\n", b"NOT STALLED")
            exchange(other, b"still fine\n", b"STILL FINE")


# --------------------------------------------------------------------------
# Clients that vanish
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_a_client_that_resets_mid_line_does_not_disturb_the_next_client(upper):
    gone = upper.client()
    gone.send(b"one\nhalf a li")  # the unfinished line arrives with "one"
    gone.expect_line(b"ONE")
    reset(gone)
    with upper.client() as client:
        exchange(client, b"hello\n", b"HELLO")


def test_a_client_that_closes_without_reading_its_replies_does_not_disturb_the_server(upper):
    with upper.client() as before:
        exchange(before, b"before\n", b"BEFORE")
        rude = upper.client()
        rude.send(b"unread line\n" * 2000)
        rude.close()  # unread replies: the kernel answers them with a reset
        exchange(before, b"still served\n", b"STILL SERVED")
    with upper.client() as after:
        exchange(after, b"new client\n", b"NEW CLIENT")


def test_a_client_that_resets_right_after_connecting_does_not_disturb_the_server(upper):
    for _ in range(3):
        reset(upper.client())
    with upper.client() as client:
        exchange(client, b"fine\n", b"FINE")


# --------------------------------------------------------------------------
# Stopping, and threads that end
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_shutdown_and_server_close_return_within_a_second_with_clients_connected(
    student, net
):
    server = student.make_server("127.0.0.1", 0)
    served = net.serve_instance(server, probe=PROBE, group="make_server")
    idle = served.client()
    exchange(idle, b"wait\n", b"WAIT")  # a handler is now blocked reading
    served.client()  # and one more connection that never says anything
    assert stops_within(server, 1.0) is True


def test_the_port_is_closed_after_server_close(student, net):
    server = student.make_server("127.0.0.1", 0)
    served = net.serve_instance(server, probe=PROBE, group="make_server")
    with served.client() as client:
        exchange(client, b"x\n", b"X")
    assert stops_within(server, 1.0) is True
    assert connection_refused(served.port)


@pytest.mark.points(2)
def test_handler_threads_end_within_a_second_after_their_clients_close(upper, net):
    before = net.student_threads()
    clients = [upper.client() for _ in range(3)]
    for number, client in enumerate(clients):
        exchange(client, f"c{number}\n".encode(), f"C{number}".encode())
    clients[0].shutdown_write()  # half-close: the server sees the end of the stream
    clients[0].expect_closed()
    for client in clients:
        client.close()
    assert net.threads_left(before, within=1.0) == 0


def test_a_handler_thread_ends_after_its_client_resets(upper, net):
    before = net.student_threads()
    client = upper.client()
    exchange(client, b"bye\n", b"BYE")
    reset(client)
    assert net.threads_left(before, within=1.0) == 0
