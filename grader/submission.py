"""Reading a submission: a folder or a .zip holding ``ID/module.py`` files.

A flat submission, with module files at the top and no exercise folder (``pager.py``,
as Gradescope stores files uploaded one by one), is read by module name: each course
module belongs to one exercise. A top-level file whose name several exercises use is
refused with a one-line error, since it cannot be placed.

Where the exercise folders are looked for (a wrapping folder, a repository's
``exercises/``) and what is listed as unrecognised is :mod:`grader.layout`'s: a folder
holding several submissions (a class's) is refused with a one-line error pointing to
``grader grade-class``.

Only the module files that course.yaml names are ever used; everything else in an
exercise folder (a ``conftest.py``, ``pytest.ini``, ``pytest.py``, ...) is listed in the
report as ignored and never placed where Python would load it; files elsewhere are
listed as unrecognised (:func:`Submission.unrecognised`), with a "did you mean".

A symbolic link anywhere in a folder submission (the submission itself, an exercise
folder, any folder or file below) is refused with a one-line error naming it, and never
followed, not even to hash or list: an exercise folder pointing at the kit's
``solutions/`` would otherwise be graded as the student's work, and one pointing at
``tests/`` would list the hidden files' names. Entries named in ``SKIP_DIRS``
(``__pycache__``, ``.git``, ``.venv``...) are passed over unread, links or not. Folders
(and zip paths) deeper than :data:`MAX_DEPTH` levels are refused too. Trees are walked
with ``os.scandir``, without following links and without recursion.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from grader.archives import (
    MAX_DEPTH,
    MAX_MODULE_BYTES,
    TreeRefused,
    UnsafeArchive,
    unpack_zip,
    walk_tree,
)
from grader.archives import shown as _shown
from grader.course import Course, Exercise
from grader.errors import SubmissionError
from grader.layout import has_exercises, nothing_submitted, submission_root, submissions_inside
from grader.layout import unrecognised_files as _unrecognised_files
from grader.results import NothingSubmitted, UnrecognisedFile


def _refuse_link(label: str, where: PurePosixPath | str) -> SubmissionError:
    where = _shown(str(where))
    return SubmissionError(
        f"{label}: {where}: symbolic links are not accepted",
        zh=f"{label}：{where}：不接受符号链接",
    )


def _refuse_depth(label: str, where: PurePosixPath | str) -> SubmissionError:
    where = _shown(str(where))
    return SubmissionError(
        f"{label}: {where}: folders nested more than {MAX_DEPTH} levels deep",
        zh=f"{label}：{where}：文件夹嵌套超过 {MAX_DEPTH} 层",
    )


def walk_files(top: Path, label: str, shown: PurePosixPath) -> list[tuple[PurePosixPath, bool]]:
    """Every entry below ``top`` that is not a folder, as (path relative to ``top``,
    whether it is a regular file), sorted by path; never following a symbolic link
    (:func:`grader.archives.walk_tree`).

    A link anywhere, or an entry more than :data:`MAX_DEPTH` levels below ``top``, is
    refused with a one-line :class:`SubmissionError` naming ``label`` and the path
    (``shown`` is how ``top`` is named in it). Entries named in ``SKIP_DIRS`` are passed
    over unread, as before.
    """
    try:
        return walk_tree(top)
    except TreeRefused as refused:
        where = shown / refused.path
        if refused.reason == "link":
            raise _refuse_link(label, where) from None
        if refused.reason == "too deep":
            raise _refuse_depth(label, where) from None
        raise SubmissionError(
            f"{label}: {_shown(str(where))}: cannot be read ({refused.detail})",
            zh=f"{label}：{_shown(str(where))}：无法读取（{refused.detail}）",
        ) from None


def _open_regular(path: Path, label: str, shown: str) -> BinaryIO | None:
    """``path`` opened for reading if it is a regular file (None if it is something else,
    a FIFO or a device), never through a symbolic link: ``O_NOFOLLOW`` refuses one even
    when it appeared after the submission was checked."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse_link(label, shown) from None
        raise SubmissionError(
            f"{label}: {_shown(shown)}: cannot be read ({exc.strerror})",
            zh=f"{label}：{_shown(shown)}：无法读取（{exc.strerror}）",
        ) from None
    stream = os.fdopen(handle, "rb")
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        stream.close()
        return None
    return stream


