"""Grading a whole submission: one runner per exercise, one report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from grader import __version__
from grader.course import Course
from grader.results import ExerciseResult, Report
from grader.runner import RunOptions, run_exercise
from grader.sandbox.containment import detect
from grader.submission import open_submission

ProgressCallback = Callable[[ExerciseResult], None]


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
            submission_sha256=opened.sha256,
            timestamp=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            containment=detect(),
            exercises=tuple(results),
            hidden_run=include_hidden,
        )
