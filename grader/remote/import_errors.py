"""What the grader says when a student's module is missing or does not import.

Said once for the exercise (:func:`import_failure`: the first line, then the student's
own lines of the traceback); each test of that module only says "see above" or "not
submitted". The traceback is the student's text: shown, never deciding anything.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from grader.remote.errors import CallTimeout, ChildDied, ProtocolViolation
from grader.said import Message, Said, said_of


def not_submitted_message(module: str) -> str:
    """What each test of a module the submission does not have says."""
    return Said("import.not_submitted", module=f"{module}.py")


def see_above_message(module: str) -> str:
    """What each test of a module that cannot be imported says: the reason itself is
    said once, in the exercise's message."""
    return Said("import.see_above", module=f"{module}.py")


_FRAME = re.compile(r'^  File "(?P<file>[^"\n]*)", line (?P<line>\d+)')
_SYNTAX_WHERE = re.compile(r" \([^()\n]*, line \d+\)$")
_MAX_FRAMES = 6


def import_failure(module: str, exc: BaseException, workdir: Path) -> str:
    """Why ``module`` cannot be imported, said once for the exercise: a first line such
    as "cannot import pager.py: pager.py line 12: SyntaxError: invalid syntax", then the
    student's own lines of the traceback (for a syntax error: the line and its caret).
    Only shown: the traceback is the student's text and decides nothing."""
    file = f"{module}.py"
    if isinstance(exc, CallTimeout):
        return Said("import.cannot", module=file, why=Said("engine.import_too_slow"))
    if isinstance(exc, ChildDied | ProtocolViolation):
        return Said("import.cannot", module=file, why=said_of(exc))
    name = getattr(exc, "remote_type", type(exc).__name__)
    text = str(exc) if not hasattr(exc, "remote_type") else getattr(exc, "message", "")
    syntax = isinstance(exc, SyntaxError)
    if syntax:
        text = _SYNTAX_WHERE.sub("", text)
    frames = _student_frames(str(getattr(exc, "student_traceback", "")), workdir)
    first_line = text.splitlines()[0] if text else ""
    said = f"{name}: {first_line}" if first_line else name
    if not frames:
        return Said("import.cannot", module=file, why=said)
    (where, line), lines = frames[-1]
    where_said = Said("engine.import_where", file=where, line=line, error=said)
    head = Said("import.cannot", module=file, why=where_said)
    # A syntax error: the offending line and its caret, as Python prints them; any
    # other error: the student's own frames, innermost last.
    body = lines[1:] if syntax else [entry for _, f in frames[-_MAX_FRAMES:] for entry in f]
    return Message(head, "\n".join(["", *body]).rstrip()) if body else head


def _student_frames(traceback_text: str, workdir: Path) -> list[tuple[tuple[str, str], list[str]]]:
    """The frames of a formatted traceback that are in the student's files (relative
    names: the student process writes its own folder's files without it), as ((file,
    line), the frame's lines); the interpreter's import machinery is left out."""
    prefix = str(workdir) + os.sep
    frames: list[tuple[tuple[str, str], list[str]]] = []
    current: list[str] | None = None
    for raw in traceback_text.replace(prefix, "").splitlines():
        found = _FRAME.match(raw)
        if found:
            file = found.group("file")
            if file.startswith(("<", os.sep)):
                current = None
                continue
            current = [raw]
            frames.append(((file, found.group("line")), current))
        elif current is not None and raw.startswith("    "):
            current.append(raw)
        else:
            current = None
    return frames
