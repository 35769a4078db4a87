"""Student text made safe to show: no control character, escape sequence or forged line.

:func:`safe_report` cleans every student text of a report before any renderer sees it
(see :mod:`grader.render.common` for why): one-line fields lose every line break and
control character, multi-line texts keep their line breaks only.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from grader.results import (
    ExerciseResult,
    LateCredit,
    NothingSubmitted,
    Report,
    TestResult,
)
from grader.said import map_literals


@functools.cache
def _unsafe(keep: str) -> re.Pattern[str]:
    """Control characters (C0 but ``keep``, DEL, C1), the line and paragraph separators
    (a new line to some viewers), bidirectional overrides and isolates (which can make
    text read differently than it is) and lone surrogates (not encodable)."""
    c0 = "".join(re.escape(chr(code)) for code in range(0x20) if chr(code) not in keep)
    return re.compile(f"[{c0}\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(text: str, keep: str = "\t\n") -> str:
    """``text`` with each unsafe character (see :func:`_unsafe`) shown as U+FFFD."""
    return _unsafe(keep).sub("\ufffd", text)


def clean_line(text: str) -> str:
    """``text`` for a field shown on one line: line breaks, tabs and every other unsafe
    character shown as U+FFFD."""
    return clean_text(text, "")


def clean_block(text: str) -> str:
    """``text`` for a field shown as lines in a delimited block: only ``\\n`` and
    ``\\t`` kept (a lone carriage return could overwrite a line on a terminal)."""
    return clean_text(text.replace("\r\n", "\n"), "\t\n")


def gutter(text: str, prefix: str = "│ ") -> str:
    """Each line of ``text`` behind ``prefix``: student lines in a text field of ours can
    then never pass for the report's own lines."""
    return "\n".join(prefix + line for line in text.split("\n"))


def _clean_said(text: str) -> str:
    """:func:`clean_block` for what the engine said: its sentences' own wording is the
    grader's; what their placeholders hold, and any text between them, is cleaned."""
    cleaned: str = map_literals(text, clean_block)
    return cleaned


def _safe_test(test: TestResult) -> TestResult:
    return dataclasses.replace(
        test,
        name=clean_line(test.name),
        nodeid=clean_line(test.nodeid),
        message=_clean_said(test.message),
        detail=clean_block(test.detail),
        exception_type=clean_line(test.exception_type),
    )


def _safe_exercise(exercise: ExerciseResult) -> ExerciseResult:
    return dataclasses.replace(
        exercise,
        id=clean_line(exercise.id),
        title=clean_line(exercise.title),
        import_errors=tuple(_clean_said(text) for text in exercise.import_errors),
        problems=tuple(_clean_said(text) for text in exercise.problems),
        log_tail=clean_block(exercise.log_tail),
        missing_files=tuple(clean_line(name) for name in exercise.missing_files),
        tests=tuple(_safe_test(test) for test in exercise.tests),
        output=dataclasses.replace(exercise.output, text=clean_block(exercise.output.text)),
        ignored_files=tuple(clean_line(name) for name in exercise.ignored_files),
    )


def safe_report(report: Report) -> Report:
    """The report with every text made safe to show (idempotent): fields shown on one
    line (names, ids, file names, the submission) hold no line break and no control
    character; multi-line fields (messages, failure reports, output) keep ``\\n`` and
    ``\\t`` only. Every format and the terminal report render through it."""
    containment = report.containment
    return dataclasses.replace(
        report,
        grader_version=clean_line(report.grader_version),
        course_id=clean_line(report.course_id),
        submission=clean_line(report.submission),
        submission_sha256=clean_line(report.submission_sha256),
        timestamp=clean_line(report.timestamp),
        submission_name=clean_line(report.submission_name),
        containment=dataclasses.replace(
            containment,
            tier=clean_line(containment.tier),
            mechanisms=tuple(clean_line(m) for m in containment.mechanisms),
            notes=tuple(clean_line(note) for note in containment.notes),
            warnings=tuple(clean_line(warning) for warning in containment.warnings),
            exposed=tuple(clean_line(tree) for tree in containment.exposed),
        ),
        exercises=tuple(_safe_exercise(e) for e in report.exercises),
        late=_safe_late(report.late),
        unrecognised_files=tuple(
            dataclasses.replace(
                item,
                path=clean_line(item.path),
                suggestion=clean_line(item.suggestion),
                exercise=clean_line(item.exercise),
            )
            for item in report.unrecognised_files
        ),
        nothing_submitted=_safe_nothing(report.nothing_submitted),
    )


def _safe_nothing(nothing: NothingSubmitted | None) -> NothingSubmitted | None:
    if nothing is None:
        return None
    return dataclasses.replace(
        nothing,
        expected=clean_line(nothing.expected),
        found=tuple(clean_line(name) for name in nothing.found),
    )


def _safe_late(late: LateCredit | None) -> LateCredit | None:
    if late is None:
        return None
    return dataclasses.replace(late, submitted_at=clean_line(late.submitted_at))
