"""Can student code read the hidden tests or the reference solutions of the kit?

Inside bubblewrap, student code sees only the folders bound into its sandbox: a kit
outside them is out of reach whatever its permissions. Otherwise it runs as the
student's user: as a user id of its own (the grader is root), neither the owner of the
kit's files nor in their group, so what it can read is decided by the "other"
permission bits along the path (every folder searchable, the file readable); as the
grader's own user, it can read all of the kit. The answer goes into the report's
containment notes, and ``grade`` warns on the terminal.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# The kit's trees that student code must never read, and what they hold.
SECRET_TREES = {
    "tests": "hidden tests",
    "solutions": "reference solutions",
    ".git": "files of the kit's history",  # every solution and hidden test committed
    "grader/tests": "grader's own test files",  # whole working solutions among them
}


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


def _inside(path: Path, folders: tuple[str, ...]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(os.path.realpath(folder)) for folder in folders)


def kit_exposure(
    *, kit: Path, student_uid: int | None, sandbox: tuple[str, ...] | None
) -> Exposure:
    """What student code can read of the kit's secret trees: ``student_uid`` is its
    user (None: the grader's own), ``sandbox`` the folders bound into its bubblewrap
    sandbox (None: no sandbox, it sees the whole file system)."""
    trees = {name: kit / name for name in SECRET_TREES if (kit / name).is_dir()}
    if not trees:
        return Exposure(readable=(), notes=())
    if sandbox is not None:
        trees_seen = {n: t for n, t in trees.items() if _inside(t, sandbox)}
        hidden = [f"{SECRET_TREES[n]} ({n}/)" for n in trees if n not in trees_seen]
        notes = (
            [f"not in the student's sandbox at all: the {', the '.join(hidden)}"] if hidden else []
        )
        if not trees_seen:
            return Exposure(readable=(), notes=tuple(notes))
        inner = kit_exposure(kit=kit, student_uid=student_uid, sandbox=None)
        kept = tuple(n for n in inner.readable if n in trees_seen)
        return Exposure(readable=kept, notes=(*notes, *inner.notes))
    if student_uid is None:
        names = ", ".join(f"{SECRET_TREES[n]} ({n}/)" for n in trees)
        note = (
            f"student code runs as the grader's own user and can read the kit's {names}: "
            "they are not secret on this machine (see README: Trust boundary)"
        )
        return Exposure(readable=tuple(trees), notes=(note,))
    readable: list[str] = []
    notes = []
    for name, tree in trees.items():
        what = f"{SECRET_TREES[name]} ({name}/)"
        found = _first_readable(tree, student_uid, student_uid)
        if found is None:
            notes.append(f"the {what} are not readable by the student's user")
            continue
        readable.append(name)
        fix = (
            f"chmod -R go-rwx {tree}"
            if name == "tests"
            else "grade from a bundle without them (grader bundle --for grading)"
        )
        notes.append(
            f"WARNING: the {what} are readable by the student's user (uid {student_uid}), "
            f"e.g. {found.relative_to(kit)}: student code can read and print them; fix: {fix}"
        )
    return Exposure(readable=tuple(readable), notes=tuple(notes))
