"""The student README of a public bundle, in Chinese and English, made from course.yaml.

``grader bundle --for public`` writes ``README.zh-CN.md`` and ``README.md`` from the
templates in ``templates/``: what the kit is, how to install it, the exercises in order
(titles, points, due dates: from course.yaml when the bundle is made, so they cannot
drift), the student's commands and how to submit. A grading bundle keeps the teacher's
README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import jinja2

from grader.course import Course, Exercise, Schedule

STUDENT_READMES = {"README.zh-CN.md": "README.zh-CN.md.j2", "README.md": "README.md.j2"}
# The install command both READMEs give (a test runs it in a bundle).
INSTALL_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e ."


@dataclass(frozen=True)
class ExerciseRow:
    number: int
    id: str
    title_en: str
    title_zh: str
    modules: str  # `a.py`, `b.py`
    points: str
    due: str
    hints: int


def when(moment: dt.datetime | None) -> str:
    """A deadline as written in course.yaml's time zone: ``2026-12-15 23:59 (UTC+08:00)``."""
    if moment is None:
        return ""
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{moment:%Y-%m-%d %H:%M} ({zone})"


def _points(value: float) -> str:
    return f"{value:g}"


def _due(exercise: Exercise, course: Course) -> str:
    return when(exercise.schedule.due or course.schedule.due)


def _late(schedule: Schedule) -> list[tuple[str, str]]:
    return [(when(rule.until), f"{rule.credit * 100:g}%") for rule in schedule.late]


_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#"})


def markdown_text(text: str) -> str:
    """``text`` shown as it is in Markdown (``__del__`` is not bold, ``|`` ends no cell),
    on one line."""
    return " ".join(text.split()).translate(_MARKDOWN_SPECIAL)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("grader.student", "templates"),
        autoescape=False,  # Markdown: course.yaml's texts go through the md filter
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    return environment


def student_readmes(course: Course) -> dict[str, str]:
    """``README.zh-CN.md`` and ``README.md`` of a public bundle of ``course``."""
    rows = [
        ExerciseRow(
            number=number,
            id=exercise.id,
            title_en=exercise.title.en,
            title_zh=exercise.title.zh,
            modules=", ".join(f"`{m}`" for m in exercise.modules),
            points=_points(exercise.points),
            due=_due(exercise, course),
            hints=len(exercise.hints),
        )
        for number, exercise in enumerate(course.exercises, start=1)
    ]
    first = course.exercises[0]
    values = {
        "course": course,
        "exercises": rows,
        "total": _points(course.max_score),
        "due": when(course.schedule.due),
        "late": _late(course.schedule),
        "install": INSTALL_COMMAND,
        "first": first,
        "first_module": first.modules[0],
        "first_short": first.id.split("_", 1)[0],
    }
    return {
        name: _environment().get_template(template).render(**values)
        for name, template in STUDENT_READMES.items()
    }
