"""One gradebook row per submission: ``id`` (the submission's name: its folder, or its
zip without ``.zip``, e.g. a student id), ``total``, ``max`` and each exercise's score.

No gradebook imports this file untouched: see the README (Reports, csv) for what to
rename and delete for Canvas and Moodle, and how to join the rows of a class.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

from grader.render.common import RenderOptions
from grader.results import Report

COLUMNS = ("id", "total", "max")


def submission_id(report: Report) -> str:
    if report.submission_name:
        return report.submission_name
    path = PurePosixPath(report.submission.replace("\\", "/").rstrip("/"))
    return path.stem if path.suffix.lower() == ".zip" else path.name


def render_csv(report: Report, options: RenderOptions | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*COLUMNS, *(e.id for e in report.exercises)])
    writer.writerow(
        [
            submission_id(report),
            f"{report.score:g}",
            f"{report.max_score:g}",
            *(f"{e.score:g}" for e in report.exercises),
        ]
    )
    return buffer.getvalue()
