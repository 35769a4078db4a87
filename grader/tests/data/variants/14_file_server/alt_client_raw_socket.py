# variant: alternative
# module: file_client.py
# CORRECT alternative: its own recv() buffer instead of makefile(), hashlib.file_digest
# and socket.sendfile for uploads, NamedTemporaryFile for downloads, an error class
# with a message of its own, and close() without saying quit.
"""Client of the multi-user file server (an independent design, for grader test data)."""

import hashlib
import json
import os
import socket
import tempfile


class FileServerError(Exception):
    def __init__(self, code, message=None):
        super().__init__(message or f"the server refused: {code}")
        self.code = code


class FileClient:
    def __init__(self, host, port, timeout=10.0):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        self._sock.connect((host, port))
        self._buf = bytearray()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def close(self):
        self._sock.close()

    # -- framing ------------------------------------------------------------
    def _line(self):
        while True:
            end = self._buf.find(b"\n")
            if end >= 0:
                line = bytes(self._buf[:end])
                del self._buf[: end + 1]
                return line
            data = self._sock.recv(65536)
            if not data:
                raise ConnectionError("server closed the connection")
            self._buf += data

    def _chunks(self, size):
        while size > 0:
            if not self._buf:
                data = self._sock.recv(min(size, 1 << 20))
                if not data:
                    raise ConnectionError("server closed the connection")
                self._buf += data
            piece = bytes(self._buf[:size])
            del self._buf[: len(piece)]
            size -= len(piece)
            yield piece

    def _ask(self, request, payload_file=None, payload_size=0):
        self._sock.sendall((json.dumps(request) + "\n").encode())
        if payload_file is not None and payload_size:
            self._sock.sendfile(payload_file, 0, payload_size)
        answer = json.loads(self._line())
        if not answer.get("ok"):
            raise FileServerError(answer.get("error"))
        return answer

    # -- commands -----------------------------------------------------------
    def login(self, user, password):
        self._ask({"cmd": "login", "user": user, "password": password})

    def ls(self, path=""):
        return self._ask({"cmd": "ls", "path": path})["entries"]

    def mkdir(self, path):
        self._ask({"cmd": "mkdir", "path": path})

    def put(self, local_path, remote):
        with open(local_path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
            size = f.tell()
            request = {"cmd": "put", "path": remote, "size": size, "sha256": digest}
            self._ask(request, payload_file=f, payload_size=size)

    def get(self, remote, local_path):
        answer = self._ask({"cmd": "get", "path": remote})
        folder = os.path.dirname(os.path.abspath(local_path))
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as temp:
            try:
                digest = hashlib.sha256()
                for piece in self._chunks(answer["size"]):
                    digest.update(piece)
                    temp.write(piece)
                if digest.hexdigest() != answer["sha256"]:
                    raise FileServerError("checksum", "the download is damaged")
            except BaseException:
                temp.close()
                os.unlink(temp.name)
                raise
        os.replace(temp.name, local_path)
