"""Result files for grading platforms: GitHub Classroom, PrairieLearn and exercism.

Each keeps hidden tests to their name and generic message, and caps captured output
within the platform's limits.
"""

from __future__ import annotations

import json
from typing import Any

from grader.results import Report, Status, TestResult, Visibility

_CLASSROOM_STATUS = {
    Status.PASSED: "pass", Status.FAILED: "fail", Status.TIMEOUT: "fail",
    Status.ERROR: "error", Status.SKIPPED: "fail",
}  # fmt: skip
EXERCISM_OUTPUT_CAP = 500
PRAIRIELEARN_OUTPUT_CAP = 20_000


def _cap(text: str, limit: int) -> str:
    marker = " [... truncated]"
    return text if len(text) <= limit else text[: max(0, limit - len(marker))] + marker


def _shown(test: TestResult) -> str:
    """What a reader of a platform file may see of a test's failure."""
    if test.status is Status.PASSED:
        return ""
    if test.visibility is Visibility.PUBLIC and test.detail:
        return f"{test.message}\n{test.detail}".strip()
    return test.message


def _overall(report: Report) -> str:
    if report.grader_errors:
        return "error"
    return "pass" if all(e.status is Status.PASSED for e in report.exercises) else "fail"


def render_github_classroom(report: Report) -> str:
    tests: list[dict[str, Any]] = []
    for exercise in report.exercises:
        for test in exercise.tests:
            tests.append(
                {
                    "name": f"{exercise.id}: {test.name}",
                    "status": _CLASSROOM_STATUS[test.status],
                    "score": test.score,
                    "message": _cap(_shown(test), 4000),
                    "test_code": test.nodeid if test.visibility is Visibility.PUBLIC else "",
                    "filename": test.nodeid.split("::")[0]
                    if test.visibility is Visibility.PUBLIC
                    else "",
                    "line_no": 0,
                    "duration": round(test.duration_s * 1000),
                }
            )
        if not exercise.tests:
            tests.append(
                {
                    "name": f"{exercise.id}: {exercise.message or exercise.status.value}",
                    "status": "fail",
                    "score": 0,
                    "message": exercise.message,
                    "test_code": "",
                    "filename": "",
                    "line_no": 0,
                    "duration": 0,
                }
            )
    # Every test carries a number and the numbers add up to the total exactly: the
    # rounding left over by per-test scores goes to the last scoring test.
    residue = round(report.score - sum(t["score"] for t in tests), 4)
    scoring = [t for t in tests if t["score"]]
    if residue and scoring:
        scoring[-1]["score"] = round(scoring[-1]["score"] + residue, 4)
    result = {
        "version": 1,
        "status": _overall(report),
        "max_score": report.max_score,
        "tests": tests,
    }
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def render_prairielearn(report: Report) -> str:
    import_errors = [
        e
        for e in report.exercises
        if e.status is Status.ERROR and not e.grader_error and e.message.startswith("cannot import")
    ]
    gradable = not report.grader_errors and not (
        report.exercises and len(import_errors) == len(report.exercises)
    )
    tests = [
        {
            "name": f"{exercise.id}: {test.name}",
            "points": test.score,
            "max_points": test.max_score,
            "message": _cap(test.message, 2000),
            "output": _cap(_shown(test), 2000),
        }
        for exercise in report.exercises
        for test in exercise.tests
    ]
    result: dict[str, object] = {
        "gradable": gradable,
        "score": round(report.score / report.max_score, 6) if report.max_score else 0.0,
        "message": "\n".join(
            f"{e.id}: {e.message.splitlines()[0]}" for e in report.exercises if e.message
        ),
        "output": _cap(
            "\n".join(e.output.text for e in report.exercises if e.output.text),
            PRAIRIELEARN_OUTPUT_CAP,
        ),
        "tests": tests,
    }
    if not gradable:
        result["format_errors"] = [e.message.splitlines()[0] for e in import_errors] or [
            "the grader failed; this submission could not be graded"
        ]
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def render_exercism(report: Report) -> str:
    tests = [
        {
            "name": f"{exercise.id}: {test.name}",
            "status": _CLASSROOM_STATUS[test.status],
            "message": _cap(_shown(test), 2000) or None,
            "output": _cap(exercise.output.text, EXERCISM_OUTPUT_CAP) or None,
            "test_code": test.nodeid if test.visibility is Visibility.PUBLIC else "",
            "task_id": number,
        }
        for number, exercise in enumerate(report.exercises, start=1)
        for test in exercise.tests
    ]
    result: dict[str, object] = {"version": 3, "status": _overall(report), "tests": tests}
    if report.grader_errors:
        result["message"] = "The grader failed on " + ", ".join(e.id for e in report.grader_errors)
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
