"""Hidden tests for 13_more_servers, part 1: the line protocol over a Unix stream socket.

The protocol is 12_threading_server's (catalog): lines end in b"\\n", one trailing
b"\\r" is stripped, the decoded text is upper-cased; invalid UTF-8 gets an error line
and the connection goes on; a line above 65536 bytes (terminator not counted) gets an
error line and the connection is closed. The socket lives in net.scratch_dir().
"""

import os
import stat

import pytest

from grader.harness import LineProbe

pytestmark = pytest.mark.student_module("more_servers")

PROBE = LineProbe(send=b"probe", expect=b"PROBE")
MAX_LINE = 65536


@pytest.fixture
def socket_path(net):
    return str(net.scratch_dir() / "upper.sock")


@pytest.fixture
def unix(student, net, socket_path):
    return net.serve(student.make_unix_server, socket_path, probe=PROBE)


# --------------------------------------------------------------------------
# The server object and its socket file
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_make_unix_server_returns_a_threading_unix_stream_server(student_env, unix):
    b = student_env.builtins
    ns = student_env.exec("import socketserver")
    assert b.isinstance(unix.server, ns.socketserver.ThreadingUnixStreamServer) is True


def test_unix_server_listens_on_a_socket_file_at_the_given_path(unix, socket_path):
    assert unix.server.server_address == socket_path
    assert stat.S_ISSOCK(os.stat(socket_path).st_mode)
    with unix.client() as client:
        client.send_line("here")
        client.expect_line("HERE")


# --------------------------------------------------------------------------
# Upper-casing lines
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_unix_line_is_upper_cased(unix):
    with unix.client() as client:
        client.send_line("hello")
        client.expect_line("HELLO")
        client.send_line("Hello, World 42!")
        client.expect_line("HELLO, WORLD 42!")


@pytest.mark.points(2)
def test_unix_non_ascii_text_is_upper_cased_after_decoding_strasse_becomes_STRASSE(unix):
    with unix.client() as client:
        client.send_line("straße")
        client.expect_line("STRASSE")
        client.send_line("héllo wörld")
        client.expect_line("HÉLLO WÖRLD")
        client.send_line("你好 abc")
        client.expect_line("你好 ABC")


@pytest.mark.points(2)
def test_unix_crlf_terminator_is_stripped(unix):
    with unix.client() as client:
        client.send(b"windows line\r\n")
        client.expect_line("WINDOWS LINE")


def test_unix_only_one_trailing_cr_is_stripped(unix):
    with unix.client() as client:
        client.send(b"two returns\r\r\n")
        client.expect_line(b"TWO RETURNS\r")
        client.send(b"inner\rcr\n")
        client.expect_line(b"INNER\rCR")


def test_unix_empty_line_gets_an_empty_line(unix):
    with unix.client() as client:
        client.send(b"\n\r\nafter\n")
        client.expect_lines([b"", b"", b"AFTER"])


def test_unix_many_lines_in_one_piece_are_answered_in_order(unix):
    lines = [f"line {i} of the burst" for i in range(50)]
    with unix.client() as client:
        client.send("".join(line + "\n" for line in lines).encode("utf-8"))
        client.expect_lines([line.upper() for line in lines])


def test_unix_lines_sent_one_byte_at_a_time_are_answered(unix):
    with unix.client() as client:
        client.send_in_pieces("slow\nstraße\r\n".encode(), size=1)
        client.expect_lines(["SLOW", "STRASSE"])


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_unix_invalid_utf8_lines_get_errors_and_the_connection_goes_on(unix):
    with unix.client() as client:
        client.send(b"ok\n\xff\xfe\nabc\x80\nstill here\n")
        client.expect_lines(
            [b"OK", b"ERROR invalid utf-8", b"ERROR invalid utf-8", b"STILL HERE"]
        )


@pytest.mark.points(2)
def test_unix_line_of_exactly_65536_bytes_is_answered(unix):
    line = b"ab" * (MAX_LINE // 2)
    with unix.client() as client:
        for terminator in (b"\n", b"\r\n"):  # the terminator does not count
            client.send(line + terminator)
            client.expect_line(line.upper())
        client.send_line("next")
        client.expect_line("NEXT")


@pytest.mark.points(3)
def test_unix_line_of_65537_bytes_gets_line_too_long_and_the_connection_is_closed(unix):
    for terminator in (b"\n", b"\r\n"):
        with unix.client() as client:
            client.send(b"x" * (MAX_LINE + 1) + terminator, peer_may_close=True)
            client.expect_line(b"ERROR line too long")
            client.expect_closed()


def test_unix_server_answers_others_after_closing_a_too_long_line(unix):
    with unix.client() as client:
        client.send(b"y" * (MAX_LINE + 10) + b"\n", peer_may_close=True)
        client.expect_line(b"ERROR line too long")
    with unix.client() as other:
        other.send_line("fine")
        other.expect_line("FINE")


# --------------------------------------------------------------------------
# Several clients
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_unix_idle_client_does_not_delay_another_client(unix):
    (idle,) = unix.clients(1)  # connected and answered once, then silent
    idle.send(b"half a li")
    with unix.client() as busy:
        busy.send_line("not delayed")
        busy.expect_line("NOT DELAYED")
    idle.send(b"ne\n")
    idle.expect_line("HALF A LINE")


def test_unix_clients_each_get_their_own_replies(unix):
    clients = unix.clients(3)
    for i, client in enumerate(clients):
        client.send_line(f"client {i}")
    for i, client in reversed(list(enumerate(clients))):
        client.expect_line(f"CLIENT {i}")


def test_unix_client_disconnecting_mid_line_does_not_disturb_the_server(unix):
    rude = unix.client()
    rude.send(b"unfinished li")
    rude.close()
    with unix.client() as client:
        client.send_line("after the rude one")
        client.expect_line("AFTER THE RUDE ONE")
