"""One gradebook row per submission: ``id`` (the submission's name: its folder, or its
zip without ``.zip``, e.g. a student id), ``total``, ``max`` and each exercise's score.

``total`` is the score that counts: with a submission time (``grade --submitted-at``),
the final score under course.yaml's late policy (each exercise's score times its
credit, summed); the exercise columns keep the raw scores the tests gave, so a late
row's total is below their sum. The columns are the same either way, so rows graded
with and without a time join under one header.

No gradebook imports this file untouched: see the README (Reports, csv) for what to
rename and delete for Canvas and Moodle, and how to join the rows of a class.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula, and a submission's name is the student's to
choose (``=HYPERLINK("http://x","y")``). So, as OWASP recommends for CSV injection, every
text cell of a row is quoted, its quotes doubled, and one that starts with such a
character gets a leading ``'``; the quotes also keep a name holding ``;`` in one cell
where a spreadsheet splits on semicolons. Numbers are written as numbers.

An exercise the grader failed on has ``grader error`` in its column and in ``total``
instead of a number: a gradebook import stops there rather than record a score that is
not final.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

from grader.render.common import RenderOptions
from grader.render.visibility import ShownReport
from grader.results import Report

COLUMNS = ("id", "total", "max")
GRADER_ERROR = "grader error"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def submission_id(report: Report) -> str:
    if report.submission_name:
        return report.submission_name
    path = PurePosixPath(report.submission.replace("\\", "/").rstrip("/"))
    return path.stem if path.suffix.lower() == ".zip" else path.name


def _inert(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def text_cell(value: str) -> str:
    """``value`` as a quoted CSV cell that no spreadsheet runs as a formula."""
    return '"' + _inert(value).replace('"', '""') + '"'


def _score(value: float) -> str:
    return f"{value:g}"


def render_csv(shown: ShownReport, options: RenderOptions | None = None) -> str:
    report = shown.report
    buffer = io.StringIO()
    # The header holds fixed words and course.yaml's exercise ids: quoted only if needed.
    csv.writer(buffer, lineterminator="\n").writerow(
        [_inert(name) for name in (*COLUMNS, *(e.id for e in report.exercises))]
    )
    failed = bool(report.grader_errors)
    cells = [
        text_cell(submission_id(report)),
        text_cell(GRADER_ERROR) if failed else _score(report.final_score),
        _score(report.max_score),
        *(text_cell(GRADER_ERROR) if e.grader_error else _score(e.score) for e in report.exercises),
    ]
    buffer.write(",".join(cells) + "\n")
    return buffer.getvalue()
