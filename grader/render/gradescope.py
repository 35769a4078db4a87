"""Gradescope's autograder ``results.json`` (see Gradescope's autograder specification).

Hidden tests keep their name and generic message (or what course.yaml's
``reports.hidden_tests`` allows) and get the visibility chosen in course.yaml
(``reports.gradescope_hidden_visibility``, ``after_due_date`` by default). Gradescope
hides the student's total while any test is hidden from them: the default shows hidden
tests, and so the total, after the due date. Output is capped well below Gradescope's
display limit, with a visible marker.

A grader error (the grader failed on an exercise: a hidden test that does not compile, a
test process that died) is not the student's failure, but the specification knows no
other outcome: a test's ``status`` is ``passed`` or ``failed``, and the top-level
``score`` is the autograder's score. The most honest file it allows: the exercise's
tests are not listed (they would show as the student's failed tests), one entry named
"ID: grader error: the grader failed here, not your code; this score is not final"
stands for the exercise, always visible, ``failed`` (``passed`` would be false too) with
the exercise's points as they stand and the technical reason in its output, tagged
``grader_error``; and the overall ``output`` opens with "The grader itself failed on some
exercises; these scores are not final." The scores still add up to ``score``, and
``grade`` exits 3 so the run can be retried. ``execution_time`` is left out when a time
it would add up is withheld from students (see ``visibility.py``).

With a submission time (``grade --submitted-at``) the top-level ``score`` is the final
score under course.yaml's late policy, which Gradescope shows as the autograder score;
the tests keep their raw points (they add up to the raw score), and the overall
``output`` says when the submission came, the credit, the final and the raw score, and
that the tests' points are before the late credit.
"""

from __future__ import annotations

import json
import math
from typing import Any

from grader.i18n import t
from grader.render.common import (
    RenderOptions,
    balance,
    cap,
    exercise_note,
    failure_text,
    late_lines,
    message_more,
    overall_notes,
    printed_outputs,
    report_summaries,
    test_title,
)
from grader.render.sentences import exercise_message
from grader.render.visibility import ShownReport
from grader.results import ExerciseResult, Status, Visibility

OUTPUT_CAP = 8000


def _exercise_entry(exercise: ExerciseResult, lang: str, number: int) -> dict[str, Any]:
    """One entry standing for an exercise without tests to list: not submitted, cannot
    import, or a grader error."""
    note = exercise_note(exercise, lang) or exercise.status.value
    output = exercise_message(exercise, lang)
    if exercise.grader_error:
        output = f"{note}\n{output}"
    return {
        "name": f"{exercise.id}: {note}",
        "number": str(number),
        "score": exercise.score,
        "max_score": exercise.max_score,
        "status": "passed" if exercise.status is Status.PASSED else "failed",
        "output": cap(output, OUTPUT_CAP, lang),
        "visibility": "visible",
        "tags": [exercise.id, "grader_error"] if exercise.grader_error else [exercise.id],
    }


def render_gradescope(shown: ShownReport, options: RenderOptions | None = None) -> str:
    report = shown.report
    options = options or RenderOptions()
    lang = options.lang
    hidden_visibility = options.settings.gradescope_hidden_visibility
    tests: list[dict[str, Any]] = []
    for exercise in report.exercises:
        if not exercise.tests or exercise.grader_error:
            tests.append(_exercise_entry(exercise, lang, len(tests) + 1))
            continue
        for test in exercise.tests:
            output = failure_text(test, lang)
            tests.append(
                {
                    "name": f"{exercise.id}: {test_title(test, lang)}",
                    "number": str(len(tests) + 1),
                    "score": test.score,
                    "max_score": test.max_score,
                    "status": "passed" if test.status is Status.PASSED else "failed",
                    "output": cap(f"[{t(test.status.value, lang)}] {output}", OUTPUT_CAP, lang)
                    if output
                    else "",
                    "visibility": (
                        "visible" if test.visibility is Visibility.PUBLIC else hidden_visibility
                    ),
                    "tags": [exercise.id, test.status.value],
                }
            )
    balance(tests, "score", report.score)  # the tests add up to the total exactly
    notes = overall_notes(report, lang)
    notes += late_lines(report, lang)
    notes += [f"{exercise_id}: {line}" for exercise_id, line in report_summaries(report, lang)]
    notes += [
        f"{e.id}: {exercise_note(e, lang)}" + message_more(e, lang)
        for e in report.exercises
        if not e.grader_error
    ]
    notes += printed_outputs(
        report, lang, OUTPUT_CAP // 2
    )  # what the program printed, or why not shown
    results: dict[str, Any] = {"score": report.final_score}
    known = [e.duration_s for e in report.exercises if e.duration_s is not None]
    if len(known) == len(report.exercises):
        results["execution_time"] = math.ceil(sum(known))
    results |= {
        "output": cap("\n".join(notes), OUTPUT_CAP, lang),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "visibility": "visible",
        "tests": tests,
    }
    return json.dumps(results, ensure_ascii=False, indent=2) + "\n"
