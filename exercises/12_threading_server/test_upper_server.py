"""Public tests for exercise 12_threading_server.

Run them with ``pytest exercises/12_threading_server`` or ``grader check 12_threading_server``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``upper_server`` themselves.  The ``net`` fixture starts your
server (``net.serve(student.make_server, ...)`` calls your ``make_server`` and runs
``serve_forever`` in the background) and gives the test real clients that talk to it
over loopback.  A failing test shows what the client sent and what it received.
"""

import signal

import pytest

from grader.harness import LineClient, LineProbe

pytestmark = pytest.mark.student_module("upper_server")

# How the harness checks that your server still answers after a test timed out.
PROBE = LineProbe(send=b"probe", expect=b"PROBE")


@pytest.fixture
def upper(student, net):
    return net.serve(student.make_server, "127.0.0.1", 0, probe=PROBE)


@pytest.mark.points(2)
def test_one_line_comes_back_upper_cased(upper):
    with upper.client() as client:
        client.send(b"hello\n")
        client.expect_line(b"HELLO")


@pytest.mark.points(2)
def test_spaces_around_and_inside_a_line_are_kept(upper):
    with upper.client() as client:
        client.send(b"  two  spaces \n")
        client.expect_line(b"  TWO  SPACES ")


@pytest.mark.points(2)
def test_sharp_s_in_strasse_becomes_SS_and_crlf_is_stripped(upper):
    with upper.client() as client:
        client.send("straße\r\n".encode())
        client.expect_line(b"STRASSE")


@pytest.mark.points(2)
def test_invalid_utf8_gets_an_error_line_and_the_connection_goes_on(upper):
    with upper.client() as client:
        client.send(b"\xff\n")
        client.expect_line(b"ERROR invalid utf-8")
        client.send(b"next\n")
        client.expect_line(b"NEXT")


@pytest.mark.points(2)
def test_a_line_sent_in_pieces_is_answered_once_whole(upper):
    with upper.client() as client:
        # "ok\n" and the first piece of the next line leave in one send, so they
        # arrive together: once "OK" is back, your server has received "hal" too.
        # Only then is the rest of the line sent, one byte at a time.
        client.send(b"ok\nhal")
        client.expect_line(b"OK")
        client.send_in_pieces(b"f a line\n", 1)
        client.expect_line(b"HALF A LINE")


def test_lines_sent_together_get_one_reply_each(upper):
    with upper.client() as client:
        client.send(b"a\nb\nc\n")
        client.expect_lines([b"A", b"B", b"C"])


@pytest.mark.points(3)
def test_an_idle_client_does_not_delay_another_client(upper):
    idle = upper.client()
    idle.send(b"first\n")
    idle.expect_line(b"FIRST")  # its handler now waits for the next line
    with upper.client() as other:
        other.send(b"hello\n")
        other.expect_line(b"HELLO")


@pytest.mark.points(2)
def test_upper_server_is_a_threading_tcp_server_with_the_two_flags(student, student_env):
    b = student_env.builtins
    socketserver = student_env.exec("import socketserver").socketserver
    assert b.issubclass(student.UpperServer, socketserver.ThreadingTCPServer) is True
    assert student.UpperServer.allow_reuse_address is True
    assert student.UpperServer.daemon_threads is True


@pytest.mark.points(2)
def test_program_prints_listening_serves_and_exits_0_on_sigterm(net):
    program = net.program("upper_server", "--port", "0")
    port = program.wait_listening()
    with LineClient("127.0.0.1", port, timeout=net.timeout) as client:
        client.send(b"program\n")
        client.expect_line(b"PROGRAM")
    program.send_signal(signal.SIGTERM)
    assert program.wait(5) == 0, program.output
