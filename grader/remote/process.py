"""The trusted side's handle on one student process: start, call, time out, restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from grader import bootstrap
from grader.remote import wire
from grader.remote.child import HELLO
from grader.remote.errors import (
    CallTimeout,
    CannotImport,
    ChildDied,
    NotSubmitted,
    ProtocolViolation,
    SandboxFailed,
    StaleHandle,
    StudentCodeError,
    exception_from_wire,
)
from grader.remote.import_errors import (
    import_failure,
    not_submitted_message,
    see_above_message,
)
from grader.said import Said, said_of
from grader.sandbox import launch
from grader.sandbox.confinement import Confinement
from grader.sandbox.limits import counted_tasks, rlimits
from grader.sandbox.output import HeadTail, drain
from grader.settings import Timeouts

IMPORT_ATTEMPTS = 2
# How long a new student process may take to say it is ready (no student code has run
# yet: only a machine under heavy load or a failing sandbox takes long).
STARTUP_LIMIT_S = 30.0

# pytest leaves this module's frames out of failure reports: students see their
# test line and their own code, not the grader's plumbing.
__tracebackhide__ = True


@dataclass(frozen=True)
class ProcessConfig:
    """The student process of one grading: the runner builds it once, the job file
    carries it to the trusted pytest (:mod:`grader.plugin.job`), unchanged."""

    workdir: Path
    allowed_modules: tuple[str, ...]
    # The exercise's timeouts (course.yaml); the student process applies ``call``.
    timeouts: Timeouts = field(default_factory=Timeouts)
    # Who runs student code and how, with the exercise's limits (``confinement.limits``).
    confinement: Confinement = field(default_factory=Confinement)
    # Modules of the exercise the submission does not have: their tests fail at once
    # ("not submitted"), the others run as usual.
    missing_modules: tuple[str, ...] = ()


class StudentProcess:
    """One live student process at a time; a dead one is replaced on next use.

    Each replacement is a new *generation*; handles from an older generation are stale.
    Each module of the exercise is judged on its own: until it has been imported once,
    each failed import of it counts; after ``IMPORT_ATTEMPTS`` failures that module
    "cannot import" and every later request for it fails at once, while the exercise's
    other modules are still imported and tested. The reason is kept once, in
    :attr:`import_errors` (the exercise's message shows it); each test only says
    "cannot import NAME.py (see above)". A module the submission does not have is
    never asked for: its tests say "not submitted: NAME.py".
    """

    def __init__(self, config: ProcessConfig) -> None:
        self.config = config
        self.output = HeadTail(config.confinement.limits.output_kb * 1024)
        self.generation = 0
        # module -> why it cannot be imported (given up after IMPORT_ATTEMPTS failures).
        self.cannot_import: dict[str, str] = {}
        # module -> why its last failed import failed, for every module that ever failed.
        self.import_errors: dict[str, str] = {}
        self._failures_before_import: dict[str, int] = {}
        self._ever_imported: set[str] = set()
        self._popen: launch.StudentPopen | None = None
        self._sock: socket.socket | None = None
        self._buffer = bytearray()
        self._next_id = 0
        self._modules: dict[str, int] = {}
        self._release_pending = False
        self._drains: list[threading.Thread] = []
        self._ready = False
        self.starts = 0

    # -- life cycle -------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        return self._popen is not None and self._popen.poll() is None and self._sock is not None

    def _start(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        argv = bootstrap.student_process_argv(
            interpreter=self._interpreter(), fd=child.fileno(), sandbox=self._sandbox()
        )
        try:
            popen = self._spawn(argv, stderr=subprocess.STDOUT, pass_fds=(child.fileno(),))
        finally:
            child.close()
        assert popen.popen.stdout is not None
        self._drains.append(drain(popen.popen.stdout, self.output))
        self._popen, self._sock = popen, parent
        self._ready = False
        self._buffer.clear()
        self._modules.clear()
        self._release_pending = False
        self.generation += 1
        self.starts += 1

    def _interpreter(self) -> str:
        return self.config.confinement.interpreter or sys.executable

    def _sandbox(self) -> dict[str, Any]:
        """What the student-side bootstraps need: the folder and the limits to apply."""
        confinement = self.config.confinement
        uid = os.geteuid() if confinement.uid is None else confinement.uid
        others = counted_tasks(
            uid,
            sandboxed=confinement.bubblewrap is not None,
            own_user=confinement.uid is not None,
        )
        limits = rlimits(confinement.limits, uid, counted_tasks=others)
        return {"workdir": str(self.config.workdir), "limits": limits}

    def _spawn(self, argv: list[str], **pipes: Any) -> launch.StudentPopen:
        return launch.spawn(
            argv, workdir=self.config.workdir, confinement=self.config.confinement, **pipes
        )

    @property
    def pid(self) -> int | None:
        """The pid (as the grader sees it) of the live student process, found by the
        trusted side, never asked of the student."""
        return self._popen.host_pid() if self.alive and self._popen is not None else None

    @property
    def pid_seen_by_student(self) -> int | None:
        """The same process's pid as student code sees it (``os.getpid()``), which
        differs inside a pid namespace."""
        return self._popen.pid_seen_by_student() if self.alive and self._popen else None

    def start_program(self, path: Path, args: list[str]) -> launch.StudentPopen:
        """Run the student's file ``path`` as a program, with the student process's
        limits, user, folder and environment, in its own session; stdout and stderr are
        pipes for the caller."""
        argv = bootstrap.student_program_argv(
            interpreter=self._interpreter(), sandbox=self._sandbox(), path=path, args=args
        )
        return self._spawn(argv, stderr=subprocess.PIPE)

    def kill(self) -> None:
        """Kill the student process and its process group; reap it."""
        popen, sock = self._popen, self._sock
        self._popen, self._sock = None, None
        if sock is not None:
            sock.close()
        if popen is not None:
            popen.kill()
            # popen.stdout is closed by its drain thread when the pipe ends: closing it
            # here would block for as long as a surviving daemon holds the pipe open.

    def wait_for_output(self, timeout: float = 2.0) -> None:
        """Wait until everything the student processes printed has been read (their
        pipes end when the last process holding them is gone)."""
        deadline = time.monotonic() + timeout
        for thread in self._drains:
            thread.join(max(0.0, deadline - time.monotonic()))

    def prestart(self) -> None:
        """Start the interpreter early (no student code runs until the first import),
        so its start-up overlaps the collection of the tests."""
        if not self.alive and self.importable_modules():
            self.kill()
            self._start()

    def release_later(self) -> None:
        """Forget the objects of the finished test with the next request (saves a round trip)."""
        self._release_pending = True

    def _exit_description(self) -> str:
        popen = self._popen
        if popen is None:
            return Said("engine.process_gone")
        try:
            code = popen.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return Said("engine.channel_closed")
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            at_limit = name in {"SIGKILL", "SIGXCPU", "SIGSEGV"}
            return Said("engine.killed_at_limit" if at_limit else "engine.killed", signal=name)
        return Said("engine.exited", code=code)

    # -- requests ---------------------------------------------------------------------
    def request(self, op: str, *, timeout: float | None = None, **fields: Any) -> Any:
        """Send one request and wait for its answer; raise what the student raised."""
        if self._sock is None:
            raise StaleHandle(Said("engine.restarted"))
        self._next_id += 1
        message = {"id": self._next_id, "op": op, **fields}
        if self._release_pending:
            message["release_first"] = True
            self._release_pending = False
        try:
            data = wire.dumps(message)
        except wire.NotPlain as exc:
            raise ValueError(Said("engine.cannot_send", problem=said_of(exc))) from None
        limit = self.config.timeouts.call if timeout is None else timeout
        if not self._ready:
            self._await_hello()
        try:
            self._sock.sendall(data)
            reply = self._receive(self._next_id, limit, describe=op)
        except StudentCodeError:
            raise
        except BaseException:
            # Interrupted (pytest-timeout, Ctrl-C) while the student was busy: its state
            # is unknown, so it must not serve the next test.
            self.kill()
            raise
        if "err" in reply:
            raise exception_from_wire(reply["err"])
        return reply.get("ok")

    def _await_hello(self) -> None:
        """The new process's first message, sent before any student code runs."""
        try:
            message = self._receive(0, STARTUP_LIMIT_S, describe="start-up")
        except StudentCodeError as exc:
            self.wait_for_output(1.0)
            said = self.output.snapshot().text.strip()[-500:]
            raise SandboxFailed(Said("engine.did_not_start", why=said or said_of(exc))) from None
        if message.get("ok") != HELLO:
            self._fail_protocol(Said("engine.first_not_hello"))
        self._ready = True

    def _receive(self, request_id: int, limit: float, describe: str) -> dict[str, Any]:
        sock = self._sock
        assert sock is not None
        deadline = time.monotonic() + limit
        while True:
            message = self._take_message()
            if message is not None:
                if message.get("id") != request_id:
                    self._fail_protocol(Said("engine.unasked_answer"))
                return message
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise TimeoutError
                sock.settimeout(remaining)
                chunk = sock.recv(1 << 20)
            except TimeoutError:
                self.kill()
                raise CallTimeout(
                    Said("engine.call_timeout", limit=f"{limit:g}", request=describe),
                    limit_s=limit,
                ) from None
            if not chunk:
                description = self._exit_description()
                self.kill()
                raise ChildDied(description)
            self._buffer += chunk

    def _take_message(self) -> dict[str, Any] | None:
        if len(self._buffer) < wire.HEADER_SIZE:
            return None
        try:
            size = wire.read_header(bytes(self._buffer[: wire.HEADER_SIZE]))
        except wire.ProtocolError as exc:
            self._fail_protocol(said_of(exc))
        end = wire.HEADER_SIZE + size
        if len(self._buffer) < end:
            return None
        body = bytes(self._buffer[wire.HEADER_SIZE : end])
        del self._buffer[:end]
        try:
            return wire.loads(body)
        except wire.ProtocolError as exc:
            self._fail_protocol(said_of(exc))

    def _fail_protocol(self, problem: str) -> NoReturn:
        self.kill()
        raise ProtocolViolation(Said("engine.invalid_answer", problem=problem))

    # -- modules ----------------------------------------------------------------------
    def importable_modules(self) -> tuple[str, ...]:
        """The exercise's modules that were submitted and not given up on, in order."""
        config = self.config
        return tuple(
            name
            for name in config.allowed_modules
            if name not in config.missing_modules and name not in self.cannot_import
        )

    def ensure_module(self, name: str) -> tuple[int, int]:
        """(generation, handle) of the imported module ``name``, starting if needed."""
        if name not in self.config.allowed_modules:
            raise CannotImport(Said("engine.not_exercise_file", module=f"{name}.py"))
        if name in self.config.missing_modules:
            raise NotSubmitted(not_submitted_message(name))
        if name in self.cannot_import:
            raise CannotImport(see_above_message(name))
        if not self.alive:
            self.kill()
            self._start()
        handle = self._modules.get(name)
        if handle is not None:
            return self.generation, handle
        try:
            encoded = self.request("import", module=name)
        except SandboxFailed:
            raise
        except Exception as exc:
            if name not in self._ever_imported:
                failures = self._failures_before_import.get(name, 0) + 1
                self._failures_before_import[name] = failures
                reason = import_failure(name, exc, self.config.workdir)
                self.import_errors[name] = reason
                # The failed import may have left the process in any state: the next
                # request (for this module or another) starts a fresh one.
                self.kill()
                if failures >= IMPORT_ATTEMPTS:
                    self.cannot_import[name] = reason
                raise CannotImport(see_above_message(name)) from None
            raise
        if type(encoded) is not dict or type(encoded.get("H")) is not int:
            self._fail_protocol(Said("engine.no_module_handle"))
        self._ever_imported.add(name)
        self._modules[name] = encoded["H"]
        return self.generation, encoded["H"]
