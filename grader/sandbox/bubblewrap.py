"""Student processes inside bubblewrap (``bwrap``): their own user, pid, IPC and mount
namespaces, and a file system that holds only what student code needs.

The sandbox sees, read-only, the system folders (``/usr``, ``/etc`` and the ``/bin``
and ``/lib`` links or folders), the interpreter's own installation and the few modules
of the grader that the student side runs; read-write, the grading's working folder; a
``/proc`` of its own pid namespace, a minimal ``/dev`` and private, bounded ``/tmp``,
``/var/tmp`` and ``/dev/shm``. The kit (hidden tests, solutions, templates), the home
folders, ``/run`` (the user's sockets) and the other gradings' folders are not there at
all, and no process outside the sandbox can be seen or signalled from inside it.

The network namespace is the grading's (see :mod:`grader.sandbox.namespaces`): the
trusted side must reach the student's servers over loopback.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from grader import bootstrap

# Folders every program needs; where a distribution made them links into /usr
# (merged /usr), the link is recreated instead of bound.
SYSTEM = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SMALL_TMPFS_MB = 64


def executable() -> str | None:
    return shutil.which("bwrap")


def _system_arguments() -> list[str]:
    arguments: list[str] = []
    for path in SYSTEM:
        if os.path.islink(path):
            arguments += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            arguments += ["--ro-bind", path, path]
    return arguments


@functools.lru_cache(maxsize=8)
def interpreter_folders(interpreter: str) -> tuple[str, ...]:
    """The installation folders of ``interpreter`` (its standard library lives there),
    asked of the interpreter itself."""
    done = subprocess.run(
        bootstrap.installation_probe_argv(interpreter=interpreter),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return tuple(dict.fromkeys(os.path.realpath(line) for line in done.stdout.split()))


def readonly_paths(interpreter: str) -> tuple[str, ...]:
    """What the sandbox sees read-only besides the system folders: the interpreter's
    installation and the grader's files that the student side imports."""
    real = os.path.realpath(interpreter)
    paths = [*interpreter_folders(real), os.path.dirname(real)]
    paths += bootstrap.student_side_paths()
    covered = ("/usr/", "/etc/")
    return tuple(
        dict.fromkeys(p for p in paths if not any((p + "/").startswith(c) for c in covered))
    )


def command(
    bwrap: str,
    *,
    workdir: Path,
    readonly: Sequence[str],
    tmp_mb: int,
    argv: Sequence[str],
) -> list[str]:
    """``argv`` (the interpreter first) run inside the sandbox, in ``workdir``; its
    ``/tmp`` holds at most ``tmp_mb``, ``/var/tmp`` and ``/dev/shm`` a little (all in
    memory: each is a tmpfs)."""
    size = str(tmp_mb * 1024 * 1024)
    small = str(min(tmp_mb, SMALL_TMPFS_MB) * 1024 * 1024)
    arguments = [
        bwrap,
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        # No namespaces of its own inside: student code could otherwise hide a socket
        # from the trusted side's view or use up the user's quota of namespaces.
        "--disable-userns",
        # The sandbox ends with the process that started it, and with it every
        # process inside (the pid namespace dies with its first process).
        "--die-with-parent",
        *_system_arguments(),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        small,
        "--tmpfs",
        "/dev/shm",
        "--size",
        size,
        "--tmpfs",
        "/tmp",
        "--size",
        small,
        "--tmpfs",
        "/var/tmp",
    ]
    for path in readonly:
        arguments += ["--ro-bind", path, path]
    arguments += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir)]
    real = os.path.realpath(argv[0])
    return [*arguments, "--", real, *argv[1:]]


def exit_status(code: int) -> int:
    """bwrap ends with 128 + N when the sandboxed process was killed by signal N; as
    ``subprocess`` does for its own children, report that as ``-N``."""
    return -(code - 128) if 128 < code < 128 + 65 else code
