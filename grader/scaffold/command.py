"""``grader new ID``: the command line of :func:`grader.scaffold.create.new_exercise`."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.course import find_course_file
from grader.errors import ExitCode
from grader.i18n import t
from grader.i18n_cli import HELP_ZH
from grader.scaffold.create import DEFAULT_POINTS, new_exercise


def cmd_new(args: argparse.Namespace) -> ExitCode:
    course_file = Path(args.course) if args.course else find_course_file()
    created = new_exercise(
        course_file=course_file,
        exercise_id=args.id,
        title_en=args.title,
        title_zh=args.title_zh,
        modules=args.module,
        points=args.points,
    )
    lang = args.lang
    print(t("new.created", lang, id=args.id, count=len(created.files), course=course_file))
    for path in created.files:
        print(f"  {path}")
    print(t("new.next", lang, id=args.id))
    return ExitCode.OK


_HELP_ZH = {
    "the skeleton of a new exercise, added at the end of course.yaml": (
        "新练习的骨架，并把它加到 course.yaml 的末尾"
    ),
    "the new exercise's id, NN_name (e.g. 15_slots)": "新练习的编号，形如 NN_name（例如 15_slots）",
    "its English title (default: from the id)": "英文标题（默认：由编号得出）",
    "its Chinese title (default: the English one)": "中文标题（默认：与英文标题相同）",
    "a module file of the exercise (repeatable; default: the id's name, e.g. slots.py)": (
        "练习的一个模块文件（可重复；默认：编号里的名字，例如 slots.py）"
    ),
    "its points in the course total (default: 10)": "在课程总分中的分值（默认：10）",
}


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Register ``grader new`` (its help's Chinese in :data:`grader.i18n_cli.HELP_ZH`)."""
    HELP_ZH.update(_HELP_ZH)
    new = commands.add_parser(
        "new",
        parents=[common],
        help="the skeleton of a new exercise, added at the end of course.yaml",
    )
    new.add_argument("id", metavar="ID", help="the new exercise's id, NN_name (e.g. 15_slots)")
    new.add_argument("--title", metavar="TEXT", help="its English title (default: from the id)")
    new.add_argument(
        "--title-zh", metavar="TEXT", help="its Chinese title (default: the English one)"
    )
    new.add_argument(
        "--module",
        action="append",
        default=[],
        metavar="NAME",
        help="a module file of the exercise (repeatable; default: the id's name, e.g. slots.py)",
    )
    new.add_argument(
        "--points",
        type=float,
        default=DEFAULT_POINTS,
        help="its points in the course total (default: 10)",
    )
    new.set_defaults(run=cmd_new)
