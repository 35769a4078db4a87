"""Class intake: what a teacher downloads from an LMS, as a typed list of students'
submissions for ``grader grade-class``.

:func:`read_class` takes a folder or a .zip (possibly wrapping everything in one
top-level folder, as exports and hand-made zips do) and recognises the layout by its
entries' names, each layout documented in its module:

``folder``
    a plain folder of submissions, each a folder or a .zip named by the student id
    (:mod:`grader.batch.intake_folder`);
``canvas``
    Canvas "Download Submissions" (:mod:`grader.batch.intake_canvas`);
``moodle``
    Moodle "Download all submissions", in folders or flat (:mod:`grader.batch.intake_moodle`);
``gradescope``
    Gradescope "Export Submissions" with ``submission_metadata.yml``
    (:mod:`grader.batch.intake_gradescope`);
``git``
    a folder of git clones from ``gh classroom clone student-repos``
    (:mod:`grader.batch.intake_git`).

Where entries of several kinds are mixed, the kind most entries have wins (in the
order above when tied, Gradescope's metadata file deciding alone) and the other entries
are reported. A folder holding exercise folders or module files at its top is one
student's submission, not a class: it is refused with a one-line error naming
``grader grade``. A download that is not a folder or a zip, or a zip that cannot be read
or unpacked safely, is refused the same way (:class:`~grader.errors.SubmissionError`).

Everything else is reported per entry as an :class:`IntakeProblem` while the rest of
the class is read: an entry whose student id cannot be determined, a link (never
followed), an unsafe zip, an entry with no course module (not graded: it would only
say "not submitted" everywhere), and two entries for one student. Of those, the latest
by ``submitted_at`` is graded when every one has a time and one is strictly latest;
otherwise none is (nothing tells which is final), and each is named in a problem. Ids
are compared case-insensitively: ``Alice`` and ``alice`` would share a folder on macOS
and Windows.

The :class:`ClassIntake` owns a scratch folder (the unpacked download, the folders
assembled from loose LMS files): use it as a context manager, or call ``close()``, and
hand each ``entry.path`` to :func:`grader.submission.open_submission` meanwhile. Without
either, the folder goes once the intake and all its entries are no longer referenced.
Hidden entries (``.DS_Store``, ``.git``) and ``__MACOSX`` at a download's top level
are passed over silently: no platform names a submission so.
"""

from __future__ import annotations

import dataclasses
import shutil
import stat
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Literal

from grader.archives import shown
from grader.batch import (
    intake_canvas,
    intake_folder,
    intake_git,
    intake_gradescope,
    intake_moodle,
)
from grader.batch.intake_common import (
    MAX_CLASS_BYTES,
    MAX_CLASS_ENTRIES,
    Intake,
    IntakeProblem,
    StudentSubmission,
    Unsafe,
    extract_zip,
    joined,
    visible_entries,
)
from grader.course import Course
from grader.errors import SubmissionError

Layout = Literal["folder", "canvas", "moodle", "gradescope", "git"]
LAYOUTS: tuple[Layout, ...] = ("gradescope", "moodle", "canvas", "git", "folder")

__all__ = [
    "LAYOUTS",
    "ClassIntake",
    "IntakeProblem",
    "Layout",
    "StudentSubmission",
    "read_class",
]


class _Scratch:
    """A temporary folder removed by ``remove()`` or, failing that, when collected."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="grader-class-"))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)

    def remove(self) -> None:
        self._finalizer()


@dataclass(frozen=True, kw_only=True)
class ClassIntake:
    """A class's submissions (sorted by student id) and what was wrong in the download."""

    layout: Layout
    entries: tuple[StudentSubmission, ...]
    problems: tuple[IntakeProblem, ...]
    _scratch: _Scratch | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        """Remove the scratch folder: the entries' paths inside it are gone after."""
        if self._scratch is not None:
            self._scratch.remove()

    def __enter__(self) -> ClassIntake:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def read_class(path: Path, course: Course) -> ClassIntake:
    """Read a class's download (see the module's docstring); :class:`SubmissionError`
    when the download as a whole cannot be read."""
    path = Path(path)
    scratch = _Scratch()
    try:
        root, name = _open(path, scratch.path)
        root, name = _unwrap(root, name, course)
        top = _top_level(root, path)
        _refuse_one_submission(top, path, course)
        layout = _detect(root, top)
        intake = Intake(course=course, scratch=scratch.path)
        readers: dict[Layout, Callable[[], list[StudentSubmission]]] = {
            "folder": lambda: intake_folder.read(root, intake),
            "canvas": lambda: intake_canvas.read(root, intake),
            "moodle": lambda: intake_moodle.read(root, intake),
            "gradescope": lambda: intake_gradescope.read(root, intake, str(path)),
            "git": lambda: intake_git.read(root, intake, name),
        }
        entries = _one_per_student(readers[layout](), intake)
    except OSError as exc:
        scratch.remove()
        raise SubmissionError(
            f"{path}: cannot be read ({exc.strerror or exc})",
            zh=f"{path}：无法读取（{exc.strerror or exc}）",
        ) from None
    except BaseException:
        scratch.remove()
        raise
    # Each entry keeps the scratch folder alive too: its path may lie inside.
    owned = (dataclasses.replace(e, _scratch=scratch) for e in entries)
    return ClassIntake(
        layout=layout,
        entries=tuple(sorted(owned, key=lambda e: (e.student_id.casefold(), e.student_id))),
        problems=tuple(intake.problems),
        _scratch=scratch,
    )


