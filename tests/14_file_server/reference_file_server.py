"""Trusted reference server for the FileClient tests of 14_file_server.

It runs on the trusted side (``net.reference_server(handler)``) and is stricter
than the contract needs: it records every request header it receives, checks
that a PUT's bytes match its announced size and sha256, and can misbehave on
purpose (reply lines in 1-byte segments, a wrong sha256, a connection dropped
in the middle of a file, no answer at all, a hang-up instead of an answer, a
quit that is ignored) to see how a client copes. With ``store=False`` it keeps
only the size and sha256 of what a PUT sent (``handler.received``), so a
64 MiB upload costs no disk.

What a client can make it keep is bounded, whatever the client does: at most
STORE_BUDGET bytes of uploads on disk (a PUT beyond that is read, checked and
refused with the error ``no_space``) and LOG_BUDGET bytes of logged request lines.

Never give this file to students.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import socketserver
import threading
from typing import Any

CHUNK = 64 * 1024
STORE_BUDGET = 64 * 1024 * 1024
LOG_BUDGET = 4 * 1024 * 1024


def make_handler(
    root: str,
    users: dict[str, str],
    *,
    split_replies: bool = False,
    wrong_sha256: bool = False,
    drop_mid_get: bool = False,
    silent: bool = False,
    ignore_quit: bool = False,
    hang_up_on_ls: bool = False,
    store: bool = True,
) -> type[socketserver.StreamRequestHandler]:
    """A handler class with its own configuration and its own request log.

    ``handler.requests`` lists every parsed request header (dicts) in order;
    ``handler.closed`` is set whenever a connection ends (the client closed it).
    """

    class Handler(ReferenceHandler):
        pass

    Handler.root = os.path.realpath(root)
    Handler.users = dict(users)
    Handler.split_replies = split_replies
    Handler.wrong_sha256 = wrong_sha256
    Handler.drop_mid_get = drop_mid_get
    Handler.silent = silent
    Handler.ignore_quit = ignore_quit
    Handler.hang_up_on_ls = hang_up_on_ls
    Handler.store = store
    Handler.received = []
    Handler.requests = []
    Handler.raw_lines = []
    Handler.store_left = STORE_BUDGET
    Handler.log_left = LOG_BUDGET
    Handler.closed = threading.Event()
    return Handler


class ReferenceHandler(socketserver.StreamRequestHandler):
    root: str
    users: dict[str, str]
    split_replies: bool
    wrong_sha256: bool
    drop_mid_get: bool
    silent: bool
    ignore_quit: bool
    hang_up_on_ls: bool
    store: bool
    received: list[tuple[str, int, str]]
    requests: list[dict[str, Any]]
    raw_lines: list[bytes]
    store_left: int
    log_left: int
    closed: threading.Event

    def setup(self) -> None:
        super().setup()
        self.request.settimeout(5 if self.silent else 30)
        self.home: str | None = None

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            type(self).closed.set()

    # -- output ------------------------------------------------------------

    def send_line(self, obj: dict[str, Any], extra: bytes = b"") -> None:
        data = json.dumps(obj).encode() + b"\n"
        if self.split_replies:
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
            if extra:
                self.wfile.write(extra)
        else:
            # The header and the first bytes of a body in one segment: a client
            # that reads the header with a single recv() swallows them.
            self.wfile.write(data + extra)

    def error(self, code: str) -> None:
        self.send_line({"ok": False, "error": code})

    # -- loop --------------------------------------------------------------

    def handle(self) -> None:
        while True:
            try:
                line = self.rfile.readline(1 << 16)
            except OSError:
                return
            if not line:
                return
            logged = type(self).log_left >= len(line)
            if logged:
                type(self).log_left -= len(line)
                type(self).raw_lines.append(line)
            if self.silent:
                continue
            try:
                request = json.loads(line)
            except ValueError:
                self.error("bad_request")
                continue
            if not isinstance(request, dict):
                self.error("bad_request")
                continue
            if logged:
                type(self).requests.append(request)
            command = request.get("cmd")
            if command == "quit":
                if self.ignore_quit:
                    continue  # only the client closing its socket ends the connection
                return
            if command == "ls" and self.hang_up_on_ls:
                return
            if command == "login":
                if self.users.get(request.get("user")) == request.get("password"):
                    self.home = os.path.join(self.root, str(request["user"]))
                    os.makedirs(self.home, exist_ok=True)
                    self.send_line({"ok": True})
                else:
                    self.error("auth")
                continue
            if command == "put":
                if not self.put(request):
                    return
                continue
            if command not in ("ls", "get", "mkdir") or not isinstance(request.get("path"), str):
                self.error("bad_request")
                continue
            if self.home is None:
                self.error("auth")
                continue
            full = self.resolve(request["path"])
            if full is None:
                self.error("forbidden")
            elif command == "ls":
                self.ls(full)
            elif command == "mkdir":
                self.mkdir(full)
            elif not self.get(full):
                return

    def resolve(self, path: str) -> str | None:
        assert self.home is not None
        if path.startswith("/"):
            return None
        full = os.path.realpath(os.path.join(self.home, path))
        home = os.path.realpath(self.home)
        return full if os.path.commonpath([home, full]) == home else None

    # -- commands ----------------------------------------------------------

    def ls(self, full: str) -> None:
        if not os.path.isdir(full):
            self.error("not_found")
            return
        entries = []
        for name in sorted(os.listdir(full)):
            path = os.path.join(full, name)
            is_dir = os.path.isdir(path)
            entries.append(
                {
                    "name": name,
                    "type": "dir" if is_dir else "file",
                    "size": 0 if is_dir else os.path.getsize(path),
                }
            )
        self.send_line({"ok": True, "entries": entries})

    def mkdir(self, full: str) -> None:
        if os.path.exists(full):
            self.error("exists")
        elif not os.path.isdir(os.path.dirname(full)):
            self.error("not_found")
        else:
            os.mkdir(full)
            self.send_line({"ok": True})

    def get(self, full: str) -> bool:
        """False when the connection was dropped on purpose."""
        if not os.path.isfile(full):
            self.error("not_found")
            return True
        digest = hashlib.sha256()
        size = 0
        with open(full, "rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
            sha = digest.hexdigest()
            if self.wrong_sha256:
                sha = hashlib.sha256(b"not the file").hexdigest()
            source.seek(0)
            first = source.read(min(CHUNK, size))
            self.send_line({"ok": True, "size": size, "sha256": sha}, extra=first)
            sent = len(first)
            limit = size // 2 if self.drop_mid_get else size
            while sent < limit:
                chunk = source.read(min(CHUNK, limit - sent))
                if not chunk:
                    break
                self.wfile.write(chunk)
                sent += len(chunk)
        if self.drop_mid_get:
            self.request.shutdown(socket.SHUT_RDWR)
            return False
        return True

    def put(self, request: dict[str, Any]) -> bool:
        """False when the connection ended in the middle of the body."""
        size, path, sha = request.get("size"), request.get("path"), request.get("sha256")
        valid = isinstance(path, str) and isinstance(sha, str)
        if type(size) is not int or size < 0 or not valid:
            self.error("bad_request")
            return True
        full = self.resolve(path) if self.home is not None else None
        parent_ok = full is not None and os.path.isdir(os.path.dirname(full))
        no_space = parent_ok and self.store and size > type(self).store_left
        keep = parent_ok and self.store and not no_space
        if keep:
            type(self).store_left -= size
        target = f"{full}.reference-part" if keep else os.devnull
        digest = hashlib.sha256()
        left = size
        with open(target, "wb") as out:
            while left:
                chunk = self.rfile.read(min(CHUNK, left))
                if not chunk:
                    break
                digest.update(chunk)
                out.write(chunk)
                left -= len(chunk)
        type(self).received.append((path, size - left, digest.hexdigest()))
        failed = self.home is None or full is None or not parent_ok or digest.hexdigest() != sha
        if left or failed or no_space:
            if keep:
                os.unlink(target)
                type(self).store_left += size
            if left:
                return False
            self.error(
                "auth"
                if self.home is None
                else "forbidden"
                if full is None
                else "not_found"
                if not parent_ok
                else "checksum"
                if digest.hexdigest() != sha
                else "no_space"
            )
            return True
        if keep:
            os.replace(target, full)  # type: ignore[arg-type]
        self.send_line({"ok": True})
        return True
