"""Exercise 11_socket_basics: cutting a TCP byte stream into messages.

练习 11_socket_basics：把 TCP 字节流切分成一条条消息（按行，或加长度前缀）。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything.

Remember: ``recv(n)`` returns *at most* ``n`` bytes (often fewer, sometimes
several messages at once) and ``b""`` when the other side has closed;
``send`` may send only part of its data, ``sendall`` sends all of it.
"""

import socket
import struct  # noqa: F401  (struct.pack("!I", n) / struct.unpack("!I", four_bytes))


def send_line(sock: socket.socket, data: bytes) -> None:
    """Send ``data + b"\\n"`` completely (``sendall``).

    发送一行：data 后面加上 b"\\n"，用 sendall 全部发出。

    ``data`` containing ``b"\\n"`` raises ``ValueError`` and nothing is sent.
    """
    # TODO
    raise NotImplementedError("send_line")


class LineReader:
    """Reads ``b"\\n"``-terminated lines from a connected stream socket.

    按行读取：自己维护缓冲区，多收到的字节留给下一次 readline。

    >>> reader = LineReader(sock)        # the peer sends b"hi\\r\\nyo\\n", then closes
    >>> reader.readline(), reader.readline(), reader.readline()
    (b'hi\\r', b'yo', None)
    """

    def __init__(self, sock: socket.socket, max_line: int = 65536) -> None:
        """Remember the socket and the longest allowed line (in bytes, without ``b"\\n"``)."""
        # TODO
        raise NotImplementedError("LineReader.__init__")

    def readline(self) -> bytes | None:
        """Return the next line without its ``b"\\n"`` (a ``b"\\r"`` before it is kept).

        - ``None``: the stream ended cleanly (no bytes pending);
        - ``ConnectionError``: the stream ended in the middle of a line;
        - ``ValueError``: the line is longer than ``max_line`` bytes (raise as
          soon as more than ``max_line`` bytes have arrived without a ``b"\\n"``).

        Must work for any split of the bytes into ``recv`` results.
        """
        # TODO: loop: look for b"\n" in the buffer; if absent, recv more
        raise NotImplementedError("LineReader.readline")


def send_message(sock: socket.socket, payload: bytes) -> None:
    """Send one frame: ``struct.pack("!I", len(payload))`` then ``payload``, completely.

    发送一帧：4 字节大端无符号长度 + 数据，全部发出。
    """
    # TODO
    raise NotImplementedError("send_message")


def recv_message(sock: socket.socket, max_size: int = 16 * 2**20) -> bytes:
    """Receive one frame and return its payload.

    接收一帧，返回其中的数据。

    - ``ConnectionError`` if the stream ends before the frame is complete
      (also when it ends before the first header byte);
    - ``ValueError`` if the announced length exceeds ``max_size``, raised
      before reading any byte of the payload.
    """
    # TODO: read exactly 4 bytes, unpack, check, read exactly that many bytes
    raise NotImplementedError("recv_message")


def echo_client(host: str, port: int, lines: list[str], timeout: float = 5.0) -> list[str]:
    """Talk to an upper-casing line server (exercise 12's protocol).

    连接服务器，逐行发送（UTF-8，以 \\n 结尾），每行读一行回复，关闭连接，返回解码后的回复。

    Connect with ``socket.create_connection`` (with ``timeout``), send each
    line UTF-8 encoded plus ``b"\\n"``, read one reply line per sent line,
    close the socket (in every case), and return the replies decoded,
    without ``"\\n"``.  A server that closes the connection before every
    reply has arrived makes it raise ``ConnectionError``; a reply that does
    not come within ``timeout`` seconds raises ``TimeoutError``.

    >>> echo_client("127.0.0.1", 9999, ["hello", "straße"])
    ['HELLO', 'STRASSE']
    """
    # TODO
    raise NotImplementedError("echo_client")
