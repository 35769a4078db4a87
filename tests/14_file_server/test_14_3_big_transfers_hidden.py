"""Hidden tests for exercise 14_file_server: 64 MiB each way, in bounded memory.

Each test moves a 64 MiB file with its sha256 checked, and measures the peak
resident memory of the student's process during the transfer
(``net.reset_peak_memory`` / ``net.peak_memory_mb``): a side that holds the
file in memory grows by 64 MiB or more; a streaming one by a few MiB. The
bound allowed is half the file (32 MiB): the smallest sizes that still tell
streaming from reading whole files with a wide margin on either side, since
these transfers take most of the exercise's grading time. The trusted side
streams as well: its data is generated, hashed and checked chunk by chunk.

These are the slowest tests of the course; they run last. When calls into
student code may last only a second (the mutation campaign's short timeouts),
the files are 32 MiB and the bound 16 MiB instead.
"""

from __future__ import annotations

import hashlib

import pytest
from fs_support import (
    BIG,
    MEMORY_BOUND_MB,
    PROBE,
    STUDENT_SIDE,
    USERS,
    Session,
    file_sha256,
    pattern_chunks,
    pattern_sha256,
    write_pattern,
)
from reference_file_server import make_handler

pytestmark = pytest.mark.student_module("file_server")


class Memory:
    """Growth of the student's peak resident memory from now on."""

    def __init__(self, net) -> None:
        self.net = net
        net.reset_peak_memory()
        self.start = net.peak_memory_mb()

    def growth_mb(self) -> float:
        return self.net.peak_memory_mb() - self.start


@pytest.fixture
def big(student_env) -> tuple[int, str]:
    """(size, sha256) of the big test file."""
    size = BIG if student_env.call_timeout >= 5 else 32 * 2**20
    return size, pattern_sha256(size)


def bound_mb(big: tuple[int, str]) -> float:
    """The growth allowed: half the file (32 MiB for 64 MiB)."""
    return min(MEMORY_BOUND_MB, big[0] / 2**21)


# --------------------------------------------------------------------------
# The student's server, driven by a trusted client
# --------------------------------------------------------------------------


@pytest.mark.points(3)
def test_server_get_of_a_big_file_streams_in_bounded_memory(student, student_env, net, big):
    root = net.scratch_dir()
    student_env.exec(STUDENT_SIDE).write_pattern(str(root / "alice" / "big.bin"), big[0])
    served = net.serve(student.make_server, str(root), dict(USERS), probe=PROBE)
    session = Session(served.client()).login()
    memory = Memory(net)
    assert session.get_header("big.bin") == big
    digest = hashlib.sha256()
    for chunk in session.client.stream_exactly(big[0]):
        digest.update(chunk)
    assert digest.hexdigest() == big[1]
    assert memory.growth_mb() < bound_mb(big)
    assert session.names() == ["big.bin"]


@pytest.mark.points(3)
def test_server_put_of_a_big_file_streams_in_bounded_memory(student, net, big):
    root = net.scratch_dir()
    served = net.serve(student.make_server, str(root), dict(USERS), probe=PROBE)
    session = Session(served.client()).login()
    memory = Memory(net)
    session.send(cmd="put", path="big.bin", size=big[0], sha256=big[1])
    session.client.send_stream(pattern_chunks(big[0]))
    assert session.reply().get("ok") is True
    assert memory.growth_mb() < bound_mb(big)
    assert file_sha256(net, root / "alice" / "big.bin") == big


# --------------------------------------------------------------------------
# The student's client, against the trusted reference server and the student's own
# --------------------------------------------------------------------------


@pytest.mark.points(2)
@pytest.mark.student_module("file_client")  # the reference server: no file_server.py needed
def test_client_get_of_a_big_file_streams_in_bounded_memory(student_env, net, tmp_path, big):
    client_module = student_env.module("file_client")
    write_pattern(str(tmp_path / "alice" / "big.bin"), big[0])
    host, port = net.reference_server(make_handler(str(tmp_path), USERS))
    local = net.scratch_dir() / "big.bin"
    client = client_module.FileClient(host, port)
    client.login("alice", "wonderland")
    memory = Memory(net)
    client.get("big.bin", str(local))
    assert memory.growth_mb() < bound_mb(big)
    assert file_sha256(net, local) == big
    client.close()


@pytest.mark.points(2)
@pytest.mark.student_module("file_client")  # the reference server: no file_server.py needed
def test_client_put_of_a_big_file_streams_in_bounded_memory(student_env, net, tmp_path, big):
    client_module = student_env.module("file_client")
    local = net.scratch_dir() / "big.bin"
    student_env.exec(STUDENT_SIDE).write_pattern(str(local), big[0])
    handler = make_handler(str(tmp_path), USERS, store=False)
    host, port = net.reference_server(handler)
    client = client_module.FileClient(host, port)
    client.login("alice", "wonderland")
    memory = Memory(net)
    client.put(str(local), "big.bin")
    assert memory.growth_mb() < bound_mb(big)
    assert handler.requests[-1] == {
        "cmd": "put",
        "path": "big.bin",
        "size": big[0],
        "sha256": big[1],
    }
    assert handler.received == [("big.bin", *big)]
    client.close()


@pytest.mark.points(2)
def test_client_and_server_round_trip_a_big_file_in_bounded_memory(student, student_env, net, big):
    client_module = student_env.module("file_client")
    root = net.scratch_dir()
    local = net.scratch_dir()
    student_env.exec(STUDENT_SIDE).write_pattern(str(local / "big.bin"), big[0])
    served = net.serve(student.make_server, str(root), dict(USERS), probe=PROBE)
    client = client_module.FileClient(served.address[0], served.port)
    client.login("bob", "builder")
    memory = Memory(net)
    client.put(str(local / "big.bin"), "big.bin")
    assert file_sha256(net, root / "bob" / "big.bin") == big
    (local / "big.bin").unlink()
    client.get("big.bin", str(local / "copy.bin"))
    assert memory.growth_mb() < bound_mb(big)
    assert file_sha256(net, local / "copy.bin") == big
    client.close()
