"""Class statistics: what a teacher reads before any single report.

All from the graded results as they are (hidden tests by their real names: the class
outputs are the teacher's). A test parametrized over several cases counts once per
student: failed when any of its cases failed.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from grader.batch.model import ClassGrade
from grader.results import Status

HISTOGRAM_BINS = 10
MOST_FAILED = 20
_CASE = re.compile(r"\[.*\]$", re.S)


@dataclass(frozen=True)
class Bin:
    low: float  # percent of the maximum, inclusive
    high: float  # exclusive, but the last bin holds 100 %
    count: int


@dataclass(frozen=True)
class ExerciseStats:
    id: str
    points: float
    submitted: int  # students who handed it in
    mean: float  # over every student of the class (not submitted: 0)
    median: float
    full_marks: float  # share of the class with every point, 0..1


@dataclass(frozen=True)
class FailingTest:
    exercise: str
    test: str  # the test's name without its parametrize case
    failed: int  # students for whom it (any of its cases) failed
    ran: int  # students whose submission ran it

    @property
    def share(self) -> float:
        return self.failed / self.ran if self.ran else 0.0


@dataclass(frozen=True)
class ClassStats:
    students: int
    submitted: int
    mean: float  # final scores
    median: float
    histogram: tuple[Bin, ...]
    exercises: tuple[ExerciseStats, ...]
    most_failed: tuple[FailingTest, ...]


def _bins(scores: list[float], maximum: float) -> tuple[Bin, ...]:
    width = 100 / HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for score in scores:
        percent = 100 * score / maximum if maximum else 0.0
        counts[min(int(percent // width), HISTOGRAM_BINS - 1)] += 1
    return tuple(Bin(i * width, (i + 1) * width, n) for i, n in enumerate(counts))


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4) if values else 0.0


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def class_stats(grade: ClassGrade) -> ClassStats:
    finals = [s.final_score for s in grade.students]
    exercises = []
    failing: dict[tuple[str, str], list[int]] = {}
    for index, info in enumerate(grade.exercises):
        results = [s.report.exercises[index] for s in grade.students]
        scores = [r.score for r in results]
        exercises.append(
            ExerciseStats(
                id=info.id,
                points=info.points,
                submitted=sum(r.status is not Status.SKIPPED for r in results),
                mean=_mean(scores),
                median=_median(scores),
                full_marks=(
                    sum(r.score >= info.points for r in results) / len(results) if results else 0.0
                ),
            )
        )
        for result in results:
            if result.grader_error or result.status is Status.SKIPPED:
                continue
            seen: dict[str, bool] = {}
            for test in result.tests:
                base = _CASE.sub("", test.name)
                seen[base] = seen.get(base, False) or test.status is not Status.PASSED
            for base, failed in seen.items():
                tally = failing.setdefault((info.id, base), [0, 0])
                tally[0] += failed
                tally[1] += 1
    ranked = sorted(
        (FailingTest(ex, name, f, r) for (ex, name), (f, r) in failing.items() if f),
        key=lambda t: (-t.share, -t.failed, t.exercise, t.test),
    )
    return ClassStats(
        students=len(grade.students),
        submitted=sum(s.submitted for s in grade.students),
        mean=_mean(finals),
        median=_median(finals),
        histogram=_bins(finals, grade.max_score),
        exercises=tuple(exercises),
        most_failed=tuple(ranked[:MOST_FAILED]),
    )