def _read_module(folder: Path, name: str, label: str, shown: str) -> bytes | None:
    """The contents of the regular file ``folder/name``, or None when there is none; a
    symbolic link in its place (or in the folder's) is refused."""
    if _is_link(folder):
        raise _refuse_link(label, shown.rsplit("/", 1)[0])
    path = folder / name
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse_link(label, shown)
    if not stat.S_ISREG(info.st_mode):
        return None
    _check_size(info.st_size, label, shown)
    stream = _open_regular(path, label, shown)
    if stream is None:
        return None
    with stream:
        content = stream.read(MAX_MODULE_BYTES + 1)
    _check_size(len(content), label, shown)
    return content


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(path.lstat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False


def _check_size(size: int, label: str, shown: str) -> None:
    if size > MAX_MODULE_BYTES:
        raise SubmissionError(
            f"{label}: {shown}: file of {size} bytes is too large (limit {MAX_MODULE_BYTES})",
            zh=f"{label}：{shown}：文件有 {size} 字节，太大了（上限 {MAX_MODULE_BYTES}）",
        )


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
    # The submission as given (a folder, or where its zip is unpacked); root lies below.
    top: Path | None = None

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
            content = _read_module(folder, name, self.label, f"{exercise.id}/{name}")
            if content is None:
                missing.append(name)
            else:
                modules[name] = content
        ignored: list[str] = []
        if not self.flat and _is_folder(folder, self.label, exercise.id):
            for relative, _ in walk_files(folder, self.label, PurePosixPath(exercise.id)):
                if str(relative) not in exercise.modules and not _is_test_file(relative, exercise):
                    ignored.append(str(relative))
        return ExerciseFiles(modules=modules, missing=tuple(missing), ignored=tuple(ignored))

    def unrecognised(self, course: Course) -> tuple[UnrecognisedFile, ...]:
        """The files below the root the grader does not use and does not expect there,
        each with a "did you mean" where a name is close (:mod:`grader.layout`)."""
        top = self.top or self.root
        shown = PurePosixPath(self.root.relative_to(top).as_posix()) if top != self.root else None
        files = walk_files(self.root, self.label, shown or PurePosixPath())
        return _unrecognised_files(
            top=top,
            root=self.root,
            files=[path for path, _ in files],
            course=course,
            flat=self.flat,
        )

    def nothing_submitted(self, exercise: Exercise) -> NothingSubmitted:
        """What to say when no module of the graded exercises was found (the first of
        them, ``exercise``, is given as the example)."""
        return nothing_submitted(self.top or self.root, self.root, exercise)


def _is_folder(path: Path, label: str, shown: str) -> bool:
    """Whether ``path`` is a folder (not a link to one: that is refused)."""
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    if stat.S_ISLNK(mode):
        raise _refuse_link(label, shown)
    return stat.S_ISDIR(mode)


def _is_test_file(relative: PurePosixPath, exercise: Exercise) -> bool:
    """The public tests and specs a student's copy naturally holds are not worth a warning."""
    return len(relative.parts) == 1 and (
        relative.name in {"README.md", "README.zh-CN.md"}
        or any(relative.name == f"test_{stem}.py" for stem in exercise.module_names)
    )


def _hash_tree(root: Path, files: list[tuple[PurePosixPath, bool]], label: str) -> str:
    """The hash of the regular files ``files`` (from :func:`walk_files`) below ``root``:
    each one's path and contents, in path order."""
    digest = hashlib.sha256()
    for relative, regular in files:
        if not regular:
            continue
        stream = _open_regular(root / relative, label, str(relative))
        if stream is None:
            continue
        digest.update(str(relative).encode() + b"\0")
        with stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _extract_zip(archive: Path, target: Path) -> None:
    try:
        unpack_zip(archive, target)
    except UnsafeArchive as exc:
        raise SubmissionError(f"{archive}: {exc}", zh=f"{archive}：{exc}") from None


def _submission_root(folder: Path, course: Course, label: str) -> Path:
    """The folder holding the exercise folders (:func:`grader.layout.submission_root`);
    a folder holding several submissions instead is refused."""
    root = submission_root(folder, course)
    if has_exercises(root, course):
        return root
    inside = submissions_inside(root, course)
    if len(inside) > 1:
        examples = ", ".join(_shown(name) for name in inside[:3])
        more = ", …" if len(inside) > 3 else ""
        raise SubmissionError(
            f"{label}: holds {len(inside)} submissions ({examples}{more}), "
            "not one: grade a class's submissions with `grader grade-class`",
            zh=f"{label}：里面有 {len(inside)} 份提交（{examples}{more}），不是一份："
            "整个班级的提交请用 `grader grade-class` 评分",
        )
    return root


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
            owners_text = ", ".join(owners[name])
            raise SubmissionError(
                f"{label}: {name} at the top level could belong to {owners_text}: "
                "put it in its exercise folder",
                zh=f"{label}：最外层的 {name} 可能属于 {owners_text}：请把它放进对应的练习文件夹",
            )
    return bool(present)


@contextmanager
def open_submission(path: Path, course: Course) -> Iterator[Submission]:
    """A submission ready to read; a zip is unpacked to a temporary folder meanwhile."""
    path = Path(path)
    if path.is_symlink():
        raise SubmissionError(
            f"{path}: the submission is a symbolic link: not accepted",
            zh=f"{path}：提交是一个符号链接：不接受",
        )
    if not path.exists():
        raise SubmissionError(f"{path}: no such file or folder", zh=f"{path}：没有这个文件或文件夹")
    if path.is_dir():
        files = walk_files(path, str(path), PurePosixPath())
        top = path.resolve()
        root = _submission_root(top, course, str(path))
        yield Submission(
            root=root,
            label=str(path),
            sha256=_hash_tree(path, files, str(path)),
            flat=_is_flat(root, course, str(path)),
            top=top,
        )
        return
    if path.suffix.lower() != ".zip":
        raise SubmissionError(
            f"{path}: a submission is a folder or a .zip file",
            zh=f"{path}：提交应该是一个文件夹或一个 .zip 文件",
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    unpacked = Path(tempfile.mkdtemp(prefix="grader-zip-"))
    try:
        _extract_zip(path, unpacked)
        root = _submission_root(unpacked, course, str(path))
        flat = _is_flat(root, course, str(path))
        yield Submission(root=root, label=str(path), sha256=digest, flat=flat, top=unpacked)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
