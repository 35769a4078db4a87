"""Hidden tests for 13_more_servers, part 3: the forking pid server.

A pid reply proves where the connection was handled: ForkingMixIn forks a child per
connection, so the pid differs from the server's own (net.student_pid(): the server
runs in the student's process) and from the pids of other connections. Connections
open at the same time stay within the student's listen backlog. The clients never
send anything unless a test says so: PidHandler answers without waiting.
"""

import re
import textwrap
from pathlib import Path

import pytest

from grader.harness import LineProbe

pytestmark = pytest.mark.student_module("more_servers")

PROBE = LineProbe(send=b"probe", expect=lambda line: line.isdigit())
REPLY = re.compile(rb"[0-9]+\n")


def pid_of(client):
    """The pid a connection was answered with; the reply must be digits + b"\\n" + close."""
    reply = client.read_until_closed(limit=64)
    assert REPLY.fullmatch(reply), f"expected ASCII digits and b'\\n', then close; got {reply!r}"
    return int(reply)


def parent_of(pid):
    """The parent pid of a live (or zombie) process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # pid (comm) state ppid ...; comm may hold spaces and parentheses.
    return int(text.rpartition(")")[2].split()[1])


@pytest.fixture
def forking(student, net):
    return net.serve(student.make_forking_server, "127.0.0.1", 0, probe=PROBE)


# --------------------------------------------------------------------------
# The server object
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_make_forking_server_returns_a_forking_tcp_server(student_env, forking):
    b = student_env.builtins
    ns = student_env.exec("import socketserver")
    assert b.isinstance(forking.server, ns.socketserver.ForkingTCPServer) is True


def test_make_forking_server_binds_the_given_host_and_a_real_port(student, net):
    served = net.serve(student.make_forking_server, host="127.0.0.1", port=0, probe=PROBE)
    host, port = served.server.server_address[:2]
    assert host == "127.0.0.1"
    assert port != 0
    assert net.bound_address(port) == ("127.0.0.1", port)  # the kernel agrees
    with served.client() as client:
        pid_of(client)


def test_make_forking_server_defaults_to_127_0_0_1_and_a_free_port(student, net):
    first = student.make_forking_server()
    try:
        second = student.make_forking_server()  # port 0 again: the system picks another port
        try:
            addresses = [first.server_address[:2], second.server_address[:2]]
            # What the servers say, checked against the kernel's view of their sockets.
            bound = [net.bound_address(port) for _, port in addresses]
        finally:
            second.server_close()
    finally:
        first.server_close()
    assert bound == addresses
    assert [host for host, _ in addresses] == ["127.0.0.1", "127.0.0.1"]
    assert 0 not in [port for _, port in addresses]
    assert addresses[0][1] != addresses[1][1]


@pytest.mark.points(2)
def test_pid_handler_works_in_a_forking_server_built_by_the_test(student_env, net):
    ns = student_env.exec(textwrap.dedent("""
        import socketserver
        from more_servers import PidHandler

        def make(host, port):
            return socketserver.ForkingTCPServer((host, port), PidHandler)
    """))
    # A broken PidHandler breaks make_forking_server too: same dead-server group.
    served = net.serve(ns.make, "127.0.0.1", 0, probe=PROBE, group="make_forking_server")
    with served.client() as client:
        assert pid_of(client) != net.student_pid()


# --------------------------------------------------------------------------
# The reply
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_pid_reply_is_ascii_digits_and_a_newline_then_the_connection_closes(forking):
    with forking.client() as client:
        reply = client.read_until_closed(limit=64)
    assert REPLY.fullmatch(reply), f"expected ASCII digits and b'\\n', then close; got {reply!r}"
    assert int(reply) > 0


def test_pid_reply_comes_even_when_the_client_sends_a_line_first(forking):
    with forking.client() as client:
        client.send(b"hello\n", peer_may_close=True)
        assert pid_of(client) > 0


# --------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_pid_reply_is_not_the_pid_of_the_server_process(forking, net):
    server_pid = net.student_pid()
    for _ in range(3):
        with forking.client() as client:
            assert pid_of(client) != server_pid


@pytest.mark.points(3)
def test_connections_open_at_the_same_time_get_different_pids(forking, net):
    count = min(forking.backlog, 4)
    pids = []
    for _ in range(2):  # two waves of simultaneous connections
        wave = [forking.client() for _ in range(count)]
        pids += [pid_of(client) for client in wave]
    assert len(set(pids)) == len(pids), f"pids repeated: {pids}"
    assert net.student_pid() not in pids


@pytest.mark.points(2)
def test_shut_down_and_closed_forking_server_leaves_no_child_processes(forking, net):
    count = min(forking.backlog, 3)
    clients = [forking.client() for _ in range(count)]
    pids = [pid_of(client) for client in clients]
    forking.server.shutdown()
    forking.server.server_close()
    server_pid = net.student_pid()
    left = [pid for pid in pids if parent_of(pid) == server_pid]
    assert left == [], f"child processes {left} were not reaped (zombies or still running)"
