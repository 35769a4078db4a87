"""The socket test harness (grader/harness/) on its own, in direct mode: clients and
their transcripts, probes, the dead-server rule, student-side sockets and programs.

Graded-mode behaviour (servers inside the student process, teardown of wedged servers)
is covered by test_adversarial_server.py and the network exercises' suites.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import socketserver
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.harness import (
    DatagramProbe,
    LineClient,
    LineProbe,
    NoAnswer,
    ServerStoppedAnswering,
)
from grader.harness.dead import DeadServer
from grader.harness.net import LINE_END_GRACE, Net
from grader.harness.probes import ProbeOutcome
from grader.harness.reference import ReferenceServer
from grader.harness.transcript import Transcript, shorten
from grader.plugin.environments import LocalEnvironment, RemoteEnvironment
from grader.remote.process import ProcessConfig
from grader.settings import Timeouts

UPPER_SERVER = """
import socketserver, threading


class Upper(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line.rstrip(b"\\r\\n").upper() + b"\\n")


class Silent(socketserver.BaseRequestHandler):
    def handle(self):
        threading.Event().wait(30)


class NoLineEnd(socketserver.BaseRequestHandler):
    # The lesson's handler: every recv is one message, answered without a "\\n".
    def handle(self):
        while data := self.request.recv(1024).strip():
            self.request.sendall(data.upper())


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 3


def make_server(port=0):
    return Server(("127.0.0.1", port), Upper)


def make_silent_server(port=0):
    return Server(("127.0.0.1", port), Silent)


def make_unterminated_server(port=0):
    return Server(("127.0.0.1", port), NoLineEnd)
