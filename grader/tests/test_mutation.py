"""`grader mutants`: mutant generation and the campaign's bookkeeping."""

from __future__ import annotations

import ast
import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

from grader.course import load_course
from grader.mutation.campaign import (
    EQUIVALENT_FILE,
    Campaign,
    equivalent_labels,
    mutants_of,
    summary_lines,
    unmatched_labels,
)
from grader.mutation.operators import mutants
from grader.results import Suites
from grader.verify import verify

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


def test_the_workers_grade_with_the_course_file_they_were_given(tmp_path: Path) -> None:
    """``--course FILE`` under another name than course.yaml: the workers load that file,
    not a course.yaml beside it (here one that is no valid course)."""
    root = tmp_path / "course"
    shutil.copytree(FAKE_COURSE.parent, root, ignore=shutil.ignore_patterns("submissions"))
    given = root / "day8-test-course.yaml"
    (root / "course.yaml").rename(given)
    (root / "course.yaml").write_text(
        "course: {id: decoy, title: {en: Decoy, zh: 诱饵}}\nexercises: []\n", encoding="utf-8"
    )
    done = _mutants_cli(given, "02_greeter")
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


def _with_equivalent_list(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FAKE_COURSE.parent, root, ignore=shutil.ignore_patterns("submissions"))
    (root / "tests" / "02_greeter" / EQUIVALENT_FILE).write_text(text, encoding="utf-8")
    return root / "course.yaml"


STALE = "# judged equivalent\nline 5: return None\nline 99: < -> <=\nline 5: return None\n"
STALE_LINE = "tests/02_greeter/equivalent_mutants.txt: no mutant is labelled 'line 99: < -> <='"


def test_a_label_that_matches_no_mutant_is_found(tmp_path: Path) -> None:
    course = load_course(_with_equivalent_list(tmp_path, STALE))
    exercise = course.exercise("02_greeter")
    assert unmatched_labels(course, exercise) == ("line 99: < -> <=",)
    assert equivalent_labels(course, exercise) == {"line 5: return None", "line 99: < -> <="}
    fresh = load_course(_with_equivalent_list(tmp_path / "fresh", "line 5: return None\n"))
    assert unmatched_labels(fresh, fresh.exercise("02_greeter")) == ()


def test_the_summary_names_the_file_and_each_unmatched_label() -> None:
    campaign = Campaign(
        exercise_id="02_greeter",
        modules=("greeter.py",),
        outcomes=(),
        suites=Suites.HIDDEN,
        unmatched_labels=("line 99: < -> <=", "line 7: + -> -"),
    )
    lines = summary_lines(campaign)
    assert f"  {STALE_LINE}" in lines
    assert "  tests/02_greeter/equivalent_mutants.txt: no mutant is labelled 'line 7: + -> -'" in (
        lines
    )
    assert not any(
        "no mutant is labelled" in line
        for line in summary_lines(dataclasses.replace(campaign, unmatched_labels=()))
    )


def test_grader_mutants_reports_an_unmatched_label_and_fails(tmp_path: Path) -> None:
    done = _mutants_cli(_with_equivalent_list(tmp_path, STALE), "02_greeter")
    assert done.returncode == 1, done.stdout + done.stderr  # the one mutant is equivalent
    assert "killed 0 of 0 non-equivalent" in done.stdout
    assert f"  {STALE_LINE}\n" in done.stdout


def test_grader_verify_reports_an_unmatched_label(tmp_path: Path) -> None:
    course = load_course(_with_equivalent_list(tmp_path, STALE))
    problems = [str(p) for p in verify(course=course, exercise_ids=["02_greeter"])]
    assert STALE_LINE in problems
    assert not any("line 5: return None" in p for p in problems)
