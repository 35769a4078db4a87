"""The JSON report (schema: ``grader/schemas/report.schema.json``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from grader.render.common import RenderOptions
from grader.render.sentences import exercise_message
from grader.render.visibility import ShownReport
from grader.results import ExerciseResult, LateCredit, Report, TestResult

# 2: duration_s may be null (withheld: hidden tests ran and hidden_tests is not full);
# late and final_score with a submission time (not released before either).
# 3: unrecognised_files (always) and nothing_submitted (only then); a reader of 2 can
# ignore both.
# 4: containment.warnings, the notes to act on (still in notes too, without the
# "WARNING: " prefix of earlier versions); and each test's and exercise's reason
# (grader.results.Reason) where there is one.
SCHEMA_VERSION = 4


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _test(test: TestResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": test.name,
        "nodeid": test.nodeid,
        "status": test.status.value,
        "score": test.score,
        "max_score": test.max_score,
        "visibility": test.visibility.value,
        "message": test.message,
        "duration_s": _seconds(test.duration_s),
    }
    if test.detail:
        data["detail"] = test.detail
    if test.reason is not None:
        data["reason"] = test.reason.value
    if test.time_limit_s is not None:
        data["time_limit_s"] = test.time_limit_s
    if test.combined:
        data["combined"] = test.combined
    return data


def _exercise(exercise: ExerciseResult, credit: float | None, final: float) -> dict[str, Any]:
    kept = {} if credit is None else {"credit": credit, "final_score": final}
    return {
        "id": exercise.id,
        "title": exercise.title,
        "score": exercise.score,
        "max_score": exercise.max_score,
        **kept,
        "status": exercise.status.value,
        **({} if exercise.reason is None else {"reason": exercise.reason.value}),
        "message": exercise_message(exercise, "en"),
        "grader_error": exercise.grader_error,
        "hidden_tests_run": exercise.hidden_run,
        "duration_s": _seconds(exercise.duration_s),
        "ignored_files": list(exercise.ignored_files),
        "output": {
            "text": exercise.output.text,
            "total_bytes": exercise.output.total_bytes,
            "truncated": exercise.output.truncated,
            "withheld": exercise.output.withheld,
        },
        "tests": [_test(t) for t in exercise.tests],
    }


def _late(late: LateCredit) -> dict[str, Any]:
    return {"timing": late.timing.value, "credit": late.credit, "submitted_at": late.submitted_at}


def _layout(report: Report) -> dict[str, Any]:
    nothing = report.nothing_submitted
    listed: dict[str, Any] = {
        "unrecognised_files": [
            {
                "path": item.path,
                "kind": item.kind.value,
                "suggestion": item.suggestion,
                "exercise": item.exercise,
            }
            for item in report.unrecognised_files
        ]
    }
    if nothing is not None:
        listed["nothing_submitted"] = {
            "expected": nothing.expected,
            "found": list(nothing.found),
            "more": nothing.more,
        }
    return listed


def report_to_dict(report: Report) -> dict[str, Any]:
    # Without a submission time the report is as it always was: no late keys at all.
    late = report.late
    kept = {} if late is None else {"final_score": report.final_score, "late": _late(late)}
    credits = late.credits if late is not None else (None,) * len(report.exercises)
    return {
        "schema_version": SCHEMA_VERSION,
        "grader_version": report.grader_version,
        "course_id": report.course_id,
        "submission": {"path": report.submission, "sha256": report.submission_sha256},
        "timestamp": report.timestamp,
        "containment": {
            "tier": report.containment.tier,
            "mechanisms": list(report.containment.mechanisms),
            "notes": [*report.containment.notes, *report.containment.warnings],
            "warnings": list(report.containment.warnings),
            "exposed": list(report.containment.exposed),
        },
        "hidden_tests_run": report.hidden_run,
        "hidden_tests_shown": report.hidden_display.value,
        "score": report.score,
        "max_score": report.max_score,
        **kept,
        "grader_errors": [e.id for e in report.grader_errors],
        **_layout(report),
        "exercises": [
            _exercise(e, credit, final)
            for e, credit, final in zip(report.exercises, credits, report.final_scores, strict=True)
        ],
    }


def render_json(shown: ShownReport, options: RenderOptions | None = None) -> str:
    return json.dumps(report_to_dict(shown.report), ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict[str, Any]:
    text = resources.files("grader").joinpath("schemas/report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
