"""Gradescope's autograder ``results.json`` (see Gradescope's autograder specification).

Hidden tests keep their name and generic message and are shown ``after_due_date``; the
total stays visible. Output is truncated well below Gradescope's display limit.
"""

from __future__ import annotations

import json
import math

from grader.results import Report, Status, Visibility

OUTPUT_CAP = 8000
HIDDEN_VISIBILITY = "after_due_date"


def _cap(text: str, limit: int = OUTPUT_CAP) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n[... {len(text) - limit} more characters truncated ...]"


def render_gradescope(report: Report) -> str:
    tests = []
    number = 0
    for exercise in report.exercises:
        if not exercise.tests:
            number += 1
            tests.append(
                {
                    "name": f"{exercise.id}: {exercise.message or exercise.status.value}",
                    "number": str(number),
                    "score": exercise.score,
                    "max_score": exercise.max_score,
                    "status": "passed" if exercise.status is Status.PASSED else "failed",
                    "output": _cap(exercise.message),
                    "visibility": "visible",
                    "tags": [exercise.id],
                }
            )
        for test in exercise.tests:
            number += 1
            output = test.message if test.status is not Status.PASSED else ""
            if test.detail and test.visibility is Visibility.PUBLIC:
                output = f"{output}\n{test.detail}".strip()
            tests.append(
                {
                    "name": f"{exercise.id}: {test.name}",
                    "number": str(number),
                    "score": test.score,
                    "max_score": test.max_score,
                    "status": "passed" if test.status is Status.PASSED else "failed",
                    "output": _cap(f"[{test.status.value}] {output}") if output else "",
                    "visibility": (
                        "visible" if test.visibility is Visibility.PUBLIC else HIDDEN_VISIBILITY
                    ),
                    "tags": [exercise.id, test.status.value],
                }
            )
    seconds = sum(e.duration_s for e in report.exercises)
    notes = [f"{e.id}: {e.message.splitlines()[0]}" for e in report.exercises if e.message]
    if report.grader_errors:
        notes.insert(0, "The grader itself failed on some exercises: this score is not final.")
    results = {
        "score": report.score,
        "execution_time": math.ceil(seconds),
        "output": _cap("\n".join(notes)),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "visibility": "visible",
        "tests": tests,
    }
    return json.dumps(results, ensure_ascii=False, indent=2) + "\n"
