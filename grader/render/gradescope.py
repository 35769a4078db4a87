"""Gradescope's autograder ``results.json`` (see Gradescope's autograder specification).

Hidden tests keep their name and generic message (or what course.yaml's
``reports.hidden_tests`` allows) and get the visibility chosen in course.yaml
(``reports.gradescope_hidden_visibility``, ``after_due_date`` by default). Gradescope
hides the student's total while any test is hidden from them: the default shows hidden
tests, and so the total, after the due date. Output is capped well below Gradescope's
display limit, with a visible marker.
"""

from __future__ import annotations

import json
import math
from typing import Any

from grader.render.common import (
    RenderOptions,
    balance,
    cap,
    exercise_note,
    failure_text,
    overall_notes,
    printed_outputs,
    report_summaries,
    test_title,
)
from grader.results import Report, Status, Visibility

OUTPUT_CAP = 8000


def render_gradescope(report: Report, options: RenderOptions | None = None) -> str:
    options = options or RenderOptions()
    lang = options.lang
    hidden_visibility = options.settings.gradescope_hidden_visibility
    tests: list[dict[str, Any]] = []
    for exercise in report.exercises:
        if not exercise.tests:
            note = exercise_note(exercise, lang) or exercise.status.value
            tests.append(
                {
                    "name": f"{exercise.id}: {note}",
                    "number": str(len(tests) + 1),
                    "score": exercise.score,
                    "max_score": exercise.max_score,
                    "status": "passed" if exercise.status is Status.PASSED else "failed",
                    "output": cap(exercise.message, OUTPUT_CAP, lang),
                    "visibility": "visible",
                    "tags": [exercise.id],
                }
            )
        for test in exercise.tests:
            output = failure_text(test, lang)
            tests.append(
                {
                    "name": f"{exercise.id}: {test_title(test, lang)}",
                    "number": str(len(tests) + 1),
                    "score": test.score,
                    "max_score": test.max_score,
                    "status": "passed" if test.status is Status.PASSED else "failed",
                    "output": cap(f"[{test.status.value}] {output}", OUTPUT_CAP, lang)
                    if output
                    else "",
                    "visibility": (
                        "visible" if test.visibility is Visibility.PUBLIC else hidden_visibility
                    ),
                    "tags": [exercise.id, test.status.value],
                }
            )
    balance(tests, "score", report.score)  # the tests add up to the total exactly
    seconds = sum(e.duration_s for e in report.exercises)
    notes = overall_notes(report, lang)
    notes += [f"{exercise_id}: {line}" for exercise_id, line in report_summaries(report, lang)]
    notes += [
        f"{e.id}: {exercise_note(e, lang)}"
        for e in report.exercises
        if e.message and not e.grader_error
    ]
    notes += printed_outputs(
        report, lang, OUTPUT_CAP // 2
    )  # what the program printed, or why not shown
    results = {
        "score": report.score,
        "execution_time": math.ceil(seconds),
        "output": cap("\n".join(notes), OUTPUT_CAP, lang),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "visibility": "visible",
        "tests": tests,
    }
    return json.dumps(results, ensure_ascii=False, indent=2) + "\n"
