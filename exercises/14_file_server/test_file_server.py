"""Public tests for exercise 14_file_server: the server.

Run them with ``pytest exercises/14_file_server --student-dir <your folder>``
or ``grader check 14_file_server``. The hidden tests check every rule of
README.md more thoroughly (every error code, symlinks, dropped uploads, two
users at once, 200 MB each way in bounded memory).

The tests never import your module: ``student`` is your ``file_server``, and
``net`` starts your server and gives the test a real client over loopback.
"""

import hashlib
import json

import pytest

from grader.harness import LineProbe

pytestmark = pytest.mark.student_module("file_server")

USERS = {"alice": "wonderland", "bob": "builder"}


def refused_with_auth(line):
    try:
        return answers(json.loads(line), {"ok": False, "error": "auth"})
    except ValueError:
        return False


def answers(reply, expected):
    """The reply has every key of ``expected`` with its value (``{"ok": true, ...}``:
    a server may add keys of its own)."""
    return isinstance(reply, dict) and reply.items() >= expected.items()


# How the harness checks that your server still answers: a listing before login
# must be refused with "auth".
PROBE = LineProbe(send=b'{"cmd": "ls", "path": ""}', expect=refused_with_auth)


@pytest.fixture
def server(student, net):
    root = net.scratch_dir()
    served = net.serve(student.make_server, str(root), dict(USERS), probe=PROBE)
    served.root = root
    served.net = net
    return served


def ask(client, **request):
    """Send one request line; return the parsed reply line."""
    client.send_line(json.dumps(request))
    line = client.read_line()
    assert line is not None, "the server closed the connection instead of answering"
    return json.loads(line)


def test_login_then_ls_of_a_new_home_is_empty(server):
    with server.client() as client:
        assert ask(client, cmd="login", user="alice", password="wonderland")["ok"] is True
        assert answers(ask(client, cmd="ls", path=""), {"ok": True, "entries": []})


def test_wrong_password_and_commands_before_login_are_auth(server):
    with server.client() as client:
        assert answers(ask(client, cmd="ls", path=""), {"ok": False, "error": "auth"})
        reply = ask(client, cmd="login", user="alice", password="builder")
        assert answers(reply, {"ok": False, "error": "auth"})


@pytest.mark.points(2)
def test_put_then_ls_then_get_round_trip(server):
    data = b"hello, file server\n" * 100
    digest = hashlib.sha256(data).hexdigest()
    with server.client() as client:
        ask(client, cmd="login", user="alice", password="wonderland")
        header = {"cmd": "put", "path": "hello.txt", "size": len(data), "sha256": digest}
        client.send(json.dumps(header).encode() + b"\n" + data)
        assert answers(json.loads(client.read_line()), {"ok": True})
        with server.net.open_scratch_file(server.root / "alice" / "hello.txt") as stored:
            assert stored.read() == data
        listing = ask(client, cmd="ls", path="")
        assert listing["entries"] == [{"name": "hello.txt", "type": "file", "size": len(data)}]
        reply = ask(client, cmd="get", path="hello.txt")
        assert (reply["size"], reply["sha256"]) == (len(data), digest)
        assert client.read_exactly(len(data)) == data


@pytest.mark.points(2)
def test_paths_outside_the_home_are_forbidden(server):
    with server.client() as client:
        ask(client, cmd="login", user="alice", password="wonderland")
        assert answers(ask(client, cmd="ls", path=".."), {"ok": False, "error": "forbidden"})
        assert answers(
            ask(client, cmd="get", path="/etc/passwd"), {"ok": False, "error": "forbidden"}
        )


def test_put_with_a_wrong_checksum_keeps_nothing(server):
    with server.client() as client:
        ask(client, cmd="login", user="alice", password="wonderland")
        header = {"cmd": "put", "path": "x.txt", "size": 3, "sha256": "0" * 64}
        client.send(json.dumps(header).encode() + b"\nabc")
        assert answers(json.loads(client.read_line()), {"ok": False, "error": "checksum"})
        assert answers(ask(client, cmd="ls", path=""), {"ok": True, "entries": []})
