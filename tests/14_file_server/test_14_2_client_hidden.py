"""Hidden tests for exercise 14_file_server: FileClient (contract: README.md).

The student's FileClient talks to a trusted reference server
(``reference_file_server.py``, run on the trusted side with
``net.reference_server``). The reference records every request it receives and
can misbehave on purpose: reply lines in 1-byte segments, a wrong sha256, a
connection dropped in the middle of a file, no answer at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fs_support import STUDENT_SIDE, USERS, eventually, files_under, read_back, sha
from reference_file_server import make_handler

pytestmark = pytest.mark.student_module("file_client")


class Setup:
    """A reference server with its root, and a local folder for the student."""

    def __init__(self, net: Any, student: Any, helpers: Any, tmp_path: Path) -> None:
        self.net, self.student, self.helpers = net, student, helpers
        self.root = tmp_path / "reference-root"
        self.root.mkdir()
        self.local = net.scratch_dir()
        self.handler: Any = None
        self.address: tuple[str, int] | None = None

    def start(self, **faults: bool) -> Setup:
        self.handler = make_handler(str(self.root), USERS, **faults)
        self.address = self.net.reference_server(self.handler)
        return self

    def client(self, timeout: float | None = None) -> Any:
        if self.address is None:
            self.start()
        assert self.address is not None
        host, port = self.address
        if timeout is None:
            return self.student.FileClient(host, port)
        return self.student.FileClient(host, port, timeout=timeout)

    def logged_in(self, user: str = "alice") -> Any:
        client = self.client()
        client.login(user, USERS[user])
        return client

    def remote(self, relative: str, data: bytes, user: str = "alice") -> None:
        path = self.root / user / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def outcome(self, function: Any, *args: Any) -> tuple[str | None, str | None]:
        name, code = self.helpers.outcome(function, *args)
        return name, code

    def requests(self) -> list[dict[str, Any]]:
        assert self.handler is not None
        return list(self.handler.requests)


@pytest.fixture
def ref(student, student_env, net, tmp_path) -> Setup:
    return Setup(net, student, student_env.exec(STUDENT_SIDE), tmp_path)


# --------------------------------------------------------------------------
# login, errors
# --------------------------------------------------------------------------


def test_login_sends_user_and_password(ref):
    client = ref.logged_in("bob")
    assert ref.requests() == [{"cmd": "login", "user": "bob", "password": "builder"}]
    client.close()


@pytest.mark.points(2)
def test_a_refused_login_raises_file_server_error_with_code_auth(ref, student, student_env):
    client = ref.client()
    assert ref.outcome(client.login, "alice", "wrong") == ("FileServerError", "auth")
    b = student_env.builtins
    assert b.issubclass(student.FileServerError, b.Exception) is True


@pytest.mark.points(2)
def test_error_codes_of_each_command_reach_the_caller(ref):
    ref.remote("file.txt", b"f")
    local = ref.local / "upload.txt"
    ref.helpers.write(str(local), b"data")
    client = ref.client()
    assert ref.outcome(client.ls, "") == ("FileServerError", "auth")
    client.login("alice", "wonderland")
    assert ref.outcome(client.ls, "..") == ("FileServerError", "forbidden")
    assert ref.outcome(client.ls, "missing") == ("FileServerError", "not_found")
    assert ref.outcome(client.mkdir, "file.txt") == ("FileServerError", "exists")
    assert ref.outcome(client.get, "../bob/x", str(ref.local / "x")) == (
        "FileServerError",
        "forbidden",
    )
    assert ref.outcome(client.put, str(local), "no/such/dir.txt") == (
        "FileServerError",
        "not_found",
    )
    # After every refusal the connection is still in step.
    assert client.ls() == [{"name": "file.txt", "type": "file", "size": 1}]


# --------------------------------------------------------------------------
# ls and mkdir
# --------------------------------------------------------------------------


@pytest.mark.points(2)
def test_ls_returns_the_servers_entries_and_defaults_to_the_home(ref):
    ref.remote("b.txt", b"bb")
    ref.remote("a/inner.txt", b"i")
    client = ref.logged_in()
    assert client.ls() == [
        {"name": "a", "type": "dir", "size": 0},
        {"name": "b.txt", "type": "file", "size": 2},
    ]
    assert client.ls("a") == [{"name": "inner.txt", "type": "file", "size": 1}]
    assert ref.requests()[1:] == [{"cmd": "ls", "path": ""}, {"cmd": "ls", "path": "a"}]


def test_ls_copes_with_a_reply_arriving_one_byte_at_a_time(ref):
    ref.start(split_replies=True)
    ref.remote("x.txt", b"xyz")
    client = ref.logged_in()
    assert client.ls() == [{"name": "x.txt", "type": "file", "size": 3}]
    assert client.ls() == [{"name": "x.txt", "type": "file", "size": 3}]


def test_mkdir_sends_the_path_and_creates_the_folder(ref):
    client = ref.logged_in()
    client.mkdir("photos")
    client.mkdir("photos/2024")
    assert ref.requests()[1:] == [
        {"cmd": "mkdir", "path": "photos"},
        {"cmd": "mkdir", "path": "photos/2024"},
    ]
    assert (ref.root / "alice" / "photos" / "2024").is_dir()


# --------------------------------------------------------------------------
# get
# --------------------------------------------------------------------------


@pytest.mark.points(2)
def test_get_writes_exactly_the_servers_bytes_to_the_local_path(ref):
    data = bytes(range(256)) * 1000 + b'\n{"ok": true}\n'
    ref.remote("docs/data.bin", data)
    local = ref.local / "copy.bin"
    client = ref.logged_in()
    client.get("docs/data.bin", str(local))
    assert read_back(ref.net, local) == data
    assert ref.requests()[1:] == [{"cmd": "get", "path": "docs/data.bin"}]
    # The client read exactly `size` bytes: the next reply is parsed as a header.
    assert client.ls("docs") == [{"name": "data.bin", "type": "file", "size": len(data)}]


def test_get_of_an_empty_file_creates_an_empty_file(ref):
    ref.remote("empty", b"")
    local = ref.local / "empty"
    client = ref.logged_in()
    client.get("empty", str(local))
    assert read_back(ref.net, local) == b""
    assert len(client.ls()) == 1


def test_get_copes_with_a_header_arriving_one_byte_at_a_time(ref):
    ref.start(split_replies=True)
    data = b"split header, then the body" * 100
    ref.remote("s.txt", data)
    local = ref.local / "s.txt"
    client = ref.logged_in()
    client.get("s.txt", str(local))
    assert read_back(ref.net, local) == data


def test_get_of_a_missing_file_raises_not_found_and_creates_nothing(ref):
    client = ref.logged_in()
    local = ref.local / "never.txt"
    assert ref.outcome(client.get, "never.txt", str(local)) == ("FileServerError", "not_found")
    assert files_under(ref.local) == []


def test_get_with_a_wrong_sha256_raises_checksum_and_keeps_no_file(ref):
    ref.start(wrong_sha256=True)
    ref.remote("data.bin", b"z" * 200_000)
    local = ref.local / "data.bin"
    client = ref.logged_in()
    assert ref.outcome(client.get, "data.bin", str(local)) == ("FileServerError", "checksum")
    assert files_under(ref.local) == []


def test_get_cut_off_midway_raises_connection_error_and_keeps_no_file(ref):
    ref.start(drop_mid_get=True)
    ref.remote("data.bin", b"q" * 500_000)
    local = ref.local / "data.bin"
    client = ref.logged_in()
    assert ref.helpers.raises_connection_error(client.get, "data.bin", str(local)) is True
    assert files_under(ref.local) == []


def test_a_server_hanging_up_instead_of_answering_raises_connection_error(ref):
    ref.start(hang_up_on_ls=True)
    client = ref.logged_in()
    assert ref.helpers.raises_connection_error(client.ls, "") is True


# --------------------------------------------------------------------------
# put
# --------------------------------------------------------------------------


@pytest.mark.points(2)
def test_put_sends_size_and_sha256_then_the_bytes(ref):
    data = bytes(range(256)) * 1000 + b"\n"
    local = ref.local / "up.bin"
    ref.helpers.write(str(local), data)
    client = ref.logged_in()
    client.put(str(local), "up.bin")
    put = ref.requests()[1]
    assert put == {"cmd": "put", "path": "up.bin", "size": len(data), "sha256": sha(data)}
    assert (ref.root / "alice" / "up.bin").read_bytes() == data
    assert client.ls() == [{"name": "up.bin", "type": "file", "size": len(data)}]


def test_put_of_an_empty_file(ref):
    local = ref.local / "empty"
    ref.helpers.write(str(local), b"")
    client = ref.logged_in()
    client.put(str(local), "empty")
    assert (ref.root / "alice" / "empty").read_bytes() == b""
    assert client.ls() == [{"name": "empty", "type": "file", "size": 0}]


def test_put_waits_for_the_servers_answer(ref):
    local = ref.local / "up.txt"
    ref.helpers.write(str(local), b"abc")
    client = ref.logged_in()
    client.put(str(local), "one.txt")
    client.put(str(local), "two.txt")
    assert [e["name"] for e in client.ls()] == ["one.txt", "two.txt"]


# --------------------------------------------------------------------------
# The connection
# --------------------------------------------------------------------------


def test_every_request_is_one_json_line(ref):
    local = ref.local / "up.txt"
    ref.helpers.write(str(local), b"abc")
    client = ref.logged_in()
    client.ls()
    client.mkdir("d")
    client.put(str(local), "d/up.txt")
    client.get("d/up.txt", str(ref.local / "down.txt"))
    lines = ref.handler.raw_lines
    assert [line.endswith(b"\n") and line.count(b"\n") == 1 for line in lines] == [True] * 5
    assert [r.get("cmd") for r in ref.requests()] == ["login", "ls", "mkdir", "put", "get"]


def test_close_closes_the_socket_even_if_the_server_ignores_quit(ref):
    ref.start(ignore_quit=True)
    client = ref.logged_in()
    client.close()
    assert ref.handler.closed.wait(5) is True
    assert [r.get("cmd") for r in ref.requests()] in (["login"], ["login", "quit"])


def test_closing_twice_is_harmless(ref):
    client = ref.logged_in()
    client.close()
    client.close()
    assert ref.handler.closed.wait(5) is True


def test_the_client_is_a_context_manager_that_closes(ref, student_env):
    ref.start(ignore_quit=True)
    host, port = ref.address
    ns = student_env.exec(
        "def use(FileClient, host, port, keep):\n"
        "    with FileClient(host, port) as client:\n"
        "        keep(client)\n"
        "        client.login('alice', 'wonderland')\n"
        "        return client.ls()\n"
    )
    assert ns.use(ref.student.FileClient, host, port, ref.helpers.keep) == []
    assert ref.handler.closed.wait(5) is True


def test_the_timeout_applies_to_replies(ref):
    ref.start(silent=True)
    client = ref.client(timeout=0.5)
    name, _ = ref.outcome(client.ls, "")
    assert name in ("TimeoutError", "timeout")
    assert eventually(lambda: ref.handler.raw_lines != [])