def _open(path: Path, scratch: Path) -> tuple[Path, str]:
    """The folder to read (a zip unpacked into ``scratch``) and the download's name."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        raise SubmissionError(
            f"{path}: no such file or folder", zh=f"{path}：没有这个文件或文件夹"
        ) from None
    except OSError as exc:
        raise SubmissionError(
            f"{path}: cannot be read ({exc.strerror})", zh=f"{path}：无法读取（{exc.strerror}）"
        ) from None
    if stat.S_ISLNK(mode):
        raise SubmissionError(
            f"{path}: the download is a symbolic link: not accepted",
            zh=f"{path}：下载的内容是一个符号链接：不接受",
        )
    if stat.S_ISDIR(mode):
        return path, path.resolve().name
    if not stat.S_ISREG(mode) or path.suffix.lower() != ".zip":
        raise SubmissionError(
            f"{path}: a class's submissions are a folder or a .zip file",
            zh=f"{path}：全班的提交应该是一个文件夹或一个 .zip 文件",
        )
    target = scratch / "download"
    try:
        extract_zip(path, target, max_members=MAX_CLASS_ENTRIES, max_bytes=MAX_CLASS_BYTES)
    except Unsafe as exc:
        raise SubmissionError(f"{path}: {exc}", zh=f"{path}：{exc}") from None
    target.mkdir(exist_ok=True)
    return target, path.name[: -len(".zip")]


def _unwrap(root: Path, name: str, course: Course) -> tuple[Path, str]:
    """The folder inside ``root`` when it holds just that folder, and the folder is not
    itself one submission, one clone or one LMS entry."""
    entries = visible_entries(root)
    if len(entries) != 1 or not entries[0].is_dir(follow_symlinks=False):
        return root, name
    inner = Path(entries[0].path)
    if (
        intake_git.looks_like(inner)
        or intake_moodle.looks_like(inner.name, False)
        or _one_submission_at([e.name for e in visible_entries(inner)], course)
    ):
        return root, name
    return inner, inner.name


def _top_level(root: Path, path: Path) -> list[tuple[str, bool, bool]]:
    """(name, is a regular file, is a real folder) for each visible entry, bounded."""
    entries = visible_entries(root)
    if len(entries) > MAX_CLASS_ENTRIES:
        raise SubmissionError(
            f"{path}: too many entries ({len(entries)}, limit {MAX_CLASS_ENTRIES})",
            zh=f"{path}：条目太多（{len(entries)} 个，上限 {MAX_CLASS_ENTRIES}）",
        )
    return [
        (e.name, e.is_file(follow_symlinks=False), e.is_dir(follow_symlinks=False)) for e in entries
    ]


def _one_submission_at(names: list[str], course: Course) -> str | None:
    """The first exercise folder or module file among ``names``, if any."""
    modules = {m for exercise in course.exercises for m in exercise.modules}
    hits = sorted(set(names) & ({e.id for e in course.exercises} | modules))
    return hits[0] if hits else None


def _refuse_one_submission(top: list[tuple[str, bool, bool]], path: Path, course: Course) -> None:
    hit = _one_submission_at([name for name, _, _ in top], course)
    if hit is not None:
        raise SubmissionError(
            f"{path}: holds one submission ({shown(hit)} at its top), not a class's "
            "submissions: grade it with `grader grade`",
            zh=f"{path}：里面是一份提交（最外层有 {shown(hit)}），不是全班的提交："
            "请用 `grader grade` 评分",
        )


def _detect(root: Path, top: list[tuple[str, bool, bool]]) -> Layout:
    if intake_gradescope.looks_like(root):
        return "gradescope"
    votes: dict[Layout, int] = dict.fromkeys(LAYOUTS, 0)
    for name, is_file, is_folder in top:
        if intake_moodle.looks_like(name, is_file):
            votes["moodle"] += 1
        elif intake_canvas.looks_like(name, is_file):
            votes["canvas"] += 1
        elif is_folder and intake_git.looks_like(root / name):
            votes["git"] += 1
        elif is_folder or (is_file and name.lower().endswith(".zip")):
            votes["folder"] += 1
    return max(LAYOUTS, key=lambda layout: votes[layout])


def _one_per_student(found: list[StudentSubmission], intake: Intake) -> list[StudentSubmission]:
    groups: dict[str, list[StudentSubmission]] = {}
    for entry in found:
        same = groups.setdefault(entry.student_id.casefold(), [])
        if all(other.path != entry.path for other in same):
            same.append(entry)
    kept: list[StudentSubmission] = []
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        times = [e.submitted_at for e in group if e.submitted_at is not None]
        latest = max(times, default=None)
        winners = [e for e in group if e.submitted_at == latest]
        if latest is not None and len(times) == len(group) and len(winners) == 1:
            winner = winners[0]
            kept.append(winner)
            for entry in group:
                if entry is not winner:
                    intake.problem(
                        entry.source,
                        f"student {entry.student_id} also submitted {winner.source}, "
                        f"later ({latest:%Y-%m-%d %H:%M:%S %z}): that one is graded",
                    )
            continue
        sources = joined(e.source for e in group)
        for entry in group:
            intake.problem(
                entry.source,
                f"student {entry.student_id} has {len(group)} submissions ({sources}): "
                "none graded, since nothing tells which is final",
            )
    return kept
