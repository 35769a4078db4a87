"""Result files for grading platforms: GitHub Classroom, PrairieLearn and exercism.

Each keeps hidden tests to their name and generic message, and caps captured output
within the platform's limits.
"""

from __future__ import annotations

import json
from typing import Any

from grader.render.common import (
    RenderOptions,
    balance,
    cap,
    exercise_note,
    failure_text,
    fit_json,
    overall_notes,
    report_summaries,
    test_message,
    test_title,
)
from grader.results import Report, Status, TestResult, Visibility

_CLASSROOM_STATUS = {
    Status.PASSED: "pass", Status.FAILED: "fail", Status.TIMEOUT: "fail",
    Status.ERROR: "error", Status.SKIPPED: "fail",
}  # fmt: skip
EXERCISM_OUTPUT_CAP = 500
PRAIRIELEARN_OUTPUT_CAP = 20_000
CLASSROOM_LIMIT_BYTES = 600_000
PRAIRIELEARN_LIMIT_BYTES = 900_000  # PrairieLearn rejects results of 1 MB or more
GRADER_FAILED = (
    "the grader failed, not this submission: it could not be graded and its score is not "
    "final; it will be graded again"
)


def _cap(text: str, limit: int) -> str:
    return cap(text, limit)


def _visible(test: TestResult) -> bool:
    return test.visibility is Visibility.PUBLIC


def _overall(report: Report) -> str:
    if report.grader_errors:
        return "error"
    return "pass" if all(e.status is Status.PASSED for e in report.exercises) else "fail"


def _notes(report: Report, lang: str) -> list[str]:
    """The overall notes and the public/hidden sentence of each exercise."""
    notes = overall_notes(report, lang)
    notes += [f"{exercise_id}: {line}" for exercise_id, line in report_summaries(report, lang)]
    return notes


def render_github_classroom(report: Report, options: RenderOptions | None = None) -> str:
    lang = (options or RenderOptions()).lang
    tests: list[dict[str, Any]] = []
    for exercise in report.exercises:
        for test in exercise.tests:
            tests.append(
                {
                    "name": f"{exercise.id}: {test_title(test, lang)}",
                    "status": _CLASSROOM_STATUS[test.status],
                    "score": test.score,
                    "message": _cap(failure_text(test, lang), 4000),
                    "test_code": test.nodeid if _visible(test) else "",
                    "filename": test.nodeid.split("::")[0] if _visible(test) else "",
                    "line_no": 0,
                    "duration": round(test.duration_s * 1000),
                }
            )
        if not exercise.tests or exercise.grader_error:
            note = exercise_note(exercise, lang) or exercise.status.value
            tests.append(
                {
                    "name": f"{exercise.id}: {note}",
                    "status": "error" if exercise.grader_error else "fail",
                    "score": 0,
                    "message": _cap(exercise.message, 4000),
                    "test_code": "",
                    "filename": "",
                    "line_no": 0,
                    "duration": 0,
                }
            )
    # Every test carries a number and the numbers add up to the total exactly.
    balance(tests, "score", report.score)
    result: dict[str, Any] = {
        "version": 1,
        "status": _overall(report),
        "max_score": report.max_score,
        "tests": tests,
    }
    notes = _notes(report, lang)
    if notes:  # read by people opening the file; the reporter ignores it
        result["message"] = "\n".join(notes)
    # The base64 of this file travels as a step output: GitHub allows 1 MB per job.
    texts = [t["message"] for t in tests]
    return fit_json(result, tests, "message", texts, CLASSROOM_LIMIT_BYTES)


def _prairielearn_tests(report: Report, lang: str, each: int) -> list[dict[str, object]]:
    return [
        {
            "name": f"{exercise.id}: {test_title(test, lang)}",
            "points": test.score,
            "max_points": test.max_score,
            "message": _cap(test_message(test, lang), each),
            "output": _cap(failure_text(test, lang), each),
        }
        for exercise in report.exercises
        for test in exercise.tests
    ]


def render_prairielearn(report: Report, options: RenderOptions | None = None) -> str:
    lang = (options or RenderOptions()).lang
    import_errors = [
        e
        for e in report.exercises
        if e.status is Status.ERROR and not e.grader_error and e.message.startswith("cannot import")
    ]
    gradable = not report.grader_errors and not (
        report.exercises and len(import_errors) == len(report.exercises)
    )
    result: dict[str, object] = {
        "gradable": gradable,
        "score": round(report.score / report.max_score, 6) if report.max_score else 0.0,
        "message": _cap(
            "\n".join(
                _notes(report, lang)
                + [f"{e.id}: {exercise_note(e, lang)}" for e in report.exercises if e.message]
            ),
            PRAIRIELEARN_OUTPUT_CAP,
        ),
        "output": _cap(
            "\n".join(e.output.text for e in report.exercises if e.output.text),
            PRAIRIELEARN_OUTPUT_CAP,
        ),
    }
    if not gradable:
        errors = [GRADER_FAILED] if report.grader_errors else []
        if len(import_errors) == len(report.exercises):
            errors += [e.message.splitlines()[0] for e in import_errors]
        result["format_errors"] = errors
    # Each test's texts get what is left of PrairieLearn's 1 MB: shorter when many fail.
    each = 2000
    while True:
        result["tests"] = _prairielearn_tests(report, lang, each)
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if len(text.encode()) <= PRAIRIELEARN_LIMIT_BYTES or each <= 60:
            return text
        each //= 2


def render_exercism(report: Report, options: RenderOptions | None = None) -> str:
    lang = (options or RenderOptions()).lang
    tests = [
        {
            "name": f"{exercise.id}: {test_title(test, lang)}",
            "status": _CLASSROOM_STATUS[test.status],
            "message": _cap(failure_text(test, lang), 2000) or None,
            "output": _cap(exercise.output.text, EXERCISM_OUTPUT_CAP) or None,
            "test_code": test.nodeid if _visible(test) else "",
            "task_id": number,
        }
        for number, exercise in enumerate(report.exercises, start=1)
        for test in exercise.tests
    ]
    result: dict[str, object] = {"version": 3, "status": _overall(report), "tests": tests}
    if report.grader_errors:  # exercism reads a top-level message only with status error
        result["message"] = "\n".join(overall_notes(report, lang))
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
