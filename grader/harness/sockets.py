"""A socket test harness for hidden suites of server exercises.

Rules it follows (each learned the hard way): ports are always 0 (the kernel picks a
free one, no race); every client socket has a timeout; reads loop on ``recv`` until the
delimiter, because TCP may split or merge segments; a test never sleeps to synchronise.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

DEFAULT_TIMEOUT = 5.0


class LineClient:
    """A TCP client for line protocols, with a timeout on every operation."""

    def __init__(self, host: str, port: int, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self._pending = bytearray()

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send_line(self, line: str | bytes) -> None:
        data = line.encode("utf-8") if isinstance(line, str) else line
        self.sock.sendall(data + b"\n")

    def send_in_pieces(self, data: bytes, size: int = 1) -> None:
        """Send ``data`` in segments of ``size`` bytes (TCP_NODELAY keeps them apart)."""
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for start in range(0, len(data), size):
            self.sock.sendall(data[start : start + size])

    def read_line(self, *, limit: int = 1 << 20) -> bytes | None:
        """The next line without its ``\\n``; ``None`` if the server closed first."""
        while b"\n" not in self._pending:
            if len(self._pending) > limit:
                raise ValueError(f"no newline within {limit} bytes")
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self._pending += chunk
        line, _, rest = bytes(self._pending).partition(b"\n")
        self._pending[:] = rest
        return line

    def read_until_closed(self, *, limit: int = 1 << 24) -> bytes:
        """Everything the server sends until it closes the connection."""
        data = bytearray(self._pending)
        self._pending.clear()
        while len(data) <= limit:
            chunk = self.sock.recv(65536)
            if not chunk:
                return bytes(data)
            data += chunk
        raise ValueError(f"the server sent more than {limit} bytes")

    def shutdown_write(self) -> None:
        """Half-close: tell the server we are done sending; keep reading."""
        self.sock.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> LineClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def server_port(server: object) -> int:
    """The real port of a student server (its ``server_address[1]``), checked plain."""
    address = server.server_address  # type: ignore[attr-defined]
    if type(address) is not tuple or len(address) < 2 or type(address[1]) is not int:
        raise AssertionError(f"server_address is not a (host, port) tuple: {address!r}")
    port: int = address[1]
    if not 0 < port < 65536:
        raise AssertionError(f"server_address has no real port: {port}")
    return port


@contextmanager
def clients(
    host: str, port: int, count: int, *, timeout: float = DEFAULT_TIMEOUT
) -> Iterator[list[LineClient]]:
    """``count`` connected clients (keep it at most 5: the default listen backlog)."""
    opened: list[LineClient] = []
    try:
        for _ in range(count):
            opened.append(LineClient(host, port, timeout=timeout))
        yield opened
    finally:
        for client in opened:
            client.close()
