"""Grading every mutant of a reference solution, in parallel worker processes.

Every module of the exercise is mutated; a mutant replaces one module, and the other
modules come from the reference solution. A mutant is *killed* when at least one test
fails on it. Mutants a teacher judged equivalent to the original (no test following the
contract could tell them apart) are listed by label, one per line, in
``tests/ID/equivalent_mutants.txt`` and left out of the kill rate. The label of a
mutant of a multi-module exercise starts with its module (``file_client.py line 12:
< -> <=``); a single-module exercise keeps the bare ``line 12: < -> <=``.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from grader.course import Course, Exercise, Timeouts, load_course
from grader.mutation.operators import mutants
from grader.results import Status
from grader.runner import RunOptions, run_exercise
from grader.submission import ExerciseFiles

EQUIVALENT_FILE = "equivalent_mutants.txt"
TARGET_KILL_RATE = 0.9


@dataclass(frozen=True)
class ExerciseMutant:
    """One mutant of one module of an exercise, numbered across the exercise."""

    number: int
    module: str
    label: str
    source: str


@dataclass(frozen=True)
class MutantOutcome:
    mutant: ExerciseMutant
    killed: bool
    failing_tests: tuple[str, ...]
    grader_error: bool
    equivalent: bool


@dataclass(frozen=True)
class Campaign:
    exercise_id: str
    modules: tuple[str, ...]
    outcomes: tuple[MutantOutcome, ...]
    hidden_only: bool

    @property
    def considered(self) -> tuple[MutantOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.equivalent and not o.grader_error)

    @property
    def killed(self) -> int:
        return sum(o.killed for o in self.considered)

    @property
    def survivors(self) -> tuple[MutantOutcome, ...]:
        return tuple(o for o in self.considered if not o.killed)

    @property
    def kill_rate(self) -> float:
        return self.killed / len(self.considered) if self.considered else 1.0


def equivalent_labels(course: Course, exercise: Exercise) -> set[str]:
    path = course.exercise_dir("tests", exercise.id) / EQUIVALENT_FILE
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


# A mutant that hangs is killed as surely by a short timeout as by a long one; the
# reference solutions answer each call in milliseconds.
MUTANT_TIMEOUTS = Timeouts(call=1.0, test=3.0, exercise=60.0)


def _quick(exercise: Exercise) -> Exercise:
    limits = exercise.timeouts
    return dataclasses.replace(
        exercise,
        timeouts=Timeouts(
            call=min(limits.call, MUTANT_TIMEOUTS.call),
            test=min(limits.test, MUTANT_TIMEOUTS.test),
            exercise=min(limits.exercise, MUTANT_TIMEOUTS.exercise),
        ),
    )


def _grade_mutant(
    course_file: str, exercise_id: str, module: str, source: str, hidden_only: bool
) -> tuple[bool, tuple[str, ...], bool]:
    """Worker: grade one mutant; (killed, failing test names, grader error)."""
    course = load_course(Path(course_file))
    exercise = _quick(course.exercise(exercise_id))
    modules = {
        name: (course.exercise_dir("solutions", exercise_id) / name).read_bytes()
        for name in exercise.modules
    }
    modules[module] = source.encode("utf-8")
    files = ExerciseFiles(modules=modules, missing=(), ignored=())
    result = run_exercise(
        course=course,
        exercise=exercise,
        files=files,
        options=RunOptions(include_public=not hidden_only, stop_at_first_failure=True),
    )
    failing = tuple(t.name for t in result.tests if t.status is not Status.PASSED)
    return bool(failing), failing, result.grader_error


def mutants_of(course: Course, exercise_id: str) -> list[ExerciseMutant]:
    """The mutants of every module of the exercise's solution, in module order."""
    exercise = course.exercise(exercise_id)
    qualified = len(exercise.modules) > 1
    found: list[ExerciseMutant] = []
    for module in exercise.modules:
        path = course.exercise_dir("solutions", exercise_id) / module
        for mutant in mutants(path.read_text(encoding="utf-8")):
            label = f"{module} {mutant.label}" if qualified else mutant.label
            found.append(ExerciseMutant(len(found) + 1, module, label, mutant.source))
    return found


def run_campaign(
    *,
    course: Course,
    exercise_id: str,
    jobs: int,
    hidden_only: bool = True,
    limit: int | None = None,
    on_done: Callable[[MutantOutcome], None] | None = None,
) -> Campaign:
    exercise = course.exercise(exercise_id)
    generated = mutants_of(course, exercise_id)
    if limit:
        generated = generated[:limit]
    equivalent = equivalent_labels(course, exercise)
    course_file = str(course.root / "course.yaml")
    outcomes: dict[int, MutantOutcome] = {}
    # Forked workers: with "fork" the pool starts them all before its manager thread
    # and needs no resource-tracker process that would outlive this one. The caller
    # must not run other threads meanwhile (the CLI's progress bar refreshes by hand).
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {
            pool.submit(_grade_mutant, course_file, exercise_id, m.module, m.source, hidden_only): m
            for m in generated
        }
        for future in as_completed(futures):
            mutant = futures[future]
            killed, failing, error = future.result()
            outcome = MutantOutcome(mutant, killed, failing, error, mutant.label in equivalent)
            outcomes[mutant.number] = outcome
            if on_done is not None:
                on_done(outcome)
    return Campaign(
        exercise_id=exercise_id,
        modules=exercise.modules,
        outcomes=tuple(outcomes[n] for n in sorted(outcomes)),
        hidden_only=hidden_only,
    )


def summary_lines(campaign: Campaign) -> list[str]:
    suite = "hidden suite" if campaign.hidden_only else "public and hidden suites"
    equivalent = sum(o.equivalent for o in campaign.outcomes)
    errors = sum(o.grader_error for o in campaign.outcomes)
    sources = ", ".join(f"solutions/{campaign.exercise_id}/{m}" for m in campaign.modules)
    lines = [
        f"{campaign.exercise_id}: {len(campaign.outcomes)} mutants of {sources} "
        f"graded with the {suite}",
        f"  killed {campaign.killed} of {len(campaign.considered)} non-equivalent "
        f"({campaign.kill_rate:.1%}; target {TARGET_KILL_RATE:.0%}); "
        f"{equivalent} marked equivalent; {errors} grader error(s)",
    ]
    if campaign.survivors:
        lines.append("  survivors:")
        lines += [f"    M{o.mutant.number} {o.mutant.label}" for o in campaign.survivors]
    marked = [o for o in campaign.outcomes if o.equivalent]
    if marked:
        lines.append(f"  marked equivalent in {EQUIVALENT_FILE}:")
        lines += [
            f"    M{o.mutant.number} {o.mutant.label}" + (" (killed anyway)" if o.killed else "")
            for o in marked
        ]
    return lines
