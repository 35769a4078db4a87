"""Grading a whole submission: one runner per exercise, one report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from grader import __version__
from grader.course import Course
from grader.errors import BadInput
from grader.results import Containment, ExerciseResult, Report
from grader.runner import RunOptions, run_exercise
from grader.sandbox.containment import describe, machine_support
from grader.submission import open_submission

ProgressCallback = Callable[[ExerciseResult], None]


def containment(kit: Path) -> Containment:
    """The machine's containment, with what student code can read of the kit."""
    return describe(machine_support(), kit)


def grade(
    *,
    course: Course,
    submission: Path,
    exercise_ids: list[str] | None = None,
    include_hidden: bool = True,
    on_result: ProgressCallback | None = None,
) -> Report:
    """Grade ``submission`` (folder or zip) on the selected exercises (default: all)."""
    exercises = course.select(exercise_ids)
    if include_hidden and not (course.root / "tests").is_dir():
        raise BadInput(
            f"{course.root}: this kit has no hidden tests (tests/): grade with --public-only"
        )
    results: list[ExerciseResult] = []
    options = RunOptions(include_hidden=include_hidden)
    with open_submission(submission, course) as opened:
        for exercise in exercises:
            files = opened.files_for(exercise)
            result = run_exercise(course=course, exercise=exercise, files=files, options=options)
            results.append(result)
            if on_result is not None:
                on_result(result)
        return Report(
            grader_version=__version__,
            course_id=course.id,
            submission=opened.label,
            submission_name=opened.name,
            submission_sha256=opened.sha256,
            timestamp=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            containment=containment(course.root),
            exercises=tuple(results),
            hidden_run=include_hidden,
        )
