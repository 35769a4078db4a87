"""Folders the trusted side makes inside the student's working folder.

The working folder belongs to the student's user, who can rename or delete what is in
it at any moment, and swap a folder the grader just made for a symbolic link. The
grader may be root: a ``chmod`` or ``chown`` that followed such a link would hand any
file of the machine (a hidden test, say) to the student. So every step here works on
a file descriptor opened without following links, relative to a descriptor of the
working folder.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def make_scratch_dir(workdir: Path, uid: int | None, gid: int | None) -> Path:
    """A new folder in ``workdir`` with an unpredictable name (student code cannot
    prepare it), readable by everyone and owned by the student's user."""
    parent = os.open(workdir, _DIRECTORY)
    try:
        name = f"scratch-{secrets.token_hex(8)}"
        os.mkdir(name, 0o700, dir_fd=parent)
        fd = os.open(name, _DIRECTORY, dir_fd=parent)
        try:
            info = os.fstat(fd)
            # What was opened must be the folder this process just made, not
            # something put in its place meanwhile.
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
                raise PermissionError(f"{workdir / name} was replaced while it was being made")
            os.fchmod(fd, 0o755)
            if uid is not None:
                os.fchown(fd, uid, -1 if gid is None else gid)
        finally:
            os.close(fd)
    finally:
        os.close(parent)
    return workdir / name
