"""``grader check``: the public tests on the student's work, with progress, recorded.

:func:`check_exercises` is the core that ``check``, ``next`` and ``watch`` share: it
grades the public tests only, shows progress on a terminal, and records each checked
exercise in the progress store (:mod:`grader.student.progress`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from grader.course import Course, Exercise
from grader.errors import ExitCode
from grader.grading import ProgressCallback, grade
from grader.i18n import t
from grader.i18n_cli import HELP_ZH
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import ExerciseResult, Report, Status, Suites
from grader.student import hints, progress, stubs
from grader.student.common import load_course_arg, target


@contextlib.contextmanager
def _progress_bar(
    stream: TextIO, exercises: tuple[Exercise, ...], lang: str
) -> Iterator[ProgressCallback | None]:
    """A transient bar on ``stream`` when it is a terminal (nothing otherwise), naming
    the exercise being checked; it appears before the first exercise starts."""
    if not exercises or not stream.isatty():
        yield None
        return
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(file=stream),
        transient=True,
    )
    names = [t("checking", lang, id=exercise.id) for exercise in exercises]
    with bar:
        task = bar.add_task(names[0], total=len(exercises))

        def advance(result: ExerciseResult) -> None:
            done = int(bar.tasks[0].completed) + 1
            bar.update(task, advance=1, description=names[min(done, len(names) - 1)])

        yield advance


@dataclass(frozen=True)
class Checked:
    """A check's report, and the exercises whose modules were still the kit's stubs."""

    report: Report
    untouched: frozenset[str]
    hints_revealed: Mapping[str, int] = field(default_factory=dict)  # `grader hint`'s

    def render(self, course: Course, lang: str) -> None:
        render(
            shown_report(self.report, course.reports.hidden_display),
            course=course,
            stream=sys.stdout,
            lang=lang,
            untouched=self.untouched,
            hints_revealed=self.hints_revealed,
        )


def check_exercises(
    *,
    course: Course,
    folder: Path,
    ids: list[str] | tuple[str, ...],
    lang: str,
    progress_stream: TextIO | None = None,
) -> Checked:
    """The public tests of ``ids`` (all when empty) on ``folder``, recorded in the
    progress store; progress on ``progress_stream`` (default: stderr) if a terminal."""
    exercises = course.select(list(ids))
    hashes = {exercise.id: progress.module_hash(folder, exercise) for exercise in exercises}
    untouched = stubs.untouched(course, folder, hashes)
    with _progress_bar(progress_stream or sys.stderr, exercises, lang) as on_result:
        report = grade(
            course=course,
            submission=folder,
            exercise_ids=list(ids) or None,
            suites=Suites.PUBLIC,
            on_result=on_result,
        )
    progress.record(folder, course, report, hashes, untouched)
    return Checked(report, untouched, hints.read_state(folder))


def exit_code(report: Report) -> ExitCode:
    if report.grader_errors:
        return ExitCode.GRADER_ERROR
    if any(e.status is not Status.PASSED for e in report.exercises):
        return ExitCode.FAILURES
    return ExitCode.OK


def cmd_check(args: argparse.Namespace) -> ExitCode:
    course = load_course_arg(args.course)
    chosen = target(course, ids=args.ids, path=args.path)
    checked = check_exercises(course=course, folder=chosen.folder, ids=chosen.ids, lang=args.lang)
    checked.render(course, args.lang)
    return exit_code(checked.report)


_HELP_ZH = {
    "run the public tests on your work (students)": "在你的作业上运行公开测试（学生使用）",
    "exercises: 03, pager or 03_pager (default: the exercise folder you are in, else all)": (
        "练习：03、pager 或 03_pager（默认：你所在的练习文件夹，否则全部）"
    ),
    "your exercises folder, or one exercise's folder (default: exercises/)": (
        "你的练习文件夹，或某个练习的文件夹（默认：exercises/）"
    ),
}


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Register this module's commands (their help's Chinese in :data:`grader.i18n_cli.HELP_ZH`)."""
    HELP_ZH.update(_HELP_ZH)
    check = commands.add_parser(
        "check", parents=[common], help="run the public tests on your work (students)"
    )
    check.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help="exercises: 03, pager or 03_pager (default: the exercise folder you are in, else all)",
    )
    check.add_argument(
        "--path",
        metavar="DIR",
        help="your exercises folder, or one exercise's folder (default: exercises/)",
    )
    check.set_defaults(run=cmd_check)
