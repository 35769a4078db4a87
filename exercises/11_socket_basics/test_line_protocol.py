"""Public tests for exercise 11_socket_basics.

Run them with ``pytest exercises/11_socket_basics`` or ``grader check 11_socket_basics``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``line_protocol`` themselves: the ``student`` fixture is your
module.  ``net.student_socket()`` gives a real connected TCP socket that lives next
to your code (``sock``, passed to your functions) and the other end of the
connection (``peer``), which the test drives.  ``net.student_socket(max_recv=1)``
makes every ``recv`` on ``sock`` return at most one byte, as TCP is allowed to.
"""

import socket
import socketserver

import pytest

pytestmark = pytest.mark.student_module("line_protocol")


class UpperHandler(socketserver.StreamRequestHandler):
    """A tiny upper-casing server (the protocol of 12_threading_server)."""

    def handle(self):
        for raw in self.rfile:
            line = raw.rstrip(b"\n").removesuffix(b"\r")
            self.wfile.write(line.decode("utf-8").upper().encode("utf-8") + b"\n")


@pytest.mark.points(2)
def test_send_line_sends_data_followed_by_newline(student, net):
    sock, peer = net.student_socket()
    student.send_line(sock, b"hello")
    assert peer.read_line() == b"hello"


@pytest.mark.points(2)
def test_readline_with_one_byte_per_recv_and_carriage_return_kept(student, net):
    sock, peer = net.student_socket(max_recv=1)
    peer.send(b"hello\r\nworld\n")
    peer.shutdown_write()  # the stream ends here
    reader = student.LineReader(sock)
    assert reader.readline() == b"hello\r"
    assert reader.readline() == b"world"
    assert reader.readline() is None


def test_readline_raises_connection_error_when_stream_ends_mid_line(student, net):
    sock, peer = net.student_socket()
    peer.send(b"half a li")
    peer.shutdown_write()
    with pytest.raises(ConnectionError):
        student.LineReader(sock).readline()


@pytest.mark.points(2)
def test_send_message_sends_4_byte_big_endian_length_then_payload(student, net):
    sock, peer = net.student_socket()
    student.send_message(sock, b"hello")
    sock.shutdown(socket.SHUT_WR)  # lets the peer read until the end
    assert peer.read_until_closed() == b"\x00\x00\x00\x05hello"


def test_recv_message_returns_frames_sent_in_one_piece(student, net):
    sock, peer = net.student_socket()
    peer.send(b"\x00\x00\x00\x05hello" b"\x00\x00\x00\x00" b"\x00\x00\x00\x02ok")
    peer.shutdown_write()
    assert student.recv_message(sock) == b"hello"
    assert student.recv_message(sock) == b""
    assert student.recv_message(sock) == b"ok"


def test_recv_message_rejects_length_above_max_size(student, net):
    sock, peer = net.student_socket()
    peer.send(b"\x00\x00\x00\x0b")  # announces 11 bytes, sends none of them ...
    peer.shutdown_write()             # ... and ends the stream
    with pytest.raises(ValueError):
        student.recv_message(sock, max_size=10)


@pytest.mark.points(2)
def test_echo_client_returns_upper_cased_replies(student, net):
    host, port = net.reference_server(UpperHandler)
    assert student.echo_client(host, port, ["hello", "straße"]) == ["HELLO", "STRASSE"]
