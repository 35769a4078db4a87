"""A network and mount namespace of its own for each grading.

The trusted pytest of a grading enters it first thing, before it starts any thread,
and every student process it starts inherits it:

* a network namespace with its own loopback: the student's servers, the trusted
  clients and reference servers of one grading talk over a ``127.0.0.1`` (and ``::1``)
  that no other grading shares, so a neighbour can neither connect to them nor hold
  the ports they need, and student code reaches no other network;
* a mount namespace in which the student's working folder is a ``tmpfs`` of bounded
  size (course.yaml ``limits.disk_mb``): what student code writes cannot fill the disk
  that other gradings write to, and it is gone when the grading ends.

As root this needs nothing more; an unprivileged grader enters a user namespace of
its own first (its user id mapped to itself), where the kernel allows that.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import socket
import stat
import struct
import subprocess
import tempfile
from pathlib import Path

from grader import bootstrap
from grader.sandbox.hardening import own_proc_files_writable

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_MS_NOSUID = 0x2
_MS_NODEV = 0x4
_MS_REC = 0x4000
_MS_PRIVATE = 1 << 18
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1


class NamespaceError(OSError):
    """The kernel refused a step of entering the grading's namespace."""


def _libc() -> ctypes.CDLL:
    # The interpreter's own symbols include libc's: no ``find_library``, which runs
    # ``ldconfig -p`` in a subprocess on every call (once per grading).
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise NamespaceError(code, f"{what}: {os.strerror(code)}")


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as handle:
        handle.write(text)


def _unshare(libc: ctypes.CDLL) -> None:
    flags = _CLONE_NEWNET | _CLONE_NEWNS
    uid, gid = os.geteuid(), os.getegid()
    if uid != 0:
        flags |= _CLONE_NEWUSER
    _check(libc.unshare(flags), "unshare")
    if uid != 0:
        # Mapped to itself: files keep their owner, and the grader gains the rights
        # to configure its own network and mounts, nothing outside them.
        with own_proc_files_writable():
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1\n")
            _write("/proc/self/gid_map", f"{gid} {gid} 1\n")


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(sock, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | _IFF_UP))


def _private_folder(libc: ctypes.CDLL, folder: Path, *, size_mb: int, uid: int, gid: int) -> None:
    """Mount a bounded tmpfs on ``folder``, keeping the files it held (the student's
    modules, written by the runner before the grading started)."""
    kept = {entry.name: _read_plain_file(folder, entry.name) for entry in os.scandir(folder)}
    # Inodes bounded too: millions of empty files would cost kernel memory, not size.
    options = f"size={size_mb}m,nr_inodes={max(4096, size_mb * 64)},mode=0700,uid={uid},gid={gid}"
    _check(
        libc.mount(
            b"tmpfs", os.fsencode(folder), b"tmpfs", _MS_NOSUID | _MS_NODEV, options.encode()
        ),
        f"mount tmpfs on {folder}",
    )
    for name, content in kept.items():
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        try:
            os.write(fd, content)
            os.fchown(fd, uid, gid)
        finally:
            os.close(fd)


def _read_plain_file(folder: Path, name: str) -> bytes:
    """The runner's copy of a module: a regular file, read without following a link or
    waiting on a fifo (no student process has run yet, but the trusted side does not
    rely on that)."""
    fd = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NamespaceError(0, f"{folder / name} is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(fd)


def enter(*, student_dir: Path, size_mb: int, uid: int, gid: int) -> None:
    """Enter a new network and mount namespace for this grading (this process and
    every process it starts afterwards). Must run before any thread is started."""
    libc = _libc()
    _unshare(libc)
    # Nothing mounted here may propagate back to the machine's own mounts.
    _check(libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None), "make mounts private")
    _loopback_up()
    _private_folder(libc, student_dir, size_mb=size_mb, uid=uid, gid=gid)


def available() -> tuple[bool, str]:
    """Whether this machine lets the grader enter a grading namespace, and if not why
    (tried for real in a throw-away process)."""
    folder = tempfile.mkdtemp(prefix="grader-probe-")
    try:
        done = subprocess.run(
            bootstrap.namespace_probe_argv(folder=Path(folder)),
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return False, str(exc)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.returncode == 0:
        return True, ""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return False, lines[-1] if lines else f"exit status {done.returncode}"
