"""One user id per grading, so that gradings running at the same time cannot reach
each other.

A grader running as root runs each grading's student code as a user id of its own,
taken from a range that no account uses (no passwd entry is needed): a student process
then cannot signal, trace or read the files of another grading's processes, and the
per-user process limit it exhausts is its own. The id is leased with a lock file
(``flock``) in a folder only root can write, so separate grader processes never pick
the same id; the lock goes with the process that holds it, even when it is killed.

Before an id is handed out and before it is given back, every process still running
under it is killed, and its System V IPC objects and what it left at the top of the
shared temporary folders are removed: the next grading with the id finds nothing of
the last (also when the last grader died without giving it back).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

from grader.errors import BadInput, GraderError

# Above every range a distribution hands out (regular users end at 60000, systemd's
# dynamic users at 65519, systemd-nspawn's container ranges at 1879048191) and below
# 2^31, which some tools still read as a signed number.
DEFAULT_RANGE = (2_100_000_000, 2_100_000_999)
RANGE_VARIABLE = "GRADER_UID_RANGE"
NOBODY = 65534
LOCK_DIR = Path("/run/grader-uids")
SHARED_TEMP_DIRS = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))
_SWEEP_ROUNDS = 50


class UidLease:
    """A user id held by this process; ``release()`` (once) gives it back clean."""

    def __init__(self, uid: int, lock_fd: int) -> None:
        self.uid = uid
        self.gid = uid
        self._lock_fd: int | None = lock_fd

    def release(self) -> None:
        """Kill what runs as the id and remove what it left, then unlock it: nobody else
        can have the id until it is clean."""
        fd, self._lock_fd = self._lock_fd, None
        if fd is None:
            return
        try:
            clean(self.uid)
        finally:
            os.close(fd)


def uid_range() -> tuple[int, int]:
    """The configured range (``GRADER_UID_RANGE=START-END``, inclusive)."""
    text = os.environ.get(RANGE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_RANGE
    try:
        start_text, end_text = text.split("-")
        start, end = int(start_text), int(end_text)
    except ValueError:
        raise BadInput(
            f"{RANGE_VARIABLE}={text!r}: expected START-END, e.g. "
            f"{DEFAULT_RANGE[0]}-{DEFAULT_RANGE[1]}",
            zh=f"{RANGE_VARIABLE}={text!r}：应为 START-END，例如 "
            f"{DEFAULT_RANGE[0]}-{DEFAULT_RANGE[1]}",
        ) from None
    if not 1000 <= start <= end < 2**31 or end - start >= 1_000_000:
        raise BadInput(
            f"{RANGE_VARIABLE}={text!r}: expected 1000 <= START <= END < 2147483648, "
            "at most a million ids",
            zh=f"{RANGE_VARIABLE}={text!r}：应满足 1000 <= START <= END < 2147483648，"
            "最多一百万个编号",
        )
    taken = next((u for u in range(start, end + 1) if _account_of(u) is not None), None)
    if taken is not None:
        # Its processes would be killed and its files in /tmp removed.
        raise BadInput(
            f"{RANGE_VARIABLE}={text!r}: uid {taken} belongs to an account "
            f"({_account_of(taken)}); choose ids no account uses, e.g. the default "
            f"{DEFAULT_RANGE[0]}-{DEFAULT_RANGE[1]}",
            zh=f"{RANGE_VARIABLE}={text!r}：uid {taken} 属于账户"
            f"（{_account_of(taken)}）；请选择没有账户使用的编号，例如默认的 "
            f"{DEFAULT_RANGE[0]}-{DEFAULT_RANGE[1]}",
        )
    return start, end


def _account_of(uid: int) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return "nobody" if uid == NOBODY else None


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
        # Start at a random spot, so that parallel graders (in containers on one
        # host too, whose pids are alike) rarely contend for the same first lock.
        span = end - start + 1
        first = secrets.randbelow(span)
        for offset in range(span):
            uid = start + (first + offset) % span
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
            try:
                clean(uid)  # an earlier grader may have died holding it
            except BaseException:
                os.close(fd)
                raise
            return UidLease(uid, fd)
    finally:
        os.close(dir_fd)
    raise GraderError(
        f"all {end - start + 1} student user ids ({start}-{end}) are in use by other "
        f"gradings: wait, or widen {RANGE_VARIABLE}"
    )


def _pids_of(uid: int) -> list[int]:
    """The live processes of ``uid`` (a zombie is dead already: only its parent can
    reap it, and it holds nothing)."""
    found: list[int] = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                with open(f"/proc/{entry.name}/stat", "rb") as stat_file:
                    state = stat_file.read().rsplit(b")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state not in (b"Z", b"X"):
                found.append(int(entry.name))
    return found


def kill_processes_of(uid: int) -> None:
    """SIGKILL every process running as ``uid`` until none is left.

    Done as ``uid`` itself, ``kill -KILL -1`` (every process it may signal, itself
    excepted): no pid is looked up first, so a pid reused by another process between a
    look and a kill can never be hit. Without a ``kill`` command, ``/proc`` is scanned
    instead and each process checked again through a pidfd before it is signalled.
    """
    kill = shutil.which("kill")
    for _ in range(_SWEEP_ROUNDS):
        pids = _pids_of(uid)
        if not pids:
            return
        if kill is not None:
            subprocess.run(
                [kill, "-KILL", "--", "-1"],
                user=uid,
                group=uid,
                extra_groups=[],
                capture_output=True,
                check=False,
            )
        else:
            for pid in pids:
                _kill_if_still(pid, uid)
    left = _pids_of(uid)
    if left:
        raise GraderError(f"processes of the student user {uid} survive SIGKILL: {left[:10]}")


def _kill_if_still(pid: int, uid: int) -> None:
    try:
        handle = os.pidfd_open(pid)
    except OSError:
        return  # gone
    try:
        # The pidfd holds this very process: if its owner is still ``uid``, it is the one.
        if os.stat(f"/proc/{pid}").st_uid == uid:
            signal.pidfd_send_signal(handle, signal.SIGKILL)
    except OSError:
        pass
    finally:
        os.close(handle)


def remove_ipc_of(uid: int) -> None:
    """Remove the System V shared memory, semaphores and message queues ``uid`` owns
    (they outlive its processes and keep memory pinned)."""
    ipcrm = shutil.which("ipcrm")
    if ipcrm is None:
        return
    for table, flag in (("shm", "-m"), ("sem", "-s"), ("msg", "-q")):
        try:
            lines = Path(f"/proc/sysvipc/{table}").read_text().splitlines()
        except OSError:
            continue
        if not lines:
            continue
        header = lines[0].split()
        uid_column, id_column = header.index("uid"), 1
        for line in lines[1:]:
            fields = line.split()
            if len(fields) > uid_column and fields[uid_column] == str(uid):
                subprocess.run([ipcrm, flag, fields[id_column]], capture_output=True, check=False)


def clean(uid: int) -> None:
    """Nothing of ``uid`` left: no process, no IPC object, no file in the shared
    temporary folders (where it had no /tmp of its own, files of an earlier grading)."""
    kill_processes_of(uid)
    remove_ipc_of(uid)
    remove_files_of(uid)


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
                    # Nothing runs as ``uid`` any more (its lock is held and its
                    # processes killed), so nobody can swap the folder for a link
                    # meanwhile; rmtree itself does not follow links inside it.
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
