"""The content of a report page, shared by the HTML and Markdown formats.

Everything here is plain text in the reader's language; the formats escape it.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.i18n import t
from grader.render.common import (
    RenderOptions,
    cap,
    cap_output,
    exercise_note,
    failed_hints,
    fmt_score,
    late_note,
    listed_tests,
    overall_notes,
    public_hidden_summary,
    test_message,
    test_title,
)
from grader.render.sentences import exercise_message
from grader.render.visibility import ShownReport
from grader.results import ExerciseResult, Status, TestResult

DETAIL_CAP = 6000
OUTPUT_CAP = 6000
MESSAGE_CAP = 2000
MAX_DETAILS = 10  # failure reports shown in full per exercise (the rest: message only)


@dataclass(frozen=True)
class Caps:
    """How much of each student text a page shows (Markdown shrinks them to fit)."""

    message: int = MESSAGE_CAP
    detail: int = DETAIL_CAP
    output: int = OUTPUT_CAP


@dataclass(frozen=True)
class TestView:
    name: str
    visibility: str  # "public" or "hidden"
    visibility_word: str
    status: str
    status_word: str
    points: str
    message: str
    detail: str


@dataclass(frozen=True)
class ExerciseView:
    id: str
    title: str
    status: str
    status_word: str
    score: str
    max_score: str
    percent: int
    note: str
    summary: str
    grader_error: str  # the technical reason when the grader failed
    tests: tuple[TestView, ...]
    hints: tuple[str, ...]
    output: str
    output_note: str
    ignored: str
    # The exercise message's lines after its first (an import error's code line and
    # caret, or its traceback), shown once under the note.
    more: str = ""


@dataclass(frozen=True)
class PageView:
    lang: str
    title: str
    course_title: str
    submission: str
    score: str
    max_score: str
    percent: int
    # The late policy's sentence (raw score, credit, final score); empty without a
    # submission time. "on_time", "late" or "too_late" in late_timing.
    late: str
    late_timing: str
    notes: tuple[str, ...]
    all_passed: bool
    exercises: tuple[ExerciseView, ...]
    footer: tuple[tuple[str, str], ...]
    words: dict[str, str]


def _percent(score: float, most: float) -> int:
    return round(100 * score / most) if most else 0


def _test_view(test: TestResult, lang: str, with_detail: bool, caps: Caps) -> TestView:
    detail = test.detail if with_detail and test.status is not Status.PASSED else ""
    message = test_message(test, lang)
    # An assertion's message repeats in its report; a student traceback does not.
    if detail and "--- in your code ---" not in message:
        message = message.split("\n", 1)[0]
    return TestView(
        name=test_title(test, lang),
        visibility=test.visibility.value,
        visibility_word=t(f"visibility_{test.visibility.value}", lang),
        status=test.status.value,
        status_word=t(test.status.value, lang),
        points=f"{fmt_score(test.score)}/{fmt_score(test.max_score)}",
        message=cap(message, caps.message, lang),
        detail=cap(detail.rstrip(), caps.detail, lang) if caps.detail else "",
    )


def _exercise_view(exercise: ExerciseResult, options: RenderOptions, caps: Caps) -> ExerciseView:
    lang = options.lang
    tests = []
    shown = 0
    # What went wrong first (in test order), then what passed.
    ordered = sorted(listed_tests(exercise), key=lambda test: test.status is Status.PASSED)
    for test in ordered:
        with_detail = bool(test.detail) and test.status is not Status.PASSED
        with_detail = with_detail and shown < MAX_DETAILS
        shown += with_detail
        tests.append(_test_view(test, lang, with_detail, caps))
    output = exercise.output
    output_note = ""
    if output.withheld:
        output_note = t("output_withheld", lang)
    elif output.total_bytes:
        output_note = t("output", lang) + f" ({output.total_bytes} bytes)"
        if output.truncated:
            output_note = t("output_truncated", lang, total=output.total_bytes)
    return ExerciseView(
        id=exercise.id,
        title=options.titles.get(exercise.id, exercise.title),
        status=exercise.status.value,
        status_word=t(exercise.status.value, lang),
        score=fmt_score(exercise.score),
        max_score=fmt_score(exercise.max_score),
        percent=_percent(exercise.score, exercise.max_score),
        note=exercise_note(exercise, lang),
        summary=public_hidden_summary(exercise, lang),
        grader_error=exercise_message(exercise, lang) if exercise.grader_error else "",
        tests=tuple(tests),
        hints=failed_hints(exercise, options),
        output=cap_output(output, caps.output, lang) if output.total_bytes else "",
        output_note=output_note,
        ignored=", ".join(exercise.ignored_files),
        more=""
        if exercise.grader_error
        else "\n".join(exercise_message(exercise, lang).splitlines()[1:]),
    )


def page_view(shown: ShownReport, options: RenderOptions, caps: Caps | None = None) -> PageView:
    report = shown.report
    lang = options.lang
    containment = report.containment.tier
    if report.containment.mechanisms:
        containment += " (" + ", ".join(report.containment.mechanisms) + ")"
    footer = (
        (t("grader_version", lang), report.grader_version),
        (t("containment", lang), containment),
        (t("sha256", lang), report.submission_sha256),
        (t("graded_at", lang), report.timestamp),
    )
    words = {
        key: t(key, lang)
        for key in (
            "exercise",
            "score",
            "status",
            "tests",
            "test",
            "points",
            "message",
            "hints",
            "ignored",
            "total",
            "submission",
        )
    }
    return PageView(
        lang=lang,
        title=t("report_title", lang),
        course_title=options.course_title or report.course_id,
        submission=report.submission_name or report.submission,
        score=fmt_score(report.score),
        max_score=fmt_score(report.max_score),
        percent=_percent(report.score, report.max_score),
        late=late_note(report, lang),
        late_timing=report.late.timing.value if report.late is not None else "",
        notes=tuple(overall_notes(report, lang)),
        all_passed=bool(report.exercises)
        and all(e.status is Status.PASSED for e in report.exercises),
        exercises=tuple(_exercise_view(e, options, caps or Caps()) for e in report.exercises),
        footer=footer,
        words={**words, "all_passed": t("all_passed", lang)},
    )


__all__ = ["Caps", "ExerciseView", "PageView", "TestView", "page_view"]
