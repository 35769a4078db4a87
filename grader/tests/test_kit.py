"""The kit itself: `grader verify` passes, and it catches a broken kit."""

from __future__ import annotations

import shutil
from pathlib import Path

from grader.course import Course, load_course
from grader.verify import verify

from .conftest import KIT_ROOT


def _copy_kit(target: Path) -> Path:
    for tree in ("exercises", "solutions", "tests"):
        shutil.copytree(
            KIT_ROOT / tree, target / tree, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(KIT_ROOT / "course.yaml", target / "course.yaml")
    return target / "course.yaml"


def test_the_kit_verifies_clean(kit_course: Course) -> None:
    assert verify(course=kit_course) == []


def test_verify_reports_a_wrong_solution_a_passing_stub_and_a_stray_folder(
    kit_course: Course, tmp_path: Path
) -> None:
    course_file = _copy_kit(tmp_path)
    exercise = kit_course.exercises[0]
    module = exercise.modules[0]
    # Swap solution and stub: the "solution" now scores 0 and the "stub" full marks.
    solution = tmp_path / "solutions" / exercise.id / module
    stub = tmp_path / "exercises" / exercise.id / module
    solution_text, stub_text = solution.read_text(), stub.read_text()
    solution.write_text(stub_text)
    stub.write_text(solution_text)
    (tmp_path / "tests" / "99_stray").mkdir()
    (tmp_path / "exercises" / exercise.id / "README.zh-CN.md").unlink()

    problems = [str(p) for p in verify(course=load_course(course_file))]

    assert "tests/99_stray: not an exercise of course.yaml" in problems
    assert f"exercises/{exercise.id}: missing README.zh-CN.md" in problems
    assert any(p.startswith(f"solutions/{exercise.id}: scored 0") for p in problems)
    assert any(p.startswith(f"exercises/{exercise.id}: the stub scored") for p in problems)
    no_raise = f"exercises/{exercise.id}/{module}: the stub never raises NotImplementedError"
    assert no_raise in problems
