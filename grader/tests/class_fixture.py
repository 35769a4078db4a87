"""One fixed graded class that the class outputs are rendered from in the golden-file
tests: a late student with a grader error and hostile text, an on-time student with a
timeout, one with no known time whose LMS marked them late, one who submitted nothing.
Volatile fields (times, version, hashes) are fixed."""

from __future__ import annotations

import dataclasses
import datetime as dt

from grader.batch.model import ClassGrade, ExerciseInfo, StudentGrade
from grader.late import Lateness, Timing
from grader.results import ExerciseResult, Reason, Status

from .report_fixture import (
    COURSE,
    FIELDS,
    GOODS,
    HOSTILE,
    METHODS,
    PAGER,
    PRIVATE,
    REPORT,
    SLICEABLE,
)

CST = dt.timezone(dt.timedelta(hours=8))


def _skipped(result: ExerciseResult) -> ExerciseResult:
    return ExerciseResult(
        id=result.id,
        title=result.title,
        status=Status.SKIPPED,
        score=0.0,
        max_score=result.max_score,
        reason=Reason.NOT_SUBMITTED,
    )


def _passed(result: ExerciseResult) -> ExerciseResult:
    tests = tuple(
        dataclasses.replace(t, status=Status.PASSED, score=t.max_score, message="")
        for t in result.tests
    )
    return dataclasses.replace(
        result,
        status=Status.PASSED,
        score=result.max_score,
        tests=tests,
        reason=None,
        problems=(),
        import_errors=(),
    )


def _student(
    student_id: str,
    name: str | None,
    exercises: tuple[ExerciseResult, ...],
    lateness: Lateness,
    *,
    time_source: str = "lms",
    late_flag: bool | None = None,
) -> StudentGrade:
    report = dataclasses.replace(
        REPORT, submission=f"{student_id}.zip", submission_name=student_id, exercises=exercises
    )
    return StudentGrade(
        student_id=student_id,
        name=name,
        source=f"{student_id}.zip",
        report=report,
        lateness=lateness,
        credits=(lateness.credit,) * len(exercises),
        time_source=time_source,
        late_flag=late_flag,
    )


ALICE = _student(
    "alice",
    f"Alice 李雷 {HOSTILE}",
    REPORT.exercises,
    Lateness(Timing.LATE, 0.8, dt.datetime(2026, 12, 17, 9, 30, tzinfo=CST)),
)
BOB = _student(
    "bob",
    '=HYPERLINK("http://e.vil","click")',
    (_passed(FIELDS), _passed(METHODS), PAGER, GOODS, _passed(PRIVATE), _passed(SLICEABLE)),
    Lateness(Timing.ON_TIME, 1.0, dt.datetime(2026, 12, 15, 20, 0, tzinfo=CST)),
)
CAROL = _student(
    "carol",
    None,
    (_passed(FIELDS), _passed(METHODS), _passed(PAGER), _passed(GOODS), PRIVATE, SLICEABLE),
    Lateness(Timing.UNKNOWN, 1.0),
    time_source="",
    late_flag=True,
)
DAN = _student(
    "dan",
    "Dan",
    tuple(_skipped(e) for e in REPORT.exercises),
    Lateness(Timing.UNKNOWN, 1.0),
    time_source="",
)

CLASS = ClassGrade(
    course_id=COURSE.id,
    course_title=COURSE.title,
    grader_version="0.1.0",
    kit_sha256="5" * 64,
    layout="canvas",
    generated_at=dt.datetime(2026, 12, 20, 8, 0, tzinfo=dt.timezone.utc),
    exercises=tuple(ExerciseInfo(e.id, e.title.en, e.points) for e in COURSE.exercises),
    students=(ALICE, BOB, CAROL, DAN),
    problems=(
        "erin_5_7_notes.txt: no course module (such as x.py) in it: not graded",
        f"frank: not graded: unsafe path in zip: '../{HOSTILE}'",
    ),
    containment=REPORT.containment,
    graded_now=17,
    reused=7,
)
