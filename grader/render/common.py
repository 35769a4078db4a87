"""What every format says the same way: the visibility rule for hidden tests, the
public/hidden sentence, timeouts with their limit, crashes, grader errors, capping.

Renderers read a :class:`Report` only after :func:`apply_visibility`, so no format can
show more of a hidden test than course.yaml's ``reports.hidden_tests`` allows.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from grader.course import Course, ReportSettings
from grader.i18n import t
from grader.results import ExerciseResult, HiddenTests, Report, Status, TestResult, Visibility

_CRASH_PREFIX = "the student process ended during the test: "


@dataclass(frozen=True)
class RenderOptions:
    """Everything a renderer may need besides the report."""

    lang: str = "en"
    settings: ReportSettings = field(default_factory=ReportSettings)
    # Hints of each exercise, shown for failed exercises (from course.yaml).
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Exercise titles in the reader's language.
    titles: dict[str, str] = field(default_factory=dict)
    course_title: str = ""

    @classmethod
    def for_course(cls, course: Course, lang: str) -> RenderOptions:
        return cls(
            lang=lang,
            settings=course.reports,
            hints={e.id: tuple(h.get(lang) for h in e.hints) for e in course.exercises},
            titles={e.id: e.title.get(lang) for e in course.exercises},
            course_title=course.title.get(lang),
        )


def apply_visibility(report: Report, mode: HiddenTests) -> Report:
    """The report as students may see it: ``summary`` drops hidden tests' details,
    ``none`` folds each exercise's hidden tests into one row holding their points."""
    exercises = tuple(_visible_exercise(e, mode) for e in report.exercises)
    return dataclasses.replace(report, exercises=exercises, hidden_tests=mode)


def _visible_exercise(exercise: ExerciseResult, mode: HiddenTests) -> ExerciseResult:
    if mode is HiddenTests.FULL:
        return exercise
    hidden = [t for t in exercise.tests if t.visibility is Visibility.HIDDEN and not t.combined]
    if not hidden:
        return exercise
    if mode is HiddenTests.SUMMARY:
        tests = tuple(
            dataclasses.replace(t, detail="") if t.visibility is Visibility.HIDDEN else t
            for t in exercise.tests
        )
        return dataclasses.replace(exercise, tests=tests)
    failed = any(t.status is not Status.PASSED for t in hidden)
    combined = TestResult(
        name="hidden tests",
        nodeid="",
        status=Status.FAILED if failed else Status.PASSED,
        score=round(sum(t.score for t in hidden), 4),
        max_score=round(sum(t.max_score for t in hidden), 4),
        visibility=Visibility.HIDDEN,
        duration_s=round(sum(t.duration_s for t in hidden), 4),
        combined=len(hidden),
    )
    public = tuple(t for t in exercise.tests if t.visibility is Visibility.PUBLIC)
    return dataclasses.replace(exercise, tests=(*public, combined))


def balance(rows: list[dict[str, Any]], key: str, total: float) -> None:
    """Make the rows' scores add up to ``total`` exactly: the rounding left over by
    per-test scores goes to the last scoring row."""
    residue = round(total - sum(row[key] for row in rows), 4)
    scoring = [row for row in rows if row[key]]
    if residue and scoring:
        scoring[-1][key] = round(scoring[-1][key] + residue, 4)


def fit_json(
    result: dict[str, Any], rows: list[dict[str, Any]], key: str, texts: list[str], limit: int
) -> str:
    """``result`` as JSON of at most ``limit`` bytes (as far as capping can): each row's
    ``key`` gets its text, capped shorter and shorter until the whole fits."""
    each = max((len(text) for text in texts), default=0)
    while True:
        for row, text in zip(rows, texts, strict=True):
            row[key] = cap(text, each)
        rendered = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if len(rendered.encode()) <= limit or each <= 60:
            return rendered
        each //= 2


