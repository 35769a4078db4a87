"""Starting a process that runs student code, and knowing it afterwards.

Every process that runs student code (the student process, a student program) starts
here: in the student's folder and environment, as the student's user, in a session of
its own, inside bubblewrap when the grading uses it. A sandboxed process has a pid
namespace of its own, so its pid outside (for signals and ``/proc``) differs from the
pid student code sees (``os.getpid()``): :class:`StudentPopen` knows both.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from grader.sandbox import bubblewrap
from grader.sandbox.confinement import Confinement
from grader.sandbox.limits import student_environment

# In a new pid namespace, bubblewrap's init is pid 1 and the command it runs is pid 2.
_SANDBOXED_PID = 2


def _nspids(pid: int) -> list[int]:
    """The pid of ``pid`` in each nested pid namespace, outermost first."""
    with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
        for line in status:
            if line.startswith("NSpid:"):
                return [int(part) for part in line.split()[1:]]
    return [pid]


def _is_sandboxed_main(pid: int) -> bool:
    """Whether ``pid`` is the command bubblewrap runs: pid 2 of a namespace of its own."""
    try:
        pids = _nspids(pid)
    except (OSError, ValueError):
        return False
    return len(pids) > 1 and pids[-1] == _SANDBOXED_PID


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found += [int(part) for part in children.read().split()]
    return found


class StudentPopen:
    """A started process that runs student code."""

    def __init__(self, popen: subprocess.Popen[bytes], *, sandboxed: bool) -> None:
        self.popen = popen
        self.sandboxed = sandboxed
        self._host_pid: int | None = None if sandboxed else popen.pid

    def host_pid(self) -> int | None:
        """The pid (as the grader sees it) of the process running the student's code,
        or None once the process started has ended. Inside bubblewrap, that is the
        descendant of the sandbox that is pid 2 of its namespace (bubblewrap's init is
        pid 1; an orphan that init adopted has another pid there)."""
        if self.popen.poll() is not None:
            return None
        if self._host_pid is None:
            pending = [self.popen.pid]
            for _ in range(3):  # bwrap -> its init -> the command
                pending = [child for pid in pending for child in _children(pid)]
                for pid in pending:
                    if _is_sandboxed_main(pid):
                        self._host_pid = pid
                        return pid
        return self._host_pid

    def pid_seen_by_student(self) -> int | None:
        """The pid student code itself sees for its process (``os.getpid()``)."""
        pid = self.host_pid()
        if pid is None or not self.sandboxed:
            return pid
        try:
            return _nspids(pid)[-1]
        except (OSError, ValueError):
            return None

    def send_signal(self, signum: int) -> None:
        """Signal the process running the student's code, through a pidfd: if it has
        ended meanwhile, no other process that got its pid is signalled."""
        pid = self.host_pid()
        if pid is None:
            return
        try:
            handle = os.pidfd_open(pid)
        except OSError:
            return  # ended
        try:
            # The pidfd holds whatever process has the pid now: inside bubblewrap the
            # student's ended process could have been reaped and its pid reused, so
            # it must still be pid 2 of a namespace (the process started here is not
            # reaped while it lives: popen.pid cannot be reused).
            if not self.sandboxed or _is_sandboxed_main(pid):
                signal.pidfd_send_signal(handle, signum)
        except (ProcessLookupError, OSError):
            pass
        finally:
            os.close(handle)

    def _status(self, code: int) -> int:
        return bubblewrap.exit_status(code) if self.sandboxed else code

    def poll(self) -> int | None:
        code = self.popen.poll()
        return None if code is None else self._status(code)

    def wait(self, timeout: float | None = None) -> int:
        return self._status(self.popen.wait(timeout=timeout))

    def kill(self) -> None:
        """Kill the process and its process group (inside bubblewrap: the sandbox, and
        with it every process in it); reap it."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.popen.kill()
        self.popen.wait()


def spawn(
    argv: Sequence[str], *, workdir: Path, confinement: Confinement, **pipes: Any
) -> StudentPopen:
    """Start ``argv`` (the interpreter first) as student code runs; ``pipes`` add the
    stdout/stderr/fd plumbing."""
    identity: dict[str, Any] = {}
    if confinement.uid is not None:
        identity = {"user": confinement.uid, "group": confinement.gid, "extra_groups": []}
    command = list(argv)
    if confinement.bubblewrap is not None:
        command = bubblewrap.command(
            confinement.bubblewrap,
            workdir=workdir,
            readonly=confinement.readonly,
            tmp_mb=confinement.limits.disk_mb,
            argv=argv,
        )
    popen = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        cwd=workdir,
        env=student_environment(str(workdir)),
        start_new_session=True,
        **identity,
        **pipes,
    )
    return StudentPopen(popen, sandboxed=confinement.bubblewrap is not None)
