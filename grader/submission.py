"""Reading a submission: a folder or a .zip holding ``ID/module.py`` files.

A flat submission, with module files at the top and no exercise folder (``pager.py``,
as Gradescope stores files uploaded one by one), is read by module name: each course
module belongs to one exercise. A top-level file whose name several exercises use is
refused with a one-line error, since it cannot be placed.

Only the module files that course.yaml names are ever used; everything else in an
exercise folder (a ``conftest.py``, ``pytest.ini``, ``pytest.py``, ...) is listed in the
report as ignored and never placed where Python would load it.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from grader.course import Course, Exercise
from grader.errors import SubmissionError

MAX_MODULE_BYTES = 2 * 1024 * 1024
MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
_SKIP_DIRS = {"__pycache__", ".git", ".pytest_cache", ".mypy_cache", ".venv", "node_modules"}


@dataclass(frozen=True)
class ExerciseFiles:
    """What one exercise folder of a submission holds."""

    modules: dict[str, bytes]  # module file name -> contents, whitelisted names only
    missing: tuple[str, ...]
    ignored: tuple[str, ...]

    @property
    def submitted(self) -> bool:
        return bool(self.modules)


@dataclass(frozen=True)
class Submission:
    root: Path
    label: str
    sha256: str
    # Module files at the top (no exercise folders): each is read by its name.
    flat: bool = False

    @property
    def name(self) -> str:
        """The submission's own name: its folder or its zip without ``.zip`` (often the
        student's id, as a platform's export names it)."""
        path = PurePosixPath(self.label.replace("\\", "/").rstrip("/"))
        name = path.stem if path.suffix.lower() == ".zip" else path.name
        return name or self.label

    def files_for(self, exercise: Exercise) -> ExerciseFiles:
        folder = self.root if self.flat else self.root / exercise.id
        modules: dict[str, bytes] = {}
        missing: list[str] = []
        for name in exercise.modules:
            path = folder / name
            if path.is_symlink():
                raise SubmissionError(
                    f"{self.label}: {exercise.id}/{name}: symbolic links are not accepted"
                )
            if not path.is_file():
                missing.append(name)
                continue
            size = path.stat().st_size
            if size > MAX_MODULE_BYTES:
                raise SubmissionError(
                    f"{self.label}: {exercise.id}/{name}: file of {size} bytes is too large "
                    f"(limit {MAX_MODULE_BYTES})"
                )
            modules[name] = path.read_bytes()
        ignored: list[str] = []
        if folder.is_dir() and not self.flat:
            for entry in sorted(folder.rglob("*")):
                relative = entry.relative_to(folder)
                if any(part in _SKIP_DIRS for part in relative.parts) or entry.is_dir():
                    continue
                if str(relative) not in exercise.modules and not _is_test_file(relative, exercise):
                    ignored.append(str(relative))
        return ExerciseFiles(modules=modules, missing=tuple(missing), ignored=tuple(ignored))


def _is_test_file(relative: Path, exercise: Exercise) -> bool:
    """The public tests and specs a student's copy naturally holds are not worth a warning."""
    return len(relative.parts) == 1 and (
        relative.name in {"README.md", "README.zh-CN.md"}
        or any(relative.name == f"test_{stem}.py" for stem in exercise.module_names)
    )


def _hash_tree(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in _SKIP_DIRS for part in relative.parts) or not path.is_file():
            continue
        if path.is_symlink():
            continue
        digest.update(str(PurePosixPath(relative)).encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _extract_zip(archive: Path, target: Path) -> None:
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SubmissionError(f"{archive}: not a readable zip file ({exc})") from None
    with bundle:
        members = bundle.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise SubmissionError(f"{archive}: too many entries ({len(members)})")
        total = sum(m.file_size for m in members)
        if total > MAX_ZIP_BYTES:
            raise SubmissionError(f"{archive}: unpacks to {total} bytes (limit {MAX_ZIP_BYTES})")
        for member in members:
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
                raise SubmissionError(f"{archive}: unsafe path in zip: {member.filename!r}")
            mode = member.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise SubmissionError(f"{archive}: symbolic link in zip: {member.filename!r}")
        try:
            bundle.extractall(target)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise SubmissionError(f"{archive}: cannot unpack: {exc}") from None


def _submission_root(folder: Path, course: Course) -> Path:
    """The folder holding the exercise folders (a zip may wrap them in one folder)."""
    ids = {e.id for e in course.exercises}
    entries = [p for p in folder.iterdir() if p.name not in _SKIP_DIRS and p.name != "__MACOSX"]
    if any(p.name in ids for p in entries):
        return folder
    folders = [p for p in entries if p.is_dir()]
    if len(folders) == 1 and len(entries) == 1:
        return folder / folders[0].name
    return folder


def _is_flat(root: Path, course: Course, label: str) -> bool:
    """Whether ``root`` holds module files at the top instead of exercise folders; a
    top-level module name that several exercises use is refused."""
    if any((root / e.id).is_dir() for e in course.exercises):
        return False
    owners: dict[str, list[str]] = {}
    for exercise in course.exercises:
        for name in exercise.modules:
            owners.setdefault(name, []).append(exercise.id)
    present = [name for name in owners if (root / name).is_file()]
    for name in present:
        if len(owners[name]) > 1:
            raise SubmissionError(
                f"{label}: {name} at the top level could belong to {', '.join(owners[name])}: "
                "put it in its exercise folder"
            )
    return bool(present)


@contextmanager
def open_submission(path: Path, course: Course) -> Iterator[Submission]:
    """A submission ready to read; a zip is unpacked to a temporary folder meanwhile."""
    path = Path(path)
    if not path.exists():
        raise SubmissionError(f"{path}: no such file or folder")
    if path.is_dir():
        root = _submission_root(path.resolve(), course)
        yield Submission(
            root=root,
            label=str(path),
            sha256=_hash_tree(path),
            flat=_is_flat(root, course, str(path)),
        )
        return
    if path.suffix.lower() != ".zip":
        raise SubmissionError(f"{path}: a submission is a folder or a .zip file")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    unpacked = Path(tempfile.mkdtemp(prefix="grader-zip-"))
    try:
        _extract_zip(path, unpacked)
        root = _submission_root(unpacked, course)
        flat = _is_flat(root, course, str(path))
        yield Submission(root=root, label=str(path), sha256=digest, flat=flat)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