"""
PROBE = LineProbe(send=b"ping", expect=b"PING")


class _Upper(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        for line in self.rfile:
            self.wfile.write(line.rstrip(b"\n").upper() + b"\n")


class _ClosesAtOnce(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.close()


class _NoLineEnd(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(1024).strip():
            self.request.sendall(data.upper())


class _Pong(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        for _ in self.rfile:
            self.wfile.write(b"pong\n")


class _Silent(socketserver.BaseRequestHandler):
    stop = threading.Event()

    def handle(self) -> None:
        self.stop.wait(10)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[LocalEnvironment]:
    (tmp_path / "upper.py").write_text(UPPER_SERVER, encoding="utf-8")
    environment = LocalEnvironment(tmp_path, ("upper",))
    yield environment
    environment.close()


def make_net(
    env: LocalEnvironment | RemoteEnvironment, dead: dict[str, DeadServer], name: str = "test_x"
) -> Net:
    return Net(env, test_name=name, dead=dead, key="upper")


@pytest.fixture
def reference() -> Iterator[ReferenceServer]:
    server = ReferenceServer(_Upper)
    yield server
    server.stop()


# -- transcripts -------------------------------------------------------------------------
def test_short_data_is_shown_whole_and_long_data_with_a_size_marker() -> None:
    assert shorten(b"hello\n") == "b'hello\\n'"
    long = shorten(b"x" * 10_000)
    assert "...[10000 bytes]..." in long
    assert len(long) < 200


def test_a_transcript_keeps_head_and_tail_of_a_large_transfer_only() -> None:
    transcript = Transcript()
    for _ in range(1000):
        transcript.on_send(b"a" * 1000)
    transcript.on_send(b"THE END")
    described = transcript.sent.describe()
    assert "[1000007 bytes]" in described
    assert described.endswith("THE END'")
    assert len(transcript.sent.head) + len(transcript.sent.tail) <= 512


# -- clients -----------------------------------------------------------------------------
def test_a_right_answer_passes_and_a_wrong_one_shows_the_transcript(
    reference: ReferenceServer,
) -> None:
    with LineClient(*reference.address, timeout=5) as client:
        client.send_line("hello")
        client.expect_line("HELLO")
        client.send_line("again")
        with pytest.raises(AssertionError) as failure:
            client.expect_line("again")
    assert str(failure.value) == ("sent b'hello\\nagain\\n'  expected b'again\\n'  got b'AGAIN\\n'")


def test_a_closed_connection_is_reported_as_closed_by_the_server() -> None:
    server = ReferenceServer(_ClosesAtOnce)
    try:
        with LineClient(*server.address, timeout=5) as client:
            client.send(b"hello\n", peer_may_close=True)
            with pytest.raises(AssertionError) as failure:
                client.expect_line("HELLO")
    finally:
        server.stop()
    assert str(failure.value) == (
        "sent b'hello\\n'  expected b'HELLO\\n'  got b''  (connection closed by server)"
    )


def test_no_reply_in_time_raises_no_answer_with_the_limit_and_calls_the_hook() -> None:
    server = ReferenceServer(_Silent)
    seen: list[str] = []
    try:
        with LineClient(*server.address, timeout=0.2, on_timeout=seen.append) as client:
            client.send_line("hello")
            with pytest.raises(NoAnswer) as failure:
                client.expect_line("HELLO")
    finally:
        _Silent.stop.set()
        server.stop()
        _Silent.stop.clear()
    assert failure.value.limit_s == 0.2
    assert str(failure.value) == (
        "sent b'hello\\n'  expected b'HELLO\\n'  got b''  (no reply within 0.2 s)"
    )
    assert seen == ["got no reply within 0.2 s"]


def test_pieces_half_close_and_streams_arrive_whole(reference: ReferenceServer) -> None:
    with LineClient(*reference.address, timeout=5) as client:
        client.send_in_pieces(b"one\ntwo\n", size=1)
        client.send_stream(b"x" * 1000 for _ in range(100))
        client.send(b"\n")
        client.shutdown_write()
        client.expect_lines(["ONE", "TWO"])
        chunks = list(client.stream_exactly(100_000))
        assert b"".join(chunks) == b"X" * 100_000
        assert client.read_until_closed() == b"\n"


def test_expect_closed_fails_when_the_server_keeps_talking(reference: ReferenceServer) -> None:
    with LineClient(*reference.address, timeout=5) as client:
        client.send_line("bye")
        client.shutdown_write()
        with pytest.raises(AssertionError, match="expected the server to close the connection"):
            client.expect_closed()


# -- probes ------------------------------------------------------------------------------
def test_a_line_probe_passes_on_an_answering_server_and_says_why_otherwise(
    reference: ReferenceServer,
) -> None:
    assert LineProbe(send=b"ping", expect=b"PING").check(reference.address, 2) is None
    assert (
        LineProbe(send=b"ping", expect=lambda line: line.isupper()).check(reference.address, 2)
        is None
    )
    assert LineProbe(send=b"ping", expect=b"pong").check(reference.address, 2) == (
        "b'ping\\n' was answered b'PING\\n'"
    )
    server = ReferenceServer(_Silent)
    try:
        result = LineProbe(send=b"ping", expect=b"PING").run(server.address, 0.2)
    finally:
        _Silent.stop.set()
        server.stop()
        _Silent.stop.clear()
    assert result.outcome is ProbeOutcome.SILENT  # the only outcome that means wedged
    assert result.problem == "no answer to b'ping\\n' within 0.2 s"


@pytest.mark.parametrize(
    ("handler", "outcome", "received", "problem"),
    [
        (_Upper, ProbeOutcome.ANSWERED, b"PING\n", None),
        (_Pong, ProbeOutcome.WRONG, b"pong\n", "b'ping\\n' was answered b'pong\\n'"),
        (
            _NoLineEnd,
            ProbeOutcome.UNTERMINATED,
            b"PING",
            "b'ping\\n' was answered b'PING' with no line end (\\n) within 0.3 s",
        ),
        (
            _ClosesAtOnce,
            ProbeOutcome.CLOSED,
            b"",
            "b'ping\\n' was answered by closing the connection",
        ),
    ],
    ids=["answered", "wrong", "unterminated", "closed"],
)
def test_a_line_probe_keeps_what_it_received_and_only_silence_is_wedged(
    handler: type[socketserver.BaseRequestHandler],
    outcome: ProbeOutcome,
    received: bytes,
    problem: str | None,
) -> None:
    server = ReferenceServer(handler)
    try:
        result = LineProbe(send=b"ping", expect=b"PING").run(server.address, 0.3)
    finally:
        server.stop()
    assert result.outcome is outcome
    assert result.received == received
    assert result.problem == problem


def test_a_datagram_probe_reports_silence() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mute:
        mute.bind(("127.0.0.1", 0))
        problem = DatagramProbe(send=b"x", expect=b"x").check(mute.getsockname(), 0.2)
    assert problem == "no answer to the datagram b'x' within 0.2 s"


# -- the net object ----------------------------------------------------------------------
def test_a_served_student_server_answers_and_reports_its_backlog(env: LocalEnvironment) -> None:
    net = make_net(env, {})
    try:
        served = net.serve(env.module("upper").make_server, probe=PROBE)
        assert served.backlog == 3
        # 7 simultaneous clients with a backlog of 3: connected in waves of 3.
        clients = served.clients(7)
        for number, client in enumerate(clients):
            client.send_line(f"c{number}")
        for number, client in enumerate(reversed(clients)):
            client.expect_line(f"C{6 - number}")
    finally:
        net.close()
        env.end_test()


def test_a_wedged_server_fails_the_later_serves_of_the_exercise_at_once(
    env: LocalEnvironment,
) -> None:
    dead: dict[str, DeadServer] = {}
    net = make_net(env, dead, "test_first")
    try:
        served = net.serve(env.module("upper").make_silent_server, probe=PROBE)
        with served.client(timeout=0.2) as client:
            client.send_line("hello")
            with pytest.raises(NoAnswer):
                client.read_line()
    finally:
        net.close()
        env.end_test()
    reason = dead["upper:make_silent_server"]
    assert reason.reason.startswith("the server stopped answering: in test_first it got no reply")
    assert reason.summary == (
        "in an earlier test the server did not answer within 5 s, and then stopped answering"
    )
    later = make_net(env, dead, "test_later")
    with pytest.raises(ServerStoppedAnswering) as failure:
        later.serve(env.module("upper").make_silent_server, probe=PROBE)
    assert str(failure.value).startswith("not run: the server stopped answering: in test_first")
    # Another kind of server of the same module is not condemned with it.
    served = later.serve(env.module("upper").make_server, probe=PROBE)
    with served.client() as client:
        client.send_line("still")
        client.expect_line("STILL")
    later.close()
    env.end_test()


def test_a_server_that_answers_without_line_ends_is_not_dead_and_its_lines_fail_fast(
    env: LocalEnvironment,
) -> None:
    """The lesson's handler answers without "\\n": the probe gets bytes, so the server
    is served again in later tests (each behaviour reported by its own test), and a
    reply line that has not ended LINE_END_GRACE after its first byte fails at once,
    as a wrong answer, instead of waiting the whole client timeout."""
    dead: dict[str, DeadServer] = {}
    net = make_net(env, dead, "test_first")
    try:
        served = net.serve(env.module("upper").make_unterminated_server, probe=PROBE)
        with served.client(timeout=0.3) as client:
            client.send_line("hello")
            with pytest.raises(NoAnswer) as first:
                client.read_line()
    finally:
        net.close()
        env.end_test()
    assert str(first.value).endswith(
        "got b'HELLO'  (the reply line did not finish within 0.3 s (no \\n))"
    )
    found = dead["upper:make_unterminated_server"]
    assert found.wedged is False
    assert found.reason == (
        "the server's replies have no line end: in test_first it got a reply line that did "
        "not finish within 0.3 s, and then on a fresh connection b'ping\\n' was answered "
        "b'PING' with no line end (\\n) within 2 s"
    )
    later = make_net(env, dead, "test_later")
    try:
        served = later.serve(env.module("upper").make_unterminated_server, probe=PROBE)
        with served.client() as client:
            assert client.timeout == 5
            client.send_line("again")
            started = time.monotonic()
            with pytest.raises(AssertionError) as failure:
                client.expect_line("AGAIN")
            waited = time.monotonic() - started
    finally:
        later.close()
        env.end_test()
    assert not isinstance(failure.value, NoAnswer)
    assert str(failure.value) == (
        "sent b'again\\n'  expected b'AGAIN\\n'  got b'AGAIN'  (no line end within "
        f"{LINE_END_GRACE:g} s; this server's replies end without \\n)"
    )
    assert waited < client.timeout / 2


def test_a_server_that_answers_the_probe_wrongly_is_not_declared_dead(
    env: LocalEnvironment,
) -> None:
    dead: dict[str, DeadServer] = {}
    net = make_net(env, dead)
    try:
        served = net.serve(env.module("upper").make_server, probe=LineProbe(b"ping", b"pong"))
        with served.client(timeout=0.2) as client:
            client.send(b"no newline yet")
            with pytest.raises(NoAnswer):
                client.read_line()
    finally:
        net.close()
        env.end_test()
    assert dead == {}


def test_a_timeout_on_one_path_of_a_healthy_server_does_not_condemn_it(
    env: LocalEnvironment,
) -> None:
    dead: dict[str, DeadServer] = {}
    net = make_net(env, dead)
    try:
        served = net.serve(env.module("upper").make_server, probe=PROBE)
        with served.client(timeout=0.2) as client:
            client.send(b"no newline yet")
            with pytest.raises(NoAnswer):
                client.read_line()
    finally:
        net.close()
        env.end_test()
    assert dead == {}


def test_student_sockets_can_be_made_to_receive_one_byte_at_a_time(
    env: LocalEnvironment,
) -> None:
    net = make_net(env, {})
    try:
        sock, peer = net.student_socket(max_recv=1, max_send=3)
        peer.send(b"abc")
        assert [sock.recv(100) for _ in range(3)] == [b"a", b"b", b"c"]
        assert sock.send(b"0123456789") == 3
        assert peer.read_exactly(3) == b"012"
        big = b"z" * (8 << 20)
        peer.send_in_background(big)
        got = bytearray()
        sock.max_recv = None
        while len(got) < len(big):
            got += sock.recv(1 << 20)
        peer.wait_sent()
        assert got == big
    finally:
        net.close()


# -- programs ----------------------------------------------------------------------------
# Listens on a free port (the harness checks with the kernel that it does) and prints
# its first argument with {port} filled in.
PROGRAM = """
import signal, socket, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
listener = socket.create_server(("127.0.0.1", 0))
try:
    print(sys.argv[1].format(port=listener.getsockname()[1]), flush=True)
    signal.pause()
