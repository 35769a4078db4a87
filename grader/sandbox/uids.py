"""One user id per grading, so that gradings running at the same time cannot reach
each other.

A grader running as root runs each grading's student code as a user id of its own,
taken from a range that no account uses (no passwd entry is needed): a student process
then cannot signal, trace or read the files of another grading's processes, and the
per-user process limit it exhausts is its own. The id is leased with a lock file
(``flock``) in a folder only root can write, so separate grader processes never pick
the same id; the lock goes with the process that holds it, even when it is killed.

Before an id is handed out and when it is given back, every process still running
under it is killed and, without a private ``/tmp``, every file it left in the shared
temporary folders is removed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grader.errors import BadInput, GraderError

# Above every range a distribution hands out (regular users end at 60000, systemd's
# dynamic users at 65519, systemd-nspawn's container ranges at 1879048191) and below
# 2^31, which some tools still read as a signed number.
DEFAULT_RANGE = (2_100_000_000, 2_100_000_999)
RANGE_VARIABLE = "GRADER_UID_RANGE"
LOCK_DIR = Path("/run/grader-uids")
SHARED_TEMP_DIRS = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))
_SWEEP_ROUNDS = 50


@dataclass(frozen=True)
class UidLease:
    uid: int
    gid: int
    _fd: int

    def release(self) -> None:
        kill_processes_of(self.uid)
        os.close(self._fd)


def uid_range() -> tuple[int, int]:
    """The configured range (``GRADER_UID_RANGE=START-END``, inclusive)."""
    text = os.environ.get(RANGE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_RANGE
    try:
        start_text, end_text = text.split("-")
        start, end = int(start_text), int(end_text)
    except ValueError:
        raise BadInput(f"{RANGE_VARIABLE}={text!r}: expected START-END, e.g. 60000-60999") from None
    if not 1000 <= start <= end < 2**31:
        raise BadInput(f"{RANGE_VARIABLE}={text!r}: expected 1000 <= START <= END < 2147483648")
    return start, end


def _lock_dir() -> Path:
    """The lock folder, made by root for root only; refused if anybody else could
    have prepared it (a planted folder or link would let them steal or block ids)."""
    with contextlib.suppress(FileExistsError):
        LOCK_DIR.mkdir(mode=0o700)
    info = os.lstat(LOCK_DIR)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or stat.S_IMODE(info.st_mode) != 0o700:
        raise GraderError(
            f"{LOCK_DIR}: must be a folder owned by root with mode 0700 "
            "(it holds the locks of the student user ids); remove it and retry"
        )
    return LOCK_DIR


def lease_uid() -> UidLease:
    """A user id no other grading holds, with nothing of an earlier grading left."""
    start, end = uid_range()
    folder = _lock_dir()
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        # Start at a spot that depends on the process, so parallel graders rarely
        # contend for the same first lock.
        span = end - start + 1
        for offset in range(span):
            uid = start + (os.getpid() + offset) % span
            fd = os.open(
                str(uid),
                os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
                dir_fd=dir_fd,
            )
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                    continue
                raise
            kill_processes_of(uid)
            return UidLease(uid=uid, gid=uid, _fd=fd)
    finally:
        os.close(dir_fd)
    raise GraderError(
        f"all {end - start + 1} student user ids ({start}-{end}) are in use by other "
        f"gradings: wait, or widen {RANGE_VARIABLE}"
    )


def _pids_of(uid: int) -> list[int]:
    found: list[int] = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat(follow_symlinks=False).st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def kill_processes_of(uid: int) -> int:
    """SIGKILL every process running as ``uid`` until none is left (stopped first, so
    that a forking process cannot outrun the sweep); how many there were."""
    killed: set[int] = set()
    for _ in range(_SWEEP_ROUNDS):
        pids = _pids_of(uid)
        if not pids:
            break
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
        killed.update(pids)
    return len(killed)


def remove_files_of(uid: int, folders: tuple[Path, ...] = SHARED_TEMP_DIRS) -> int:
    """Remove what ``uid`` left at the top of the shared temporary folders (without
    following links: a planted link must not make root delete elsewhere)."""
    removed = 0
    for folder in folders:
        try:
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            for name in os.listdir(dir_fd):
                try:
                    info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                except OSError:
                    continue
                if info.st_uid != uid:
                    continue
                if stat.S_ISDIR(info.st_mode):
                    # Nothing runs as ``uid`` any more (it is leased and swept), so
                    # nobody can swap the folder for a link meanwhile; rmtree itself
                    # does not follow links inside it.
                    shutil.rmtree(folder / name, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        os.unlink(name, dir_fd=dir_fd)
                removed += 1
        finally:
            os.close(dir_fd)
    return removed


@contextlib.contextmanager
def leased_uid() -> Iterator[UidLease]:
    lease = lease_uid()
    try:
        yield lease
    finally:
        lease.release()