def fmt_score(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def fmt_seconds(value: float) -> str:
    return f"{value:g}"


def cap(text: str, limit: int, lang: str = "en") -> str:
    """``text`` cut to at most ``limit`` characters, with a visible marker."""
    if len(text) <= limit:
        return text
    marker = "\n" + t("truncated", lang, count=len(text))
    keep = max(0, limit - len(marker))
    return text[:keep] + marker


def test_title(test: TestResult, lang: str) -> str:
    if test.combined:
        return t("hidden_combined", lang, count=test.combined)
    return test.name


def test_message(test: TestResult, lang: str) -> str:
    """The first thing to say about a test that did not pass, in the reader's language."""
    if test.combined:
        return "" if test.status is Status.PASSED else t("hidden_combined_failed", lang)
    if test.status is Status.PASSED:
        return ""
    if test.status is Status.TIMEOUT:
        limit = test.time_limit_s
        said = (
            t("timed_out_after", lang, limit=fmt_seconds(limit))
            if limit is not None
            else t("failure.timeout", lang)
        )
        if test.visibility is Visibility.PUBLIC and test.message:
            return f"{said}: {test.message}"
        return said
    if test.visibility is Visibility.HIDDEN and test.detail == "" and lang == "zh":
        return _hidden_zh(test)
    return test.message


def _hidden_zh(test: TestResult) -> str:
    if test.failure == "student_exception":
        return t("failure.student_exception", "zh", name=test.message.rsplit(" ", 1)[-1])
    if test.failure == "crash":
        how = test.message.removeprefix(_CRASH_PREFIX)
        generic = t("failure.crash", "zh")
        return f"{generic}（{how}）" if how and how != test.message else generic
    if test.failure in {"assertion", "not_plain"}:
        return t(f"failure.{test.failure}", "zh")
    return test.message


def failure_text(test: TestResult, lang: str = "en") -> str:
    """The message and, where visible, the full failure report of a test."""
    message = test_message(test, lang)
    if test.status is Status.PASSED or not test.detail:
        return message
    return f"{message}\n{test.detail}".strip()


def shows_detail(test: TestResult) -> bool:
    return bool(test.detail) and test.status is not Status.PASSED


def public_hidden_summary(exercise: ExerciseResult, lang: str) -> str:
    """'public tests: all passed; hidden tests: 3 of 12 failed': tells a student whose
    public tests pass why the score is not full. Empty unless the exercise has both."""
    public = [t for t in exercise.tests if t.visibility is Visibility.PUBLIC]
    hidden = [t for t in exercise.tests if t.visibility is Visibility.HIDDEN]
    if not public or not hidden:
        return ""
    parts = [_part("public", public, lang)]
    combined = [t for t in hidden if t.combined]
    if combined:
        score = sum(t.score for t in combined)
        most = sum(t.max_score for t in combined)
        parts.append(
            t(
                "summary_not_shown",
                lang,
                kind=t("hidden", lang),
                score=fmt_score(score),
                max=fmt_score(most),
            )
        )
    else:
        parts.append(_part("hidden", hidden, lang))
    return t("summary_join", lang).join(parts)


def _part(kind: str, tests: list[TestResult], lang: str) -> str:
    failed = sum(test.status is not Status.PASSED for test in tests)
    key = "summary_all_passed" if failed == 0 else "summary_failed"
    return t(key, lang, kind=t(kind, lang), failed=failed, total=len(tests))


def report_summaries(report: Report, lang: str) -> list[tuple[str, str]]:
    """(exercise id, sentence) for each exercise with both kinds of tests and a failure."""
    found = [
        (e.id, public_hidden_summary(e, lang))
        for e in report.exercises
        if any(test.status is not Status.PASSED for test in e.tests)
    ]
    return [(exercise_id, line) for exercise_id, line in found if line]


def exercise_note(exercise: ExerciseResult, lang: str) -> str:
    """The exercise's one-line message in the reader's language."""
    message = exercise.message.splitlines()[0] if exercise.message else ""
    if exercise.grader_error:
        return t("exercise_grader_error", lang)
    if lang != "zh":
        return message
    counts = exercise.counts
    if exercise.status is Status.SKIPPED and message == "not submitted":
        return t("not submitted", lang)
    if exercise.status is Status.PASSED:
        return t("all_tests_passed", lang, total=len(exercise.tests))
    if exercise.status is Status.FAILED and message.endswith("tests passed"):
        return t("tests_passed", lang, passed=counts[Status.PASSED], total=len(exercise.tests))
    return message


def overall_notes(report: Report, lang: str) -> list[str]:
    """Sentences about the whole report: grader errors, hidden tests not run."""
    notes = []
    if report.grader_errors:
        ids = ", ".join(e.id for e in report.grader_errors)
        notes.append(f"{t('grader_error', lang)} ({ids})")
    if not report.hidden_run:
        notes.append(t("hidden_not_run", lang))
    return notes


def failed_hints(exercise: ExerciseResult, options: RenderOptions) -> tuple[str, ...]:
    """Hints are shown for exercises that did not pass (not for a grader error)."""
    if exercise.status is Status.PASSED or exercise.grader_error:
        return ()
    if exercise.status is Status.SKIPPED:
        return ()
    return options.hints.get(exercise.id, ())
