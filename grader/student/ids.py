"""Exercise ids as students type them: ``03``, ``3``, ``pager``, ``pager.py``, ``03_pager``."""

from __future__ import annotations

import difflib
from pathlib import Path

from grader.course import Course, Exercise
from grader.errors import BadInput


def _names(exercise: Exercise) -> set[str]:
    number = exercise.id.split("_", 1)[0]
    names = {exercise.id, exercise.id.lower(), *exercise.modules, *exercise.module_names}
    if number.isdigit():
        names |= {number, str(int(number))}
    if "_" in exercise.id:
        names.add(exercise.id.split("_", 1)[1])
    return {name.lower() for name in names}


def resolve_exercise(course: Course, text: str) -> Exercise:
    """The exercise ``text`` names; a one-line :class:`BadInput` with a suggestion when
    it names none or several."""
    wanted = text.strip().strip("/").lower()
    found = [e for e in course.exercises if wanted in _names(e)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        ids = ", ".join(e.id for e in found)
        raise BadInput(
            f"{text!r} could be {ids}: give the full id",
            zh=f"{text!r} 可能是 {ids}：请写完整的练习编号",
        )
    known = sorted({name for e in course.exercises for name in _names(e)})
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    suggestion = suggestion_zh = ""
    if close:
        owner = next(e for e in course.exercises if close[0] in _names(e))
        suggestion = f"; did you mean {owner.id}?"
        suggestion_zh = f"；你是不是想写 {owner.id}？"
    ids = ", ".join(e.id for e in course.exercises)
    raise BadInput(
        f"unknown exercise {text!r}{suggestion} (exercises: {ids})",
        zh=f"没有练习 {text!r}{suggestion_zh}（练习有：{ids}）",
    )


def resolve_exercises(course: Course, texts: list[str]) -> list[str]:
    """The ids of the exercises ``texts`` name, in the order given, each once."""
    return list(dict.fromkeys(resolve_exercise(course, text).id for text in texts))


def exercise_at(course: Course, folder: Path, exercises_dir: Path) -> Exercise | None:
    """The exercise whose folder ``folder`` is (or is inside), below ``exercises_dir``;
    None elsewhere."""
    try:
        relative = folder.resolve().relative_to(exercises_dir.resolve())
    except ValueError:
        return None
    if not relative.parts:
        return None
    for exercise in course.exercises:
        if exercise.id == relative.parts[0]:
            return exercise
    return None