except KeyboardInterrupt:
    sys.exit(0)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_program_announces_its_port_and_exits_on_a_signal(
    tmp_path: Path, signum: signal.Signals
) -> None:
    (tmp_path / "prog.py").write_text(PROGRAM, encoding="utf-8")
    env = LocalEnvironment(tmp_path, ("prog",))
    net = make_net(env, {})
    try:
        program = net.program("prog", "LISTENING {port}")
        port = program.wait_listening()
        assert 0 < port < 65536 and program.port == port
        program.send_signal(signum)
        assert program.wait(5) == 0
    finally:
        net.close()


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        ("LISTENING on 4321", "must be exactly 'LISTENING <port>', got b'LISTENING on 4321\\n'"),
        ("LISTENING 1", "printed 'LISTENING 1', but it has no socket listening on port 1"),
        ("LISTENING 0", "must be exactly 'LISTENING <port>', got b'LISTENING 0\\n'"),
    ],
)
def test_a_wrong_first_line_is_named(tmp_path: Path, first_line: str, message: str) -> None:
    (tmp_path / "prog.py").write_text(PROGRAM, encoding="utf-8")
    env = LocalEnvironment(tmp_path, ("prog",))
    net = make_net(env, {})
    try:
        program = net.program("prog", first_line)
        with pytest.raises(AssertionError) as failure:
            program.wait_listening()
        assert message in str(failure.value)
    finally:
        net.close()


