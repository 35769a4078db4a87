# variant: alternative
# CORRECT alternative: a BaseRequestHandler with its own recv() buffer instead
# of rfile/wfile, pathlib (resolve + is_relative_to) for the path check,
# NamedTemporaryFile(delete=False) for uploads, socket.sendfile for downloads,
# st_size for folders in ls, and quit closes without an answer.
"""A multi-user file server (an independent design, for grader test data)."""

import hashlib
import json
import os
import socketserver
import tempfile
from pathlib import Path

BLOCK = 1 << 16


class Refused(Exception):
    pass


class AlreadyAnswered(Exception):
    """get answered by itself (header, then the bytes)."""


class Handler(socketserver.BaseRequestHandler):
    def setup(self):
        self.buffer = b""
        self.home = None

    # -- bytes in and out --------------------------------------------------
    def fill(self):
        data = self.request.recv(BLOCK)
        if not data:
            raise EOFError
        self.buffer += data

    def next_line(self):
        while b"\n" not in self.buffer:
            if len(self.buffer) > BLOCK:
                raise EOFError
            self.fill()
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def body(self, size):
        """Yield exactly ``size`` bytes in pieces."""
        while size:
            if not self.buffer:
                self.fill()
            piece, self.buffer = self.buffer[:size], self.buffer[size:]
            size -= len(piece)
            yield piece

    def send(self, obj):
        self.request.sendall(json.dumps(obj).encode() + b"\n")

    # -- loop ----------------------------------------------------------------
    def handle(self):
        while True:
            try:
                line = self.next_line()
            except (EOFError, OSError):
                return
            try:
                req = json.loads(line.decode("utf-8"))
                if not isinstance(req, dict):
                    raise ValueError
            except ValueError:
                self.send({"ok": False, "error": "bad_request"})
                continue
            if req.get("cmd") == "quit":
                return
            try:
                self.send(self.run(req))
            except AlreadyAnswered:
                pass
            except Refused as refusal:
                self.send({"ok": False, "error": str(refusal)})
            except (EOFError, OSError):
                return

    def run(self, req):
        cmd = req.get("cmd")
        if cmd == "login":
            user, password = req.get("user"), req.get("password")
            if not isinstance(user, str) or not isinstance(password, str):
                raise Refused("bad_request")
            if user not in self.server.users or self.server.users[user] != password:
                self.home = None
                raise Refused("auth")
            self.home = (self.server.root / user).resolve()
            self.home.mkdir(parents=True, exist_ok=True)
            return {"ok": True}
        if cmd == "put":
            return self.put(req)
        if cmd not in ("ls", "get", "mkdir") or not isinstance(req.get("path"), str):
            raise Refused("bad_request")
        target = self.where(req["path"])
        if cmd == "ls":
            if not target.is_dir():
                raise Refused("not_found")
            names = sorted(os.listdir(target))
            entries = []
            for name in names:
                child = target / name
                if child.exists():
                    entries.append({"name": name, "type": "dir" if child.is_dir() else "file",
                                    "size": child.stat().st_size})
            return {"ok": True, "entries": entries}
        if cmd == "mkdir":
            if target.exists():
                raise Refused("exists")
            if not target.parent.is_dir():
                raise Refused("not_found")
            target.mkdir()
            return {"ok": True}
        if not target.is_file():
            raise Refused("not_found")
        with open(target, "rb") as f:
            digest = hashlib.file_digest(f, "sha256")
            size = f.tell()
            self.send({"ok": True, "size": size, "sha256": digest.hexdigest()})
            if size:  # sendfile refuses a count of 0
                self.request.sendfile(f, 0, size)
        raise AlreadyAnswered

    def where(self, path):
        if self.home is None:
            raise Refused("auth")
        target = (self.home / path).resolve()
        if not target.is_relative_to(self.home):
            raise Refused("forbidden")
        return target

    def put(self, req):
        size, path, sha = req.get("size"), req.get("path"), req.get("sha256")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise Refused("bad_request")
        problem = None
        target = None
        try:
            if not isinstance(path, str) or not isinstance(sha, str):
                raise Refused("bad_request")
            target = self.where(path)
            if target.is_dir():
                raise Refused("exists")
            if not target.parent.is_dir():
                raise Refused("not_found")
        except Refused as refusal:
            problem = refusal
        if problem is not None:
            for _ in self.body(size):
                pass
            raise problem
        temp = tempfile.NamedTemporaryFile(dir=target.parent, delete=False)
        try:
            digest = hashlib.sha256()
            with temp:
                for piece in self.body(size):
                    digest.update(piece)
                    temp.write(piece)
            if digest.hexdigest() != sha.lower():
                raise Refused("checksum")
            os.replace(temp.name, target)
        except BaseException:
            os.unlink(temp.name)
            raise
        return {"ok": True}


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, root, users):
        self.root = Path(root).resolve()
        self.users = users
        super().__init__(address, Handler)


def make_server(root, users, host="127.0.0.1", port=0):
    return Server((host, port), root, dict(users))
