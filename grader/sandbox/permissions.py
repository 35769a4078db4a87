"""What a user may do to a file by its permission bits: the one check behind "can the
student's user read the kit's hidden tests" (:mod:`grader.sandbox.exposure`), "can an
unprivileged user run the grader's Python and read its files" (:mod:`grader.sandbox.identity`)
and "can it pass through the grading folder" (:mod:`grader.runner`).

A user may reach a file when it may search every folder on the way; what it may do to
the file itself is decided by the owner bits if it owns the file, else by the group bits
if the file's group is its group, else by the "other" bits. ``uid`` None stands for a
user that owns nothing and is in no group of the files: only the "other" bits count.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# (owner, group, other) bits of each permission.
READ = (stat.S_IRUSR, stat.S_IRGRP, stat.S_IROTH)
SEARCH = (stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH)  # execute, for a file
EXECUTE = SEARCH


def grants(
    info: os.stat_result, need: tuple[int, int, int], *, uid: int | None, gid: int | None
) -> bool:
    """Whether the bits of ``info`` that apply to ``uid``/``gid`` grant ``need``."""
    owner, group, other = need
    if uid is not None and info.st_uid == uid:
        return bool(info.st_mode & owner)
    if gid is not None and info.st_gid == gid:
        return bool(info.st_mode & group)
    return bool(info.st_mode & other)


def reachable(
    path: Path, need: tuple[int, int, int], *, uid: int | None = None, gid: int | None = None
) -> bool:
    """Whether ``uid`` (with only ``gid``; None: any other user) can search every folder
    above ``path`` (links resolved) and is granted ``need`` on ``path`` itself. False
    when ``path`` does not exist or cannot be examined."""
    try:
        resolved = path.resolve(strict=True)
        for folder in reversed(resolved.parents):
            if not grants(os.stat(folder), SEARCH, uid=uid, gid=gid):
                return False
        return grants(os.stat(resolved), need, uid=uid, gid=gid)
    except OSError:
        return False


def searchable_by_others(folder: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can pass through
    ``folder`` and every folder above it."""
    return reachable(folder, SEARCH)
