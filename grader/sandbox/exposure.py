"""Can student code read the hidden tests or the reference solutions of the kit?

Inside bubblewrap, student code sees only the folders bound into its sandbox: a kit
outside them is out of reach whatever its permissions. Otherwise it runs as the
student's user: as a user id of its own (the grader is root), neither the owner of the
kit's files nor in their group, so what it can read is decided by the "other"
permission bits along the path (every folder searchable, the file readable); as the
grader's own user, it can read all of the kit. The answer goes into the report's
containment: its notes for what is safe, its warnings for a secret tree that student
code can read (``grade`` says those on the terminal too). The permission bits are read by
:mod:`grader.sandbox.permissions`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from grader.sandbox.permissions import READ, reachable

# The kit's trees that student code must never read, and what they hold.
SECRET_TREES = {
    "tests": "hidden tests",
    "solutions": "reference solutions",
    ".git": "files of the kit's history",  # every solution and hidden test committed
    "grader/tests": "grader's own test files",  # whole working solutions among them
}


@dataclass(frozen=True)
class Exposure:
    """Which of the kit's secret trees student code can read, the notes to say what is
    safe and the warnings to say what is not."""

    readable: tuple[str, ...]  # e.g. ("tests",): trees with at least one readable file
    notes: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def _first_readable(tree: Path, uid: int, gid: int) -> Path | None:
    for folder, folders, names in os.walk(tree):
        folders.sort()
        for name in sorted(names):
            if reachable(Path(folder) / name, READ, uid=uid, gid=gid):
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
        return Exposure(readable=kept, notes=(*notes, *inner.notes), warnings=inner.warnings)
    if student_uid is None:
        names = ", ".join(f"{SECRET_TREES[n]} ({n}/)" for n in trees)
        note = (
            f"student code runs as the grader's own user and can read the kit's {names}: "
            "they are not secret on this machine (see README: Trust boundary)"
        )
        return Exposure(readable=tuple(trees), notes=(note,))
    readable: list[str] = []
    notes = []
    warnings = []
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
        warnings.append(
            f"the {what} are readable by the student's user (uid {student_uid}), "
            f"e.g. {found.relative_to(kit)}: student code can read and print them; fix: {fix}"
        )
    return Exposure(readable=tuple(readable), notes=tuple(notes), warnings=tuple(warnings))
