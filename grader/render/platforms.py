"""Result files for grading platforms: PrairieLearn and exercism (GitHub Classroom:
``classroom.py``).

PrairieLearn's ``score`` is the final score's fraction (under course.yaml's late policy
when a submission time is given; its tests keep their raw points, and its ``message``
says so); exercism results carry no score, so nothing changes there.

Each keeps hidden tests to their name and generic message, and caps captured output
within the platform's limits. An exercise the grader failed on lists none of its tests
(they say nothing of the student's code) but one entry saying so, score not final:
PrairieLearn marks the whole result not gradable, exercism gives the entry and the
result the status ``error``.
"""

from __future__ import annotations

import json

from grader.render.classroom import CLASSROOM_STATUS, overall_status
from grader.render.common import (
    RenderOptions,
    cap,
    exercise_note,
    exercise_output,
    failure_text,
    import_reason,
    late_lines,
    listed_tests,
    message_more,
    overall_notes,
    printed_outputs,
    report_summaries,
    test_message,
    test_title,
)
from grader.render.sentences import exercise_message
from grader.render.visibility import ShownReport
from grader.results import ExerciseResult, Reason, Report, Status, TestResult, Visibility

EXERCISM_OUTPUT_CAP = 500
PRAIRIELEARN_OUTPUT_CAP = 20_000
PRAIRIELEARN_LIMIT_BYTES = 900_000  # PrairieLearn rejects results of 1 MB or more
GRADER_FAILED = (
    "the grader failed, not this submission: it could not be graded and its score is not "
    "final; it will be graded again"
)


def _cap(text: str, limit: int) -> str:
    return cap(text, limit)


def _visible(test: TestResult) -> bool:
    return test.visibility is Visibility.PUBLIC


def _notes(report: Report, lang: str) -> list[str]:
    """The overall notes, the late sentence and the public/hidden sentence of each
    exercise."""
    notes = overall_notes(report, lang) + late_lines(report, lang)
    notes += [f"{exercise_id}: {line}" for exercise_id, line in report_summaries(report, lang)]
    return notes


def _grader_error_entry(exercise: ExerciseResult, lang: str) -> tuple[str, str, str]:
    """Name, message and output of the one entry standing for an exercise the grader
    failed on."""
    note = exercise_note(exercise, lang)
    return f"{exercise.id}: {note}", note, f"{note}\n{exercise_message(exercise, lang)}"


def _prairielearn_tests(report: Report, lang: str, each: int) -> list[dict[str, object]]:
    tests: list[dict[str, object]] = []
    for exercise in report.exercises:
        if exercise.grader_error:
            name, message, output = _grader_error_entry(exercise, lang)
            tests.append(
                {
                    "name": name,
                    "points": exercise.score,
                    "max_points": exercise.max_score,
                    "message": _cap(message, each),
                    "output": _cap(output, each),
                }
            )
        tests += [
            {
                "name": f"{exercise.id}: {test_title(test, lang)}",
                "points": test.score,
                "max_points": test.max_score,
                "message": _cap(test_message(test, lang), each),
                "output": _cap(failure_text(test, lang), each),
            }
            for test in listed_tests(exercise)
        ]
    return tests


def render_prairielearn(shown: ShownReport, options: RenderOptions | None = None) -> str:
    report = shown.report
    lang = (options or RenderOptions()).lang
    import_errors = [
        e
        for e in report.exercises
        if e.status is Status.ERROR
        and not e.grader_error
        and e.reason is Reason.CANNOT_IMPORT
        # A module of the exercise that imports and passes tests makes it gradable.
        and not any(test.status is Status.PASSED for test in e.tests)
    ]
    gradable = not report.grader_errors and not (
        report.exercises and len(import_errors) == len(report.exercises)
    )
    result: dict[str, object] = {
        "gradable": gradable,
        "score": round(report.final_score / report.max_score, 6) if report.max_score else 0.0,
        "message": _cap(
            "\n".join(
                _notes(report, lang)
                + [
                    f"{e.id}: {exercise_note(e, lang)}"
                    + ("" if e.grader_error else message_more(e, lang))
                    for e in report.exercises
                ]
            ),
            PRAIRIELEARN_OUTPUT_CAP,
        ),
        "output": _cap(
            "\n".join(printed_outputs(report, lang, PRAIRIELEARN_OUTPUT_CAP // 2)),
            PRAIRIELEARN_OUTPUT_CAP,
        ),
    }
    if not gradable:
        errors = [GRADER_FAILED] if report.grader_errors else []
        if len(import_errors) == len(report.exercises):
            errors += [exercise_message(e, lang).split("\n", 1)[0] for e in import_errors]
        result["format_errors"] = errors
    # Each test's texts get what is left of PrairieLearn's 1 MB: shorter when many fail.
    each = 2000
    while True:
        result["tests"] = _prairielearn_tests(report, lang, each)
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if len(text.encode()) <= PRAIRIELEARN_LIMIT_BYTES or each <= 60:
            return text
        each //= 2


def render_exercism(shown: ShownReport, options: RenderOptions | None = None) -> str:
    report = shown.report
    lang = (options or RenderOptions()).lang
    tests = []
    for number, exercise in enumerate(report.exercises, start=1):
        # The output is one stream per exercise, not per test: the first test carries it.
        output = exercise_output(exercise, lang, EXERCISM_OUTPUT_CAP)
        if exercise.grader_error:
            name, _, message = _grader_error_entry(exercise, lang)
            tests.append(
                {
                    "name": name,
                    "status": "error",
                    "message": _cap(message, 2000),
                    "output": output or None,
                    "test_code": "",
                    "task_id": number,
                }
            )
        for index, test in enumerate(listed_tests(exercise)):
            tests.append(
                {
                    "name": f"{exercise.id}: {test_title(test, lang)}",
                    "status": CLASSROOM_STATUS[test.status],
                    "message": _cap(
                        "\n".join(
                            text
                            for text in (
                                failure_text(test, lang),
                                import_reason(exercise, test, lang),
                            )
                            if text
                        ),
                        2000,
                    )
                    or None,
                    "output": (output or None) if index == 0 else None,
                    "test_code": test.nodeid if _visible(test) else "",
                    "task_id": number,
                }
            )
    result: dict[str, object] = {"version": 3, "status": overall_status(report), "tests": tests}
    if report.grader_errors:  # exercism reads a top-level message only with status error
        result["message"] = "\n".join(overall_notes(report, lang))
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
