"""The GitHub Classroom result (``classroom.json``) for the grading reporter.

The reporter reads it base64-encoded from an environment variable
(``GRADER_RESULTS``), and Linux refuses to start a program with any one environment
string over 128 KiB (``MAX_ARG_STRLEN``): the step fails with "Argument list too long".
So the JSON is budgeted to :data:`CLASSROOM_LIMIT_BYTES` (its base64 then stays under
about 120 000 bytes), shrinking in this order until it fits: messages (shorter and
shorter, then none), per-test detail (``test_code``, ``filename``, ``duration``), long
names (cut, then replaced by the exercise number and the test's position, ``06#104``),
and only past that (several thousand tests) the passing tests of each exercise folded
into one row, then one row per exercise. Every row always carries a numeric ``score``,
and the scores add up to the total exactly as the reporter adds them (left to right, in
doubles).

An exercise the grader failed on is one row with status ``error``, named "ID: grader
error: ... this score is not final": its tests are not listed as the student's failures.
A run time withheld from students (a hidden test's, see ``visibility.py``) has no
``duration``.

The reporter's total is the sum of the rows' scores out of ``max_score``, and it shows
no per-test points, only that sum. So with a submission time (``grade --submitted-at``)
each row's score is its raw score times its exercise's credit under course.yaml's late
policy, balanced like any other to add up to the final score exactly: the total the
reporter shows is the final score, out of the full ``max_score``. The ``message`` (read
by people opening the file; the reporter ignores it) says when the submission came, the
credit, the final and the raw score.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from grader.i18n import t
from grader.render.common import (
    RenderOptions,
    balance,
    cap,
    exercise_note,
    failure_text,
    import_reason,
    late_note,
    listed_tests,
    overall_notes,
    report_summaries,
    test_title,
)
from grader.render.sentences import exercise_message
from grader.render.visibility import ShownReport
from grader.results import ExerciseResult, Report, Status, TestResult, Visibility

CLASSROOM_STATUS = {
    Status.PASSED: "pass", Status.FAILED: "fail", Status.TIMEOUT: "fail",
    Status.ERROR: "error", Status.SKIPPED: "fail",
}  # fmt: skip
# base64 of 90 000 bytes is 120 000 bytes: under 128 KiB with the variable's name.
CLASSROOM_LIMIT_BYTES = 90_000
_DETAIL_KEYS = ("test_code", "filename", "line_no", "duration")
_NAME_CAP = 60

Row = dict[str, Any]


def overall_status(report: Report) -> str:
    """The whole run's status word for the platforms' result files (GitHub Classroom,
    Exercism): ``error`` when the grader failed on an exercise, else ``pass`` or ``fail``."""
    if report.grader_errors:
        return "error"
    return "pass" if all(e.status is Status.PASSED for e in report.exercises) else "fail"


def _kept(score: float, credit: float) -> float:
    return score if credit == 1 else round(score * credit, 4)


def _test_row(exercise: ExerciseResult, test: TestResult, lang: str, credit: float) -> Row:
    public = test.visibility is Visibility.PUBLIC
    row: Row = {
        "name": f"{exercise.id}: {test_title(test, lang)}",
        "status": CLASSROOM_STATUS[test.status],
        "score": _kept(test.score, credit),
        "message": cap(
            _joined(failure_text(test, lang), import_reason(exercise, test, lang)), 4000
        ),
        "test_code": test.nodeid if public else "",
        "filename": test.nodeid.split("::")[0] if public else "",
        "line_no": 0,
    }
    if test.duration_s is not None:
        row["duration"] = round(test.duration_s * 1000)
    return row


def _joined(*texts: str) -> str:
    return "\n".join(text for text in texts if text)


def _exercise_row(exercise: ExerciseResult, lang: str, name: str, score: float) -> Row:
    status = "error" if exercise.grader_error else "fail"
    if exercise.status is Status.PASSED:
        status = "pass"
    return {"name": f"{exercise.id}: {name}", "status": status, "score": score, "message": ""}


def _rows(report: Report, lang: str) -> list[list[Row]]:
    """The full rows, grouped by exercise."""
    groups = []
    for exercise, credit in zip(report.exercises, report.credits, strict=True):
        rows = [_test_row(exercise, test, lang, credit) for test in listed_tests(exercise)]
        if not rows:
            note = exercise_note(exercise, lang) or exercise.status.value
            row = _exercise_row(exercise, lang, note, _kept(exercise.score, credit))
            row.update(
                message=cap(exercise_message(exercise, lang), 4000), test_code="", filename=""
            )
            row.update(line_no=0, duration=0)
            rows.append(row)
        groups.append(rows)
    return groups


def _fold_passed(report: Report, groups: list[list[Row]], lang: str) -> list[list[Row]]:
    folded = []
    for exercise, rows in zip(report.exercises, groups, strict=True):
        passed = [r for r in rows if r["status"] == "pass"]
        if len(passed) < 2:
            folded.append(rows)
            continue
        score = round(sum(r["score"] for r in passed), 4)
        row = _exercise_row(exercise, lang, t("passed_folded", lang, count=len(passed)), score)
        row["status"] = "pass"
        folded.append([row, *(r for r in rows if r["status"] != "pass")])
    return folded


def _per_exercise(report: Report, lang: str) -> list[list[Row]]:
    return [
        [_exercise_row(e, lang, exercise_note(e, lang) or e.status.value, final)]
        for e, final in zip(report.exercises, report.final_scores, strict=True)
    ]


def _render(result: dict[str, Any], groups: list[list[Row]], total: float) -> str | None:
    """The result as JSON within the limit (indented when that fits), or None."""
    tests = [dict(row) for rows in groups for row in rows]
    balance(tests, "score", total)
    result["tests"] = tests
    for indent, separators in ((2, (",", ": ")), (None, (",", ":"))):
        text = json.dumps(result, ensure_ascii=False, indent=indent, separators=separators)
        if len(text.encode()) + 1 <= CLASSROOM_LIMIT_BYTES:
            return text + "\n"
    return None


def _capped(groups: list[list[Row]], change: Callable[[Row], Row]) -> list[list[Row]]:
    return [[change(dict(row)) for row in rows] for rows in groups]


def _shrink_messages(each: int) -> Callable[[Row], Row]:
    def change(row: Row) -> Row:
        row["message"] = cap(row["message"], each) if each else ""
        return row

    return change


def _no_detail(row: Row) -> Row:
    for key in _DETAIL_KEYS:
        row.pop(key, None)
    row["message"] = ""
    return row


def _name_cap(limit: int, *, line_no: bool = True) -> Callable[[Row], Row]:
    def change(row: Row) -> Row:
        row["name"] = cap(row["name"].replace("\n", " "), limit)
        if not line_no:
            row.pop("line_no", None)
        return row

    return change


def _numbered(report: Report, groups: list[list[Row]]) -> list[list[Row]]:
    """Every row kept with its score, named by exercise number and position (``06#104``):
    the shortest rows that still say which test scored what."""
    return [
        [
            {"name": f"{exercise.id[:2]}#{index}", "status": row["status"], "score": row["score"]}
            for index, row in enumerate(rows, start=1)
        ]
        for exercise, rows in zip(report.exercises, groups, strict=True)
    ]


def render_github_classroom(shown: ShownReport, options: RenderOptions | None = None) -> str:
    report = shown.report
    lang = (options or RenderOptions()).lang
    result: dict[str, Any] = {
        "version": 1,
        "status": overall_status(report),
        "max_score": report.max_score,
    }
    notes = overall_notes(report, lang)
    notes += [late_note(report, lang)] if report.late is not None else []
    notes += [f"{exercise_id}: {line}" for exercise_id, line in report_summaries(report, lang)]
    if notes:  # read by people opening the file; the reporter ignores it
        result["message"] = cap("\n".join(notes), 4000)
    full = _rows(report, lang)
    bare = _capped(full, _no_detail)
    attempts: list[Callable[[], list[list[Row]]]] = [
        *(partial(_capped, full, _shrink_messages(each)) for each in (4000, 1000, 200)),
        lambda: bare,
        partial(_capped, bare, _name_cap(_NAME_CAP)),
        partial(_capped, bare, _name_cap(40, line_no=False)),
        partial(_numbered, report, bare),
        lambda: _fold_passed(report, _capped(bare, _name_cap(40, line_no=False)), lang),
    ]
    for attempt in attempts:
        text = _render(result, attempt(), report.final_score)
        if text is not None:
            return text
    result.pop("message", None)
    rows = [row for rows in _per_exercise(report, lang) for row in rows]
    balance(rows, "score", report.final_score)
    return json.dumps({**result, "tests": rows}, ensure_ascii=False) + "\n"
