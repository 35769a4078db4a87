"""Public tests for exercise 13_more_servers.

Run them with ``pytest exercises/13_more_servers --student-dir <your folder>`` or
``grader check 13_more_servers``. The hidden tests check the same rules more
thoroughly (see README.md).

The ``net`` fixture starts your server (port 0, or a Unix socket in a fresh
temporary folder), serves it in the background and stops it when the test ends.
The test talks to it as a real client over 127.0.0.1; a failing test shows what
was sent and what came back.
"""

import re

import pytest

from grader.harness import DatagramProbe, LineProbe

pytestmark = pytest.mark.student_module("more_servers")

# How the harness checks that a server still answers after a test timed out.
UDP_PROBE = DatagramProbe(send=b"probe", expect=b"eborp")
UNIX_PROBE = LineProbe(send=b"probe", expect=b"PROBE")
PID_PROBE = LineProbe(send=b"probe", expect=lambda line: line.isdigit())


@pytest.fixture
def udp(student, net):
    return net.serve(student.make_udp_server, "127.0.0.1", 0, probe=UDP_PROBE)


@pytest.fixture
def unix(student, net):
    path = str(net.scratch_dir() / "upper.sock")
    return net.serve(student.make_unix_server, path, probe=UNIX_PROBE)


@pytest.fixture
def forking(student, net):
    return net.serve(student.make_forking_server, "127.0.0.1", 0, probe=PID_PROBE)


@pytest.mark.points(2)
def test_udp_datagram_comes_back_reversed(udp):
    client = udp.datagram_client()
    client.expect_reply(b"hello", b"olleh")
    client.expect_reply("你好, world".encode(), "dlrow ,好你".encode())


@pytest.mark.points(2)
def test_udp_invalid_utf8_datagram_gets_the_error_reply(udp):
    client = udp.datagram_client()
    client.expect_reply(b"\xff\xfe", b"ERROR invalid utf-8")


@pytest.mark.points(2)
def test_unix_server_upper_cases_each_line(unix):
    with unix.client() as client:
        client.send_line("hello")
        client.expect_line("HELLO")
        client.send_line("straße")
        client.expect_line("STRASSE")


@pytest.mark.points(2)
def test_unix_invalid_utf8_line_gets_an_error_and_the_connection_goes_on(unix):
    with unix.client() as client:
        client.send_line(b"\xff\xfe")
        client.expect_line(b"ERROR invalid utf-8")
        client.send_line("still here")
        client.expect_line("STILL HERE")


@pytest.mark.points(2)
def test_forking_server_replies_with_a_pid_line_then_closes(forking):
    with forking.client() as client:
        reply = client.read_until_closed()
    assert re.fullmatch(rb"[0-9]+\n", reply), f"expected ASCII digits and b'\\n', got {reply!r}"


@pytest.mark.points(2)
def test_forking_server_pid_is_not_the_server_process_pid(forking, net):
    with forking.client() as client:
        reply = client.read_until_closed()
    assert re.fullmatch(rb"[0-9]+\n", reply), f"expected ASCII digits and b'\\n', got {reply!r}"
    server_pid = net.student_pid()
    assert int(reply) != server_pid, "the connection was handled by the server's own process"
