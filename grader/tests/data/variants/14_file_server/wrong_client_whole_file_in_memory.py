# variant: wrong
# module: file_client.py
# fails: test_client_get_of_a_big_file_streams_in_bounded_memory
# fails: test_client_put_of_a_big_file_streams_in_bounded_memory
# WRONG: put reads the whole local file with one read(); get collects the
# whole download in memory before writing it.
"""Deliberately WRONG variant of the 14_file_server client (grader test data).

``FileClient`` speaks the server's protocol: it writes one JSON header line
per request, reads one JSON header line per response, and moves file bytes in
chunks, hashing them on the way, so that a file of any size passes through a
small, constant amount of memory.
"""

# 参考答案：文件服务器的客户端。请求和响应的头部都是一行 JSON，文件内容分块传输。

from __future__ import annotations

import hashlib
import json
import os
import socket
import tempfile
from types import TracebackType

CHUNK = 65536


class FileServerError(Exception):
    """The server answered ``{"ok": false, "error": code}`` (or, for ``get``,
    the bytes did not match the announced sha256: code ``"checksum"``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class FileClient:
    """A connection to a file server. Use it in a ``with`` block::

        with FileClient("127.0.0.1", 9999) as client:
            client.login("alice", "secret")
            client.put("notes.txt", "notes.txt")
            print(client.ls())
    """

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        # A buffered reader over the socket: readline() keeps reading until the
        # "\n", and read(n) until n bytes (or the end of the stream).
        self.reader = self.sock.makefile("rb")

    # -- framing -----------------------------------------------------------

    def _send(self, **request: object) -> None:
        self.sock.sendall(json.dumps(request).encode("utf-8") + b"\n")

    def _receive(self) -> dict:
        line = self.reader.readline()
        if not line.endswith(b"\n"):
            raise ConnectionError("the server closed the connection")
        response = json.loads(line)
        if response.get("ok") is not True:
            raise FileServerError(response.get("error", "bad_request"))
        return response

    def _call(self, **request: object) -> dict:
        self._send(**request)
        return self._receive()

    # -- commands ----------------------------------------------------------

    def login(self, user: str, password: str) -> None:
        self._call(cmd="login", user=user, password=password)

    def ls(self, path: str = "") -> list[dict]:
        return self._call(cmd="ls", path=path)["entries"]

    def mkdir(self, path: str) -> None:
        self._call(cmd="mkdir", path=path)

    def get(self, remote: str, local_path: str) -> None:
        """Download ``remote`` into ``local_path`` (replaced only when the
        whole file arrived and its sha256 matches)."""
        header = self._call(cmd="get", path=remote)
        size, expected = header["size"], header["sha256"]
        folder = os.path.dirname(os.path.abspath(local_path))
        fd, temporary = tempfile.mkstemp(dir=folder)
        try:
            data = self.reader.read(size)
            if len(data) < size:
                raise ConnectionError("the server closed the connection mid-file")
            with os.fdopen(fd, "wb") as target:
                target.write(data)
            if hashlib.sha256(data).hexdigest() != expected:
                raise FileServerError("checksum")
            os.replace(temporary, local_path)
        except BaseException:
            os.unlink(temporary)
            raise

    def put(self, local_path: str, remote: str) -> None:
        """Upload ``local_path`` as ``remote``: size and sha256 first (one pass
        over the file, in chunks), then the bytes (``sendfile``: the kernel
        copies from the file to the socket)."""
        with open(local_path, "rb") as source:
            data = source.read()
        self._send(cmd="put", path=remote, size=len(data),
                   sha256=hashlib.sha256(data).hexdigest())
        self.sock.sendall(data)
        self._receive()

    # -- closing -----------------------------------------------------------

    def close(self) -> None:
        try:
            self._send(cmd="quit")           # a polite goodbye, if still possible
        except OSError:
            pass                             # closed already, or the server is gone
        # The reader made by makefile() holds the socket open too: close both.
        self.reader.close()
        self.sock.close()

    def __enter__(self) -> FileClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
