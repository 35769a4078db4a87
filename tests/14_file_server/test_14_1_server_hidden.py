"""Hidden tests for exercise 14_file_server: the server (contract: README.md).

Every test starts the student's server with ``make_server(root, users)`` on a
fresh root folder and talks to it over loopback as a trusted client. Files the
server should not have made itself are prepared in the student's process
(``student_env.exec``), so a test of ``get`` does not depend on ``put``.
Test names state the rule, because assertion messages are not shown to students.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fs_support import (
    PROBE,
    STUDENT_SIDE,
    USERS,
    Session,
    eventually,
    files_under,
    read_back,
    sha,
)

pytestmark = pytest.mark.student_module("file_server")


class Setup:
    """A served student server, its root folder, and helpers around them."""

    def __init__(self, served: Any, root: Path, helpers: Any, outside: Path) -> None:
        self.served, self.root, self.helpers, self.outside = served, root, helpers, outside

    def session(self, user: str | None = "alice") -> Session:
        session = Session(self.served.client())
        return session.login(user) if user else session

    def home(self, user: str = "alice") -> Path:
        return self.root / user

    def write(self, relative: str, data: bytes, user: str = "alice") -> None:
        self.helpers.write(str(self.home(user) / relative), data)

    def read(self, path: Path) -> bytes:
        return read_back(self.net, path)


@pytest.fixture
def fs(student, student_env, net) -> Setup:
    root = net.scratch_dir()
    outside = net.scratch_dir()
    served = net.serve(student.make_server, str(root), dict(USERS), probe=PROBE)
    setup = Setup(served, root, student_env.exec(STUDENT_SIDE), outside)
    setup.net = net
    return setup


# --------------------------------------------------------------------------
# The server object
# --------------------------------------------------------------------------


def test_make_server_returns_a_threading_tcp_server(student, student_env, net):
    check = student_env.exec(
        "import socketserver\n"
        "def is_threading(server):\n"
        "    # ThreadingTCPServer, or the same made by hand from its two bases\n"
        "    return isinstance(server, socketserver.ThreadingMixIn) and isinstance(\n"
        "        server, socketserver.TCPServer)\n"
    )
    root = net.scratch_dir()
    served = net.serve(student.make_server, str(root), dict(USERS), probe=PROBE)
    assert check.is_threading(served.server) is True


# --------------------------------------------------------------------------
# login and "auth"
# --------------------------------------------------------------------------


def test_login_with_the_right_password_answers_ok(fs):
    Session(fs.served.client()).ok(cmd="login", user="bob", password="builder")


@pytest.mark.points(2)
def test_login_with_a_wrong_password_or_unknown_user_is_auth(fs):
    session = fs.session(None)
    session.refused("auth", cmd="login", user="alice", password="builder")
    session.refused("auth", cmd="login", user="mallory", password="wonderland")
    session.refused("auth", cmd="login", user="alice", password="")


@pytest.mark.points(2)
def test_commands_before_login_are_refused_with_auth(fs):
    fs.write("a.txt", b"secret")
    session = fs.session(None)
    session.refused("auth", cmd="ls", path="")
    session.refused("auth", cmd="get", path="a.txt")
    session.refused("auth", cmd="mkdir", path="new")
    session.expect_error("auth", session.put("b.txt", b"abc"), "put before login")
    assert files_under(fs.home()) == ["a.txt"]


def test_a_failed_login_does_not_log_in(fs):
    session = fs.session(None)
    session.refused("auth", cmd="login", user="alice", password="nope")
    session.refused("auth", cmd="ls", path="")


def test_a_failed_login_logs_the_connection_out(fs):
    session = fs.session("alice")
    assert session.ls() == []
    session.refused("auth", cmd="login", user="bob", password="wonderland")
    session.refused("auth", cmd="ls", path="")
    session.refused("auth", cmd="mkdir", path="new")
    assert files_under(fs.home()) == []


# --------------------------------------------------------------------------
# "bad_request"
# --------------------------------------------------------------------------


def test_malformed_json_is_bad_request_and_the_connection_goes_on(fs):
    session = fs.session()
    session.client.send_line(b'{"cmd": "ls", "path": ')
    session.expect_error("bad_request", session.reply(), "a broken JSON line")
    session.client.send_line(b"\xff\xfe not utf-8")
    session.expect_error("bad_request", session.reply(), "an undecodable line")
    assert session.ls() == []


def test_a_header_line_without_end_makes_the_server_hang_up(fs):
    session = fs.session()
    session.client.send(b'{"cmd": "ls", "path": "' + b"x" * 200_000, peer_may_close=True)
    rest = session.client.read_until_closed(limit=4096)
    if rest:  # a bad_request first is allowed
        reply = json.loads(rest)
        assert reply.get("ok") is False and reply.get("error") == "bad_request"
    assert fs.session("bob").ls() == []


def test_unknown_command_is_bad_request(fs):
    session = fs.session()
    session.refused("bad_request", cmd="delete", path="a.txt")
    session.refused("bad_request", path="a.txt")
    assert session.ls() == []


def test_json_that_is_not_an_object_is_bad_request(fs):
    session = fs.session()
    for line in (b'["ls", ""]', b'"ls"', b"42"):
        session.client.send_line(line)
        session.expect_error("bad_request", session.reply(), line)
    assert session.ls() == []


def test_missing_or_mistyped_fields_are_bad_request(fs):
    session = fs.session()
    session.refused("bad_request", cmd="ls")
    session.refused("bad_request", cmd="get")
    session.refused("bad_request", cmd="mkdir")
    session.refused("bad_request", cmd="get", path=5)
    session.refused("bad_request", cmd="put", path="a.txt", sha256=sha(b""))
    session.refused("bad_request", cmd="put", path="a.txt", size="3", sha256=sha(b"abc"))
    session.refused("bad_request", cmd="put", path="a.txt", size=-1, sha256=sha(b""))
    session.refused("bad_request", cmd="login", user="alice")
    assert session.ls() == []


# --------------------------------------------------------------------------
# ls
# --------------------------------------------------------------------------


def test_ls_of_a_new_home_is_empty(fs):
    assert fs.session().ls("") == []


@pytest.mark.points(2)
def test_ls_lists_name_type_and_size_sorted_by_name(fs):
    fs.write("notes.txt", b"12345")
    fs.write("a.bin", bytes(1000))
    fs.write("empty", b"")
    fs.helpers.mkdirs(str(fs.home() / "music"))
    # More names, created out of order, so that a directory listing is unlikely to come
    # back sorted by chance.
    for name in ("zeta", "Beta", "m2", "m10", "_x", "k"):
        fs.write(name, name.encode())
    entries = fs.session().ls("")
    names = [e.get("name") for e in entries]
    assert names == sorted(
        ["a.bin", "empty", "music", "notes.txt", "zeta", "Beta", "m2", "m10", "_x", "k"]
    )
    by_name = {e.get("name"): e for e in entries}
    assert [by_name[n].get("type") for n in ("a.bin", "empty", "music", "notes.txt")] == [
        "file",
        "file",
        "dir",
        "file",
    ]
    assert [by_name[n].get("size") for n in ("a.bin", "empty", "notes.txt")] == [1000, 0, 5]
    size = by_name["music"].get("size")
    assert type(size) is int and size >= 0


def test_ls_of_dot_is_the_home_and_ls_of_a_folder_lists_it(fs):
    fs.write("docs/b.txt", b"bb")
    fs.write("docs/a.txt", b"a")
    session = fs.session()
    assert session.names(".") == ["docs"]
    entries = session.ls("docs")
    assert [(e.get("name"), e.get("type"), e.get("size")) for e in entries] == [
        ("a.txt", "file", 1),
        ("b.txt", "file", 2),
    ]
    assert session.names("docs/") == ["a.txt", "b.txt"]


def test_ls_of_a_missing_folder_is_not_found(fs):
    session = fs.session()
    session.refused("not_found", cmd="ls", path="nowhere")
    session.refused("not_found", cmd="ls", path="nowhere/deeper")


# --------------------------------------------------------------------------
# get
# --------------------------------------------------------------------------


@pytest.mark.points(2)
def test_get_sends_size_and_sha256_then_exactly_the_bytes(fs):
    data = bytes(range(256)) * 300 + b"\n{not a header}\n"
    fs.write("docs/data.bin", data)
    session = fs.session()
    size, digest = session.get_header("docs/data.bin")
    assert (size, digest) == (len(data), sha(data))
    assert session.client.read_exactly(size) == data
    # The connection goes on after the body: the next reply is a header again.
    assert session.names("docs") == ["data.bin"]


def test_get_of_an_empty_file_sends_size_0_and_no_bytes(fs):
    fs.write("empty.txt", b"")
    session = fs.session()
    assert session.get_header("empty.txt") == (0, sha(b""))
    assert session.names() == ["empty.txt"]


def test_get_of_a_missing_file_or_a_folder_is_not_found(fs):
    fs.helpers.mkdirs(str(fs.home() / "folder"))
    session = fs.session()
    session.refused("not_found", cmd="get", path="missing.txt")
    session.refused("not_found", cmd="get", path="folder")
    session.refused("not_found", cmd="get", path="")


# --------------------------------------------------------------------------
# put
# --------------------------------------------------------------------------


@pytest.mark.points(2)
def test_put_stores_the_file_in_root_slash_user(fs):
    data = bytes(range(256)) * 100
    session = fs.session()
    session.put_ok("upload.bin", data)
    assert fs.read(fs.home() / "upload.bin") == data
    assert files_under(fs.home()) == ["upload.bin"]


def test_put_answers_after_the_bytes_and_the_connection_goes_on(fs):
    session = fs.session()
    session.put_ok("one.txt", b'{"cmd": "ls", "path": ""}\n')
    session.put_ok("two.txt", b"second")
    entries = session.ls()
    assert [(e.get("name"), e.get("size")) for e in entries] == [("one.txt", 26), ("two.txt", 6)]


def test_put_of_an_empty_file_creates_it(fs):
    fs.session().put_ok("empty.txt", b"")
    assert fs.read(fs.home() / "empty.txt") == b""


def test_put_body_arriving_in_small_pieces_is_stored_whole(fs):
    data = bytes(range(256)) * 8
    session = fs.session()
    header = {"cmd": "put", "path": "pieces.bin", "size": len(data), "sha256": sha(data)}
    session.client.send_in_pieces(json.dumps(header).encode() + b"\n" + data, size=97)
    assert session.reply().get("ok") is True
    assert fs.read(fs.home() / "pieces.bin") == data


def test_put_replaces_an_existing_file(fs):
    fs.write("doc.txt", b"old content")
    fs.session().put_ok("doc.txt", b"new")
    assert fs.read(fs.home() / "doc.txt") == b"new"


@pytest.mark.points(2)
def test_put_with_a_wrong_checksum_is_refused_and_keeps_nothing(fs):
    session = fs.session()
    reply = session.put("bad.bin", b"x" * 5000, sha256=sha(b"something else"))
    session.expect_error("checksum", reply, "put with a wrong sha256")
    assert eventually(lambda: files_under(fs.home()) == [])
    assert session.ls() == []


def test_put_with_a_wrong_checksum_keeps_the_old_file(fs):
    fs.write("doc.txt", b"old content")
    session = fs.session()
    session.expect_error("checksum", session.put("doc.txt", b"new", sha256=sha(b"old")), "put")
    assert fs.read(fs.home() / "doc.txt") == b"old content"
    assert eventually(lambda: files_under(fs.home()) == ["doc.txt"])


def test_put_into_a_missing_folder_is_not_found(fs):
    session = fs.session()
    session.expect_error("not_found", session.put("no/such/file.txt", b"abc"), "put")
    assert files_under(fs.home()) == []
    assert session.ls() == []


def test_put_onto_a_folder_is_exists(fs):
    fs.helpers.mkdirs(str(fs.home() / "folder"))
    session = fs.session()
    session.expect_error("exists", session.put("folder", b"abc"), "put onto a folder")
    assert session.ls("folder") == []


@pytest.mark.points(2)
def test_put_whose_connection_drops_halfway_leaves_no_file(fs):
    session = fs.session()
    header = {"cmd": "put", "path": "big.bin", "size": 1_000_000, "sha256": sha(b"")}
    session.send(**header)
    session.client.send(b"x" * 400_000)
    session.client.close()
    watcher = fs.session()
    assert eventually(lambda: watcher.ls() == [] and files_under(fs.home()) == [])


def test_put_whose_connection_drops_halfway_keeps_the_old_file(fs):
    fs.write("doc.txt", b"old content")
    session = fs.session()
    session.send(cmd="put", path="doc.txt", size=100_000, sha256=sha(b""))
    session.client.send(b"new" * 1000)
    # Half-closed, then read until the server hangs up: it has then handled the whole
    # dropped upload (a server that writes in place has written by now).
    session.client.shutdown_write()
    session.client.read_until_closed(limit=1 << 16)
    watcher = fs.session()
    assert eventually(lambda: files_under(fs.home()) == ["doc.txt"])
    assert fs.read(fs.home() / "doc.txt") == b"old content"
    assert watcher.names() == ["doc.txt"]


# --------------------------------------------------------------------------
# mkdir
# --------------------------------------------------------------------------


def test_mkdir_creates_a_folder_in_the_home(fs):
    session = fs.session()
    session.ok(cmd="mkdir", path="photos")
    session.ok(cmd="mkdir", path="photos/2024")
    assert (fs.home() / "photos" / "2024").is_dir()
    assert [(e.get("name"), e.get("type")) for e in session.ls()] == [("photos", "dir")]
    session.put_ok("photos/2024/a.txt", b"a")
    assert fs.read(fs.home() / "photos" / "2024" / "a.txt") == b"a"


def test_mkdir_of_an_existing_folder_file_or_the_home_is_exists(fs):
    fs.write("file.txt", b"f")
    fs.helpers.mkdirs(str(fs.home() / "folder"))
    session = fs.session()
    session.refused("exists", cmd="mkdir", path="folder")
    session.refused("exists", cmd="mkdir", path="file.txt")
    session.refused("exists", cmd="mkdir", path="")
    assert fs.read(fs.home() / "file.txt") == b"f"


def test_mkdir_with_a_missing_parent_is_not_found(fs):
    session = fs.session()
    session.refused("not_found", cmd="mkdir", path="a/b")
    assert files_under(fs.home()) == []


# --------------------------------------------------------------------------
# Paths that leave the home: "forbidden"
# --------------------------------------------------------------------------


@pytest.mark.points(2)
def test_dotdot_paths_out_of_the_home_are_forbidden(fs):
    fs.write("b.txt", b"bob's", user="bob")
    session = fs.session()
    session.refused("forbidden", cmd="ls", path="..")
    session.refused("forbidden", cmd="ls", path="../bob")
    session.refused("forbidden", cmd="get", path="../bob/b.txt")
    session.refused("forbidden", cmd="get", path="docs/../../bob/b.txt")
    session.refused("forbidden", cmd="mkdir", path="../evil")
    session.expect_error("forbidden", session.put("../bob/b.txt", b"overwritten"), "put ../")
    session.expect_error("forbidden", session.put("../../evil.txt", b"x"), "put ../../")
    assert fs.read(fs.root / "bob" / "b.txt") == b"bob's"
    assert files_under(fs.root / "bob") == ["b.txt"]
    # Nothing landed next to the homes or above the root (a server may keep other
    # folders of its own under root, e.g. homes made in advance).
    assert not (fs.root / "evil").exists()
    assert not (fs.root.parent / "evil.txt").exists()


@pytest.mark.points(2)
def test_absolute_paths_are_forbidden(fs):
    session = fs.session()
    session.refused("forbidden", cmd="ls", path="/")
    session.refused("forbidden", cmd="get", path="/etc/passwd")
    session.refused("forbidden", cmd="mkdir", path=str(fs.outside / "made"))
    reply = session.put(str(fs.outside / "planted.txt"), b"x")
    session.expect_error("forbidden", reply, "put with an absolute path")
    assert files_under(fs.outside) == []


@pytest.mark.points(2)
def test_symlinks_pointing_out_of_the_home_are_forbidden(fs):
    fs.helpers.write(str(fs.outside / "secret.txt"), b"top secret")
    fs.helpers.symlink(str(fs.outside), str(fs.home() / "door"))
    fs.helpers.symlink(str(fs.outside / "secret.txt"), str(fs.home() / "secret-link"))
    session = fs.session()
    session.refused("forbidden", cmd="ls", path="door")
    session.refused("forbidden", cmd="get", path="door/secret.txt")
    session.refused("forbidden", cmd="get", path="secret-link")
    session.refused("forbidden", cmd="mkdir", path="door/made")
    session.expect_error("forbidden", session.put("door/planted.txt", b"x"), "put door/...")
    session.expect_error("forbidden", session.put("secret-link", b"x"), "put onto a link")
    assert files_under(fs.outside) == ["secret.txt"]
    assert fs.read(fs.outside / "secret.txt") == b"top secret"


def test_a_home_whose_name_is_a_prefix_of_another_stays_closed(fs):
    fs.write("a.txt", b"alice's")
    session = fs.session("al")
    session.refused("forbidden", cmd="get", path="../alice/a.txt")
    session.refused("forbidden", cmd="ls", path="../alice")
    session.refused("forbidden", cmd="mkdir", path="../alice/made")
    assert files_under(fs.home()) == ["a.txt"]


def test_paths_that_stay_inside_the_home_are_allowed(fs):
    fs.write("docs/a.txt", b"aaa")
    fs.helpers.symlink(str(fs.home() / "docs"), str(fs.home() / "shortcut"))
    session = fs.session()
    assert session.get("docs/../docs/a.txt") == b"aaa"
    assert session.get("./docs/a.txt") == b"aaa"
    assert session.get("shortcut/a.txt") == b"aaa"
    assert session.names("docs/..") == ["docs", "shortcut"]


# --------------------------------------------------------------------------
# Many users
# --------------------------------------------------------------------------


def test_each_users_home_is_root_slash_name_created_on_demand(fs):
    fs.session("bob").put_ok("b.txt", b"bob")
    fs.session("alice").put_ok("a.txt", b"alice")
    assert files_under(fs.root / "alice") == ["a.txt"]
    assert files_under(fs.root / "bob") == ["b.txt"]


@pytest.mark.points(2)
def test_two_users_at_once_do_not_see_each_others_files(fs):
    alice = fs.session("alice")
    bob = fs.session("bob")
    alice.put_ok("diary.txt", b"dear diary")
    bob.put_ok("tools.txt", b"hammer")
    assert alice.names() == ["diary.txt"]
    assert bob.names() == ["tools.txt"]
    bob.refused("not_found", cmd="get", path="diary.txt")
    alice.refused("not_found", cmd="get", path="tools.txt")
    bob.ok(cmd="mkdir", path="diary.txt")
    assert alice.get("diary.txt") == b"dear diary"
    assert [(e.get("name"), e.get("type")) for e in bob.ls()] == [
        ("diary.txt", "dir"),
        ("tools.txt", "file"),
    ]


@pytest.mark.points(2)
def test_an_idle_connection_does_not_block_other_users(fs):
    idle = Session(fs.served.client())
    half_done = fs.session("bob")
    half_done.send(cmd="put", path="slow.txt", size=10, sha256=sha(b"0123456789"))
    half_done.client.send(b"01234")
    other = fs.session("alice")
    other.put_ok("quick.txt", b"quick")
    assert other.get("quick.txt") == b"quick"
    half_done.client.send(b"56789")
    assert half_done.reply().get("ok") is True
    idle.login("alice")
    assert idle.names() == ["quick.txt"]


# --------------------------------------------------------------------------
# quit
# --------------------------------------------------------------------------


def test_quit_ends_the_connection(fs):
    session = fs.session()
    session.send(cmd="quit")
    # Whether quit is answered is free; the connection must close either way.
    rest = session.client.read_until_closed(limit=4096)
    if rest:
        assert rest.count(b"\n") == 1 and rest.endswith(b"\n")
        assert json.loads(rest).get("ok") is True
    assert fs.session("bob").ls() == []
