"""Public tests for exercise 14_file_server: FileClient against your own server.

The hidden tests run your FileClient against a reference server too, so a
client that only works with your own server's quirks loses points there.
"""

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


@pytest.fixture
def address(student_env, net):
    server_module = student_env.module("file_server")
    served = net.serve(server_module.make_server, str(net.scratch_dir()), dict(USERS))
    return served.address[0], served.port


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
