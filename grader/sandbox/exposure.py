"""Can student code read the hidden tests or the reference solutions of the kit?

Student code runs as the student's user. In the ``process+uid`` tier that user is
``nobody``: neither the owner of the kit's files nor in their group, so what it can read
is decided by the "other" permission bits along the path (every folder searchable, the
file readable). In the ``process`` tier it runs as the grader's own user and can read
all of the kit. The answer goes into the report's containment notes, and ``grade``
warns on the terminal.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from grader.sandbox.identity import StudentIdentity

# The kit's trees that student code must never read, and what they hold.
SECRET_TREES = {"tests": "hidden tests", "solutions": "reference solutions"}


@dataclass(frozen=True)
class Exposure:
    """Which of the kit's secret trees student code can read, and the notes to say so."""

    readable: tuple[str, ...]  # e.g. ("tests",): trees with at least one readable file
    notes: tuple[str, ...]


def _allows(mode: os.stat_result, uid: int, gid: int, bits: tuple[int, int, int]) -> bool:
    """Whether the owner, group or other bits that apply to ``uid``/``gid`` grant it."""
    owner, group, other = bits
    if mode.st_uid == uid:
        return bool(mode.st_mode & owner)
    if mode.st_gid == gid:
        return bool(mode.st_mode & group)
    return bool(mode.st_mode & other)


_SEARCH = (stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH)
_READ = (stat.S_IRUSR, stat.S_IRGRP, stat.S_IROTH)


def readable_by(path: Path, uid: int, gid: int) -> bool:
    """Can ``uid`` (with only ``gid``) read the file ``path``, by the permission bits?"""
    try:
        resolved = path.resolve(strict=True)
        for folder in reversed(resolved.parents):
            if not _allows(os.stat(folder), uid, gid, _SEARCH):
                return False
        return _allows(os.stat(resolved), uid, gid, _READ)
    except OSError:
        return False


def _first_readable(tree: Path, uid: int, gid: int) -> Path | None:
    for folder, folders, names in os.walk(tree):
        folders.sort()
        for name in sorted(names):
            if readable_by(Path(folder) / name, uid, gid):
                return Path(folder) / name
    return None


def kit_exposure(*, kit: Path, identity: StudentIdentity) -> Exposure:
    """What student code running as ``identity`` can read of the kit's secret trees."""
    trees = {name: kit / name for name in SECRET_TREES if (kit / name).is_dir()}
    if not trees:
        return Exposure(readable=(), notes=())
    if identity.uid is None or identity.gid is None:
        names = ", ".join(f"{SECRET_TREES[n]} ({n}/)" for n in trees)
        note = (
            f"student code runs as the grader's own user and can read the kit's {names}: "
            "they are not secret on this machine (see README: Trust boundary)"
        )
        return Exposure(readable=tuple(trees), notes=(note,))
    readable: list[str] = []
    notes: list[str] = []
    for name, tree in trees.items():
        what = f"{SECRET_TREES[name]} ({name}/)"
        found = _first_readable(tree, identity.uid, identity.gid)
        if found is None:
            notes.append(f"the {what} are not readable by the student's user (uid {identity.uid})")
            continue
        readable.append(name)
        fix = (
            f"chmod -R go-rwx {tree}"
            if name == "tests"
            else "grade from a bundle without them (grader bundle --for grading)"
        )
        notes.append(
            f"WARNING: the {what} are readable by the student's user (uid {identity.uid}), "
            f"e.g. {found.relative_to(kit)}: student code can read and print them; fix: {fix}"
        )
    return Exposure(readable=tuple(readable), notes=tuple(notes))