def test_a_program_that_crashes_first_shows_its_error_output(tmp_path: Path) -> None:
    (tmp_path / "prog.py").write_text("raise SystemExit('no port for you')\n", encoding="utf-8")
    env = LocalEnvironment(tmp_path, ("prog",))
    net = make_net(env, {})
    try:
        program = net.program("prog")
        with pytest.raises(AssertionError) as failure:
            program.wait_listening()
    finally:
        net.close()
    assert "ended (status 1) before printing 'LISTENING <port>'" in str(failure.value)
    assert "no port for you" in str(failure.value)


def test_a_program_that_ignores_signals_fails_the_wait_and_is_killed_at_teardown(
    tmp_path: Path,
) -> None:
    source = textwrap.dedent(
        """
        import signal, socket, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        listener = socket.create_server(("127.0.0.1", 0))
        print("LISTENING", listener.getsockname()[1], flush=True)
        while True:
            time.sleep(1)
        """
    )
    (tmp_path / "prog.py").write_text(source, encoding="utf-8")
    env = LocalEnvironment(tmp_path, ("prog",))
    net = make_net(env, {})
    try:
        program = net.program("prog")
        program.wait_listening()
        program.send_signal(signal.SIGTERM)
        with pytest.raises(AssertionError, match=r"prog\.py was still running after 0\.3 s"):
            program.wait(0.3)
    finally:
        net.close()


