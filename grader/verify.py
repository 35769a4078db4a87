"""``grader verify``: the kit checks itself.

Every exercise of course.yaml has its stub, both spec pages, public tests, solution and
hidden suite; every solution scores full marks; every stub raises NotImplementedError
and scores 0; every label of an equivalent_mutants.txt names a mutant of the solution;
there are no stray folders.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader.course import Course, Exercise
from grader.grading import grade
from grader.mutation.campaign import equivalent_file, no_mutant_labelled, unmatched_labels
from grader.render.sentences import exercise_message
from grader.results import Report
from grader.student.progress import STORE_DIR

_TREES = ("exercises", "solutions", "tests")
# STORE_DIR: what `grader check` records of a student's progress, run in the kit too.
_IGNORED_NAMES = {"__pycache__", ".pytest_cache", ".hypothesis", STORE_DIR}


@dataclass(frozen=True)
class Problem:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _layout_problems(course: Course, exercise: Exercise) -> list[Problem]:
    problems: list[Problem] = []
    public = course.exercise_dir("exercises", exercise.id)
    for name in ("README.md", "README.zh-CN.md", *exercise.modules):
        if not (public / name).is_file():
            problems.append(Problem(f"exercises/{exercise.id}", f"missing {name}"))
    if not list(public.glob("test_*.py")):
        problems.append(Problem(f"exercises/{exercise.id}", "no public tests (test_*.py)"))
    for name in exercise.modules:
        solution = course.exercise_dir("solutions", exercise.id) / name
        stub = public / name
        if not solution.is_file():
            problems.append(Problem(f"solutions/{exercise.id}", f"missing {name}"))
        elif stub.is_file() and solution.read_bytes() == stub.read_bytes():
            # `grader new` starts the solution as a copy of the stub.
            problems.append(
                Problem(
                    f"solutions/{exercise.id}/{name}",
                    "the solution is not written yet (it is the stub)",
                )
            )
        if stub.is_file() and not _raises_not_implemented(stub):
            problems.append(
                Problem(
                    f"exercises/{exercise.id}/{name}", "the stub never raises NotImplementedError"
                )
            )
    hidden = course.exercise_dir("tests", exercise.id)
    if not list(hidden.rglob("test_*.py")):
        problems.append(Problem(f"tests/{exercise.id}", "no hidden tests (test_*.py)"))
    return problems


def _equivalent_problems(course: Course, exercise: Exercise) -> list[Problem]:
    """Labels of tests/ID/equivalent_mutants.txt that no mutant of the solution has."""
    solutions = course.exercise_dir("solutions", exercise.id)
    if not all((solutions / name).is_file() for name in exercise.modules):
        return []  # said above: a solution is missing
    try:
        stale = unmatched_labels(course, exercise)
    except SyntaxError:
        return []  # grading the solution says why
    where = equivalent_file(exercise.id)
    return [Problem(where, no_mutant_labelled(label)) for label in stale]


def _raises_not_implemented(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id == "NotImplementedError":
                return True
    return False


def _stray_problems(course: Course) -> list[Problem]:
    known = {e.id for e in course.exercises}
    problems: list[Problem] = []
    for tree in _TREES:
        folder = course.root / tree
        if not folder.is_dir():
            problems.append(Problem(tree, "folder is missing"))
            continue
        for entry in sorted(folder.iterdir()):
            if entry.name in _IGNORED_NAMES:
                continue
            if entry.is_dir() and entry.name not in known:
                problems.append(Problem(f"{tree}/{entry.name}", "not an exercise of course.yaml"))
            elif not entry.is_dir():
                problems.append(Problem(f"{tree}/{entry.name}", "stray file"))
    return problems


def _score_problems(report: Report, *, full_marks: bool, tree: str) -> list[Problem]:
    problems: list[Problem] = []
    for exercise in report.exercises:
        where = f"{tree}/{exercise.id}"
        if exercise.grader_error:
            problems.append(
                Problem(where, f"grader error: {exercise_message(exercise, 'en').splitlines()[0]}")
            )
        elif full_marks and exercise.score != exercise.max_score:
            failing = [t.name for t in exercise.tests if t.status.value != "passed"]
            problems.append(
                Problem(
                    where,
                    f"scored {exercise.score}/{exercise.max_score}; "
                    f"failing: {', '.join(failing[:5])}",
                )
            )
        elif not full_marks and exercise.score != 0:
            passing = [t.name for t in exercise.tests if t.status.value == "passed"]
            problems.append(
                Problem(
                    where, f"the stub scored {exercise.score}; passing: {', '.join(passing[:5])}"
                )
            )
    return problems


def verify(
    *,
    course: Course,
    exercise_ids: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Problem]:
    """The kit's problems: stray folders, and those of the selected exercises (default:
    all)."""
    say = progress or (lambda _: None)
    problems = _stray_problems(course)
    for exercise in course.select(exercise_ids):
        problems += _layout_problems(course, exercise)
        problems += _equivalent_problems(course, exercise)
    say("grading the reference solutions")
    solutions = grade(
        course=course, submission=course.root / "solutions", exercise_ids=exercise_ids
    )
    problems += _score_problems(solutions, full_marks=True, tree="solutions")
    say("grading the stubs")
    stubs = grade(course=course, submission=course.root / "exercises", exercise_ids=exercise_ids)
    problems += _score_problems(stubs, full_marks=False, tree="exercises")
    return problems
