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
def test_bytes_sent_one_at_a_time_and_many_lines_at_once(upper):
    with upper.client() as client:
        client.send_in_pieces(b"one byte at a time\n", 1)
        client.expect_line(b"ONE BYTE AT A TIME")
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
