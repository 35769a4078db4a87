"""``class.html``: the page a teacher reads first (Jinja2, autoescaped, self-contained).

Rendered from ``grader/render/templates/class.html.j2``: no scripts, no fetches (its
Content-Security-Policy forbids both), readable printed, in English or Chinese. The
students table is in student-id order and links to each student's own report
(``students/ID/report.html`` when that format was written).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from grader.batch.model import ClassGrade
from grader.batch.stats import class_stats
from grader.i18n import t
from grader.render.common import clean_line, fmt_score
from grader.render.html import template


@dataclass(frozen=True)
class BinView:
    label: str
    count: int
    height: float  # percent of the tallest bin


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]


@dataclass(frozen=True)
class StudentRow:
    id: str
    name: str
    link: str  # relative URL of the student's report, or ""
    raw: str
    credit: str
    final: str
    submitted_at: str
    flags: str
    flagged: bool


@dataclass(frozen=True)
class ClassView:
    lang: str
    words: dict[str, str]
    title: str
    course_title: str
    summary: tuple[tuple[str, str], ...]
    histogram: tuple[BinView, ...]
    exercises: tuple[Row, ...]
    failing: tuple[Row, ...]
    students: tuple[StudentRow, ...]
    grader_errors: tuple[str, ...]
    timeouts: tuple[str, ...]
    late: tuple[str, ...]
    problems: tuple[str, ...]
    footer: tuple[tuple[str, str], ...]


_WORDS = (
    "students",
    "submitted",
    "mean",
    "median",
    "full_marks",
    "histogram",
    "exercises",
    "most_failed",
    "failed_share",
    "no_failures",
    "id",
    "name",
    "raw",
    "credit",
    "final",
    "submitted_at",
    "flags",
    "grader_errors",
    "grader_errors_note",
    "timeouts",
    "late",
    "problems",
    "none",
    "report_link",
)


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def class_view(grade: ClassGrade, *, lang: str, report_file: str | None) -> ClassView:
    stats = class_stats(grade)
    words = {w: t(f"class.{w}", lang) for w in _WORDS}
    words["exercise"] = t("exercise", lang)
    words["test"] = t("test", lang)
    words["points"] = t("points", lang)
    tallest = max((b.count for b in stats.histogram), default=0) or 1
    maximum = fmt_score(grade.max_score)
    students = tuple(
        StudentRow(
            id=clean_line(s.student_id),
            name=clean_line(s.name or ""),
            link=f"students/{quote(s.student_id)}/{report_file}" if report_file else "",
            raw=f"{fmt_score(s.raw_score)}/{maximum}",
            credit=f"{s.lateness.credit:g}",
            final=f"{fmt_score(s.final_score)}/{maximum}",
            submitted_at=s.lateness.submitted_at.isoformat() if s.lateness.submitted_at else "",
            flags=", ".join(t(f"flag.{f}", lang) for f in s.flags),
            flagged=bool(s.flags),
        )
        for s in grade.students
    )
    return ClassView(
        lang=lang,
        words=words,
        title=t("class.title", lang),
        course_title=grade.course_title.get(lang),
        summary=(
            (words["students"], f"{stats.students} ({stats.submitted} {words['submitted']})"),
            (words["mean"], f"{fmt_score(stats.mean)}/{maximum}"),
            (words["median"], f"{fmt_score(stats.median)}/{maximum}"),
        ),
        histogram=tuple(
            BinView(f"{b.low:.0f}–{b.high:.0f}%", b.count, round(100 * b.count / tallest, 1))
            for b in stats.histogram
        ),
        exercises=tuple(
            Row(
                (
                    e.id,
                    f"{e.submitted}/{stats.students}",
                    fmt_score(e.mean),
                    fmt_score(e.median),
                    _percent(e.full_marks),
                )
            )
            for e in stats.exercises
        ),
        failing=tuple(
            Row((_percent(f.share), f"{f.failed}/{f.ran}", f.exercise, clean_line(f.test)))
            for f in stats.most_failed
        ),
        students=students,
        grader_errors=tuple(clean_line(e) for e in grade.grader_errors),
        timeouts=tuple(
            clean_line(f"{s.student_id}: {', '.join(s.timed_out)}")
            for s in grade.students
            if s.timed_out
        ),
        late=tuple(
            clean_line(f"{r.id}: {r.flags} ({r.submitted_at or '?'}, {r.credit})")
            for s, r in zip(grade.students, students, strict=True)
            if s.lateness.flagged
        ),
        problems=tuple(clean_line(p) for p in grade.problems),
        footer=(
            (t("grader_version", lang), grade.grader_version),
            (t("class.kit", lang), grade.kit_sha256),
            (t("class.layout", lang), grade.layout),
            (t("containment", lang), ", ".join(grade.tiers or (grade.containment.tier,))),
            (t("class.generated", lang), grade.generated_at.isoformat()),
        ),
    )


def render_class_html(grade: ClassGrade, *, lang: str, report_file: str | None) -> str:
    view = class_view(grade, lang=lang, report_file=report_file)
    return template("class.html.j2").render(page=view)
