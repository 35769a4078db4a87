# variant: wrong
# fails: test_server_get_of_a_big_file_streams_in_bounded_memory
# fails: test_server_put_of_a_big_file_streams_in_bounded_memory
# WRONG: get reads the whole file with one read() and put collects the whole
# upload in memory before writing it: a 200 MB file costs 200 MB (or more).
"""Deliberately WRONG variant of the 14_file_server server (grader test data).

The lesson's homework ("a multi-user FTP-like server on socketserver"), done
carefully:

* the protocol on the byte stream is explicit: one JSON object per line for
  every header, then exactly ``size`` raw bytes when a file travels;
* files are streamed in chunks and hashed while they are copied, so a 200 MB
  file never sits in memory;
* every path is resolved (``os.path.realpath``) and must stay inside the
  user's home (``os.path.commonpath``): ``..``, absolute paths and symlinks
  pointing out are refused;
* an upload goes to a temporary file that is renamed into place
  (``os.replace``) only once its size and sha256 are right;
* ``ThreadingTCPServer`` gives each connection its own thread, so users do
  not wait for each other.
"""

# 参考答案：基于 socketserver 的多用户文件服务器（JSON 行协议 + 原始字节）。

from __future__ import annotations

import hashlib
import json
import os
import socketserver
import tempfile
from collections.abc import Iterator

CHUNK = 65536          # bytes per read when an upload arrives
MAX_HEADER = 65536     # a longer request line is not a request: hang up


class RequestError(Exception):
    """Answer ``{"ok": false, "error": <the exception's argument>}``."""


def _text(request: dict, key: str) -> str:
    value = request.get(key)
    if not isinstance(value, str):
        raise RequestError("bad_request")
    return value


class FileHandler(socketserver.StreamRequestHandler):
    """One connection: a loop of request line -> (body) -> response line.

    ``self.server`` is the FileServer: ``self.server.root``, ``self.server.users``.
    """

    def setup(self) -> None:
        super().setup()
        self.home: str | None = None   # set by a successful login

    # -- framing -----------------------------------------------------------

    def reply(self, **fields: object) -> None:
        line = json.dumps({"ok": True, **fields}) + "\n"
        self.wfile.write(line.encode("utf-8"))

    def refuse(self, code: str) -> None:
        line = json.dumps({"ok": False, "error": code}) + "\n"
        self.wfile.write(line.encode("utf-8"))

    def handle(self) -> None:
        while True:
            line = self.rfile.readline(MAX_HEADER)
            if not line.endswith(b"\n"):
                return      # the client closed the connection, or sent no sane header
            try:
                request = json.loads(line)
            except ValueError:              # bad JSON or bad UTF-8
                self.refuse("bad_request")
                continue
            if not isinstance(request, dict):
                self.refuse("bad_request")
                continue
            if request.get("cmd") == "quit":
                return
            try:
                self.dispatch(request)
            except RequestError as error:
                self.refuse(error.args[0])
            except ConnectionError:
                return                      # dropped mid-transfer: nothing to answer

    def dispatch(self, request: dict) -> None:
        command = request.get("cmd")
        if command == "login":
            self.login(_text(request, "user"), _text(request, "password"))
        elif command == "put":
            self.put(request)
        elif command in ("ls", "get", "mkdir"):
            path = _text(request, "path")
            if self.home is None:
                raise RequestError("auth")
            getattr(self, command)(self.resolve(path))
        else:
            raise RequestError("bad_request")

    # -- paths -------------------------------------------------------------

    def resolve(self, path: str) -> str:
        """The real absolute path of ``path`` in the home, or ``forbidden``."""
        assert self.home is not None
        # realpath follows every symlink and folds "..", so whatever the
        # request says, `full` is where the file system would really go (an
        # absolute path makes os.path.join drop the home: it lands outside).
        full = os.path.realpath(os.path.join(self.home, path))
        if os.path.commonpath([self.home, full]) != self.home:
            raise RequestError("forbidden")
        return full

    # -- commands ----------------------------------------------------------

    def login(self, user: str, password: str) -> None:
        if self.server.users.get(user) != password:
            self.home = None
            raise RequestError("auth")
        home = os.path.join(self.server.root, user)
        os.makedirs(home, exist_ok=True)     # each home is created on demand
        self.home = os.path.realpath(home)
        self.reply()

    def ls(self, full: str) -> None:
        if not os.path.isdir(full):
            raise RequestError("not_found")
        entries = []
        with os.scandir(full) as found:
            for entry in found:
                try:
                    kind = "dir" if entry.is_dir() else "file"
                    size = entry.stat().st_size
                except OSError:              # e.g. a dangling symlink
                    continue
                entries.append({"name": entry.name, "type": kind, "size": size})
        entries.sort(key=lambda e: e["name"])
        self.reply(entries=entries)

    def get(self, full: str) -> None:
        if not os.path.isfile(full):
            raise RequestError("not_found")
        with open(full, "rb") as source:
            data = source.read()
        self.reply(size=len(data), sha256=hashlib.sha256(data).hexdigest())
        self.wfile.write(data)

    def mkdir(self, full: str) -> None:
        if not os.path.isdir(os.path.dirname(full)):
            raise RequestError("not_found")
        try:
            os.mkdir(full)
        except FileExistsError:
            raise RequestError("exists") from None
        self.reply()

    def put(self, request: dict) -> None:
        size = request.get("size")
        if type(size) is not int or size < 0:
            raise RequestError("bad_request")     # no body can be read
        # From here on the body is always read, whatever the answer, so that
        # the next request line starts where the client thinks it does.
        try:
            path = _text(request, "path")
            expected = _text(request, "sha256").lower()
            if self.home is None:
                raise RequestError("auth")
            full = self.resolve(path)
            if os.path.isdir(full):
                raise RequestError("exists")
            folder = os.path.dirname(full)
            if not os.path.isdir(folder):
                raise RequestError("not_found")
        except RequestError:
            for _ in self.body(size):        # read and drop the bytes
                pass
            raise
        self.receive(full, folder, size, expected)
        self.reply()

    def body(self, size: int) -> Iterator[bytes]:
        """The ``size`` bytes that follow a put header, in chunks."""
        while size:
            chunk = self.rfile.read(min(CHUNK, size))
            if not chunk:
                raise ConnectionError("connection closed during the body")
            size -= len(chunk)
            yield chunk

    def receive(self, full: str, folder: str, size: int, expected: str) -> None:
        """Stream ``size`` bytes into a temporary file; rename it into place
        only when the sha256 matches. Any failure leaves no trace."""
        fd, temporary = tempfile.mkstemp(dir=folder)   # same folder: same disk
        try:
            data = b"".join(self.body(size))
            with os.fdopen(fd, "wb") as target:
                target.write(data)
            if hashlib.sha256(data).hexdigest() != expected:
                raise RequestError("checksum")
            os.replace(temporary, full)       # atomic: old file or new, never half
        except BaseException:
            os.unlink(temporary)
            raise


class FileServer(socketserver.ThreadingTCPServer):
    """A thread per connection; ``root`` holds one home folder per user."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: str, users: dict[str, str]) -> None:
        self.root = os.path.realpath(root)
        self.users = dict(users)
        super().__init__(address, FileHandler)


def make_server(
    root: str, users: dict[str, str], host: str = "127.0.0.1", port: int = 0
) -> FileServer:
    """A bound, listening server (not yet serving); ``users`` maps name -> password."""
    return FileServer((host, port), root, users)

