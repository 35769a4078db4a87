# variant: alternative
# CORRECT alternative: LineReader reads through sock.makefile("rb") and its
# readline(limit); recv_message collects chunks in a list and joins them;
# echo_client wraps the socket in a binary file for reading and closes both.
"""Alternative solution of 11_socket_basics (grader test data)."""

import socket
import struct


def send_line(sock, data):
    if data.find(b"\n") >= 0:
        raise ValueError("newline inside a line")
    sock.sendall(data + b"\n")


class LineReader:
    def __init__(self, sock, max_line=65536):
        self.max_line = max_line
        # A buffered binary file over the socket: it keeps read-ahead bytes itself.
        self.file = sock.makefile("rb")

    def readline(self):
        # At most max_line + 1 bytes: a whole allowed line plus its "\n".
        raw = self.file.readline(self.max_line + 1)
        if raw.endswith(b"\n"):
            return raw[:-1]
        if len(raw) > self.max_line:
            raise ValueError("line too long")
        if raw:
            raise ConnectionError("end of stream inside a line")
        return None


def send_message(sock, payload):
    sock.sendall(struct.pack("!I", len(payload)) + payload)


def _exactly(sock, count):
    chunks, missing = [], count
    while missing > 0:
        chunk = sock.recv(min(missing, 1 << 16))
        if chunk == b"":
            raise ConnectionError("end of stream inside a frame")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def recv_message(sock, max_size=16 * 1024 * 1024):
    (length,) = struct.unpack("!I", _exactly(sock, 4))
    if length > max_size:
        raise ValueError("frame too large")
    return _exactly(sock, length)


def echo_client(host, port, lines, timeout=5.0):
    with socket.create_connection((host, port), timeout=timeout) as sock:
        reader = LineReader(sock)
        try:
            result = []
            for text in lines:
                send_line(sock, text.encode("utf-8"))
                reply = reader.readline()
                if reply is None:
                    raise ConnectionError("server closed the connection")
                result.append(reply.decode("utf-8"))
            return result
        finally:
            reader.file.close()
