"""Where a submission keeps its exercise folders, and what in it the grader does not use.

The root, the folder read for ``ID/module.py`` (or, flat, for ``module.py``): the
submission itself; the one folder it holds when it holds nothing else (a zip's wrapping
folder, GitHub's ``repo-main/``); then, when that has no exercise folder, its
``exercises/`` folder if it has one (a repository, or a copy of the whole kit:
``course.yaml``, ``grader/``... beside it are the repository's own files, never listed),
unless module files at the top make a flat submission and ``exercises/`` holds no
exercise folder.

Every other file below the root is listed in the report as unrecognised, with the path
the grader would have read it from when a name is close (``pager (1).py``, ``Meta.py``,
``pager.py.txt``, ``3_pager/pager.py``), never used in its place: a grade must not
depend on a guess. Expected companions are not listed: the public tests and READMEs of
an exercise folder (in a flat submission, beside the module files); the other files of
a recognised exercise folder (the exercise lists them as ignored, unless their name is
close to one of its modules); ``manifest.json`` at the root (``grader submit``); the
folders of ``SKIP_DIRS`` (``.grader``, ``.git``...); what file managers add
(``__MACOSX/``, ``._*``, ``.DS_Store``, ``Thumbs.db``, ``desktop.ini``).

The trees read here were checked first by :mod:`grader.submission` (no link, not too
deep); entries are still read without following a link.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path, PurePosixPath

from grader.archives import SKIP_DIRS, UnsafeArchive, is_real_dir, shown, zip_files
from grader.course import Course, Exercise
from grader.results import NothingSubmitted, Unrecognised, UnrecognisedFile

MANIFEST = "manifest.json"
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
JUNK_FOLDERS = frozenset({"__MACOSX"})
REPOSITORY_FOLDER = "exercises"
_FOUND_SHOWN = 8
_CLOSE = 0.8
# "pager (1)", "pager-1", "pager_2", "pager copy", "pager - 副本": a browser's, Canvas's
# or a file manager's name for a second copy.
_COPY_MARK = re.compile(r"(?:\s*\(\d+\)|\s*-\s*\d+|_\d+|\s*-?\s*copy|\s*-?\s*副本)$")
_EXTRA_SUFFIXES = (".txt", ".py", ".text", ".bak")
_NUMBERED = re.compile(r"(?:ex(?:ercise)?_?)?0*(\d+)_?(.*)")


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of ``folder`` worth looking at: no ``SKIP_DIRS``, no file-manager junk."""
    try:
        with os.scandir(folder) as listing:
            return [entry for entry in listing if not _junk(entry.name)]
    except OSError:
        return []


def _junk(name: str) -> bool:
    return name in SKIP_DIRS or name in JUNK_NAMES or name in JUNK_FOLDERS or name.startswith("._")


def _has_exercise_folder(folder: Path, course: Course) -> bool:
    names = {entry.name for entry in _entries(folder) if entry.is_dir(follow_symlinks=False)}
    return any(exercise.id in names for exercise in course.exercises)


def _has_module_file(folder: Path, course: Course) -> bool:
    names = {entry.name for entry in _entries(folder) if entry.is_file(follow_symlinks=False)}
    return any(name in names for exercise in course.exercises for name in exercise.modules)


def _unwrapped(top: Path, course: Course) -> Path:
    """``top``, or the one folder it holds when it holds nothing else."""
    entries = _entries(top)
    ids = {exercise.id for exercise in course.exercises}
    if any(entry.name in ids for entry in entries):
        return top
    if len(entries) == 1 and entries[0].is_dir(follow_symlinks=False):
        return top / entries[0].name
    return top


def submission_root(top: Path, course: Course) -> Path:
    """The folder of ``top`` holding the exercise folders (see the module)."""
    base = _unwrapped(top, course)
    if _has_exercise_folder(base, course):
        return base
    repository = base / REPOSITORY_FOLDER
    if not is_real_dir(repository):
        return base
    if _has_exercise_folder(repository, course) or not _has_module_file(base, course):
        return repository
    return base


