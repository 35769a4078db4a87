"""The ``net`` fixture's object: student servers, clients, programs and their teardown.

A wedged server must cost one client timeout per exercise, not one per test: when a
client of a test timed out, the same server is probed with a fresh connection after
the test's clients are closed; if the probe gets not a single byte back, every later
``serve`` of the exercise fails at once with that reason. A server that answers is never
declared dead, however wrong its answer: each of its behaviours is reported by its own
test. A bug in one path of an otherwise healthy server costs only its own tests; a
server whose probe reply has no line end (the lesson's ``sendall(data.upper())``) is
still served, but its later clients fail a reply line that has not ended within
``LINE_END_GRACE`` of its first byte instead of waiting a whole timeout for each.
"""

from __future__ import annotations

import shutil
import socketserver
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from grader.harness import kernel
from grader.harness.clients import LineClient, Peer
from grader.harness.datagrams import DatagramClient
from grader.harness.dead import DeadServer, ServerStoppedAnswering
from grader.harness.files import open_below
from grader.harness.probes import (
    Address,
    LineProbe,
    Probe,
    ProbeOutcome,
    is_loopback,
    matches,
    server_address,
)
from grader.harness.programs import Program
from grader.harness.reference import ReferenceServer
from grader.harness.student_sockets import connect_student_socket
from grader.remote.errors import CallTimeout, StudentCodeError
from grader.said import Said, said_of

if TYPE_CHECKING:  # the plugin imports this module: no cycle at run time
    from grader.plugin.environments import StudentEnvironment

PROBE_TIMEOUT = 2.0
# A server whose probe reply had no line end: how long its later replies may take to
# end their line once their first byte has arrived.
LINE_END_GRACE = 0.5
CLIENT_TIMEOUT_CAP = 5.0
PROGRAM_OUTPUT_CAP = 64 * 1024

# pytest leaves this module's frames out of failure reports.
__tracebackhide__ = True


