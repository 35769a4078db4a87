"""Exercise 14_file_server: the client of the file server.

练习 14_file_server：文件服务器的客户端。

Read README.md (or README.zh-CN.md), then replace each
``raise NotImplementedError`` below.  Requests and response headers are one
JSON object per line; file bytes follow a header raw.  Move files in chunks:
never ``read()`` a whole file into memory.
"""

from __future__ import annotations

from types import TracebackType

CHUNK = 64 * 1024


class FileServerError(Exception):
    """The server refused a request; ``code`` is its error code
    (``"auth"``, ``"forbidden"``, ``"not_found"``, ``"exists"``,
    ``"bad_request"`` or ``"checksum"``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class FileClient:
    """A connection to a file server, usable in a ``with`` block."""

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        """Connect (``socket.create_connection`` with ``timeout``)."""
        # TODO: connect; sock.makefile("rb") gives a reader with readline()
        raise NotImplementedError("FileClient.__init__")

    def login(self, user: str, password: str) -> None:
        """Log in; a bad password raises ``FileServerError`` with code ``"auth"``."""
        # TODO
        raise NotImplementedError("FileClient.login")

    def ls(self, path: str = "") -> list[dict]:
        """The entries of the remote folder ``path``: dicts with name, type, size."""
        # TODO
        raise NotImplementedError("FileClient.ls")

    def get(self, remote: str, local_path: str) -> None:
        """Download ``remote`` into ``local_path``, checking its sha256."""
        # TODO: read the header, then exactly `size` bytes in chunks, hashing
        #       them; keep nothing if the connection drops or the hash differs.
        raise NotImplementedError("FileClient.get")

    def put(self, local_path: str, remote: str) -> None:
        """Upload ``local_path`` as ``remote`` (size and sha256 in the header)."""
        # TODO: one pass to hash, a second pass to send, then read the answer.
        raise NotImplementedError("FileClient.put")

    def mkdir(self, path: str) -> None:
        """Create the remote folder ``path`` (its parent must exist)."""
        # TODO
        raise NotImplementedError("FileClient.mkdir")

    def close(self) -> None:
        """Say ``quit`` (if still possible) and close the connection."""
        # TODO
        raise NotImplementedError("FileClient.close")

    def __enter__(self) -> FileClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
