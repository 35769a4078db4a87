"""Hidden tests for exercise 11_socket_basics (contract: README.md of the exercise).

Functions that take a socket get a real connected TCP socket that lives in the
student's process (``net.student_socket``); the test drives its other end (``peer``)
on the trusted side.  ``max_recv=1`` makes every ``recv``/``recv_into`` on the
student's socket return at most one byte, ``max_send=N`` makes every ``send`` send
at most N bytes: both are what TCP may do, made deterministic.

``echo_client`` is tested against trusted upper-casing servers (12_threading_server's
protocol) defined below and run by ``net.reference_server``.

Test names state the expectation, because assertion messages are not shown to students.
"""

import hashlib
import queue
import random
import socket
import socketserver
import struct
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.student_module("line_protocol")

MIB = 2**20
BIG = 8 * MIB


# --------------------------------------------------------------------------
# Helpers (trusted side)
# --------------------------------------------------------------------------

def frame(payload):
    return struct.pack("!I", len(payload)) + payload


def pattern(size, seed=11):
    """Deterministic bytes without short repetitions (a lost or repeated piece shows)."""
    return random.Random(seed).randbytes(size)


def digest(data):
    return hashlib.sha256(data).hexdigest()


def readline(reader):
    """``reader.readline()``, checked to be ``bytes`` or ``None`` (plain data)."""
    line = reader.readline()
    assert line is None or type(line) is bytes, "readline must return bytes or None"
    return line


def recv_message(student, sock, **kwargs):
    payload = student.recv_message(sock, **kwargs)
    assert type(payload) is bytes, "recv_message must return bytes"
    return payload


def sent_by(sock, peer, action):
    """Run ``action()`` (student code writing to ``sock``), then half-close the
    student's socket and return every byte the peer received.  The peer reads in a
    thread meanwhile, so writes larger than the socket buffers cannot block."""
    with ThreadPoolExecutor(1) as pool:
        received = pool.submit(peer.read_until_closed, limit=BIG + MIB)
        try:
            action()
        finally:
            sock.shutdown(socket.SHUT_WR)
        return received.result()


def _upper_reply(raw):
    line = raw[:-1] if raw.endswith(b"\n") else raw
    if line.endswith(b"\r"):
        line = line[:-1]
    try:
        return line.decode("utf-8").upper().encode("utf-8") + b"\n"
    except UnicodeDecodeError:
        return b"ERROR invalid utf-8\n"


class UpperHandler(socketserver.StreamRequestHandler):
    """12_threading_server's protocol: each line back upper-cased, in order."""

    def handle(self):
        for raw in self.rfile:
            self.wfile.write(_upper_reply(raw))


