"""What every class layout shares: the typed results, safe student ids, and bounded,
link-free reading of folders and zips.

Limits. One submission is bounded by the limits of :mod:`grader.archives`
(``MAX_ZIP_MEMBERS`` files, ``MAX_ZIP_BYTES`` unpacked, ``MAX_MODULE_BYTES`` a module);
a whole class holds many submissions, so its download (the folder's top level, or the
zip a teacher gives) may hold :data:`CLASS_FACTOR` times as many entries and bytes.
Folders deeper than :data:`MAX_DEPTH` levels are refused, as for one submission.

Student ids become folder names (``OUT/students/ID/``): :func:`safe_id` keeps letters,
digits (any script) and ``- _ . @ +``, turns anything else into ``_``, never lets an id
start with ``.`` or ``-``, avoids the names Windows reserves (``CON``, ``NUL``...) and
cuts an id longer than :data:`MAX_ID_CHARS` characters, adding a hash of the original
so that two long ids stay apart. The original spelling stays in ``source``.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from grader.archives import (
    MAX_DEPTH,
    MAX_MODULE_BYTES,
    MAX_ZIP_BYTES,
    MAX_ZIP_MEMBERS,
    TreeRefused,
    UnsafeArchive,
    shown,
    unpack_zip,
    walk_tree,
    zip_files,
)
from grader.course import Course

CLASS_FACTOR = 10
MAX_CLASS_ENTRIES = CLASS_FACTOR * MAX_ZIP_MEMBERS
MAX_CLASS_BYTES = CLASS_FACTOR * MAX_ZIP_BYTES
MAX_ID_CHARS = 64
# What zip tools and file managers add at a download's top level: never a submission.
_NOISE = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini"})
_ID_PUNCTUATION = frozenset("-_.@+")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)

TimeSource = Literal["lms", "git", ""]


@dataclass(frozen=True, kw_only=True)
class IntakeProblem:
    """One line about one entry of the download: what is wrong and what was done."""

    entry: str
    problem: str

    def __str__(self) -> str:
        return f"{self.entry}: {self.problem}"


@dataclass(frozen=True, kw_only=True)
class StudentSubmission:
    """One student's submission, ready for :func:`grader.submission.open_submission`.

    ``path`` is a folder or a .zip: the download's own entry where it already has the
    shape a submission has, or a folder the intake assembled from loose LMS files (alive
    until the :class:`~grader.batch.intake.ClassIntake` is closed). ``submitted_at`` is
    timezone-aware; ``time_source`` says who claims it (``"lms"``, ``"git"``: the
    student's own clock, or ``""`` when unknown). ``late_flag`` is the LMS's own late
    marker, None where the LMS has none.
    """

    student_id: str
    name: str | None
    source: str
    submitted_at: dt.datetime | None
    time_source: TimeSource
    late_flag: bool | None
    path: Path
    # Whatever must outlive this entry for ``path`` to exist (the intake's scratch folder).
    _scratch: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.submitted_at is not None and self.submitted_at.utcoffset() is None:
            raise ValueError("submitted_at must be timezone-aware")


class Unsafe(Exception):
    """An entry (or a file in it) refused: the message is one line naming why."""


def joined(names: Iterable[str], *, most: int = 4) -> str:
    """Several entry names on one line: the first ``most`` and how many more."""
    listed = list(names)
    text = ", ".join(shown(n) for n in listed[:most])
    return text if len(listed) <= most else f"{text} and {len(listed) - most} more"


def display_name(raw: object) -> str | None:
    """A person's name as an LMS gives it, on one line; None when there is none."""
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        return None
    text = unicodedata.normalize("NFC", str(raw))
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text[:200] or None


def safe_id(raw: str) -> str | None:
    """``raw`` as one safe file-name component (see the module's docstring), or None
    when nothing usable is left of it."""
    text = unicodedata.normalize("NFC", raw).strip()
    kept: list[str] = []
    for char in text:
        good = char.isalnum() or char in _ID_PUNCTUATION
        if good:
            kept.append(char)
        elif not kept or kept[-1] != "_":
            kept.append("_")
    candidate = "".join(kept)
    if not candidate.strip("._-"):
        return None
    if candidate[0] in ".-":
        candidate = "_" + candidate[1:]
    if candidate.split(".")[0].upper() in _WINDOWS_RESERVED:
        candidate = "_" + candidate
    if len(candidate) > MAX_ID_CHARS:
        digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        candidate = candidate[: MAX_ID_CHARS - 9] + "-" + digest
    return candidate


def visible_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries at the top of ``folder`` that may be submissions, by name: hidden
    files (``.DS_Store``) and what zip tools add (``__MACOSX``) are passed over."""
    with os.scandir(folder) as listing:
        entries = [e for e in listing if not e.name.startswith(".") and e.name not in _NOISE]
    return sorted(entries, key=lambda e: e.name)


def list_folder(top: Path, *, limit: int = MAX_ZIP_MEMBERS) -> list[PurePosixPath]:
    """The regular files below ``top``, relative to it and sorted, never following a
    link (:func:`grader.archives.walk_tree`): a link anywhere, a folder deeper than
    :data:`MAX_DEPTH` or more than ``limit`` files is :class:`Unsafe`. ``SKIP_DIRS``
    folders are passed over unread."""
    try:
        return [path for path, regular in walk_tree(top, limit=limit) if regular]
    except TreeRefused as refused:
        where = shown(str(refused.path))
        if refused.reason == "link":
            raise Unsafe(f"{where}: symbolic link: refused, not followed") from None
        if refused.reason == "too deep":
            raise Unsafe(f"{where}: nested more than {MAX_DEPTH} levels deep") from None
        if refused.reason == "too many":
            raise Unsafe(f"more than {limit} files") from None
        raise Unsafe(f"{where}: cannot be read ({refused.detail})") from None


def check_zip(
    archive: Path, *, max_members: int = MAX_ZIP_MEMBERS, max_bytes: int = MAX_ZIP_BYTES
) -> list[PurePosixPath]:
    """The files a zip holds, after the checks one submission's zip gets
    (:func:`grader.archives.zip_files`); else :class:`Unsafe`."""
    try:
        return zip_files(archive, max_members=max_members, max_bytes=max_bytes)
    except UnsafeArchive as exc:
        raise Unsafe(str(exc)) from None


def extract_zip(archive: Path, target: Path, *, max_members: int, max_bytes: int) -> None:
    """Unpack ``archive`` into the new folder ``target`` once :func:`check_zip` passed."""
    try:
        unpack_zip(archive, target, max_members=max_members, max_bytes=max_bytes)
    except UnsafeArchive as exc:
        raise Unsafe(str(exc)) from None


def read_regular(path: Path, *, limit: int = MAX_MODULE_BYTES) -> bytes:
    """The contents of the regular file ``path``, opened without following a link
    (``O_NOFOLLOW``, so a link that appeared since the listing is refused too)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unsafe("symbolic link: refused, not followed") from None
        raise Unsafe(f"cannot be read ({exc.strerror})") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise Unsafe("not a regular file")
        content = stream.read(limit + 1)
    if len(content) > limit:
        raise Unsafe(f"file larger than {limit} bytes: not read")
    return content


@dataclass
class Intake:
    """What a layout reader needs: the course's module names, a scratch folder of its
    own for assembled submissions, and the problems found so far."""

    course: Course
    scratch: Path
    problems: list[IntakeProblem] = field(default_factory=list)
    owners: dict[str, tuple[str, ...]] = field(init=False)
    exercise_modules: dict[str, tuple[str, ...]] = field(init=False)
    git_missing_reported: bool = False

    def __post_init__(self) -> None:
        owners: dict[str, list[str]] = {}
        for exercise in self.course.exercises:
            for module in exercise.modules:
                owners.setdefault(module, []).append(exercise.id)
        self.owners = {name: tuple(ids) for name, ids in owners.items()}
        self.exercise_modules = {e.id: e.modules for e in self.course.exercises}

    def problem(self, entry: str, text: str) -> None:
        self.problems.append(IntakeProblem(entry=shown(entry), problem=text))

    def has_module(self, files: Iterable[PurePosixPath]) -> bool:
        return any(f.name in self.owners for f in files)

    def no_module(self, entry: str) -> None:
        example = next(iter(self.owners))
        self.problem(entry, f"no course module (such as {example}) in it: not graded")

    def student_folder(self, student_id: str) -> Path:
        """A new, empty folder for one student's assembled files."""
        base = self.scratch / "students"
        base.mkdir(exist_ok=True)
        for attempt in range(1, 1_000_000):
            folder = base / (student_id if attempt == 1 else f"{student_id}~{attempt}")
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            return folder
        raise RuntimeError("no free folder name")  # pragma: no cover - a million duplicates