def has_exercises(root: Path, course: Course) -> bool:
    """Whether ``root`` holds an exercise folder or a module file of ``course``."""
    return _has_exercise_folder(root, course) or _has_module_file(root, course)


def _zip_holds_exercises(archive: Path, course: Course) -> bool:
    try:
        names = zip_files(archive)
    except UnsafeArchive:
        return False
    ids = {exercise.id for exercise in course.exercises}
    modules = {name for exercise in course.exercises for name in exercise.modules}
    return any(set(name.parts[:-1]) & ids or name.name in modules for name in names)


def submissions_inside(root: Path, course: Course) -> list[str]:
    """The entries of ``root`` that each look like a submission of their own (a folder
    or a zip holding exercise folders or module files): a class's folder, when several."""
    found: list[str] = []
    for entry in sorted(_entries(root), key=lambda e: e.name):
        path = root / entry.name
        if entry.is_dir(follow_symlinks=False):
            if has_exercises(submission_root(path, course), course):
                found.append(entry.name + "/")
        elif (
            entry.is_file(follow_symlinks=False)
            and entry.name.lower().endswith(".zip")
            and _zip_holds_exercises(path, course)
        ):
            found.append(entry.name)
    return found


def nothing_submitted(top: Path, root: Path, exercise: Exercise) -> NothingSubmitted:
    """What to say when no module of the graded exercises was found: an example of what
    was expected (the first graded exercise's first module) and what ``root`` holds."""
    prefix = _prefix(top, root)
    names = sorted(
        (entry.name + "/" if entry.is_dir(follow_symlinks=False) else entry.name)
        for entry in _entries(root)
    )
    return NothingSubmitted(
        expected=f"{exercise.id}/{exercise.modules[0]}",
        found=tuple(shown(_joined(prefix, name)) for name in names[:_FOUND_SHOWN]),
        more=max(0, len(names) - _FOUND_SHOWN),
    )


def _prefix(top: Path, root: Path) -> PurePosixPath:
    try:
        return PurePosixPath(root.relative_to(top).as_posix())
    except ValueError:
        return PurePosixPath()


def _joined(prefix: PurePosixPath, relative: PurePosixPath | str) -> str:
    return f"{prefix}/{relative}" if str(prefix) != "." else str(relative)


def unrecognised_files(
    *,
    top: Path,
    root: Path,
    files: list[PurePosixPath],
    course: Course,
    flat: bool,
) -> tuple[UnrecognisedFile, ...]:
    """Each file of ``files`` (below ``root``, from a checked walk) the grader does not
    use and does not expect, with a suggestion where a name is close (see the module);
    paths are shown relative to ``top``, the submission as given."""
    prefix = _prefix(top, root)
    by_id = {exercise.id: exercise for exercise in course.exercises}
    folders = not flat and _has_exercise_folder(root, course)
    found: list[UnrecognisedFile] = []
    for relative in files:
        if any(_junk(part) for part in relative.parts):
            continue
        item = _classify(relative, by_id, flat=flat, folders=folders)
        if item is None:
            continue
        kind, suggestion, exercise_id = item
        found.append(
            UnrecognisedFile(
                path=shown(_joined(prefix, relative)),
                kind=kind,
                suggestion=shown(_joined(prefix, suggestion)) if suggestion else "",
                exercise=exercise_id,
            )
        )
    return tuple(found)


_Classified = tuple[Unrecognised, str, str] | None