class PiecewiseUpperHandler(socketserver.StreamRequestHandler):
    """Same replies, each sent in two pieces cut inside the first character (a
    multi-byte character gets split), with a pause between the pieces."""

    def handle(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for raw in self.rfile:
            reply = _upper_reply(raw)
            self.wfile.write(reply[:2])
            time.sleep(0.05)  # pacing of the server, not synchronisation of the test
            self.wfile.write(reply[2:])


class SilentHandler(socketserver.BaseRequestHandler):
    """Reads everything, never answers. After the client's end of stream (a client may
    half-close once it has sent its lines) it keeps the connection open for longer than
    any client timeout used with it, so such a client still meets silence, not a close."""

    def handle(self):
        self.request.settimeout(10)
        try:
            while self.request.recv(65536):
                pass
        except OSError:
            return
        threading.Event().wait(2.0)  # holds the connection open; nothing waits for this


class AnswerOnceHandler(socketserver.StreamRequestHandler):
    """Answers the first line, then closes the connection."""

    def handle(self):
        raw = self.rfile.readline()
        self.wfile.write(_upper_reply(raw))


def recording_upper_handler():
    """An upper-casing handler class that reports, per connection, every byte it
    received once the client closed its side: ``(handler, queue)``."""
    events = queue.Queue()

    class Recording(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.settimeout(10)
            received = bytearray()
            pending = b""
            try:
                while chunk := self.request.recv(65536):
                    received += chunk
                    pending += chunk
                    while b"\n" in pending:
                        raw, _, pending = pending.partition(b"\n")
                        self.request.sendall(_upper_reply(raw + b"\n"))
            except OSError as exc:
                events.put(("error", repr(exc)))
                return
            events.put(("closed", bytes(received)))

    return Recording, events


def closed_event(events):
    """What the recording handler saw, waiting at most 5 s for the client's close."""
    try:
        return events.get(timeout=5)
    except queue.Empty:
        return ("still open after 5 s", None)


ECHO_PROBE = '''
import gc
import warnings

from line_protocol import echo_client


def run(host, port, lines, timeout):
    """echo_client's replies (or the name of its exception) and the ResourceWarnings
    about unclosed sockets it caused."""
    replies = error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            replies = echo_client(host, port, lines, timeout)
        except TimeoutError:  # the built-in class (or socket.timeout), not just its name
            error = "TimeoutError"
        except Exception as exc:
            error = "not a TimeoutError: " + type(exc).__name__
        gc.collect()
    unclosed = [str(w.message) for w in caught
                if issubclass(w.category, ResourceWarning) and "socket" in str(w.message)]
    return replies, error, unclosed
'''


# --------------------------------------------------------------------------
# Basics: one test per function first (a broken function fails fast)
# --------------------------------------------------------------------------

def test_send_line_sends_data_followed_by_newline(student, net):
    sock, peer = net.student_socket()
    assert sent_by(sock, peer, lambda: student.send_line(sock, b"hello")) == b"hello\n"


def test_readline_returns_line_without_newline(student, net):
    sock, peer = net.student_socket()
    peer.send(b"hello\n")
    peer.shutdown_write()
    assert readline(student.LineReader(sock)) == b"hello"


@pytest.mark.points(3)
def test_send_message_sends_4_byte_big_endian_length_then_payload(student, net):
    sock, peer = net.student_socket()
    payload = bytes(range(256)) + b"x" * 44  # 300 bytes: length 0x0000012c

    def action():
        student.send_message(sock, b"hello")
        student.send_message(sock, payload)

    assert sent_by(sock, peer, action) == (
        b"\x00\x00\x00\x05hello" + b"\x00\x00\x01\x2c" + payload
    )


def test_recv_message_returns_the_payload(student, net):
    sock, peer = net.student_socket()
    peer.send(frame(b"hello"))
    peer.shutdown_write()
    assert recv_message(student, sock) == b"hello"


@pytest.mark.points(2)
def test_echo_client_returns_upper_cased_replies(student, net):
    host, port = net.reference_server(UpperHandler)
    assert student.echo_client(host, port, ["hello", "World 42"]) == ["HELLO", "WORLD 42"]


# --------------------------------------------------------------------------
# send_line
# --------------------------------------------------------------------------

def test_send_line_of_empty_data_sends_only_newline(student, net):
    sock, peer = net.student_socket()
    assert sent_by(sock, peer, lambda: student.send_line(sock, b"")) == b"\n"


def test_send_line_sends_carriage_return_and_binary_bytes_unchanged(student, net):
    sock, peer = net.student_socket()
    data = b"a\rb\x00\xff\r"
    assert sent_by(sock, peer, lambda: student.send_line(sock, data)) == data + b"\n"


def test_send_line_of_several_lines_sends_them_in_order(student, net):
    sock, peer = net.student_socket()

    def action():
        for line in (b"one", b"two", b"three"):
            student.send_line(sock, line)

    assert sent_by(sock, peer, action) == b"one\ntwo\nthree\n"


@pytest.mark.points(2)
@pytest.mark.parametrize("data", [b"a\nb", b"\n", b"abc\n", b"\nabc"],
                         ids=["middle", "only", "end", "start"])
def test_send_line_with_newline_in_data_raises_value_error_and_sends_nothing(
    student, net, data
):
    sock, peer = net.student_socket()

    def action():
        with pytest.raises(ValueError):
            student.send_line(sock, data)
        student.send_line(sock, b"ok")

    assert sent_by(sock, peer, action) == b"ok\n"


@pytest.mark.points(2)
def test_send_line_sends_everything_when_send_is_partial(student, net):
    sock, peer = net.student_socket(max_send=1)
    data = pattern(20000).replace(b"\n", b".")
    assert sent_by(sock, peer, lambda: student.send_line(sock, data)) == data + b"\n"


# --------------------------------------------------------------------------
# LineReader: lines, splits, ends of stream
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_readline_with_one_byte_per_recv(student, net):
    sock, peer = net.student_socket(max_recv=1)
    peer.send(b"hello\nworld\n")
    peer.shutdown_write()
    reader = student.LineReader(sock)
    assert readline(reader) == b"hello"
    assert readline(reader) == b"world"
    assert readline(reader) is None


@pytest.mark.points(2)
def test_readline_with_a_line_sent_one_byte_at_a_time(student, net):
    sock, peer = net.student_socket()
    reader = student.LineReader(sock)
    peer.send_in_background(b"split into pieces\n", piece=1)
    assert readline(reader) == b"split into pieces"
    peer.wait_sent()


@pytest.mark.points(3)
def test_readline_with_many_lines_in_one_segment(student, net):
    sock, peer = net.student_socket()
    peer.send(b"one\ntwo\nthree\nfour\n")
    peer.shutdown_write()
    reader = student.LineReader(sock)
    assert [readline(reader) for _ in range(5)] == [b"one", b"two", b"three", b"four", None]


@pytest.mark.points(2)
def test_readline_keeps_bytes_after_a_line_for_the_next_call(student, net):
    sock, peer = net.student_socket()
    peer.send(b"first\nsec")
    reader = student.LineReader(sock)
    assert readline(reader) == b"first"
    peer.send(b"ond\nthi")
    assert readline(reader) == b"second"
    peer.send(b"rd\n")
    assert readline(reader) == b"third"


@pytest.mark.points(2)
@pytest.mark.parametrize("max_recv", [None, 1], ids=["whole", "one_byte_recv"])
def test_readline_keeps_carriage_return_before_newline(student, net, max_recv):
    sock, peer = net.student_socket(max_recv=max_recv)
    peer.send(b"abc\r\n\r\na\rb\n")
    peer.shutdown_write()
    reader = student.LineReader(sock)
    assert readline(reader) == b"abc\r"
    assert readline(reader) == b"\r"
    assert readline(reader) == b"a\rb"


@pytest.mark.parametrize("max_recv", [None, 1], ids=["whole", "one_byte_recv"])
def test_readline_returns_empty_bytes_for_empty_lines(student, net, max_recv):
    sock, peer = net.student_socket(max_recv=max_recv)
    peer.send(b"\n\nx\n")
    peer.shutdown_write()
    reader = student.LineReader(sock)
    assert [readline(reader) for _ in range(4)] == [b"", b"", b"x", None]


@pytest.mark.points(2)
def test_readline_returns_none_at_clean_end_of_stream_and_after(student, net):
    sock, peer = net.student_socket()
    peer.send(b"last\n")
    peer.shutdown_write()
    reader = student.LineReader(sock)
    assert readline(reader) == b"last"
    assert readline(reader) is None
    assert readline(reader) is None


def test_readline_returns_none_when_stream_ends_before_any_byte(student, net):
    sock, peer = net.student_socket()
    peer.shutdown_write()
    assert readline(student.LineReader(sock)) is None


@pytest.mark.points(3)
@pytest.mark.parametrize("max_recv", [None, 1], ids=["whole", "one_byte_recv"])
def test_readline_raises_connection_error_when_stream_ends_mid_line(student, net, max_recv):
    sock, peer = net.student_socket(max_recv=max_recv)
    peer.send(b"ok\npart")
    peer.shutdown_write()
    reader = student.LineReader(sock)
    assert readline(reader) == b"ok"
    with pytest.raises(ConnectionError):
        reader.readline()


def test_readline_raises_connection_error_for_a_lone_carriage_return_at_end(student, net):
    sock, peer = net.student_socket()
    peer.send(b"\r")
    peer.shutdown_write()
    with pytest.raises(ConnectionError):
        student.LineReader(sock).readline()


@pytest.mark.points(2)
def test_readline_of_a_long_line_arriving_in_many_pieces(student, net):
    sock, peer = net.student_socket()
    line = pattern(60000).replace(b"\n", b".")
    reader = student.LineReader(sock)
    peer.send_in_background(line + b"\nnext\n", piece=1000)
    got = readline(reader)
    assert got is not None and len(got) == len(line)
    assert digest(got) == digest(line)
    assert readline(reader) == b"next"
    peer.wait_sent()


def test_two_line_readers_keep_separate_buffers(student, net):
    sock1, peer1 = net.student_socket()
    sock2, peer2 = net.student_socket()
    peer1.send(b"a1\na2\n")
    peer2.send(b"b1\nb2\n")
    peer1.shutdown_write()
    peer2.shutdown_write()
    reader1 = student.LineReader(sock1)
    reader2 = student.LineReader(sock2)
    assert readline(reader1) == b"a1"
    assert readline(reader2) == b"b1"
    assert readline(reader1) == b"a2"
    assert readline(reader2) == b"b2"


# --------------------------------------------------------------------------
# LineReader: max_line
# --------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("max_recv", [None, 1], ids=["whole", "one_byte_recv"])
def test_line_of_exactly_max_line_bytes_is_accepted(student, net, max_recv):
    sock, peer = net.student_socket(max_recv=max_recv)
    peer.send(b"0123456789\nabc\n")
    peer.shutdown_write()
    reader = student.LineReader(sock, max_line=10)
    assert readline(reader) == b"0123456789"
    assert readline(reader) == b"abc"


@pytest.mark.points(3)
@pytest.mark.parametrize("max_recv", [None, 1], ids=["whole", "one_byte_recv"])
def test_line_of_max_line_plus_one_bytes_raises_value_error(student, net, max_recv):
    sock, peer = net.student_socket(max_recv=max_recv)
    peer.send(b"0123456789A\n")
    peer.shutdown_write()
    with pytest.raises(ValueError):
        student.LineReader(sock, max_line=10).readline()


def test_carriage_return_counts_towards_max_line(student, net):
    sock, peer = net.student_socket()
    peer.send(b"123456789\r\n0123456789\r\n")
    peer.shutdown_write()
    reader = student.LineReader(sock, max_line=10)
    assert readline(reader) == b"123456789\r"
    with pytest.raises(ValueError):
        reader.readline()


@pytest.mark.points(2)
def test_max_line_applies_to_each_line_not_to_all_pending_bytes(student, net):
    sock, peer = net.student_socket()
    peer.send(b"abcde\nfghij\nklmno\n")
    peer.shutdown_write()
    reader = student.LineReader(sock, max_line=5)
    assert [readline(reader) for _ in range(3)] == [b"abcde", b"fghij", b"klmno"]


@pytest.mark.points(2)
@pytest.mark.parametrize("max_recv", [None, 1], ids=["whole", "one_byte_recv"])
def test_overlong_line_raises_value_error_before_its_end_arrives(student, net, max_recv):
    # The stream ends after the over-long start of a line: a reader that waits for
    # the end of the line sees the end of the stream instead (ConnectionError).
    sock, peer = net.student_socket(max_recv=max_recv)
    peer.send(b"x" * 101)
    peer.shutdown_write()
    with pytest.raises(ValueError):
        student.LineReader(sock, max_line=100).readline()


@pytest.mark.points(2)
def test_default_max_line_is_65536_bytes(student, net):
    sock, peer = net.student_socket()
    ok = b"a" * 65536
    reader = student.LineReader(sock)
    peer.send_in_background(ok + b"\n" + b"b" * 65537 + b"\n")
    got = readline(reader)
    assert got is not None and len(got) == 65536 and got == ok
    with pytest.raises(ValueError):
        reader.readline()


# --------------------------------------------------------------------------
# send_message
# --------------------------------------------------------------------------

def test_send_message_of_empty_payload_sends_four_zero_bytes(student, net):
    sock, peer = net.student_socket()
    assert sent_by(sock, peer, lambda: student.send_message(sock, b"")) == b"\x00\x00\x00\x00"


@pytest.mark.points(2)
def test_send_message_sends_payload_with_newlines_unchanged(student, net):
    sock, peer = net.student_socket()
    payload = b"line 1\nline 2\r\n\x00"
    assert sent_by(sock, peer, lambda: student.send_message(sock, payload)) == frame(payload)


@pytest.mark.points(2)
def test_send_message_sends_everything_when_send_is_partial(student, net):
    sock, peer = net.student_socket(max_send=1)
    payload = pattern(5000)
    assert sent_by(sock, peer, lambda: student.send_message(sock, payload)) == frame(payload)


# --------------------------------------------------------------------------
# recv_message
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_recv_message_with_one_byte_per_recv(student, net):
    sock, peer = net.student_socket(max_recv=1)
    payload = pattern(300)
    peer.send(frame(b"hello") + frame(payload))
    peer.shutdown_write()
    assert recv_message(student, sock) == b"hello"
    assert recv_message(student, sock) == payload


@pytest.mark.points(2)
def test_recv_message_reads_back_to_back_frames_from_one_segment(student, net):
    sock, peer = net.student_socket()
    peer.send(frame(b"first") + frame(b"") + frame(b"third\n") + frame(b"x" * 70000))
    peer.shutdown_write()
    assert recv_message(student, sock) == b"first"
    assert recv_message(student, sock) == b""
    assert recv_message(student, sock) == b"third\n"
    assert recv_message(student, sock) == b"x" * 70000


@pytest.mark.points(2)
def test_recv_message_of_zero_length_frame_at_end_of_stream_returns_empty_bytes(student, net):
    sock, peer = net.student_socket()
    peer.send(b"\x00\x00\x00\x00")
    peer.shutdown_write()
    assert recv_message(student, sock) == b""


@pytest.mark.points(2)
@pytest.mark.parametrize("sent", [b"", b"\x00", b"\x00\x00\x00"],
                         ids=["no_byte", "1_byte", "3_bytes"])
def test_recv_message_raises_connection_error_when_stream_ends_in_header(student, net, sent):
    sock, peer = net.student_socket()
    peer.send(sent)
    peer.shutdown_write()
    with pytest.raises(ConnectionError):
        student.recv_message(sock)


@pytest.mark.points(2)
@pytest.mark.parametrize("sent", [0, 5, 9], ids=["no_byte", "5_bytes", "9_bytes"])
def test_recv_message_raises_connection_error_when_stream_ends_in_payload(student, net, sent):
    sock, peer = net.student_socket(max_recv=1 if sent == 5 else None)
    peer.send(struct.pack("!I", 10) + b"p" * sent)
    peer.shutdown_write()
    with pytest.raises(ConnectionError):
        student.recv_message(sock)


@pytest.mark.points(2)
def test_recv_message_accepts_length_equal_to_max_size(student, net):
    sock, peer = net.student_socket()
    peer.send(frame(b"0123456789"))
    peer.shutdown_write()
    assert recv_message(student, sock, max_size=10) == b"0123456789"


@pytest.mark.points(2)
def test_recv_message_rejects_length_above_max_size_with_value_error(student, net):
    sock, peer = net.student_socket()
    peer.send(frame(b"0123456789A"))
    peer.shutdown_write()
    with pytest.raises(ValueError):
        student.recv_message(sock, max_size=10)


@pytest.mark.points(3)
def test_recv_message_does_not_read_payload_of_rejected_frame(student, net):
    # 11 bytes are announced, but what follows the header is a valid frame: it must
    # still be there after the ValueError (the rejected payload was never read).
    sock, peer = net.student_socket()
    peer.send(struct.pack("!I", 11) + frame(b"sentinel!!"))
    peer.shutdown_write()
    with pytest.raises(ValueError):
        student.recv_message(sock, max_size=10)
    assert recv_message(student, sock, max_size=100) == b"sentinel!!"


@pytest.mark.points(2)
def test_recv_message_rejects_announced_4_gib_before_reading(student, net):
    # Announces 0xffffffff bytes (unsigned!) and sends none of them.
    sock, peer = net.student_socket()
    peer.send(b"\xff\xff\xff\xff")
    peer.shutdown_write()
    with pytest.raises(ValueError):
        student.recv_message(sock)


@pytest.mark.points(2)
def test_recv_message_default_max_size_is_16_mib(student, net):
    sock, peer = net.student_socket()
    peer.send(struct.pack("!I", 16 * MIB + 1) + frame(b"sentinel"))
    peer.shutdown_write()
    with pytest.raises(ValueError):
        student.recv_message(sock)
    assert recv_message(student, sock) == b"sentinel"


# --------------------------------------------------------------------------
# echo_client
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_echo_client_keeps_the_order_of_many_lines(student, net):
    host, port = net.reference_server(UpperHandler)
    # 25 lines: a correct client that sends the "\n" in a second sendall meets Nagle's
    # algorithm and delayed ACKs (about 40 ms a line), which must not time it out.
    lines = [f"line {i} of many" for i in range(25)]
    assert student.echo_client(host, port, lines) == [line.upper() for line in lines]


def test_echo_client_reaches_an_ipv6_server_through_create_connection(student, net):
    """create_connection picks the address family from the host; a plain
    socket.socket() is IPv4 only."""
    try:
        host, port = net.reference_server(UpperHandler, host="::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback on this machine: {exc}")
    assert student.echo_client(host, port, ["six"]) == ["SIX"]


@pytest.mark.points(2)
def test_echo_client_encodes_and_decodes_utf_8(student, net):
    host, port = net.reference_server(UpperHandler)
    lines = ["straße", "你好, world", "ñandú", "émoji 🎉"]
    assert student.echo_client(host, port, lines) == [
        "STRASSE", "你好, WORLD", "ÑANDÚ", "ÉMOJI 🎉"
    ]


@pytest.mark.points(2)
def test_echo_client_sends_each_line_utf_8_encoded_with_newline(student, net):
    handler, events = recording_upper_handler()
    host, port = net.reference_server(handler)
    assert student.echo_client(host, port, ["ab", "", "ß"]) == ["AB", "", "SS"]
    assert closed_event(events) == ("closed", "ab\n\nß\n".encode())


def test_echo_client_with_no_lines_returns_empty_list(student, net):
    host, port = net.reference_server(UpperHandler)
    assert student.echo_client(host, port, []) == []


def test_echo_client_returns_empty_string_for_empty_line(student, net):
    host, port = net.reference_server(UpperHandler)
    assert student.echo_client(host, port, ["", "a", ""]) == ["", "A", ""]


def test_echo_client_keeps_spaces_and_tabs_of_lines_and_replies(student, net):
    """The lesson's client sent line.strip(); this one sends each line as it is."""
    host, port = net.reference_server(UpperHandler)
    lines = ["  two  spaces ", "\tx\t", " "]
    assert student.echo_client(host, port, lines) == ["  TWO  SPACES ", "\tX\t", " "]


@pytest.mark.points(2)
def test_echo_client_closes_its_socket(student, student_env, net):
    handler, events = recording_upper_handler()
    host, port = net.reference_server(handler)
    probe = student_env.exec(ECHO_PROBE)
    replies, error, unclosed = probe.run(host, port, ["bye"], 5.0)
    assert (replies, error) == (["BYE"], None)
    assert unclosed == [], "the socket was left for the garbage collector to close"
    assert closed_event(events) == ("closed", b"bye\n")


def test_echo_client_raises_connection_error_when_server_closes_early(student, net):
    host, port = net.reference_server(AnswerOnceHandler)
    with pytest.raises(ConnectionError):
        student.echo_client(host, port, ["one", "two", "three"])



# --------------------------------------------------------------------------
# Large frames and timeouts (slowest last)
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_send_message_sends_8_mb_frame_completely(student, net):
    sock, peer = net.student_socket(max_send=65536)
    payload = pattern(BIG)
    got = sent_by(sock, peer, lambda: student.send_message(sock, payload))
    assert len(got) == 4 + BIG
    assert got[:4] == b"\x00\x80\x00\x00"
    assert digest(got[4:]) == digest(payload)


@pytest.mark.points(3)
def test_recv_message_receives_8_mb_frame(student, net):
    sock, peer = net.student_socket()
    payload = pattern(BIG, seed=12)
    peer.send_in_background(frame(payload) + frame(b"after"))
    got = recv_message(student, sock)
    assert len(got) == BIG
    assert digest(got) == digest(payload)
    assert recv_message(student, sock) == b"after"
    peer.wait_sent()


@pytest.mark.points(2)
def test_echo_client_reads_replies_that_arrive_in_pieces(student, net):
    host, port = net.reference_server(PiecewiseUpperHandler)
    assert student.echo_client(host, port, ["hello", "你好", "xyz"]) == ["HELLO", "你好", "XYZ"]


@pytest.mark.points(3)
def test_echo_client_raises_timeout_error_when_server_never_answers(student, student_env, net):
    host, port = net.reference_server(SilentHandler)
    probe = student_env.exec(ECHO_PROBE)
    started = time.monotonic()
    replies, error, _ = probe.run(host, port, ["anyone there?"], 0.3)
    elapsed = time.monotonic() - started
    assert (replies, error) == (None, "TimeoutError")
    assert elapsed < 2.5, "echo_client must give up after about `timeout` seconds"


def test_echo_client_closes_its_socket_after_a_timeout_too(student, student_env, net):
    host, port = net.reference_server(SilentHandler)
    probe = student_env.exec(ECHO_PROBE)
    replies, error, unclosed = probe.run(host, port, ["hello?"], 0.3)
    assert (replies, error) == (None, "TimeoutError")
    assert unclosed == [], "the socket was left for the garbage collector to close"
