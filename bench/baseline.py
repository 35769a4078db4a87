"""The baseline every benchmark here compares with: a bare ``pytest`` in direct mode
(the student's module imported into pytest, no isolation at all), plugin autoload off."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from grader.course import Course, Exercise
from grader.results import ExerciseResult, Suites
from grader.runner import suite_paths


def bare_pytest(
    course: Course, exercise: Exercise, student_dir: Path, *options: str
) -> tuple[list[str], dict[str, str]]:
    """The command and environment of a bare run of ``exercise``'s public and hidden
    tests against the modules in ``student_dir``; ``options`` go before the paths."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "grader.plugin", *options, "--student-dir", str(student_dir)]
    command += [str(p) for p in suite_paths(course, exercise, Suites.ALL)]
    return command, {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def why_not_full_marks(result: ExerciseResult) -> str:
    """What a graded run that should have had full marks got instead, in one line."""
    reason = result.reason.value if result.reason is not None else "tests failed"
    return f"{result.status.value}, {reason} {result.tally.passed}/{result.tally.total}"
