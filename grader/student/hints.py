"""``grader hint ID``: the hints of course.yaml, one more at each call.

Each call shows the next hint only ("Hint 2 of 3: ..."); how many of each exercise's
hints were shown is kept in ``<exercises folder>/.grader/hints.json``, written
atomically. A state file that cannot be read as expected (broken JSON, wrong types, a
link, a FIFO, far too large) counts as empty; a folder that cannot be written still shows
the next hint and says that the progress cannot be saved. Once every hint was shown,
the next call says so and shows them all. ``--all`` shows those revealed so far,
``--reset`` starts again from the first.
"""

from __future__ import annotations

import argparse
import enum
import errno
import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader.archives import is_real_dir
from grader.course import Exercise
from grader.errors import BadInput, ExitCode
from grader.i18n_cli import HELP_ZH
from grader.student.common import load_course_arg, target
from grader.student.progress import STORE_DIR, read_regular

STATE_FILE = "hints.json"
_MAX_STATE_BYTES = 64 * 1024

_MESSAGES: dict[str, dict[str, str]] = {
    "heading": {"en": "{id} · {title}", "zh": "{id} · {title}"},
    "hint": {"en": "Hint {number} of {total}: {text}", "zh": "提示 {number}/{total}：{text}"},
    "more": {
        "en": "{left} more: run `grader hint {id}` again when you need the next one.",
        "zh": "还有 {left} 条：需要下一条时再运行 `grader hint {id}`。",
    },
    "last": {"en": "That was the last hint.", "zh": "这是最后一条提示。"},
    "all_shown": {
        "en": "All {total} hints have been shown (`grader hint {id} --reset` starts again):",
        "zh": "全部 {total} 条提示都已显示过（`grader hint {id} --reset` 可从头开始）：",
    },
    "none_yet": {
        "en": "No hint shown yet ({total} available): run `grader hint {id}`.",
        "zh": "还没有显示过提示（共 {total} 条）：运行 `grader hint {id}`。",
    },
    "revealed": {
        "en": "{count} of {total} hints shown so far:",
        "zh": "目前已显示 {count}/{total} 条提示：",
    },
    "no_hints": {"en": "This exercise has no hints.", "zh": "这个练习没有提示。"},
    "reset": {
        "en": "Hints reset: the next `grader hint {id}` shows hint 1 of {total}.",
        "zh": "提示已重置：下一次 `grader hint {id}` 会显示第 1/{total} 条。",
    },
    "not_saved": {
        "en": "cannot save which hints you have seen ({where}: {why}); "
        "the next `grader hint {id}` shows this one again",
        "zh": "无法保存已看过的提示（{where}：{why}）；下一次 `grader hint {id}` 会再次显示这一条",
    },
    "reset_failed": {
        "en": "{where}: cannot reset the hints ({why})",
        "zh": "{where}：无法重置提示（{why}）",
    },
    "which": {
        "en": "which exercise? give its id (e.g. `grader hint 03`), or run it in the "
        "exercise's folder",
        "zh": "哪一个练习？请给出编号（例如 `grader hint 03`），或在该练习的文件夹里运行",
    },
}


def _say(key: str, lang: str, **values: object) -> str:
    return _MESSAGES[key]["zh" if lang == "zh" else "en"].format(**values)


def _error(key: str, **values: object) -> BadInput:
    return BadInput(_say(key, "en", **values), zh=_say(key, "zh", **values))


class HintEvent(str, enum.Enum):
    NEW = "new"  # one more hint revealed
    ALL_SHOWN = "all shown"  # every hint was already shown: all of them again
    REVEALED = "revealed"  # --all: the hints revealed so far
    RESET = "reset"  # --reset
    NO_HINTS = "no hints"  # the exercise has none


@dataclass(frozen=True)
class HintOutcome:
    event: HintEvent
    exercise: Exercise
    shown: int  # how many hints are revealed now
    saved: bool = True  # whether the state could be written (when it had to be)
    problem: str = ""  # why it could not

    @property
    def total(self) -> int:
        return len(self.exercise.hints)


# -- the state file ----------------------------------------------------------------------


def _state_dir(folder: Path) -> Path:
    return folder / STORE_DIR  # shared with the progress store


def read_state(folder: Path) -> dict[str, int]:
    """How many hints of each exercise were shown, from ``folder/.grader/hints.json``;
    empty when the file is missing or is anything but what :func:`write_state` writes
    (never following a link, never blocking on a FIFO, never reading more than 64 KiB)."""
    state_dir = _state_dir(folder)
    raw = read_regular(state_dir / STATE_FILE, _MAX_STATE_BYTES) if is_real_dir(state_dir) else None
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}
    shown = data.get("shown") if isinstance(data, dict) else None
    if not isinstance(shown, dict):
        return {}
    return {
        key: value
        for key, value in shown.items()
        if isinstance(key, str) and type(value) is int and value >= 0
    }


def write_state(folder: Path, state: dict[str, int]) -> str:
    """Write ``state`` atomically (a temporary file renamed over the old one); "" when
    done, else why it could not be written (nothing raised)."""
    state_dir = _state_dir(folder)
    try:
        state_dir.mkdir(exist_ok=True)
        if not stat.S_ISDIR(os.lstat(state_dir).st_mode):
            return os.strerror(errno.ENOTDIR)
        text = json.dumps({"shown": dict(sorted(state.items()))}, indent=2) + "\n"
        handle, temporary = tempfile.mkstemp(prefix=".hints-", suffix=".tmp", dir=state_dir)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, state_dir / STATE_FILE)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def _shown(state: dict[str, int], exercise: Exercise) -> int:
    return min(state.get(exercise.id, 0), len(exercise.hints))


