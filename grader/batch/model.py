"""The result of grading a class: one record per student, and what went wrong on the way.

Every class output (grades.csv, class.json, class.html, each student's reports) is
rendered from a :class:`ClassGrade`, as every report format is rendered from a
:class:`~grader.results.Report`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from grader.course import Text
from grader.late import Lateness, Timing
from grader.results import Containment, ExerciseResult, Report, Status


@dataclass(frozen=True)
class ExerciseInfo:
    id: str
    title: str
    points: float


@dataclass(frozen=True)
class StudentGrade:
    student_id: str
    name: str | None
    source: str  # the download's entry (or entries) it came from
    report: Report  # as graded: every exercise, hidden tests in full
    lateness: Lateness  # by the course's schedule
    credits: tuple[float, ...]  # each exercise's share kept, in report order
    time_source: str  # "lms", "git", "csv" (--submitted-at) or "" (unknown)
    late_flag: bool | None = None  # the LMS's own late marker, where it has one

    @property
    def raw_score(self) -> float:
        return self.report.score

    @property
    def final_score(self) -> float:
        kept = sum(e.score * c for e, c in zip(self.report.exercises, self.credits, strict=True))
        return round(kept, 4)

    @property
    def max_score(self) -> float:
        return self.report.max_score

    @property
    def submitted(self) -> bool:
        return any(e.status is not Status.SKIPPED for e in self.report.exercises)

    @property
    def grader_error(self) -> bool:
        return bool(self.report.grader_errors)

    @property
    def timed_out(self) -> tuple[str, ...]:
        """The exercises that ran out of time."""
        return tuple(e.id for e in self.report.exercises if e.status is Status.TIMEOUT)

    @property
    def flags(self) -> tuple[str, ...]:
        """What a teacher should look at, in words the outputs share."""
        flags = []
        if self.lateness.timing is Timing.LATE:
            flags.append("late")
        elif self.lateness.timing is Timing.TOO_LATE:
            flags.append("too late")
        elif self.lateness.timing is Timing.UNKNOWN:
            flags.append("no submission time")
            if self.late_flag:
                flags.append("marked late by the LMS")
        if not self.submitted:
            flags.append("not submitted")
        if self.grader_error:
            flags.append("grader error")
        if self.timed_out:
            flags.append("timeout")
        if self.report.unrecognised_files:
            flags.append("files not used")  # each listed in the report, with a "did you mean"
        return tuple(flags)


@dataclass(frozen=True)
class ClassGrade:
    course_id: str
    course_title: Text
    grader_version: str
    kit_sha256: str
    layout: str  # how the download was read (grader.batch.intake)
    generated_at: dt.datetime
    exercises: tuple[ExerciseInfo, ...]
    students: tuple[StudentGrade, ...]  # by student id
    problems: tuple[str, ...]  # one line each: entries not graded, and why
    containment: Containment
    graded_now: int = 0  # gradings run by this command (the others came from the store)
    reused: int = 0
    # The containment tiers the gradings ran under: this machine's, or those the
    # workers of a cluster reported (``--scheduler``).
    tiers: tuple[str, ...] = ()

    @property
    def max_score(self) -> float:
        return round(sum(e.points for e in self.exercises), 4)

    @property
    def grader_error_results(self) -> tuple[tuple[str, ExerciseResult], ...]:
        """(student id, the exercise's result) of every grading that ended in a grader
        error."""
        return tuple(
            (s.student_id, e) for s in self.students for e in s.report.exercises if e.grader_error
        )

    @property
    def grader_errors(self) -> tuple[str, ...]:
        return tuple(f"{student}: {e.id}" for student, e in self.grader_error_results)
