"""Grading a whole submission: one runner per exercise, one report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from grader import __version__
from grader.course import Course, Exercise
from grader.errors import BadInput
from grader.late import Timing, effective_schedule, lateness
from grader.results import Containment, ExerciseResult, LateCredit, LateTiming, Report, Suites
from grader.runner import RunOptions, run_exercise
from grader.sandbox.containment import describe, machine_support
from grader.submission import open_submission

ProgressCallback = Callable[[ExerciseResult], None]


def containment(kit: Path) -> Containment:
    """The machine's containment, with what student code can read of the kit."""
    return describe(machine_support(), kit)


def late_credit(
    course: Course, exercises: Sequence[Exercise], submitted_at: dt.datetime
) -> LateCredit:
    """The late policy of course.yaml's schedule for a submission made at
    ``submitted_at`` (aware): the course's timing and credit, and each exercise's credit
    by its effective schedule, as class grading applies them."""
    course_level = lateness(course.schedule, submitted_at)
    if course_level.timing is Timing.UNKNOWN:  # only without a time, which is excluded here
        raise ValueError("a late credit needs a submission time")
    return LateCredit(
        timing=LateTiming(course_level.timing.value),
        credit=course_level.credit,
        submitted_at=submitted_at.isoformat(),
        credits=tuple(
            lateness(effective_schedule(course, e), submitted_at).credit for e in exercises
        ),
    )


def grade(
    *,
    course: Course,
    submission: Path,
    exercise_ids: list[str] | None = None,
    suites: Suites = Suites.ALL,
    on_result: ProgressCallback | None = None,
    submitted_at: dt.datetime | None = None,
) -> Report:
    """Grade ``submission`` (folder or zip) on the selected exercises (default: all);
    with ``submitted_at`` (aware), the report carries the late credit of that time."""
    if submitted_at is not None and submitted_at.utcoffset() is None:
        # Compared with course.yaml's deadlines, a time without an offset has no meaning.
        raise ValueError("submitted_at needs a UTC offset")
    exercises = course.select(exercise_ids)
    if suites.runs_hidden and not (course.root / "tests").is_dir():
        raise BadInput(
            f"{course.root}: this kit has no hidden tests (tests/): grade with --public-only",
            zh=f"{course.root}：这个课程包没有隐藏测试（tests/）：请用 --public-only 评分",
        )
    results: list[ExerciseResult] = []
    submitted: list[bool] = []
    options = RunOptions(suites=suites)
    with open_submission(submission, course) as opened:
        for exercise in exercises:
            files = opened.files_for(exercise)
            submitted.append(files.submitted)
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
            hidden_run=suites.runs_hidden,
            late=None if submitted_at is None else late_credit(course, exercises, submitted_at),
            unrecognised_files=opened.unrecognised(course),
            nothing_submitted=(
                opened.nothing_submitted(exercises[0]) if exercises and not any(submitted) else None
            ),
        )
