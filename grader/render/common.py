"""What every format says the same way: the visibility rule for hidden tests, the
public/hidden sentence, timeouts with their limit, crashes, grader errors, capping.

Renderers read a :class:`Report` only after :func:`apply_visibility` (in
``grader/render/visibility.py``), so no format can show more of a hidden test than
course.yaml's ``reports.hidden_tests`` allows, and after :func:`safe_report`, so no
student text (an exception message, a failure report, printed output, a file or
submission name) can carry a terminal escape sequence, a control character or a line
break into a field shown on one line: it could otherwise forge report lines such as
"Total: 10/10". Multi-line texts keep their line breaks and every format shows them in
a delimited block (a code fence, ``<pre>``, a test's own output, lines behind a ``│``
gutter).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from grader.course import Course, ReportSettings
from grader.i18n import t
from grader.render.safety import clean_line as clean_line
from grader.render.safety import clean_text as clean_text
from grader.render.safety import gutter
from grader.render.safety import safe_report as safe_report
from grader.render.sentences import exercise_message
from grader.render.unrecognised import layout_notes
from grader.render.visibility import apply_visibility as apply_visibility
from grader.results import (
    CapturedOutput,
    ExerciseResult,
    Reason,
    Report,
    Status,
    TestResult,
    Visibility,
)
from grader.said import is_said, say


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


def running_sum(values: list[float]) -> float:
    """The sum as JavaScript's ``reduce((a, b) => a + b, 0)`` computes it: left to right
    in IEEE doubles (Python's ``sum`` may compensate rounding errors)."""
    total = 0.0
    for value in values:
        total += value
    return total


def balance(rows: list[dict[str, Any]], key: str, total: float) -> None:
    """Make the rows' scores add up to ``total`` exactly, as a left-to-right sum of IEEE
    doubles (what a platform's JavaScript or Python does): the rounding left over by
    per-test scores goes to the last scoring row, then that row is set to ``total`` minus
    the running sum before it, nudged by its last bits (:func:`math.nextafter`) until the
    running sum is ``total`` itself."""
    residue = round(total - running_sum([row[key] for row in rows]), 4)
    scoring = [index for index, row in enumerate(rows) if row[key]]
    if not scoring:
        return
    last = scoring[-1]
    if residue:
        rows[last][key] = round(rows[last][key] + residue, 4)
    before = running_sum([row[key] for row in rows[:last]])
    value = float(rows[last][key])
    if before + value != total:
        value = total - before
    for _ in range(64):
        reached = before + value
        if reached == total:
            break
        value = math.nextafter(value, math.inf if reached < total else -math.inf)
    if before + value == total and value != rows[last][key]:
        rows[last][key] = value


def fmt_score(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def fmt_seconds(value: float) -> str:
    return f"{value:g}"


def fmt_credit(credit: float) -> str:
    """A share kept as a percentage: 0.8 is "80%"."""
    return f"{round(credit * 100, 2):g}%"


def fmt_time(text: str) -> str:
    """An ISO 8601 time as "2026-12-17 09:30 +08:00", in its own offset: the seconds
    only when not zero (a submission at 23:59:30 is late for a deadline at 23:59)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    offset = moment.utcoffset()
    if offset is None:
        return text
    shown = moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{shown} {sign}{hours:02d}:{rest:02d}"


def late_note(report: Report, lang: str) -> str:
    """The one sentence every format that shows a score says about the late policy:
    when the submission came, the credit kept (and each exercise's own where it differs,
    by an exercise's own due date), the final score and the raw one. Empty without a
    submission time."""
    late = report.late
    if late is None:
        return ""
    own = [
        f"{e.id} {fmt_credit(credit)}"
        for e, credit in zip(report.exercises, late.credits, strict=True)
        if credit != late.credit
    ]
    return t(
        f"late.{late.timing.value}",
        lang,
        when=fmt_time(late.submitted_at),
        credit=fmt_credit(late.credit),
        own=t("late.own", lang, exercises=", ".join(own)) if own else "",
        final=fmt_score(report.final_score),
        raw=fmt_score(report.score),
        max=fmt_score(report.max_score),
    )


def cap(text: str, limit: int, lang: str = "en", printed_bytes: int = 0) -> str:
    """``text`` cut to at most ``limit`` characters, with a visible marker (which gives
    ``printed_bytes``, when the text is already the kept head and tail of that much)."""
    if len(text) <= limit:
        return text
    if printed_bytes:
        marker = "\n" + t("truncated_printed", lang, total=printed_bytes)
    else:
        marker = "\n" + t("truncated", lang, count=len(text))
    keep = max(0, limit - len(marker))
    return text[:keep] + marker


def cap_output(output: CapturedOutput, limit: int, lang: str = "en") -> str:
    """What student code printed, within ``limit`` characters; the marker counts what
    was printed, not the head and tail the grader kept of it."""
    return cap(output.text, limit, lang, output.total_bytes if output.truncated else 0)


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
        # A hidden test's own timeout says what was called and where it was stuck too.
        if test.message and (test.visibility is Visibility.PUBLIC or is_said(test.message)):
            return f"{said}: {say(test.message, lang)}"
        return said
    if test.visibility is Visibility.HIDDEN and test.detail == "":
        # Without its report, a hidden test says only what its reason says.
        if test.reason is Reason.ASSERTION:
            return t("failure.assertion", lang)
        if test.reason is Reason.STUDENT_EXCEPTION:
            return t("failure.student_exception", lang, name=test.exception_type)
        if test.reason is Reason.NOT_PLAIN and not is_said(test.message):
            return t("failure.not_plain", lang)
    return say(test.message, lang)


def failure_text(test: TestResult, lang: str = "en") -> str:
    """The message and, where visible, the full failure report of a test."""
    message = test_message(test, lang)
    if test.status is Status.PASSED or not test.detail:
        return message
    return f"{message}\n{test.detail}".strip()


def listed_tests(exercise: ExerciseResult) -> tuple[TestResult, ...]:
    """The tests a report lists for the exercise. None when the grader failed on it:
    their results say nothing of the student's code (a test that never ran "failed"), so
    each format shows one grader-error entry instead, saying the score is not final."""
    return () if exercise.grader_error else exercise.tests


def public_hidden_summary(exercise: ExerciseResult, lang: str) -> str:
    """'public tests: all passed; hidden tests: 3 of 12 failed': tells a student whose
    public tests pass why the score is not full. Empty unless the exercise has both (and
    for a grader error, whose tests are not the student's results)."""
    if exercise.grader_error:
        return ""
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
    if exercise.grader_error:
        return t("exercise_grader_error", lang)
    return exercise_message(exercise, lang).split("\n", 1)[0]


def message_more(exercise: ExerciseResult, lang: str = "en") -> str:
    """The exercise message's lines after its first (an import error's code line and
    caret, or the student's frames), each behind a gutter after a line break; empty for
    a one-line message. A format that shows only :func:`exercise_note` adds it, so that
    what its tests' "cannot import NAME.py (see above)" points to is there, once."""
    more = exercise_message(exercise, lang).split("\n")[1:]
    return "\n" + gutter("\n".join(more)) if more else ""


def import_reason(exercise: ExerciseResult, test: TestResult, lang: str = "en") -> str:
    """The exercise's message for the first of its tests that failed on an import (its
    "cannot import NAME.py (see above)"), else empty: formats that list tests but never
    the exercise's message say the why once, with that test."""
    if exercise.grader_error or test.reason is not Reason.CANNOT_IMPORT:
        return ""
    first = next((each for each in exercise.tests if each.reason is Reason.CANNOT_IMPORT), None)
    return exercise_message(exercise, lang) if first is test else ""


def late_lines(report: Report, lang: str) -> list[str]:
    """The late sentence for a platform whose test points stay raw while its score is
    the final one: it then says so."""
    if report.late is None:
        return []
    lines = [late_note(report, lang)]
    if any(credit != 1 for credit in report.late.credits):
        lines.append(t("late.tests_raw", lang))
    return lines


def overall_notes(report: Report, lang: str) -> list[str]:
    """Sentences about the whole report: nothing of the course found, files not used,
    grader errors, hidden tests not run."""
    notes = layout_notes(report, lang)
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


def exercise_output(exercise: ExerciseResult, lang: str, limit: int) -> str:
    """What the exercise's student code printed, or the line saying it is withheld."""
    if exercise.output.withheld:
        return t("output_withheld", lang)
    return cap_output(exercise.output, limit, lang)


def printed_outputs(report: Report, lang: str, limit: int) -> list[str]:
    """Each exercise's output (or the withheld line) under its id, for one text field;
    the printed lines behind a gutter, so they cannot pass for the field's own lines."""
    return [
        f"{e.id}: {t('output', lang)}:\n{gutter(cap_output(e.output, limit, lang))}"
        if not e.output.withheld
        else f"{e.id}: {t('output_withheld', lang)}"
        for e in report.exercises
        if e.output.text or e.output.withheld
    ]