# -- the three actions -------------------------------------------------------------------


def next_hint(*, exercise: Exercise, folder: Path) -> HintOutcome:
    """Reveal the next hint of ``exercise`` (remembered in ``folder``)."""
    if not exercise.hints:
        return HintOutcome(HintEvent.NO_HINTS, exercise, 0)
    state = read_state(folder)
    shown = _shown(state, exercise)
    if shown == len(exercise.hints):
        return HintOutcome(HintEvent.ALL_SHOWN, exercise, shown)
    state[exercise.id] = shown + 1
    problem = write_state(folder, state)
    return HintOutcome(HintEvent.NEW, exercise, shown + 1, saved=not problem, problem=problem)


def revealed_hints(*, exercise: Exercise, folder: Path) -> HintOutcome:
    """The hints of ``exercise`` revealed so far (``--all``)."""
    if not exercise.hints:
        return HintOutcome(HintEvent.NO_HINTS, exercise, 0)
    return HintOutcome(HintEvent.REVEALED, exercise, _shown(read_state(folder), exercise))


def reset_hints(*, exercise: Exercise, folder: Path) -> HintOutcome:
    """Forget which hints of ``exercise`` were shown (``--reset``)."""
    state = read_state(folder)
    if exercise.id not in state:
        return HintOutcome(HintEvent.RESET, exercise, 0)
    del state[exercise.id]
    problem = write_state(folder, state)
    return HintOutcome(HintEvent.RESET, exercise, 0, saved=not problem, problem=problem)


# -- what is printed ---------------------------------------------------------------------


def hint_lines(outcome: HintOutcome, *, lang: str) -> list[str]:
    """What ``grader hint`` prints for ``outcome`` (the warning apart)."""
    exercise, total = outcome.exercise, outcome.total
    lines = [_say("heading", lang, id=exercise.id, title=exercise.title.get(lang))]

    def hints(upto: int) -> list[str]:
        return [
            _say("hint", lang, number=n, total=total, text=exercise.hints[n - 1].get(lang))
            for n in range(1, upto + 1)
        ]

    if outcome.event is HintEvent.NO_HINTS:
        lines.append(_say("no_hints", lang))
    elif outcome.event is HintEvent.NEW:
        lines += hints(outcome.shown)[-1:]
        left = total - outcome.shown
        lines.append(_say("more", lang, left=left, id=exercise.id) if left else _say("last", lang))
    elif outcome.event is HintEvent.ALL_SHOWN:
        lines.append(_say("all_shown", lang, total=total, id=exercise.id))
        lines += hints(total)
    elif outcome.event is HintEvent.REVEALED:
        if not outcome.shown:
            lines.append(_say("none_yet", lang, total=total, id=exercise.id))
        else:
            lines.append(_say("revealed", lang, count=outcome.shown, total=total))
            lines += hints(outcome.shown)
    else:
        lines.append(_say("reset", lang, id=exercise.id, total=total))
    return lines


# -- the command -------------------------------------------------------------------------


def cmd_hint(args: argparse.Namespace) -> ExitCode:
    course = load_course_arg(args.course)
    chosen = target(course, ids=[args.id] if args.id else [], path=args.path)
    if not chosen.ids:
        raise _error("which")
    exercise, folder = course.exercise(chosen.ids[0]), chosen.folder
    if args.reset:
        outcome = reset_hints(exercise=exercise, folder=folder)
        if not outcome.saved:
            where = _state_dir(folder) / STATE_FILE
            raise _error("reset_failed", where=where, why=outcome.problem)
    elif args.all:
        outcome = revealed_hints(exercise=exercise, folder=folder)
    else:
        outcome = next_hint(exercise=exercise, folder=folder)
    for line in hint_lines(outcome, lang=args.lang):
        print(line)
    if not outcome.saved and outcome.event is HintEvent.NEW:
        where = _state_dir(folder)
        warning = _say("not_saved", args.lang, where=where, why=outcome.problem, id=exercise.id)
        print(f"grader: warning: {warning}", file=sys.stderr)
    return ExitCode.OK


_HELP_ZH = {
    "the next hint for an exercise, one at a time (students)": (
        "练习的下一条提示，一次一条（学生使用）"
    ),
    "exercise id: 03_pager, 03, 3 or pager (default: the exercise folder you are in)": (
        "练习编号：03_pager、03、3 或 pager（默认：你所在的练习文件夹）"
    ),
    "show the hints revealed so far": "显示目前已看过的提示",
    "start again from the first hint": "从第一条提示重新开始",
}


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Register ``grader hint`` (its help's Chinese in :data:`grader.i18n_cli.HELP_ZH`)."""
    HELP_ZH.update(_HELP_ZH)
    hint = commands.add_parser(
        "hint", parents=[common], help="the next hint for an exercise, one at a time (students)"
    )
    hint.add_argument(
        "id",
        nargs="?",
        metavar="ID",
        help="exercise id: 03_pager, 03, 3 or pager (default: the exercise folder you are in)",
    )
    hint.add_argument(
        "--path",
        metavar="DIR",
        help="your exercises folder, or one exercise's folder (default: exercises/)",
    )
    which = hint.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="show the hints revealed so far")
    which.add_argument("--reset", action="store_true", help="start again from the first hint")
    hint.set_defaults(run=cmd_hint)
