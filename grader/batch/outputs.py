"""What a teacher gets in OUT: ``grades.csv``, ``class.json``, ``class.html`` and each
student's reports in ``students/ID/`` (the formats asked for, default html and json).

Each file is written to a temporary name and renamed into place, so a file in OUT is
always whole. The students' reports obey course.yaml's ``reports.hidden_tests`` like
every report of ``grader grade``: they can be handed to the students as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from pathlib import Path

from grader.batch.class_json import render_class_json
from grader.batch.class_page import render_class_html
from grader.batch.gradebook import render_gradebook
from grader.batch.intake_common import safe_id
from grader.batch.model import ClassGrade
from grader.course import Course
from grader.errors import BadInput
from grader.late import parse_time
from grader.render.common import RenderOptions
from grader.render.formats import FORMATS

DEFAULT_FORMATS = ("html", "json")


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_outputs(
    grade: ClassGrade, *, course: Course, out: Path, formats: tuple[str, ...], lang: str
) -> list[Path]:
    """Write every output of the class into ``out``; the paths written."""
    options = RenderOptions.for_course(course, lang)
    written: list[Path] = []
    for student in grade.students:
        folder = out / "students" / student.student_id
        for name in formats:
            target = folder / FORMATS[name].default_file
            write_file(target, FORMATS[name].render(student.report, options))
            written.append(target)
    report_file = FORMATS["html"].default_file if "html" in formats else None
    for name, text in (
        ("grades.csv", render_gradebook(grade)),
        ("class.json", render_class_json(grade, options)),
        ("class.html", render_class_html(grade, lang=lang, report_file=report_file)),
    ):
        write_file(out / name, text)
        written.append(out / name)
    return written


def read_submission_times(path: Path) -> dict[str, dt.datetime]:
    """``--submitted-at FILE``: a CSV of ``id,time`` rows (ISO 8601 with a UTC offset;
    a header row ``id,...`` is allowed). Used where the download carries no time."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BadInput(
            f"{path}: cannot read: {exc.strerror}", zh=f"{path}：无法读取：{exc.strerror}"
        ) from None
    times: dict[str, dt.datetime] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or (number == 1 and row[0].strip().lower() == "id"):
            continue
        if len(row) < 2:
            raise BadInput(
                f"{path}:{number}: expected id,time", zh=f"{path}:{number}：应为 id,time"
            )
        # The ids of the download are made safe for folder names: the same for these.
        student = safe_id(row[0])
        if student is None:
            raise BadInput(
                f"{path}:{number}: {row[0]!r} is not a usable student id",
                zh=f"{path}:{number}：{row[0]!r} 不能用作学生编号",
            )
        moment = parse_time(row[1], where=f"{path}:{number}")
        if student in times:
            raise BadInput(
                f"{path}:{number}: {student!r} appears twice",
                zh=f"{path}:{number}：{student!r} 出现了两次",
            )
        times[student] = moment
    return times
