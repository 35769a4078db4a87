"""The grader's error types and exit codes, shared by every command."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Exit statuses, the same for every command (documented in the README)."""

    OK = 0  # the command completed (grading completed, whatever the score)
    FAILURES = 1  # `check` saw a failing test; `verify` found a problem in the kit
    BAD_INPUT = 2  # bad usage, course.yaml, submission or zip
    GRADER_ERROR = 3  # the grader itself failed; no score should be trusted


class GraderError(Exception):
    """A failure of the grading infrastructure, never the student's fault."""


class BadInput(Exception):
    """Input the user can fix: one line naming the file and the problem.

    Errors a student meets carry their Chinese too (``zh=``); the command prints the
    one of its language.
    """

    def __init__(self, message: str, *, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh

    def said(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else str(self)


class CourseError(BadInput):
    """course.yaml is malformed or refers to missing files."""


class SubmissionError(BadInput):
    """A submission directory or zip cannot be graded as it is."""
