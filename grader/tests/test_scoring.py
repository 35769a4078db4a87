"""Scores from result records: exact shares, no rounding drift, nothing for tampering."""

from __future__ import annotations

import json

from grader.course import Course
from grader.records import ResultRecords
from grader.results import Status
from grader.runner import RunOptions, assemble_result
from grader.sandbox.supervisor import Supervised
from grader.submission import ExerciseFiles

FILES = ExerciseFiles(modules={"pager.py": b""}, missing=(), ignored=())
FINE = Supervised(returncode=0, wall_timeout=False, duration_s=0.1, leftover_processes=0)


def _records(course: Course, outcomes: list[tuple[str, float]]) -> ResultRecords:
    hidden = course.root / "tests" / "03_pager" / "test_x.py"
    records = ResultRecords()
    tests = [
        {"nodeid": f"t{i}", "name": f"test_{i}", "path": str(hidden), "weight": weight}
        for i, (_, weight) in enumerate(outcomes)
    ]
    records.add(json.dumps({"kind": "collected", "tests": tests}).encode())
    for i, (status, _) in enumerate(outcomes):
        records.add(json.dumps({"kind": "test", "nodeid": f"t{i}", "status": status}).encode())
    records.add(json.dumps({"kind": "finished", "exitstatus": 0}).encode())
    return records


def _score(course: Course, outcomes: list[tuple[str, float]]) -> float:
    exercise = course.exercise("03_pager")
    result = assemble_result(
        course, exercise, FILES, RunOptions(), FINE, _records(course, outcomes), "", 0.1
    )
    return result.score


def test_many_passed_tests_sum_to_exactly_the_points(kit_course: Course) -> None:
    # 91 tests of 10/91 points each: rounded per test they would add up to 10.0009.
    assert _score(kit_course, [("passed", 1.0)] * 91) == 10.0


def test_the_score_is_the_passed_share_of_the_weights(kit_course: Course) -> None:
    outcomes = [("passed", 1.0), ("failed", 1.0), ("passed", 2.0), ("timeout", 3.0)]
    assert _score(kit_course, outcomes) == round(10 * 3 / 7, 4)


def test_tampered_records_count_nothing_and_are_a_grader_error(kit_course: Course) -> None:
    exercise = kit_course.exercise("03_pager")
    records = _records(kit_course, [("passed", 1.0)] * 3)
    records.add(json.dumps({"kind": "test", "nodeid": "t0", "status": "passed"}).encode())
    result = assemble_result(kit_course, exercise, FILES, RunOptions(), FINE, records, "", 0.1)
    assert result.grader_error is True
    assert result.status is Status.ERROR
    assert result.score == 0
    assert "tampered" in result.message
