"""Public tests for exercise 14_file_server: FileClient against a stand-in server.

The stand-in below runs in the test process, not yours: a few lines that keep
files in memory and answer the requests these tests make, so that the client
is graded on its own, whether or not your file_server.py is there or works.
The hidden tests run your FileClient against a complete reference server (and
your client with your server, in one test), so a client that only works with
your own server's quirks loses points there.
"""

import hashlib
import json
import socketserver

import pytest

pytestmark = pytest.mark.student_module("file_client")

USERS = {"alice": "wonderland"}

# Run next to your code: writing a local file (as your user), and the error code
# of a FileServerError raised by a call.
WRITE = """
def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
"""

CODE_OF = """
from file_client import FileServerError


def code_of(function, *args):
    try:
        function(*args)
    except FileServerError as error:
        return "FileServerError", getattr(error, "code", None)
    except Exception as error:
        return type(error).__name__ + " (not a FileServerError)", None
    return None, None
"""


class StandIn(socketserver.StreamRequestHandler):
    """Just enough of the protocol (README.md) for these tests: files and folders in
    memory, and only the checks these tests need."""

    files: dict[str, bytes]  # path -> content (each test's handler has its own)
    folders: set[str]

    def reply(self, extra=b"", **fields):
        self.wfile.write(json.dumps(fields).encode() + b"\n" + extra)

    def handle(self):
        user = None
        for line in self.rfile:
            try:
                request = json.loads(line)
                command, path = request["cmd"], request.get("path", "")
            except (ValueError, TypeError, KeyError):
                self.reply(ok=False, error="bad_request")
                continue
            if command == "quit":
                return
            if command == "login":
                name = request.get("user")
                user = name if name in USERS and USERS[name] == request.get("password") else None
                self.reply(ok=True) if user else self.reply(ok=False, error="auth")
            elif command == "put":
                data = self.rfile.read(request["size"])  # read even when refused
                if user is None:
                    self.reply(ok=False, error="auth")
                elif hashlib.sha256(data).hexdigest() != request["sha256"]:
                    self.reply(ok=False, error="checksum")
                else:
                    self.files[path] = data
                    self.reply(ok=True)
            elif user is None:
                self.reply(ok=False, error="auth")
            elif ".." in path.split("/") or path.startswith("/"):
                self.reply(ok=False, error="forbidden")
            elif command == "mkdir" and path in self.folders:
                self.reply(ok=False, error="exists")
            elif command == "mkdir":
                self.folders.add(path)
                self.reply(ok=True)
            elif command == "ls":
                self.reply(ok=True, entries=self.entries(path))
            elif command == "get" and path in self.files:
                data = self.files[path]
                digest = hashlib.sha256(data).hexdigest()
                self.reply(data, ok=True, size=len(data), sha256=digest)
            else:
                self.reply(ok=False, error="not_found")

    def entries(self, folder):
        found = [(path, "dir", 0) for path in self.folders if path]
        found += [(path, "file", len(data)) for path, data in self.files.items()]
        return [
            {"name": name, "type": kind, "size": size}
            for (parent, _, name), kind, size in sorted(
                (p.rpartition("/"), k, n) for p, k, n in found
            )
            if parent == folder
        ]


@pytest.fixture
def address(net):
    handler = type("Handler", (StandIn,), {"files": {}, "folders": {""}})
    return net.reference_server(handler)


@pytest.mark.points(2)
def test_put_ls_get_round_trip(student, student_env, net, address):
    folder = net.scratch_dir()
    original = folder / "original.bin"
    copy = folder / "copy.bin"
    data = bytes(range(256)) * 1000
    files = student_env.exec(WRITE)  # your process writes the file, as your user
    files.write(str(original), data)
    client = student.FileClient(*address)
    client.login("alice", "wonderland")
    client.mkdir("backup")
    client.put(str(original), "backup/original.bin")
    assert client.ls("backup") == [{"name": "original.bin", "type": "file", "size": len(data)}]
    client.get("backup/original.bin", str(copy))
    client.close()
    with net.open_scratch_file(copy) as stored:  # never follows a link the code planted
        assert stored.read() == data


def test_a_refused_request_raises_file_server_error_with_its_code(student, student_env, address):
    check = student_env.exec(CODE_OF)
    client = student.FileClient(*address)
    assert check.code_of(client.login, "alice", "nope") == ("FileServerError", "auth")
    client.login("alice", "wonderland")
    assert check.code_of(client.ls, "..") == ("FileServerError", "forbidden")
    assert check.code_of(client.mkdir, "") == ("FileServerError", "exists")
    client.close()


def test_the_client_works_as_a_context_manager(student, address):
    with student.FileClient(*address) as client:
        client.login("alice", "wonderland")
        assert client.ls() == []
