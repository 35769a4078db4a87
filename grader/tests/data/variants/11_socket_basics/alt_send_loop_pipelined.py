# variant: alternative
# CORRECT alternative: sending is a hand-written loop over send() that honours
# its return value; LineReader splits all complete lines at once into a
# deque; frames are read with recv_into into a preallocated buffer; the header
# and the payload go out with two separate writes; echo_client sends every line
# first, then reads the replies (pipelining), with settimeout and try/finally.
"""Alternative solution of 11_socket_basics (grader test data)."""

import collections
import socket
import struct


def _send_all(sock, data):
    view = memoryview(data)
    while view:
        sent = sock.send(view)
        view = view[sent:]


def send_line(sock, data):
    if b"\n" in data:
        raise ValueError("data contains a newline")
    _send_all(sock, bytes(data) + b"\n")


class LineReader:
    def __init__(self, sock, max_line=65536):
        self.sock = sock
        self.max_line = max_line
        self.lines = collections.deque()
        self.partial = b""
        self.eof = False

    def _fill(self):
        chunk = self.sock.recv(4096)
        if not chunk:
            self.eof = True
            return
        *complete, self.partial = (self.partial + chunk).split(b"\n")
        self.lines.extend(complete)

    def readline(self):
        while not self.lines:
            if len(self.partial) > self.max_line:
                raise ValueError("line too long")
            if self.eof:
                if self.partial:
                    raise ConnectionError("incomplete last line")
                return None
            self._fill()
        line = self.lines.popleft()
        if len(line) > self.max_line:
            raise ValueError("line too long")
        return line


def send_message(sock, payload):
    _send_all(sock, struct.pack(">I", len(payload)))
    _send_all(sock, payload)


def _recv_exactly(sock, size):
    buffer = bytearray(size)
    view = memoryview(buffer)
    while view:
        got = sock.recv_into(view)
        if not got:
            raise ConnectionError("stream closed early")
        view = view[got:]
    return bytes(buffer)


def recv_message(sock, max_size=16 * 2**20):
    size = int.from_bytes(_recv_exactly(sock, 4), "big")
    if size > max_size:
        raise ValueError("announced size too large")
    return _recv_exactly(sock, size)


def echo_client(host, port, lines, timeout=5.0):
    sock = socket.create_connection((host, port))
    try:
        sock.settimeout(timeout)
        for line in lines:
            send_line(sock, line.encode("utf-8"))
        reader = LineReader(sock)
        replies = []
        for _ in lines:
            reply = reader.readline()
            if reply is None:
                raise ConnectionError("connection closed before all replies")
            replies.append(reply.decode("utf-8"))
        return replies
    finally:
        sock.close()
