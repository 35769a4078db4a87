"""One gradebook row per submission: submission, total, maximum, each exercise's score.

Canvas and Moodle import CSV with one row per student: rename the ``submission``
column to the student id column they expect (Canvas: ``SIS User ID``; Moodle: the
identifier field chosen at import) and map ``total`` to the assignment column.
"""

from __future__ import annotations

import csv
import io

from grader.render.common import RenderOptions
from grader.results import Report


def render_csv(report: Report, options: RenderOptions | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", "sha256", "total", "max", *(e.id for e in report.exercises)])
    writer.writerow(
        [
            report.submission,
            report.submission_sha256,
            f"{report.score:g}",
            f"{report.max_score:g}",
            *(f"{e.score:g}" for e in report.exercises),
        ]
    )
    return buffer.getvalue()
