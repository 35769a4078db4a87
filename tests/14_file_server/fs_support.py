"""Trusted helpers shared by the hidden suites of 14_file_server.

``Session`` speaks the protocol to a student server through a harness client (so
a failure shows the transcript); ``STUDENT_SIDE`` is source run in the student's
process with ``student_env.exec`` to prepare files there (as the student's user)
and to read the code of a raised ``FileServerError``; ``pattern_chunks`` makes
large deterministic files on either side without holding them in memory.

Never give this folder to students.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from grader.harness import LineProbe

USERS = {"alice": "wonderland", "bob": "builder", "al": "capone"}
CHUNK = 64 * 1024
BIG = 64 * 2**20  # the size of the heavy transfers: 64 MiB
MEMORY_BOUND_MB = 32  # growth of the student's peak RSS allowed during one


def _is_auth_refusal(line: bytes) -> bool:
    try:
        reply = json.loads(line)
    except ValueError:
        return False
    return isinstance(reply, dict) and reply.get("ok") is False and reply.get("error") == "auth"


# A fresh connection that asks for a listing without logging in must be refused.
PROBE = LineProbe(send=b'{"cmd": "ls", "path": ""}', expect=_is_auth_refusal)


# Run in the student's process and, for the trusted side, here as well. A big
# test file is mostly zeros, with a distinct random MiB every 16 MiB: it can be
# written as a sparse file at once (disks are slow on some graders), yet a
# transfer that drops, repeats or reorders chunks changes its sha256.
PATTERN_SOURCE = '''
import random as _random

_MIB = 1 << 20
_ZEROS = bytes(_MIB)

def _marked(index):
    return _random.Random(index).randbytes(_MIB) if index % 16 == 0 else None

def pattern_chunks(size):
    """``size`` deterministic bytes in pieces of at most one MiB."""
    index = 0
    while size > 0:
        piece = (_marked(index) or _ZEROS)[:size]
        yield piece
        size -= len(piece)
        index += 1

def write_pattern(path, size):
    """The same bytes as a sparse file: only the marked MiBs are written."""
    import os
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as target:
        for index in range(0, (size + _MIB - 1) // _MIB, 16):
            target.seek(index * _MIB)
            target.write(_marked(index)[: size - index * _MIB])
        target.truncate(size)
'''

STUDENT_SIDE = (
    PATTERN_SOURCE
    + '''
import os

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)

def mkdirs(path):
    os.makedirs(path, exist_ok=True)

def symlink(target, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)

def raises_connection_error(function, *args):
    """Does function(*args) raise ConnectionError (or a subclass)?"""
    try:
        function(*args)
    except ConnectionError:
        return True
    except Exception:
        return False
    return False

kept = []

def keep(obj):
    """Hold a reference, so garbage collection closes nothing behind the test's back."""
    kept.append(obj)

def outcome(function, *args):
    """(exception class name, its ``code`` attribute) of calling function(*args);
    (None, None) when it returns normally. "FileServerError" means the client
    module's own class (or a subclass), not merely a class of that name."""
    import file_client

    try:
        function(*args)
    except Exception as error:
        code = getattr(error, "code", None)
        name = type(error).__name__
        if name == "FileServerError" and not isinstance(error, file_client.FileServerError):
            name = "another class named FileServerError"
        return name, code if isinstance(code, str) else None
    return None, None
'''
)

_trusted: dict[str, Any] = {}
exec(PATTERN_SOURCE, _trusted)
pattern_chunks: Callable[[int], Iterator[bytes]] = _trusted["pattern_chunks"]
write_pattern: Callable[[str, int], None] = _trusted["write_pattern"]


def pattern_sha256(size: int) -> str:
    digest = hashlib.sha256()
    for piece in pattern_chunks(size):
        digest.update(piece)
    return digest.hexdigest()


def read_back(net: Any, path: Path) -> bytes:
    """A file the student's code wrote, read without following any link it planted
    (the grader may be root)."""
    with net.open_scratch_file(path) as source:
        return source.read()


def file_sha256(net: Any, path: Path) -> tuple[int, str]:
    """(size, sha256) of a file the student's code wrote, streamed, links refused."""
    digest = hashlib.sha256()
    size = 0
    with net.open_scratch_file(path) as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def files_under(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, relative, sorted (hidden ones too)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            found.append(os.path.relpath(os.path.join(dirpath, name), folder))
    return sorted(found)


class Session:
    """One protocol connection to a student server, through a harness client."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def _fail(self, expected: str, got: bytes | None, reason: str = "") -> AssertionError:
        failure = self.client.transcript.failure(expected=expected, got=got, reason=reason)
        return AssertionError(failure)

    def send(self, **fields: Any) -> None:
        self.client.send_line(json.dumps(fields))

    def reply(self) -> dict[str, Any]:
        line = self.client.read_line()
        if line is None:
            raise self._fail("a JSON reply line", None, "connection closed by server")
        try:
            reply = json.loads(line)
        except ValueError:
            raise self._fail("one JSON object per line", line + b"\n") from None
        if not isinstance(reply, dict):
            raise self._fail("one JSON object per line", line + b"\n")
        return reply

    def request(self, **fields: Any) -> dict[str, Any]:
        self.send(**fields)
        return self.reply()

    def ok(self, **fields: Any) -> dict[str, Any]:
        reply = self.request(**fields)
        if reply.get("ok") is not True:
            raise self._fail(f'{{"ok": true, ...}} for {fields}', json.dumps(reply).encode())
        return reply

    def refused(self, code: str, **fields: Any) -> None:
        self.expect_error(code, self.request(**fields), fields)

    def expect_error(self, code: str, reply: dict[str, Any], what: object) -> None:
        if reply.get("ok") is not False or reply.get("error") != code:
            raise self._fail(
                f'{{"ok": false, "error": "{code}"}} for {what}', json.dumps(reply).encode()
            )

    def login(self, user: str = "alice") -> Session:
        self.ok(cmd="login", user=user, password=USERS[user])
        return self

    def ls(self, path: str = "") -> list[dict[str, Any]]:
        entries = self.ok(cmd="ls", path=path).get("entries")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise self._fail("entries: a list of objects", json.dumps(entries).encode())
        return entries

    def names(self, path: str = "") -> list[str]:
        return [e.get("name") for e in self.ls(path)]

    def put(self, path: str, data: bytes, *, sha256: str | None = None) -> dict[str, Any]:
        header = {"cmd": "put", "path": path, "size": len(data), "sha256": sha256 or sha(data)}
        self.client.send(json.dumps(header).encode() + b"\n" + data)
        return self.reply()

    def put_ok(self, path: str, data: bytes) -> None:
        reply = self.put(path, data)
        if reply.get("ok") is not True:
            raise self._fail(f'{{"ok": true}} for put {path!r}', json.dumps(reply).encode())

    def get_header(self, path: str) -> tuple[int, str]:
        reply = self.ok(cmd="get", path=path)
        size, digest = reply.get("size"), reply.get("sha256")
        if type(size) is not int or size < 0 or not isinstance(digest, str):
            raise self._fail('{"ok": true, "size": N, "sha256": H}', json.dumps(reply).encode())
        return size, digest

    def get(self, path: str) -> bytes:
        size, digest = self.get_header(path)
        data = self.client.read_exactly(size)
        if sha(data) != digest:
            raise self._fail(f"sha256 {digest} to match the {size} bytes sent", None)
        return data
