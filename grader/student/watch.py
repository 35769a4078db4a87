"""``grader watch``: check again each time a module file is saved.

The loop (:func:`watch_loop`) takes any iterable of change sets, as
``watchfiles.watch`` yields them (sets of ``(change, path)``), so tests feed it their
own; only the exercises whose module files changed are checked again.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from grader.course import Course
from grader.errors import BadInput, ExitCode
from grader.i18n import t
from grader.i18n_cli import HELP_ZH
from grader.student.check import check_exercises
from grader.student.common import load_course_arg, shown_path, target

Changes = Iterable[set[tuple[Any, str]]]


def changed_exercises(
    course: Course, folder: Path, ids: tuple[str, ...], paths: Iterable[str]
) -> list[str]:
    """The watched exercises (``ids``; all when empty) one of whose module files is in
    ``paths``, in course order."""
    root = os.path.realpath(folder)
    watched = course.select(list(ids))
    hit: set[str] = set()
    for path in paths:
        relative = os.path.relpath(os.path.realpath(os.path.dirname(path)), root)
        name = os.path.basename(path)
        for exercise in watched:
            if relative == exercise.id and name in exercise.modules:
                hit.add(exercise.id)
    return [e.id for e in watched if e.id in hit]


def watch_loop(
    *,
    course: Course,
    folder: Path,
    ids: tuple[str, ...],
    changes: Changes,
    on_change: Callable[[list[str], list[str]], None],
) -> int:
    """For each change set, call ``on_change(exercise ids, changed module paths)`` when
    it touches watched module files; returns how many re-checks were made."""
    rechecks = 0
    for batch in changes:
        paths = sorted({path for _, path in batch})
        exercises = changed_exercises(course, folder, ids, paths)
        if exercises:
            modules = [p for p in paths if os.path.basename(p).endswith(".py")]
            on_change(exercises, modules)
            rechecks += 1
    return rechecks


def _changes(folder: Path, modules: set[str], *, on_ready: Callable[[], None]) -> Changes:
    """watchfiles' change sets of the module files below ``folder``; ``on_ready`` is
    called once the watch is in place (its first timeout or change), so a save made
    after the "watching" line is never missed."""
    import watchfiles  # only this command needs it

    ready = False
    for batch in watchfiles.watch(
        folder,
        watch_filter=lambda _, path: os.path.basename(path) in modules,
        debounce=300,
        rust_timeout=200,
        yield_on_timeout=True,
        raise_interrupt=True,
    ):
        if not ready:
            ready = True
            on_ready()
        if batch:
            yield batch


def _watching_line(folder: Path, ids: tuple[str, ...], lang: str) -> str:
    return t("watch.watching", lang, folder=shown_path(folder), ids=", ".join(ids) or "*")


def cmd_watch(args: argparse.Namespace) -> ExitCode:
    course = load_course_arg(args.course)
    chosen = target(course, ids=args.ids, path=args.path)
    folder, ids, lang = chosen.folder, chosen.ids, args.lang
    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder", zh=f"{folder}：不是一个文件夹")
    modules = {m for e in course.select(list(ids)) for m in e.modules}

    def check(exercise_ids: list[str] | tuple[str, ...]) -> None:
        check_exercises(course=course, folder=folder, ids=exercise_ids, lang=lang).render(
            course, lang
        )

    def on_change(exercise_ids: list[str], paths: list[str]) -> None:
        names = ", ".join(shown_path(Path(p)) for p in paths)
        print(t("watch.changed", lang, files=names), flush=True)
        check(exercise_ids)
        print(_watching_line(folder, ids, lang), flush=True)

    def ready() -> None:
        print(_watching_line(folder, ids, lang), flush=True)

    try:
        check(ids)
        changes = _changes(folder, modules, on_ready=ready)
        watch_loop(course=course, folder=folder, ids=ids, changes=changes, on_change=on_change)
    except KeyboardInterrupt:
        print(t("watch.stopped", lang), flush=True)
    return ExitCode.OK


_HELP_ZH = {
    "check again each time you save a module file": "每次保存模块文件时重新检查",
    "exercises to watch (default: as for check)": "要监视的练习（默认：与 check 相同）",
    "your exercises folder, or one exercise's folder (default: exercises/)": (
        "你的练习文件夹，或某个练习的文件夹（默认：exercises/）"
    ),
}


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Register this module's commands (their help's Chinese in :data:`grader.i18n_cli.HELP_ZH`)."""
    HELP_ZH.update(_HELP_ZH)
    watching = commands.add_parser(
        "watch", parents=[common], help="check again each time you save a module file"
    )
    watching.add_argument(
        "ids", nargs="*", metavar="ID", help="exercises to watch (default: as for check)"
    )
    watching.add_argument(
        "--path",
        metavar="DIR",
        help="your exercises folder, or one exercise's folder (default: exercises/)",
    )
    watching.set_defaults(run=cmd_watch)
