"""Resource limits and the scrubbed environment of every student process."""

from __future__ import annotations

import os
from dataclasses import dataclass

_MIB = 1024 * 1024
# Tasks left for other gradings that run student code as the same user at the same time.
SHARED_USER_HEADROOM = 512


@dataclass(frozen=True)
class ProcessLimits:
    memory_mb: int = 2048
    cpu_s: int = 120
    open_files: int = 256
    processes: int = 64
    file_size_mb: int = 2048
    # The student's working folder and private /tmp, where the grading has them in
    # memory (tmpfs): each holds at most this much.
    disk_mb: int = 1024

    def as_rlimits(self, uid: int, *, own_user: bool) -> dict[str, int]:
        """rlimit name -> value for a student process running as ``uid`` to apply before
        any student code; ``own_user``: no other grading runs as ``uid``.

        The process-count limit is only meaningful for an unprivileged user: the kernel
        does not enforce RLIMIT_NPROC for root (measured), so root relies on the
        supervisor's cleanup instead.
        """
        limits = {
            "as": self.memory_mb * _MIB,
            "cpu": self.cpu_s,
            "nofile": self.open_files,
            "core": 0,
            "fsize": self.file_size_mb * _MIB,
        }
        if uid != 0:
            # The limit counts every task (process or thread) of the user, so leave room
            # for the ones already running (the sandbox's own, or the grader's when it
            # runs student code as itself) and, when the user is shared, for those that
            # other gradings as the same user may start meanwhile: without it, a busy
            # neighbour's server threads would make this one's fail to start.
            headroom = 0 if own_user else SHARED_USER_HEADROOM
            limits["nproc"] = self.processes + _tasks_of(uid) + headroom
        return limits


def _tasks_of(uid: int) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
    return count


def student_environment(workdir: str) -> dict[str, str]:
    """The whole environment of a student process: nothing of the grader's leaks in."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        # glibc reserves an arena per thread; with RLIMIT_AS this decides how many
        # server threads fit (measured: 14 threads at 512 MiB without it, 54 with it).
        "MALLOC_ARENA_MAX": "2",
    }


def trusted_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment of the trusted pytest process: plugin autoload off, no user options."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env
