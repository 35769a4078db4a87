"""The terminal report: one line per exercise, then what failed and why."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grader.course import Course
from grader.i18n import t
from grader.results import ExerciseResult, Report, Status, TestResult, Visibility

_STYLE = {
    Status.PASSED: "green",
    Status.FAILED: "red",
    Status.ERROR: "magenta",
    Status.TIMEOUT: "yellow",
    Status.SKIPPED: "dim",
}
_MARK = {
    Status.PASSED: "✓",
    Status.FAILED: "✗",
    Status.ERROR: "!",
    Status.TIMEOUT: "⏱",
    Status.SKIPPED: "-",
}
_MAX_FAILURES_SHOWN = 8
_MAX_DETAIL_LINES = 18
_MAX_OUTPUT_LINES = 12


def _score(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def _status_word(status: Status, lang: str) -> str:
    return t(status.value, lang)


def render(
    report: Report,
    *,
    course: Course,
    stream: TextIO,
    lang: str = "en",
    show_hints: bool = True,
    width: int | None = None,
) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, width=width or 100)
    title = course.title.get(lang)
    console.print(f"[bold]{escape(title)}[/bold]  ·  {escape(report.submission)}")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(t("exercise", lang))
    table.add_column("", overflow="fold")
    table.add_column(t("score", lang), justify="right")
    table.add_column(t("status", lang))
    table.add_column(t("tests", lang), overflow="fold")
    for exercise in report.exercises:
        style = _STYLE[exercise.status]
        title_text = (
            course.exercise(exercise.id).title.get(lang) if _known(course, exercise) else ""
        )
        message = _exercise_message(exercise, lang)
        table.add_row(
            exercise.id,
            escape(title_text),
            f"{_score(exercise.score)}/{_score(exercise.max_score)}",
            f"[{style}]{_MARK[exercise.status]} {_status_word(exercise.status, lang)}[/{style}]",
            escape(message),
        )
    console.print(table)
    for exercise in report.exercises:
        _details(console, exercise, course, lang, show_hints)
    console.print(
        f"[bold]{t('total', lang)}: {_score(report.score)}/{_score(report.max_score)}[/bold]"
    )
    if not report.hidden_run:
        console.print(f"[cyan]{t('hidden_not_run', lang)}[/cyan]")
    if report.grader_errors:
        console.print(f"[magenta bold]{t('grader_error', lang)}[/magenta bold]")
    elif report.exercises and all(e.status is Status.PASSED for e in report.exercises):
        console.print(f"[green]{t('all_passed', lang)}[/green]")
    console.print(f"[dim]{t('containment', lang)}: {escape(report.containment.tier)}[/dim]")


def _exercise_message(exercise: ExerciseResult, lang: str) -> str:
    message = exercise.message.splitlines()[0] if exercise.message else ""
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


def _test_message(test: TestResult, lang: str) -> str:
    """Hidden tests carry a generic message, worded here in the reader's language."""
    if lang != "zh" or test.visibility is not Visibility.HIDDEN:
        return test.message
    if test.failure == "student_exception":
        name = test.message.rsplit(" ", 1)[-1]
        return t("failure.student_exception", lang, name=name)
    if test.failure in {"assertion", "timeout", "not_plain", "crash"}:
        return t(f"failure.{test.failure}", lang)
    return test.message


def _public_hidden_summary(exercise: ExerciseResult, lang: str) -> str:
    """'public tests: all passed; hidden tests: 3 of 12 failed' — the line that tells a
    student whose public tests pass why the score is not full."""
    parts = []
    for visibility in (Visibility.PUBLIC, Visibility.HIDDEN):
        tests = [t for t in exercise.tests if t.visibility is visibility]
        if not tests:
            continue
        failed = sum(t.status is not Status.PASSED for t in tests)
        key = "summary_all_passed" if failed == 0 else "summary_failed"
        parts.append(t(key, lang, kind=t(visibility.value, lang), failed=failed, total=len(tests)))
    return "; ".join(parts) if len(parts) == 2 else ""


def _known(course: Course, exercise: ExerciseResult) -> bool:
    return any(e.id == exercise.id for e in course.exercises)


def _details(
    console: Console, exercise: ExerciseResult, course: Course, lang: str, show_hints: bool
) -> None:
    failing = [
        test for test in exercise.tests if test.status not in {Status.PASSED, Status.SKIPPED}
    ]
    extra_message = "\n".join(exercise.message.splitlines()[1:])
    if not failing and not extra_message and not exercise.ignored_files:
        return
    console.rule(f"{exercise.id}", style=_STYLE[exercise.status], align="left")
    if extra_message:
        console.print(escape(extra_message), markup=True)
    split = _public_hidden_summary(exercise, lang)
    if split:
        console.print(f"  {escape(split)}")
    for test in failing[:_MAX_FAILURES_SHOWN]:
        _test_line(console, test, lang)
    if len(failing) > _MAX_FAILURES_SHOWN:
        console.print(f"  … {len(failing) - _MAX_FAILURES_SHOWN} more")
    if exercise.ignored_files:
        console.print(
            f"  [dim]{t('ignored', lang)}: {escape(', '.join(exercise.ignored_files))}[/dim]"
        )
    if exercise.output.total_bytes:
        lines = exercise.output.text.splitlines()
        shown = lines[:_MAX_OUTPUT_LINES]
        console.print(f"  [dim]{t('output', lang)} ({exercise.output.total_bytes} bytes):[/dim]")
        for line in shown:
            console.print(f"  [dim]│ {escape(line[:200])}[/dim]")
        if len(lines) > len(shown):
            console.print(f"  [dim]│ … ({len(lines) - len(shown)} more lines)[/dim]")
    if show_hints and failing and _known(course, exercise):
        for hint in course.exercise(exercise.id).hints:
            console.print(f"  [cyan]{t('hint', lang)}: {escape(hint.get(lang))}[/cyan]")


def _test_line(console: Console, test: TestResult, lang: str) -> None:
    style = _STYLE[test.status]
    where = (
        f" [dim]({t('hidden_test', lang)})[/dim]" if test.visibility is Visibility.HIDDEN else ""
    )
    first, *rest = _test_message(test, lang).splitlines() or [""]
    console.print(
        f"  [{style}]{_MARK[test.status]}[/{style}] {escape(test.name)}{where}: {escape(first)}"
    )
    # An assertion's message repeats in its detail; a student traceback does not.
    show_rest = not test.detail or any("--- in your code ---" in line for line in rest)
    for line in rest[:_MAX_DETAIL_LINES] if show_rest else ():
        console.print(f"      {escape(line)}")
    if test.visibility is Visibility.PUBLIC and test.detail and test.status is Status.FAILED:
        lines = test.detail.rstrip().splitlines()[-_MAX_DETAIL_LINES:]
        for line in lines:
            console.print(f"      [dim]{escape(line)}[/dim]")
