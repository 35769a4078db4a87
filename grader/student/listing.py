"""``grader list`` and ``grader next``: the exercises, their due dates and the student's
progress, and what to work on next."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grader.course import Course, Exercise
from grader.errors import ExitCode
from grader.i18n import t
from grader.i18n_cli import HELP_ZH
from grader.late import effective_schedule
from grader.render.common import fmt_score
from grader.student import progress
from grader.student.check import check_exercises
from grader.student.common import (
    load_course_arg,
    short_id,
    shown_path,
    spec_path,
    target,
)
from grader.student.progress import Entry, Shown


def due_date(course: Course, exercise: Exercise) -> dt.datetime | None:
    """The exercise's due date by its effective schedule (its own, else the course's)."""
    return effective_schedule(course, exercise).due


def _due_text(when: dt.datetime | None, lang: str) -> str:
    # In the offset course.yaml gives it: the course's own time zone.
    if when is None:
        return t("list.none", lang)
    return when.isoformat(sep=" ", timespec="minutes")


def status_text(state: Shown, entry: Entry | None, lang: str) -> str:
    """The status words of ``grader list``."""
    if state is Shown.FAILING and entry is not None:
        if entry.status == "error" and entry.total and not entry.passed:
            return f"{t('public_count', lang, passed=0, total=entry.total)} ({t('error', lang)})"
        return t("public_count", lang, passed=entry.passed, total=entry.total)
    return t(f"progress.{state.value}", lang)


def states(course: Course, folder: Path) -> list[tuple[Exercise, Shown, Entry | None]]:
    entries = progress.load(folder, course)
    return [
        (e, progress.shown(entries.get(e.id), progress.module_hash(folder, e)), entries.get(e.id))
        for e in course.exercises
    ]


def cmd_list(args: argparse.Namespace) -> ExitCode:
    course = load_course_arg(args.course)
    folder = target(course, ids=[], path=args.path).folder
    rows = states(course, folder)
    if args.json:
        data = [
            {
                "id": e.id,
                "title": e.title.get(args.lang),
                "points": e.points,
                "modules": list(e.modules),
                "topics": list(e.topics),
                "due": None if (due := due_date(course, e)) is None else due.isoformat(),
                "status": state.value,
                "public_passed": None if entry is None else entry.passed,
                "public_total": None if entry is None else entry.total,
            }
            for e, state, entry in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return ExitCode.OK
    lang = args.lang
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(t("list.number", lang), justify="right")
    table.add_column(t("exercise", lang), no_wrap=True)
    # Long titles and topic lists wrap within their column rather than being cut.
    table.add_column(t("list.title", lang), overflow="fold")
    table.add_column(t("list.topics", lang), overflow="fold")
    table.add_column(t("points", lang), justify="right")
    table.add_column(t("list.due", lang), no_wrap=True)
    table.add_column(t("status", lang), no_wrap=True)
    for number, (exercise, state, entry) in enumerate(rows, start=1):
        table.add_row(
            str(number),
            escape(exercise.id),
            escape(exercise.title.get(lang)),
            escape(", ".join(exercise.topics)),
            fmt_score(exercise.points),
            _due_text(due_date(course, exercise), lang),
            escape(status_text(state, entry, lang)),
        )
    table.add_row("", t("total", lang), "", "", fmt_score(course.max_score), "", "")
    # A terminal wraps at its width; a file or pipe gets lines long enough to read.
    width = None if sys.stdout.isatty() else 160
    Console(file=sys.stdout, highlight=False, width=width, emoji=False).print(table)
    return ExitCode.OK


def find_next(*, course: Course, folder: Path, lang: str) -> tuple[Exercise, progress.Entry] | None:
    """The first exercise in course order whose public tests do not all pass, with its
    check; None when all pass. An exercise recorded as passing with unchanged modules
    is not run again; the others are checked in order until one fails."""
    entries = progress.load(folder, course)
    for exercise in course.exercises:
        sha = progress.module_hash(folder, exercise)
        if progress.shown(entries.get(exercise.id), sha) is Shown.PASSING:
            continue
        checked = check_exercises(course=course, folder=folder, ids=[exercise.id], lang=lang)
        result = checked.report.exercises[0]
        entry = progress.entry_for(result, sha or "", "", checked.untouched)
        if entry.status != "passed":
            return exercise, entry
    return None


def cmd_next(args: argparse.Namespace) -> ExitCode:
    course = load_course_arg(args.course)
    folder = target(course, ids=[], path=args.path).folder
    lang = args.lang
    found = find_next(course=course, folder=folder, lang=lang)
    if found is None:
        print(t("next.done", lang))
        return ExitCode.OK
    exercise, entry = found
    state = Shown.NOT_STARTED if entry.status == progress.NOT_STARTED else Shown.FAILING
    short = short_id(exercise)
    print(t("next.exercise", lang, id=exercise.id, title=exercise.title.get(lang)))
    print(t("next.status", lang, status=status_text(state, entry, lang)))
    print(t("next.spec", lang, path=shown_path(spec_path(course, exercise, lang))))
    print(t("next.run", lang, check=f"grader check {short}", hint=f"grader hint {short}"))
    return ExitCode.OK


_HELP_ZH = {
    "the exercises in order, due dates and your progress": "按顺序列出练习、截止时间和你的进度",
    "your exercises folder (default: exercises/)": "你的练习文件夹（默认：exercises/）",
    "as JSON": "以 JSON 输出",
    "the first exercise whose public tests do not all pass": "第一个公开测试没有全部通过的练习",
}


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Register this module's commands (their help's Chinese in :data:`grader.i18n_cli.HELP_ZH`)."""
    HELP_ZH.update(_HELP_ZH)
    listing = commands.add_parser(
        "list", parents=[common], help="the exercises in order, due dates and your progress"
    )
    listing.add_argument("--json", action="store_true", help="as JSON")
    listing.add_argument(
        "--path", metavar="DIR", help="your exercises folder (default: exercises/)"
    )
    listing.set_defaults(run=cmd_list)
    following = commands.add_parser(
        "next", parents=[common], help="the first exercise whose public tests do not all pass"
    )
    following.add_argument(
        "--path", metavar="DIR", help="your exercises folder (default: exercises/)"
    )
    following.set_defaults(run=cmd_next)