class Served:
    """A student server that is serving for the current test."""

    def __init__(
        self,
        server: Any,
        address: Address,
        *,
        probe: Probe | None,
        timeout: float,
        group: str,
        line_end_grace: float | None = None,
    ) -> None:
        self.server = server
        self.address = address
        self.probe = probe
        self.timeout = timeout
        self.group = group  # the dead-server rule's key
        # Set when the group's probe got a reply without a line end (see LINE_END_GRACE).
        self.line_end_grace = line_end_grace
        self.timed_out: str | None = None
        self._clients: list[LineClient | DatagramClient] = []

    @property
    def port(self) -> int:
        if isinstance(self.address, str):
            raise AttributeError("a Unix socket server has no port")
        return self.address[1]

    @property
    def backlog(self) -> int:
        """The student's listen backlog (``request_queue_size``, 5 by default)."""
        size = self.server.request_queue_size
        return size if type(size) is int and size > 0 else 5

    def _note_timeout(self, what: str) -> None:
        self.timed_out = self.timed_out or what

    def client(self, *, timeout: float | None = None) -> LineClient:
        """A new connection to the server (TCP or Unix, as the server listens)."""
        limit = self.timeout if timeout is None else timeout
        grace = None if self.line_end_grace is None else min(self.line_end_grace, limit)
        if isinstance(self.address, str):
            client = LineClient.unix(
                self.address, timeout=limit, on_timeout=self._note_timeout, line_end_grace=grace
            )
        else:
            host, port = self.address
            client = LineClient(
                host, port, timeout=limit, on_timeout=self._note_timeout, line_end_grace=grace
            )
        self._clients.append(client)
        return client

    def clients(self, count: int, *, timeout: float | None = None) -> list[LineClient]:
        """``count`` open connections, connected in waves no larger than the backlog.

        With a :class:`LineProbe`, each client of a wave exchanges the probe line
        before the next wave connects, which proves that the server accepted it.
        """
        if not isinstance(self.probe, LineProbe) and count > self.backlog:
            raise ValueError(f"{count} clients exceed the backlog of {self.backlog}")
        opened: list[LineClient] = []
        while len(opened) < count:
            size = min(self.backlog, count - len(opened))
            wave = [self.client(timeout=timeout) for _ in range(size)]
            if isinstance(self.probe, LineProbe):
                for client in wave:
                    client.send_line(self.probe.send)
                for number, client in enumerate(wave, start=len(opened) + 1):
                    expected = Said(
                        "harness.expect.each",
                        line=repr(self.probe.send),
                        count=count,
                        number=number,
                    )
                    line = client.read_line(expected=expected, limit=1 << 16)
                    if line is None or not matches(self.probe.expect, line):
                        raise AssertionError(
                            client.transcript.failure(
                                expected=expected,
                                got=client.unfinished if line is None else line,
                                reason=""
                                if line is not None
                                else Said("harness.reason.closed.server"),
                            )
                        )
            opened += wave
        return opened

    def datagram_client(self, *, timeout: float | None = None) -> DatagramClient:
        if isinstance(self.address, str):
            raise TypeError("datagram clients need a (host, port) server")
        client = DatagramClient(
            self.address,
            timeout=self.timeout if timeout is None else timeout,
            on_timeout=self._note_timeout,
        )
        self._clients.append(client)
        return client

    def close_clients(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()


class Net:
    """Everything a network test needs; torn down by :meth:`close` after each test."""

    def __init__(
        self, env: StudentEnvironment, *, test_name: str, dead: dict[str, DeadServer], key: str
    ) -> None:
        self.env = env
        self.test_name = test_name
        self.timeout = min(float(env.call_timeout), CLIENT_TIMEOUT_CAP)
        self._dead = dead  # module:group -> what the probe found (wedged or no line ends)
        self._key = key
        self._served: list[Served] = []
        self._peers: list[tuple[Any, Peer]] = []
        self._programs: list[Program] = []
        self._references: list[ReferenceServer] = []
        self._scratch: list[Path] = []
        self._connections: list[LineClient] = []

    # -- student servers --------------------------------------------------------------
    def serve(
        self,
        factory: Callable[..., Any],
        *args: Any,
        probe: Probe | None = None,
        group: str | None = None,
        **kwargs: Any,
    ) -> Served:
        """Create a student server with ``factory(*args, **kwargs)`` and serve it.

        ``group`` names the kind of server for the dead-server rule (default: the
        factory's name), so a wedged UDP server does not condemn the TCP server of the
        same module.
        """
        key = self._group_key(factory.__name__ if group is None else group)
        self._fail_if_dead(key)
        try:
            server = factory(*args, **kwargs)
        except CallTimeout as exc:
            self._dead[key] = DeadServer(
                reason=Said("harness.dead.creating", test=self.test_name, error=said_of(exc)),
                summary=Said("harness.dead.summary_creating", limit=f"{self.env.call_timeout:g}"),
                limit_s=float(self.env.call_timeout),
            )
            raise
        return self._serve(server, probe=probe, key=key)

    def serve_instance(self, server: Any, *, group: str, probe: Probe | None = None) -> Served:
        """Serve a server the test created itself (e.g. after connecting to it).
        ``group`` is the name of the factory that made it (as :meth:`serve` uses), so
        that both are judged together by the dead-server rule."""
        key = self._group_key(group)
        self._fail_if_dead(key)
        return self._serve(server, probe=probe, key=key)

    def _serve(self, server: Any, *, probe: Probe | None, key: str) -> Served:
        address = server_address(server)
        self._check_held(address)
        known = self._dead.get(key)  # a server that answers without line ends
        served = Served(
            server,
            address,
            probe=probe,
            timeout=self.timeout,
            group=key,
            line_end_grace=LINE_END_GRACE if known and not known.wedged else None,
        )
        self._served.append(served)
        self.env.serve(server)
        return served

    def _check_held(self, address: Address) -> None:
        """The trusted clients connect only where the student's own process listens, on
        loopback: never to an address the student merely reports (another grading's
        server, a host elsewhere, any Unix socket the grader could open)."""
        pid = int(self.env.student_host_pid())
        if isinstance(address, str):
            if not kernel.holds_unix_path(pid, address):
                raise AssertionError(Said("harness.address.unix_not_held", address=repr(address)))
            return
        host, port = address
        if not is_loopback(host):
            raise AssertionError(Said("harness.address.not_loopback", address=repr(address)))
        if not kernel.holds_port(pid, port):
            raise AssertionError(
                Said("harness.address.port_not_held", address=repr(address), port=port)
            )

    def _group_key(self, group: object) -> str:
        return f"{self._key}:{group}"

    def _fail_if_dead(self, key: str) -> None:
        dead = self._dead.get(key)
        if dead is not None and dead.wedged:
            raise ServerStoppedAnswering(dead)

    # -- sockets, programs, reference servers, files, memory -----------------------------
    def student_socket(
        self, *, max_recv: int | None = None, max_send: int | None = None
    ) -> tuple[Any, Peer]:
        """A connected socket in the student's process and its trusted peer."""
        pair = connect_student_socket(
            self.env, max_recv=max_recv, max_send=max_send, timeout=self.timeout
        )
        self._peers.append(pair)
        return pair

    def program(self, module: str, *args: str) -> Program:
        """Run the student's ``module`` as a program with ``args``."""
        popen = self.env.start_program(module, list(args))
        program = Program(
            popen, name=f"{module}.py", output_cap=PROGRAM_OUTPUT_CAP, holds_port=kernel.holds_port
        )
        self._programs.append(program)
        return program

    def reference_server(
        self,
        handler_class: type[socketserver.BaseRequestHandler],
        *,
        threading: bool = True,
        host: str = "127.0.0.1",
    ) -> tuple[str, int]:
        """Serve a trusted handler on the trusted side (``host`` may be ``"::1"``);
        its (host, port)."""
        reference = ReferenceServer(handler_class, threading_server=threading, host=host)
        self._references.append(reference)
        return reference.address

    def scratch_dir(self) -> Path:
        """A fresh folder the student's code may write and the test may read."""
        path: Path = self.env.scratch_dir()
        self._scratch.append(path)
        return path

    def open_scratch_file(self, path: Path) -> BinaryIO:
        """Open a file the student's code wrote in a scratch folder, for reading,
        without following links: the student must not make the trusted side read
        somewhere else (e.g. a hidden test) through a planted symlink."""
        root = next((d for d in self._scratch if path.is_relative_to(d)), None)
        if root is None:
            raise ValueError(f"{path} is not in a scratch folder of this test")
        return open_below(root, path.relative_to(root))

    def connect(self, port: int, *, host: str = "127.0.0.1") -> LineClient:
        """A client of a server the test started some other way (e.g. a program);
        closed at teardown."""
        client = LineClient(host, port, timeout=self.timeout)
        self._connections.append(client)
        return client

    def student_pid(self) -> int:
        """The pid of the process that runs the student's code, as that code sees it
        (``os.getpid()`` there; it differs from the trusted side's view in a sandbox)."""
        return int(self.env.student_pid())

    def bound_address(
        self, port: int, *, protocol: str = "tcp", program: Program | None = None
    ) -> tuple[str, int]:
        """The real local ``(host, port)`` of the student's listening TCP socket on
        ``port`` (``protocol="udp"``: its bound UDP socket), read on the trusted side from
        the kernel, never from the student's ``server_address``. ``program``: the
        sockets of that student program instead of the student's process. Fails the test
        when no socket, or more than one, of that process is on ``port``."""
        pid = self.env.student_host_pid() if program is None else program.pid
        if pid is None:
            raise AssertionError(Said("harness.program.not_running"))
        return kernel.bound_address(int(pid), port, protocol)

    def student_threads(self) -> frozenset[int]:
        """The kernel ids of the threads of the student's process now (however they were
        started), read on the trusted side."""
        return kernel.threads(int(self.env.student_host_pid()))

    def threads_left(self, before: frozenset[int], *, within: float = 0.0) -> int:
        """How many threads of the student's process that are not in ``before`` still
        run, after waiting up to ``within`` seconds for them to end."""
        pid = int(self.env.student_host_pid())
        deadline = time.monotonic() + within
        while True:
            extra = kernel.threads(pid) - before
            if not extra or time.monotonic() >= deadline:
                return len(extra)
            time.sleep(0.005)  # polling with a deadline: the kernel offers no "ended" event

    def reset_peak_memory(self) -> None:
        """Start measuring peak resident memory of the student's process from now."""
        Path(f"/proc/{self.env.student_host_pid()}/clear_refs").write_text("5")

    def peak_memory_mb(self) -> float:
        """Peak resident memory (MiB) of the student's process since the last reset."""
        status = Path(f"/proc/{self.env.student_host_pid()}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM line in /proc/PID/status")

    # -- teardown ---------------------------------------------------------------------
    def close(self, *, test_failed: bool = True) -> None:
        """Close clients; if the test failed, probe servers whose clients timed out;
        stop everything else. Every step runs even when an earlier one fails."""
        steps: list[Callable[[], object]] = [served.close_clients for served in self._served]
        steps += [client.close for client in self._connections]
        if test_failed:
            steps += [partial(self._probe_after_timeout, served) for served in self._served]
        for student_sock, peer in self._peers:
            steps += [peer.close, partial(_close_student_socket, student_sock)]
        steps += [program.kill for program in self._programs]
        steps += [reference.stop for reference in self._references]
        steps += [partial(shutil.rmtree, path, ignore_errors=True) for path in self._scratch]
        errors: list[BaseException] = []
        for step in steps:
            try:
                step()
            except Exception as exc:
                errors.append(exc)
        if errors:
            raise errors[0]

    def _probe_after_timeout(self, served: Served) -> None:
        """The dead-server rule: only a server that gives the probe not a single byte
        is wedged. One that answers, however wrongly, is served again (each behaviour
        reported by its own test); one whose reply had no line end is remembered, so
        that its later clients do not wait a whole timeout for each line end."""
        known = self._dead.get(served.group)
        if served.timed_out is None or served.probe is None or (known and known.wedged):
            return
        result = served.probe.run(served.address, min(PROBE_TIMEOUT, served.timeout))
        if result.outcome is ProbeOutcome.SILENT:
            self._dead[served.group] = DeadServer(
                reason=Said(
                    "harness.dead.silent",
                    test=self.test_name,
                    what=served.timed_out,
                    problem=result.problem or "",
                ),
                summary=Said("harness.dead.summary_silent", limit=f"{served.timeout:g}"),
                limit_s=served.timeout,
            )
        elif result.outcome is ProbeOutcome.UNTERMINATED and known is None:
            self._dead[served.group] = DeadServer(
                reason=Said(
                    "harness.dead.no_line_end",
                    test=self.test_name,
                    what=served.timed_out,
                    problem=result.problem or "",
                ),
                summary=Said("harness.dead.summary_no_line_end"),
                limit_s=served.timeout,
                wedged=False,
            )


def _close_student_socket(sock: Any) -> None:
    try:
        sock.close()
    except (StudentCodeError, AssertionError):
        pass  # the student's process is gone, and its sockets with it
