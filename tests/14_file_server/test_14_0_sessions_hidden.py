"""Hidden tests for exercise 14_file_server: one whole session each way.

These two run first: each uses every command once, so a broken client or
server fails here in a fraction of a second (the mutation campaign stops at
the first failing test). The files that follow check each rule on its own.
"""

from __future__ import annotations

import pytest
from fs_support import PROBE, STUDENT_SIDE, USERS, Session, files_under, read_back, sha
from reference_file_server import make_handler


@pytest.mark.student_module("file_client")
def test_a_whole_client_session_against_the_reference_server(student, student_env, net, tmp_path):
    helpers = student_env.exec(STUDENT_SIDE)
    local = net.scratch_dir()
    data = bytes(range(256)) * 500
    helpers.write(str(local / "up.bin"), data)
    handler = make_handler(str(tmp_path), USERS)
    host, port = net.reference_server(handler)
    client = student.FileClient(host, port)
    assert helpers.outcome(client.ls, "") == ("FileServerError", "auth")
    client.login("alice", "wonderland")
    client.mkdir("d")
    client.put(str(local / "up.bin"), "d/up.bin")
    assert client.ls("d") == [{"name": "up.bin", "type": "file", "size": len(data)}]
    client.get("d/up.bin", str(local / "down.bin"))
    assert read_back(net, local / "down.bin") == data
    assert helpers.outcome(client.get, "nope", str(local / "x")) == ("FileServerError", "not_found")
    client.close()
    assert handler.closed.wait(5) is True
    assert (tmp_path / "alice" / "d" / "up.bin").read_bytes() == data
    assert [r.get("cmd") for r in handler.requests][:7] == [
        "ls",
        "login",
        "mkdir",
        "put",
        "ls",
        "get",
        "get",
    ]


@pytest.mark.student_module("file_server")
def test_a_whole_server_session_with_every_command(student, net):
    root = net.scratch_dir()
    served = net.serve(student.make_server, str(root), dict(USERS), probe=PROBE)
    session = Session(served.client())
    session.refused("auth", cmd="ls", path="")
    session.refused("auth", cmd="login", user="alice", password="builder")
    session.login("alice")
    assert session.ls() == []
    session.ok(cmd="mkdir", path="d")
    data = bytes(range(256)) * 500
    session.put_ok("d/up.bin", data)
    assert session.get("d/up.bin") == data
    assert [(e.get("name"), e.get("type"), e.get("size")) for e in session.ls("d")] == [
        ("up.bin", "file", len(data))
    ]
    session.refused("not_found", cmd="get", path="d/nope")
    session.refused("exists", cmd="mkdir", path="d")
    session.refused("forbidden", cmd="ls", path="..")
    session.refused("bad_request", cmd="nope")
    session.expect_error("checksum", session.put("d/bad", b"abc", sha256=sha(b"")), "put")
    assert files_under(root / "alice") == ["d", "d/up.bin"]
