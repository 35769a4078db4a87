"""The same test files give the same results in graded mode and in direct mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.course import Course, load_course
from grader.grading import grade
from grader.results import Suites
from grader.runner import suite_paths

from .conftest import KIT_ROOT

KIT_EXERCISE_IDS = [e.id for e in load_course(KIT_ROOT / "course.yaml").exercises]


def _direct_results(course: Course, exercise_id: str, results: Path) -> dict[str, str]:
    exercise = course.exercise(exercise_id)
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    # The records go to an inherited descriptor, as in graded mode.
    with results.open("w", encoding="utf-8") as sink:
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "grader.plugin",
            "-p",
            "no:cacheprovider",
            "-q",
            "--student-dir",
            str(course.exercise_dir("solutions", exercise_id)),
            "--grader-results-fd",
            str(sink.fileno()),
            *(str(p) for p in suite_paths(course, exercise, Suites.ALL)),
        ]
        done = subprocess.run(
            command,
            cwd=KIT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            pass_fds=(sink.fileno(),),
        )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    return {r["nodeid"]: r["status"] for r in records if r["kind"] == "test"}


@pytest.mark.parametrize("exercise_id", KIT_EXERCISE_IDS)
def test_reference_solution_gets_the_same_results_in_both_modes(
    kit_course: Course, exercise_id: str, tmp_path: Path
) -> None:
    direct = _direct_results(kit_course, exercise_id, tmp_path / "direct.jsonl")
    report = grade(course=kit_course, submission=KIT_ROOT / "solutions", exercise_ids=[exercise_id])
    (result,) = report.exercises
    graded = {t.nodeid: t.status.value for t in result.tests}
    assert graded == direct
    assert set(graded.values()) == {"passed"}
    assert result.score == result.max_score
