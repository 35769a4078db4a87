"""``grades.csv`` for a class: one row per student, ready for a gradebook import.

Columns: ``id`` (the student id the download gave: Canvas's user id, Moodle's
participant id, Gradescope's SID or e-mail, a GitHub user name, a folder name),
``name`` (where the download carries one), each exercise's raw score, ``raw_total``,
``late_credit`` (the share kept under the course's schedule: 1 on time), ``final_total``
(each exercise's raw score times its credit, summed), ``max``, ``submitted_at`` (ISO 8601,
empty when unknown) and ``flags`` (``late``, ``too late``, ``no submission time``, ``not
submitted``, ``grader error``, ``timeout``, ``files not used`` (listed in the student's
report with a "did you mean"), ``marked late by the LMS`` where the LMS says so but gives
no time; separated by ``;``).

Cells are written as :mod:`grader.render.csv_report` writes one row: text quoted and
never a formula, numbers as numbers, ``grader error`` instead of a score the grader could
not decide (a gradebook import stops there rather than record it). The README says
which columns Canvas and Moodle take.
"""

from __future__ import annotations

import csv
import io

from grader.batch.model import ClassGrade, StudentGrade
from grader.render.csv_report import GRADER_ERROR, text_cell

FIXED_HEAD = ("id", "name")
FIXED_TAIL = ("raw_total", "late_credit", "final_total", "max", "submitted_at", "flags")


def _number(value: float) -> str:
    return f"{value:g}"


def _row(student: StudentGrade) -> list[str]:
    failed = student.grader_error
    submitted = student.lateness.submitted_at
    return [
        text_cell(student.student_id),
        text_cell(student.name or ""),
        *(
            text_cell(GRADER_ERROR) if e.grader_error else _number(e.score)
            for e in student.report.exercises
        ),
        text_cell(GRADER_ERROR) if failed else _number(student.raw_score),
        _number(student.lateness.credit),
        text_cell(GRADER_ERROR) if failed else _number(student.final_score),
        _number(student.max_score),
        text_cell(submitted.isoformat() if submitted else ""),
        text_cell("; ".join(student.flags)),
    ]


def render_gradebook(grade: ClassGrade) -> str:
    buffer = io.StringIO()
    header = (*FIXED_HEAD, *(e.id for e in grade.exercises), *FIXED_TAIL)
    csv.writer(buffer, lineterminator="\n").writerow(header)
    for student in grade.students:
        buffer.write(",".join(_row(student)) + "\n")
    return buffer.getvalue()
