"""Resource limits and the scrubbed environment of every student process."""

from __future__ import annotations

import os

from grader.settings import Limits

_MIB = 1024 * 1024
# Tasks left for other gradings that run student code as the same user at the same time.
SHARED_USER_HEADROOM = 512
# The largest file a student process may write (course.yaml does not set it).
FILE_SIZE_MB = 2048


def rlimits(limits: Limits, uid: int, *, counted_tasks: int) -> dict[str, int]:
    """rlimit name -> value for a student process running as ``uid`` to apply before
    any student code; ``counted_tasks``: tasks that count against the process limit
    but are not the student's (see :func:`counted_tasks`).

    The process-count limit is only meaningful for an unprivileged user: the kernel
    does not enforce RLIMIT_NPROC for root (measured), so root relies on the
    supervisor's cleanup instead.
    """
    values = {
        "as": limits.memory_mb * _MIB,
        "cpu": limits.cpu_s,
        "nofile": limits.open_files,
        "core": 0,
        "fsize": FILE_SIZE_MB * _MIB,
    }
    if uid != 0:
        values["nproc"] = limits.processes + counted_tasks
    return values


def counted_tasks(uid: int, *, sandboxed: bool, own_user: bool) -> int:
    """The tasks (processes or threads) that RLIMIT_NPROC counts besides the student's.

    Inside bubblewrap's user namespace the kernel counts only the tasks of that
    namespace (measured): its init and nothing else, whoever else runs as the same user.
    A user id of the grading's own counts what still runs under it (nothing, after the
    lease's sweep). A shared user counts every task of that user, the grader's own among
    them, and those that other gradings as the same user may start meanwhile: without
    room for them, a busy neighbour's server threads would make this one's fail to start.
    """
    if sandboxed:
        return 1
    if own_user:
        return _tasks_of(uid)
    return _tasks_of(uid) + SHARED_USER_HEADROOM


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
