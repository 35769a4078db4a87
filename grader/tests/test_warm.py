"""A class grading's warm workers: the course's test modules are imported once per
worker, rewritten as pytest rewrites them, and every job's trusted pytest (forked from
the worker) uses them instead of importing them again."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from grader.batch.run import grade_class
from grader.bootstrap import GRADER_PARENT
from grader.course import load_course

from .conftest import DATA, run_program

SOLUTIONS = DATA / "fakecourse" / "solutions"

# In a hidden test module: sys.argv when it was imported. The job's trusted pytest runs
# with the job's arguments (--grader-job ...); a worker warming up has none of them.
_MARKER_TEST = """
import sys

import pytest

pytestmark = pytest.mark.student_module("greeter")
ARGV_AT_IMPORT = list(sys.argv)


def test_this_module_was_imported_before_the_job_started():
    assert "--grader-job" not in ARGV_AT_IMPORT


def test_assertions_are_rewritten():
    assert "@py_builtins" in globals()
"""

_WARM_UP = """
import gc, json, sys
sys.path.insert(0, sys.argv[2])
from grader.batch.warm import warm_up
from grader.course import load_course
course = load_course(sys.argv[1])
path_before = list(sys.path)
imported = warm_up(course, course.exercises)
modules = {p.stem: sys.modules.get(p.stem) for p in imported}
print(json.dumps({
    "imported": sorted(str(p) for p in imported),
    "rewritten": sorted(n for n, m in modules.items() if m and "@py_builtins" in vars(m)),
    "path_unchanged": sys.path == path_before,
    "frozen": gc.get_freeze_count(),
}))
"""


def _warm_up_in_a_new_process(course_file: Path, **environment: str) -> dict[str, Any]:
    variables = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    printed = run_program(
        _WARM_UP, str(course_file), str(GRADER_PARENT), env={**variables, **environment}
    )
    facts: dict[str, Any] = json.loads(printed)
    return facts


def test_warming_up_imports_each_test_module_once_rewritten_and_skips_what_cannot_be(
    fake_course_copy: Path,
) -> None:
    root = fake_course_copy.parent
    (root / "tests" / "02_greeter" / "test_broken_hidden.py").write_text("def broken(:\n")
    # Options from the teacher's shell reach neither a job's pytest nor the warm-up.
    facts = _warm_up_in_a_new_process(fake_course_copy, PYTEST_ADDOPTS="--no-such-option")
    names = [Path(p).name for p in facts["imported"]]
    assert sorted(names) == sorted(
        path.name for path in root.glob("*/0*/test_*.py") if path.name != "test_broken_hidden.py"
    )
    assert sorted(facts["rewritten"]) == sorted(Path(n).stem for n in names)
    assert facts["path_unchanged"] is True
    assert facts["frozen"] > 0
    assert not list(root.rglob("__pycache__"))  # nothing written into the kit


def test_exercises_whose_folders_offer_a_module_name_another_offers_are_left_to_their_jobs(
    fake_course_copy: Path,
) -> None:
    root = fake_course_copy.parent
    for exercise_id in ("01_adder", "02_greeter"):
        (root / "tests" / exercise_id / "support.py").write_text(f"WHO = {exercise_id!r}\n")
    assert _warm_up_in_a_new_process(fake_course_copy)["imported"] == []


def test_every_job_of_a_class_uses_the_test_modules_its_worker_imported(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    hidden = fake_course_copy.parent / "tests" / "02_greeter"
    (hidden / "test_marker_hidden.py").write_text(_MARKER_TEST, encoding="utf-8")
    submissions = tmp_path / "class"
    for student in ("ann", "bo", "cy"):
        shutil.copytree(SOLUTIONS, submissions / student)
    graded = grade_class(
        course=load_course(fake_course_copy),
        course_file=fake_course_copy,
        submissions=submissions,
        out=tmp_path / "out",
        jobs=1,
    )
    for student in graded.students:
        (greeter,) = [e for e in student.report.exercises if e.id == "02_greeter"]
        statuses = {t.name: t.status.value for t in greeter.tests}
        assert statuses["test_this_module_was_imported_before_the_job_started"] == "passed"
        assert statuses["test_assertions_are_rewritten"] == "passed"
