"""What every student command needs: the course, the exercises folder, which exercises."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from grader.bootstrap import GRADER_PARENT
from grader.course import COURSE_FILE, Course, Exercise, find_course_file, load_course
from grader.errors import BadInput
from grader.student.ids import exercise_at, resolve_exercises

# The course.yaml of the kit the grader ships in.
PACKAGED_COURSE = GRADER_PARENT / COURSE_FILE


def course_file_arg(path: str | None) -> Path:
    """``--course FILE``, else the nearest course.yaml, else the one the kit ships."""
    if path:
        return Path(path)
    try:
        return find_course_file()
    except BadInput:
        if PACKAGED_COURSE.is_file():
            return PACKAGED_COURSE
        raise


def load_course_arg(path: str | None) -> Course:
    """The course of ``--course FILE`` (see :func:`course_file_arg`)."""
    return load_course(course_file_arg(path))


def exercises_folder(course: Course) -> Path:
    """The student's exercises folder of the kit (where ``.grader/`` lives)."""
    return course.root / "exercises"


@dataclass(frozen=True)
class Target:
    """What a student command works on: the exercises folder and the exercises (in
    course order; empty means all)."""

    folder: Path
    ids: tuple[str, ...]

    def exercises(self, course: Course) -> tuple[Exercise, ...]:
        return course.select(list(self.ids))


def target(course: Course, *, ids: list[str], path: str | None, cwd: Path | None = None) -> Target:
    """The exercises folder and exercises a student means.

    Ids may be short (``03``, ``pager``: :mod:`grader.student.ids`). Without ids: with
    ``--path DIR`` naming one exercise's folder, that exercise; without ``--path``, the
    exercise whose folder the working folder is in; elsewhere (``exercises/``, the kit's
    root), all of them.
    """
    chosen = resolve_exercises(course, ids) if ids else []
    if path is not None:
        folder = Path(path)
        if not folder.exists():
            raise BadInput(f"{folder}: no such folder", zh=f"{folder}：没有这个文件夹")
        own = exercise_at(course, folder, folder.resolve().parent)
        if folder.is_dir() and own is not None and folder.resolve().name == own.id:
            return Target(folder.resolve().parent, tuple(chosen or [own.id]))
        return Target(folder, tuple(chosen))
    folder = exercises_folder(course)
    if not chosen:
        here = exercise_at(course, cwd or Path(os.getcwd()), folder)
        if here is not None:
            chosen = [here.id]
    return Target(folder, tuple(chosen))


def short_id(exercise: Exercise) -> str:
    """What a student types for the exercise: its number (``03``)."""
    number = exercise.id.split("_", 1)[0]
    return number if number.isdigit() else exercise.id


def spec_path(course: Course, exercise: Exercise, lang: str) -> Path:
    """The exercise's specification in the reader's language."""
    name = "README.zh-CN.md" if lang == "zh" else "README.md"
    return course.exercise_dir("exercises", exercise.id) / name


def shown_path(path: Path) -> str:
    """``path`` relative to the working folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path(os.getcwd()).resolve()))
    except (ValueError, OSError):
        return str(path)
