"""Runs one trusted pytest process for one exercise and leaves nothing behind.

The trusted pytest makes itself a child subreaper (see ``grader.plugin``), so every
process a student starts, double-forked daemons included, stays in its tree; it kills
that tree when it finishes. When the exercise's wall-clock limit passes first, the
supervisor kills that tree itself (still intact: pytest is alive and adopting), then
pytest. Finally it sweeps anything that was re-parented to the grader's own process,
which happens only if pytest died abnormally.

One exercise is supervised at a time per grader process; parallel grading runs several
grader worker processes.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from grader.sandbox.hardening import become_subreaper, forbid_inspection
from grader.sandbox.reaper import kill_descendants


@dataclass(frozen=True)
class Supervised:
    returncode: int
    wall_timeout: bool
    leftover_processes: int  # killed by the supervisor's sweeps


class Forked:
    """A child forked from this (warm) process that runs ``main`` and exits with its
    status, with what ``subprocess.Popen`` would have given it: its own session, stdin
    from /dev/null, stdout and stderr to the log, only ``pass_fds`` kept open, ``cwd``
    and exactly ``env``. It waits like a Popen."""

    def __init__(
        self,
        main: Callable[[], int],
        *,
        log: Path,
        cwd: Path,
        env: dict[str, str],
        pass_fds: Sequence[int],
    ) -> None:
        log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            pid = os.fork()
            if pid == 0:  # pragma: no cover (the child ends in os._exit)
                _run_forked(main, log_fd=log_fd, cwd=cwd, env=env, pass_fds=pass_fds)
        finally:
            os.close(log_fd)
        self.pid = pid
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if timeout is not None:
                handle = os.pidfd_open(self.pid)
                try:
                    ready, _, _ = select.select([handle], [], [], timeout)
                finally:
                    os.close(handle)
                if not ready:
                    raise subprocess.TimeoutExpired(["forked"], timeout)
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def _run_forked(
    main: Callable[[], int], *, log_fd: int, cwd: Path, env: dict[str, str], pass_fds: Sequence[int]
) -> None:
    code = 70  # EX_SOFTWARE: the child failed before its main returned
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        keep = sorted({0, 1, 2, *pass_fds})
        for low, high in zip(keep, [*keep[1:], os.sysconf("SC_OPEN_MAX")], strict=True):
            os.closerange(low + 1, high)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        code = main()
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


class Started(Protocol):
    """A started trusted pytest, waited for like a Popen."""

    pid: int

    def wait(self, timeout: float | None = None) -> int: ...

    def kill(self) -> None: ...


@runtime_checkable
class Launcher(Protocol):
    """Something that starts the trusted pytest itself (a zygote: see
    :mod:`grader.sandbox.zygote`), with what a Popen would give it."""

    def start(
        self, *, log: Path, cwd: Path, env: dict[str, str], pass_fds: Sequence[int]
    ) -> Started: ...


def run_supervised(
    launch: Sequence[str] | Callable[[], int] | Launcher,
    *,
    wall_s: float,
    log: Path,
    cwd: Path,
    env: dict[str, str],
    pass_fds: Sequence[int] = (),
    on_start: Callable[[], None] = lambda: None,
    spare: Collection[int] = (),
) -> Supervised:
    """Run ``launch`` (an argv, a function to run in a child forked from this warm
    process, or a :class:`Launcher`) under the supervision above; ``on_start`` is
    called once it has started (a fork must happen before this process starts threads
    of its own). The final sweep of this process's descendants leaves the ``spare``
    processes and theirs (a worker's zygotes)."""
    become_subreaper()
    forbid_inspection()
    process: subprocess.Popen[bytes] | Started
    if isinstance(launch, Launcher):
        process = launch.start(log=log, cwd=cwd, env=env, pass_fds=pass_fds)
    elif callable(launch):
        process = Forked(launch, log=log, cwd=cwd, env=env, pass_fds=pass_fds)
    else:
        with log.open("wb") as log_stream:
            process = subprocess.Popen(
                list(launch),
                stdin=subprocess.DEVNULL,
                stdout=log_stream,
                stderr=subprocess.STDOUT,
                pass_fds=tuple(pass_fds),
                cwd=cwd,
                env=env,
                start_new_session=True,
            )
    for fd in pass_fds:
        os.close(fd)
    on_start()
    wall_timeout = False
    leftovers = 0
    try:
        returncode = process.wait(timeout=wall_s)
    except subprocess.TimeoutExpired:
        wall_timeout = True
        # Freeze pytest first: past the limit it must record nothing more (it would
        # report the student process killed next as a crash, not as a timeout).
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGSTOP)
        leftovers += kill_descendants(process.pid)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        returncode = process.wait()
    except BaseException:
        kill_descendants(process.pid)
        process.kill()
        process.wait()
        raise
    leftovers += kill_descendants(spare=spare)
    return Supervised(
        returncode=returncode,
        wall_timeout=wall_timeout,
        leftover_processes=leftovers,
    )
