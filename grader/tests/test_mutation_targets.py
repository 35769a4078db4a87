"""Every exercise's hidden suite kills at least 90% of the non-equivalent mutants of its
reference solution (``grader mutants ID``, whose output is kept in tests/ID/NOTES.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from grader.course import load_course

from .conftest import KIT_ROOT

KIT_EXERCISE_IDS = [e.id for e in load_course(KIT_ROOT / "course.yaml").exercises]


@pytest.mark.parametrize("exercise_id", KIT_EXERCISE_IDS)
def test_hidden_suite_kills_the_target_share_of_mutants(exercise_id: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "mutants",
            exercise_id,
            "--course",
            str(KIT_ROOT / "course.yaml"),
            # One worker: the suite itself runs in parallel (pytest -n auto), and an
            # overloaded machine would only make honest calls slower.
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "; 0 grader error(s)" in done.stdout