def test_a_reference_server_can_listen_on_ipv6_loopback() -> None:
    try:
        server = ReferenceServer(_Upper, host="::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    try:
        with LineClient(*server.address, timeout=5) as client:
            client.send_line("six")
            client.expect_line("SIX")
    finally:
        server.stop()


def test_an_unflushed_first_line_is_not_seen_while_the_program_runs(tmp_path: Path) -> None:
    source = "import time\nprint('LISTENING 1234')\ntime.sleep(30)\n"
    (tmp_path / "prog.py").write_text(source, encoding="utf-8")
    env = LocalEnvironment(tmp_path, ("prog",))
    net = make_net(env, {})
    try:
        program = net.program("prog")
        with pytest.raises(AssertionError, match=r"printed no first line within 0\.5 s"):
            program.wait_listening(timeout=0.5)
    finally:
        net.close()


def test_a_predicate_probe_that_raises_on_the_reply_counts_as_a_wrong_answer(
    reference: ReferenceServer,
) -> None:
    def strict(line: bytes) -> bool:
        raise UnicodeDecodeError("utf-8", line, 0, 1, "not text")

    problem = LineProbe(send=b"ping", expect=strict).check(reference.address, 2)
    assert problem == "b'ping\\n' was answered b'PING\\n'"


def test_a_reference_server_stops_while_a_client_keeps_its_connection_open() -> None:
    server = ReferenceServer(_Upper, threading_server=False)
    client = socket.create_connection(server.address, timeout=5)
    try:
        client.sendall(b"hold\n")
        assert client.recv(100) == b"HOLD\n"
        server.stop()  # the handler waits for a next line that never comes
        assert client.recv(100) == b""  # the connection was cut
        assert not [t for t in threading.enumerate() if t.name == "grader-reference-server"]
    finally:
        client.close()


def test_a_failing_step_of_teardown_does_not_skip_the_others(tmp_path: Path) -> None:
    (tmp_path / "prog.py").write_text(PROGRAM, encoding="utf-8")
    env = LocalEnvironment(tmp_path, ("prog",))
    net = make_net(env, {})
    program = net.program("prog", "LISTENING 1")
    reference = net.reference_server(_Upper)

    def broken() -> None:
        raise OSError("this step fails")

    net._served.append(type("S", (), {"close_clients": staticmethod(broken)})())  # type: ignore[arg-type]
    with pytest.raises(OSError, match="this step fails"):
        net.close(test_failed=False)
    assert program.wait(5) == -signal.SIGKILL
    with pytest.raises(OSError):
        socket.create_connection(reference, timeout=1)


def test_children_a_program_left_behind_are_killed_with_its_group(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """
        import pathlib, signal, socket, subprocess, sys
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        pathlib.Path("child.pid").write_text(str(child.pid))
        listener = socket.create_server(("127.0.0.1", 0))
        print("LISTENING", listener.getsockname()[1], flush=True)
        signal.pause()
        """
    )
    (tmp_path / "prog.py").write_text(source, encoding="utf-8")
    env = LocalEnvironment(tmp_path, ("prog",))
    net = make_net(env, {})
    program = net.program("prog")
    program.wait_listening()
    child = int((tmp_path / "child.pid").read_text())
    program.send_signal(signal.SIGTERM)
    assert program.wait(5) == 0
    net.close(test_failed=False)
    # The orphan was adopted by this (subreaper) process: it must have been killed.
    pidfd = os.pidfd_open(child)
    try:
        ready, _, _ = select.select([pidfd], [], [], 5)
    finally:
        os.close(pidfd)
    assert ready, "the program's child survived its teardown"
    assert os.waitpid(child, 0)[1] == signal.SIGKILL


def test_scratch_files_are_read_without_following_planted_links(
    env: LocalEnvironment, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden test source")
    net = make_net(env, {})
    try:
        scratch = net.scratch_dir()
        (scratch / "real.bin").write_bytes(b"data")
        (scratch / "sub").mkdir()
        (scratch / "sub" / "inner.bin").write_bytes(b"inner")
        (scratch / "link.bin").symlink_to(secret)
        (scratch / "linkdir").symlink_to(tmp_path)
        with net.open_scratch_file(scratch / "real.bin") as handle:
            assert handle.read() == b"data"
        with net.open_scratch_file(scratch / "sub" / "inner.bin") as handle:
            assert handle.read() == b"inner"
        for planted in ("link.bin", "linkdir/secret.txt"):
            with pytest.raises(AssertionError, match="cannot read"):
                net.open_scratch_file(scratch / planted)
    finally:
        net.close(test_failed=False)


# -- graded mode: the server inside the student's process -----------------------------------
@pytest.fixture
def remote_env(tmp_path: Path) -> Iterator[RemoteEnvironment]:
    (tmp_path / "upper.py").write_text(UPPER_SERVER, encoding="utf-8")
    environment = RemoteEnvironment(
        ProcessConfig(workdir=tmp_path, allowed_modules=("upper",), timeouts=Timeouts(call=5))
    )
    yield environment
    environment.close()


def test_a_server_that_stops_cleanly_keeps_its_student_process_for_the_next_test(
    remote_env: RemoteEnvironment,
) -> None:
    for round_trip in ("one", "two"):
        net = make_net(remote_env, {})
        served = net.serve(remote_env.module("upper").make_server, probe=PROBE)
        with served.client() as client:
            client.send_line(round_trip)
            client.expect_line(round_trip.upper())
        net.close(test_failed=False)
        remote_env.end_test()
    assert remote_env.process.starts == 1


def test_a_server_with_a_handler_that_never_returns_costs_its_process_at_teardown(
    remote_env: RemoteEnvironment,
) -> None:
    net = make_net(remote_env, {})
    served = net.serve(remote_env.module("upper").make_silent_server, probe=PROBE)
    client = served.client()
    client.send_line("anyone?")
    net.close(test_failed=False)
    pid = remote_env.process.pid
    remote_env.end_test()  # the handler thread outlives the grace period
    assert remote_env.process.pid is None
    assert pid is not None and not Path(f"/proc/{pid}").exists()