def _classify(
    relative: PurePosixPath, by_id: dict[str, Exercise], *, flat: bool, folders: bool
) -> _Classified:
    """(kind, suggested path below the root, exercise id) for a file not used, or None
    for a file used or expected."""
    name = relative.name
    is_zip = name.lower().endswith(".zip")
    first = relative.parts[0]
    if len(relative.parts) > 1 and first in by_id:
        exercise = by_id[first]
        inner = PurePosixPath(*relative.parts[1:])
        if str(inner) in exercise.modules or _is_companion(inner, exercise):
            return None
        if is_zip:
            return Unrecognised.ZIP, "", exercise.id
        module = _close_module(name, exercise.modules)
        if module is None:
            return None  # one of the exercise's ignored files
        return Unrecognised.RENAME, f"{exercise.id}/{module}", exercise.id
    if len(relative.parts) == 1:
        if name == MANIFEST:
            return None
        if flat and any(
            name in exercise.modules or _is_companion(relative, exercise)
            for exercise in by_id.values()
        ):
            return None  # a module read by its name, or its public test or spec
    if is_zip:
        return Unrecognised.ZIP, "", ""
    return _suggestion(relative, by_id, bare=not folders)


def _suggestion(relative: PurePosixPath, by_id: dict[str, Exercise], *, bare: bool) -> _Classified:
    name = relative.name
    if len(relative.parts) > 1:
        exercise = _close_exercise(relative.parts[0], tuple(by_id.values()))
        if exercise is not None:
            module = _close_module(name, exercise.modules)
            rest = module or str(PurePosixPath(*relative.parts[1:]))
            return Unrecognised.RENAME, f"{exercise.id}/{rest}", exercise.id
    every = tuple(m for exercise in by_id.values() for m in exercise.modules)
    module = _close_module(name, every)
    if module is None:
        return Unrecognised.UNKNOWN, "", ""
    owner = next(e for e in by_id.values() if module in e.modules)
    # Beside module files at the top (or nothing recognised), a module's place is the top.
    if bare and len(relative.parts) == 1:
        return Unrecognised.RENAME, module, owner.id
    return Unrecognised.RENAME, f"{owner.id}/{module}", owner.id


def _is_companion(inner: PurePosixPath, exercise: Exercise) -> bool:
    """The public tests and specs a student's copy of an exercise folder holds."""
    return len(inner.parts) == 1 and (
        inner.name in {"README.md", "README.zh-CN.md"}
        or any(inner.name == f"test_{stem}.py" for stem in exercise.module_names)
    )


def _bare_stem(name: str) -> str:
    """``name`` without case, extra suffixes (``.txt``, ``.py``) or a copy's mark."""
    stem = name.casefold().strip()
    changed = True
    while changed:
        changed = False
        for suffix in _EXTRA_SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix):
                stem, changed = stem[: -len(suffix)].rstrip(), True
        marked = _COPY_MARK.sub("", stem)
        if marked and marked != stem:
            stem, changed = marked.rstrip(), True
    return stem


def _close_module(name: str, modules: tuple[str, ...]) -> str | None:
    """The module of ``modules`` that ``name`` most probably meant, if one is close."""
    if name in modules:
        return name
    stems = {PurePosixPath(module).stem.casefold(): module for module in modules}
    stem = _bare_stem(name)
    if stem in stems:
        return stems[stem]
    if not name.casefold().endswith((".py", ".txt")) and "." in name:
        return None  # pager.pdf, pager.docx: another kind of file
    close = difflib.get_close_matches(stem, list(stems), n=1, cutoff=_CLOSE)
    return stems[close[0]] if close else None


def _close_exercise(folder: str, exercises: tuple[Exercise, ...]) -> Exercise | None:
    """The exercise whose folder ``folder`` most probably meant (``3_pager``,
    ``03-Pager``, ``pager``, ``ex3``), if one is close."""
    normal = re.sub(r"[\s.\-]+", "_", _bare_stem(folder))
    for exercise in exercises:
        if normal == exercise.id.casefold():
            return exercise
    numbered = _NUMBERED.fullmatch(normal)
    for exercise in exercises:
        number, _, title = exercise.id.partition("_")
        if normal == title:
            return exercise
        if numbered and number.isdigit() and int(numbered[1]) == int(number):
            said = numbered[2]
            if not said or difflib.SequenceMatcher(None, said, title).ratio() >= _CLOSE:
                return exercise
    close = difflib.get_close_matches(normal, [e.id for e in exercises], n=1, cutoff=_CLOSE)
    return next((e for e in exercises if close and e.id == close[0]), None)
