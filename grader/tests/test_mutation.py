"""`grader mutants`: mutant generation and the campaign's bookkeeping."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from grader.course import load_course
from grader.mutation.campaign import EQUIVALENT_FILE, mutants_of
from grader.mutation.operators import mutants

from .conftest import FAKE_COURSE

SOURCE = '''"""Docstrings are never mutated."""


def clamp(value, low=0, high=10):
    if value < low:
        raise ValueError(f"value {value} below {low}")
    return min(value, high) + 1
'''


def test_mutants_change_one_thing_each_and_skip_docstrings_and_messages() -> None:
    generated = mutants(SOURCE)
    labels = [m.label for m in generated]
    assert "line 5: < -> <=" in labels
    assert "line 7: min -> max" in labels
    assert "line 7: + -> -" in labels
    assert "line 7: return None" in labels
    assert "line 5: negate if condition" in labels
    assert not any("Docstrings" in label or "-> 'XX'" in label for label in labels)
    assert len(set(labels)) == len(labels)
    assert [m.number for m in generated] == list(range(1, len(generated) + 1))
    baseline = ast.unparse(ast.parse(SOURCE))
    for mutant in generated:
        compile(mutant.source, "<mutant>", "exec")
        assert mutant.source.strip() != baseline


def test_mutants_are_stable_between_runs() -> None:
    assert [m.label for m in mutants(SOURCE)] == [m.label for m in mutants(SOURCE)]


def test_every_module_of_a_multi_module_exercise_is_mutated(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FAKE_COURSE.parent, root, ignore=shutil.ignore_patterns("submissions"))
    course_file = root / "course.yaml"
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace(
            "modules: [greeter.py]", "modules: [greeter.py, helper.py]"
        ),
        encoding="utf-8",
    )
    for folder in ("exercises", "solutions"):
        (root / folder / "02_greeter" / "helper.py").write_text(
            "def shout(text):\n    return text.upper() + '!'\n", encoding="utf-8"
        )
    generated = mutants_of(load_course(course_file), "02_greeter")
    assert [m.number for m in generated] == list(range(1, len(generated) + 1))
    assert {m.module for m in generated} == {"greeter.py", "helper.py"}
    assert "helper.py line 2: + -> -" in [m.label for m in generated]
    assert all(m.label.startswith(f"{m.module} line ") for m in generated)
    # A single-module exercise keeps its bare labels (existing equivalent lists hold).
    single = mutants_of(load_course(FAKE_COURSE), "02_greeter")
    assert all(m.label.startswith("line ") for m in single)


def _mutants_cli(course_file: Path, exercise_id: str) -> subprocess.CompletedProcess[str]:
    # A subprocess: the worker pool's helper processes live as long as their parent.
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "mutants",
            exercise_id,
            "--course",
            str(course_file),
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_campaign_kills_a_mutant_and_meets_the_target(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FAKE_COURSE.parent, root, ignore=shutil.ignore_patterns("submissions"))
    done = _mutants_cli(root / "course.yaml", "02_greeter")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "killed 1 of 1 non-equivalent (100.0%; target 90%)" in done.stdout


def test_equivalent_mutants_leave_the_rate_and_a_surviving_mutant_fails_the_target(
    tmp_path: Path,
) -> None:
    root = tmp_path / "course"
    shutil.copytree(FAKE_COURSE.parent, root, ignore=shutil.ignore_patterns("submissions"))
    # A hidden suite that checks nothing lets every mutant survive: exit 1.
    hidden = root / "tests" / "02_greeter" / "test_greeter_hidden.py"
    hidden.write_text(
        "import pytest\npytestmark = pytest.mark.student_module('greeter')\n\n"
        "def test_module_imports(student):\n    assert student.__name__ == 'greeter'\n",
        encoding="utf-8",
    )
    done = _mutants_cli(root / "course.yaml", "02_greeter")
    assert done.returncode == 1
    assert "killed 0 of 1 non-equivalent (0.0%; target 90%)" in done.stdout
    assert "M1 line 5: return None" in done.stdout
    (root / "tests" / "02_greeter" / EQUIVALENT_FILE).write_text(
        "# judged equivalent\nline 5: return None\n", encoding="utf-8"
    )
    done = _mutants_cli(root / "course.yaml", "02_greeter")
    assert done.returncode == 0
    assert "killed 0 of 0 non-equivalent" in done.stdout
    assert "1 marked equivalent" in done.stdout
