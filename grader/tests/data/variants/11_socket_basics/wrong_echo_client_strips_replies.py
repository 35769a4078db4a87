# variant: wrong
# fails: test_echo_client_keeps_spaces_and_tabs_of_lines_and_replies
# WRONG: strips each reply, as the lesson's client did with its input.
"""Reference solution for exercise 11_socket_basics.

TCP gives you a *byte stream*, not messages: one ``recv`` may return half a
message, or the end of one message and the start of the next.  The two
classic ways to cut a stream back into messages are implemented here:

- lines: every message ends with ``b"\\n"`` (``send_line``, ``LineReader``);
- length-prefixed frames: a 4-byte big-endian length, then exactly that many
  bytes (``send_message``, ``recv_message``).

``echo_client`` uses the line functions to talk to the upper-casing server of
exercise 12_threading_server.
"""

# 参考答案：TCP 是字节流，要自己“分帧”：按行（以 b"\n" 结尾）或加长度前缀。

import socket
import struct

# "!" = network byte order (big-endian), "I" = unsigned 32-bit int: 4 bytes.
_HEADER = struct.Struct("!I")


def send_line(sock: socket.socket, data: bytes) -> None:
    """Send ``data + b"\\n"`` completely; ``data`` must not contain ``b"\\n"``."""
    if b"\n" in data:
        # Check before sending anything: half a line on the wire would
        # desynchronise the peer for good.
        raise ValueError("a line must not contain b'\\n'")
    # send() may send only part of the data; sendall() loops until all is sent.
    sock.sendall(data + b"\n")


class LineReader:
    """Reads ``b"\\n"``-terminated lines from a stream socket.

    Bytes that arrive after the end of a line stay in ``self._buffer`` for the
    next ``readline`` call, so any split of the stream into ``recv`` results
    gives the same lines.
    """

    def __init__(self, sock: socket.socket, max_line: int = 65536) -> None:
        self._sock = sock
        self._max_line = max_line
        self._buffer = bytearray()

    def readline(self) -> bytes | None:
        """The next line without its ``b"\\n"`` (a ``b"\\r"`` before it is kept).

        ``None`` at a clean end of stream; ``ConnectionError`` if the stream
        ends in the middle of a line; ``ValueError`` if the line is longer
        than ``max_line`` bytes.
        """
        while True:
            end = self._buffer.find(b"\n")
            if end != -1:
                if end > self._max_line:
                    raise ValueError(f"line longer than {self._max_line} bytes")
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                return line
            # No complete line yet.  Give up as soon as the pending bytes alone
            # are too long: never buffer an endless line.
            if len(self._buffer) > self._max_line:
                raise ValueError(f"line longer than {self._max_line} bytes")
            chunk = self._sock.recv(65536)
            if not chunk:  # b"": the peer closed its side
                if self._buffer:
                    raise ConnectionError("stream ended in the middle of a line")
                return None
            self._buffer += chunk


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    """Exactly ``size`` bytes from ``sock``, or ``ConnectionError`` at end of stream."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        # recv_into writes straight into the buffer: no copies, no joins.
        count = sock.recv_into(view[received:])
        if count == 0:
            raise ConnectionError(f"stream ended after {received} of {size} bytes")
        received += count
    return bytes(buffer)


def send_message(sock: socket.socket, payload: bytes) -> None:
    """Send one frame: the payload's length (4 bytes, big-endian), then the payload."""
    # One sendall for header and payload: two small writes in a row can make
    # TCP wait for an acknowledgement (Nagle's algorithm) before the second.
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def recv_message(sock: socket.socket, max_size: int = 16 * 2**20) -> bytes:
    """Receive one frame sent by ``send_message`` and return its payload."""
    (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
    if size > max_size:
        # Refuse before reading (or allocating) anything: the length comes
        # from the other side and may be anything up to 4 GiB.
        raise ValueError(f"frame of {size} bytes exceeds max_size={max_size}")
    return _recv_exactly(sock, size)


def echo_client(host: str, port: int, lines: list[str], timeout: float = 5.0) -> list[str]:
    """Send each line to an upper-casing line server and return its replies."""
    # create_connection resolves the host, connects, and applies the timeout to
    # every later operation on the socket; "with" closes it in every case.
    with socket.create_connection((host, port), timeout=timeout) as sock:
        reader = LineReader(sock)
        replies = []
        for line in lines:
            send_line(sock, line.encode("utf-8"))
            reply = reader.readline()
            if reply is None:
                raise ConnectionError("the server closed the connection before replying")
            replies.append(reply.decode("utf-8").strip())  # WRONG: strips the reply
        return replies
