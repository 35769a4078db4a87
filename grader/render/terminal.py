"""The terminal report: one line per exercise, then what failed and why.

It renders a :class:`ShownReport`, whose student text is safe (:func:`safe_report`: no
escape sequence, no control character, no line break in a one-line field), escaped as
Rich markup, so "[bold green]Total: 10/10[/]" in a message prints as it is; every
further line of a student text (a message, a failure report, printed output) is printed
behind a ``│`` gutter, so none can pass for the report's own lines. ``render_text`` is
the ``text`` format (grader/render/formats.py); ``print_text`` writes the same report to
a stream, in colour on a terminal.

A public-only run (``grader check``, ``grade --public-only``) shows no points at all:
they would look like the grade, which also counts the hidden tests. Each exercise then
says "public tests 4/6" and the last line counts the public tests passed. An untouched
stub is one line ("not started"), and failures with the same first line are printed once
(:mod:`grader.render.failures` has both rules).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grader.course import Course
from grader.i18n import t
from grader.render.common import (
    RenderOptions,
    exercise_note,
    fmt_score,
    late_note,
    listed_tests,
    public_hidden_summary,
    test_message,
    test_title,
)
from grader.render.failures import FailureGroup, group_failures, not_started
from grader.render.sentences import exercise_message
from grader.render.unrecognised import heading as unrecognised_heading
from grader.render.unrecognised import nothing_line, unrecognised_lines
from grader.render.visibility import ShownReport
from grader.results import ExerciseResult, LateTiming, Report, Status, Visibility

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


def _status_word(status: Status, lang: str) -> str:
    return t(status.value, lang)


def render_text(shown: ShownReport, options: RenderOptions | None = None) -> str:
    """The ``text`` format: the terminal report as plain text (100 columns, no colour)."""
    stream = io.StringIO()
    print_text(shown, options or RenderOptions(), stream)
    return stream.getvalue()


def print_report(shown: ShownReport, options: RenderOptions, stream: TextIO) -> None:
    """``grade``'s terminal report (the ``text`` format on the terminal): no hints,
    which are for the student commands (``grader check``, ``grader hint``)."""
    print_text(shown, dataclasses.replace(options, hints={}), stream)


def render(
    shown: ShownReport,
    *,
    course: Course,
    stream: TextIO,
    lang: str = "en",
    width: int | None = None,
    untouched: frozenset[str] = frozenset(),
    hints_revealed: Mapping[str, int] | None = None,
) -> None:
    """The terminal report of ``course`` in ``lang`` on ``stream``, with its hints (the
    student commands')."""
    print_text(
        shown,
        RenderOptions.for_course(course, lang),
        stream,
        width=width,
        untouched=untouched,
        hints_revealed=hints_revealed,
    )


def print_text(
    shown: ShownReport,
    options: RenderOptions,
    stream: TextIO,
    *,
    width: int | None = None,
    untouched: frozenset[str] = frozenset(),
    hints_revealed: Mapping[str, int] | None = None,
) -> None:
    """The terminal report on ``stream``, in colour when it is a terminal.
    ``untouched``: exercises whose modules are still the kit's stubs (one line each).
    ``hints_revealed``: how many hints of each exercise the student has asked for
    (``grader hint``); only those are shown, with a word on how to get the next one
    (default: every hint of ``options.hints``)."""
    report = shown.report
    lang = options.lang
    # emoji=False: ":thumbs_up:" in student text stays as typed.
    console = Console(file=stream, highlight=False, soft_wrap=True, width=width or 100, emoji=False)
    title = options.course_title
    console.print(f"[bold]{escape(title)}[/bold]  ·  {escape(report.submission)}")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(t("exercise", lang))
    table.add_column("", overflow="fold")
    if report.hidden_run:
        table.add_column(t("score", lang), justify="right")
    table.add_column(t("status", lang))
    table.add_column(t("tests", lang), overflow="fold")
    for exercise in report.exercises:
        style = _STYLE[exercise.status]
        title_text = options.titles.get(exercise.id, "")
        message = (
            exercise_note(exercise, lang)
            if report.hidden_run
            else _public_note(exercise, lang, untouched)
        )
        if report.hidden_run and not_started(exercise, untouched):
            message = t("not_started", lang)
        score = (
            [f"{fmt_score(exercise.score)}/{fmt_score(exercise.max_score)}"]
            if report.hidden_run
            else []
        )
        table.add_row(
            escape(exercise.id),
            escape(title_text),
            *score,
            f"[{style}]{_MARK[exercise.status]} {_status_word(exercise.status, lang)}[/{style}]",
            escape(message),
        )
    console.print(table)
    _layout(console, report, lang)
    for exercise in report.exercises:
        if not not_started(exercise, untouched):
            _details(console, exercise, options, hints_revealed)
    if report.hidden_run:
        console.print(
            f"[bold]{t('total', lang)}: "
            f"{fmt_score(report.score)}/{fmt_score(report.max_score)}[/bold]"
        )
    else:
        console.print(f"[bold]{escape(public_total(report, lang))}[/bold]")
    if report.late is not None:
        style = "bold" if report.late.timing is LateTiming.ON_TIME else "bold yellow"
        console.print(f"[{style}]{escape(late_note(report, lang))}[/{style}]")
    if report.grader_errors:
        console.print(f"[magenta bold]{t('grader_error', lang)}[/magenta bold]")
    elif (
        report.hidden_run
        and report.exercises
        and all(e.status is Status.PASSED for e in report.exercises)
    ):
        console.print(f"[green]{t('all_passed', lang)}[/green]")
    console.print(f"[dim]{t('containment', lang)}: {escape(report.containment.tier)}[/dim]")


def public_counts(exercise: ExerciseResult) -> tuple[int, int]:
    """(passed, total) of the exercise's public tests."""
    public = [test for test in exercise.tests if test.visibility is Visibility.PUBLIC]
    return sum(test.status is Status.PASSED for test in public), len(public)


def _public_note(exercise: ExerciseResult, lang: str, untouched: frozenset[str]) -> str:
    """A public-only run's word on an exercise: counts of public tests, never points."""
    if not_started(exercise, untouched):
        return t("not_started", lang)
    if exercise.grader_error or exercise.status in {Status.ERROR, Status.SKIPPED}:
        return exercise_note(exercise, lang)
    passed, total = public_counts(exercise)
    if not total:
        return exercise_note(exercise, lang)
    if passed == total:
        return t("public_pass", lang, total=total)
    return t("public_count", lang, passed=passed, total=total)


def public_total(report: Report, lang: str) -> str:
    """The last line of a public-only run: public tests passed, and that the grade
    also counts hidden tests."""
    counts = [public_counts(e) for e in report.exercises if not e.grader_error]
    passed = sum(p for p, _ in counts)
    total = sum(n for _, n in counts)
    if total and passed == total and all(e.status is Status.PASSED for e in report.exercises):
        return t("public_total_all", lang, total=total)
    return t("public_total", lang, passed=passed, total=total)


def _layout(console: Console, report: Report, lang: str) -> None:
    """Nothing of the course found, and the files not used with their "did you mean"."""
    said = nothing_line(report, lang)
    if said:
        console.print(f"[bold yellow]{escape(said)}[/bold yellow]")
    if report.unrecognised_files:
        console.print(f"[yellow]{escape(unrecognised_heading(lang))}[/yellow]")
        for line in unrecognised_lines(report, lang):
            console.print(f"  [yellow]{escape(line)}[/yellow]")


def _details(
    console: Console,
    exercise: ExerciseResult,
    options: RenderOptions,
    hints_revealed: Mapping[str, int] | None = None,
) -> None:
    lang = options.lang
    failing = [
        test
        for test in listed_tests(exercise)
        if test.status not in {Status.PASSED, Status.SKIPPED}
    ]
    lines = exercise_message(exercise, lang).splitlines()
    # A grader error's table cell says whose fault it is; the technical reason goes here.
    extra_message = "\n".join(lines if exercise.grader_error else lines[1:])
    if not failing and not extra_message and not exercise.ignored_files:
        return
    console.rule(escape(exercise.id), style=_STYLE[exercise.status], align="left")
    for line in extra_message.splitlines():
        console.print(f"  │ {escape(line)}")
    split = public_hidden_summary(exercise, lang)
    if split:
        console.print(f"  {escape(split)}")
    groups = group_failures(
        failing, [(test_message(test, lang).splitlines() or [""])[0] for test in failing]
    )
    for group in groups[:_MAX_FAILURES_SHOWN]:
        _group_lines(console, group, lang)
    left = sum(len(group.tests) for group in groups[_MAX_FAILURES_SHOWN:])
    if left:
        console.print(f"  … {t('terminal.more', lang, count=left)}")
    if exercise.ignored_files:
        console.print(
            f"  [dim]{t('ignored', lang)}: {escape(', '.join(exercise.ignored_files))}[/dim]"
        )
    if exercise.output.withheld:
        console.print(f"  [dim]{escape(t('output_withheld', lang))}[/dim]")
    elif exercise.output.total_bytes:
        lines = exercise.output.text.splitlines()
        shown = lines[:_MAX_OUTPUT_LINES]
        said = (
            t("output_truncated", lang, total=exercise.output.total_bytes)
            if exercise.output.truncated
            else f"{t('output', lang)} ({exercise.output.total_bytes} bytes)"
        )
        console.print(f"  [dim]{escape(said)}:[/dim]")
        for line in shown:
            console.print(f"  [dim]│ {escape(line[:200])}[/dim]")
        if len(lines) > len(shown):
            more_lines = t("terminal.more_lines", lang, count=len(lines) - len(shown))
            console.print(f"  [dim]│ … ({more_lines})[/dim]")
    hints = options.hints.get(exercise.id, ())
    if hints and failing and not exercise.grader_error:
        seen = len(hints) if hints_revealed is None else hints_revealed.get(exercise.id, 0)
        for hint in hints[:seen]:
            console.print(f"  [cyan]{t('hint', lang)}: {escape(hint)}[/cyan]")
        if seen < len(hints):
            short = exercise.id.split("_", 1)[0]
            more = t("hint_offer", lang, command=f"grader hint {short}", left=len(hints) - seen)
            console.print(f"  [cyan]{escape(more)}[/cyan]")


def _group_lines(console: Console, group: FailureGroup, lang: str) -> None:
    """One failing test as it always was; several with the same first line once, with
    their names listed compactly and the first one's detail."""
    test = group.first
    style = _STYLE[test.status]
    where = (
        f" [dim]({t('hidden_test', lang)})[/dim]"
        if test.visibility is Visibility.HIDDEN and not test.combined
        else ""
    )
    first, *rest = test_message(test, lang).splitlines() or [""]
    mark = f"[{style}]{_MARK[test.status]}[/{style}]"
    if len(group.tests) == 1:
        name = test_title(test, lang)
        console.print(f"  {mark} {escape(name)}{where}: {escape(first)}")
    else:
        count = t("n_tests", lang, count=len(group.tests))
        console.print(f"  {mark} {escape(count)}{where}: {escape(first)}")
        names = ", ".join(test_title(member, lang) for member in group.tests)
        console.print(f"    [dim]{escape(names)}[/dim]")
    # An assertion's message repeats in its detail; a student traceback does not.
    show_rest = not test.detail or any("--- in your code ---" in line for line in rest)
    for line in rest[:_MAX_DETAIL_LINES] if show_rest else ():
        console.print(f"      │ {escape(line)}")
    if test.detail and test.status is Status.FAILED:  # public (hidden too when shown in full)
        lines = test.detail.rstrip().splitlines()[-_MAX_DETAIL_LINES:]
        for line in lines:
            console.print(f"      [dim]│ {escape(line)}[/dim]")
