"""Grading every mutant of a reference solution, in parallel worker processes.

Every module of the exercise is mutated; a mutant replaces one module, and the other
modules come from the reference solution. A mutant is *killed* when at least one test
fails on it. Mutants a teacher judged equivalent to the original (no test following the
contract could tell them apart) are listed by label, one per line, in
``tests/ID/equivalent_mutants.txt`` and left out of the kill rate. The label of a
mutant of a multi-module exercise starts with its module (``file_client.py line 12:
< -> <=``); a single-module exercise keeps the bare ``line 12: < -> <=``. A label that
no mutant has (the solution changed, its lines moved) is reported, by the campaign and
by ``grader verify``: the mutant it meant would otherwise count as a survivor, unnoticed.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from grader.course import Course, Exercise, load_course
from grader.mutation.operators import mutants
from grader.results import Status, Suites
from grader.runner import RunOptions, run_exercise
from grader.settings import Timeouts
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
    suites: Suites
    # Labels of equivalent_mutants.txt that no mutant of the solution has, in file order.
    unmatched_labels: tuple[str, ...] = ()

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


def equivalent_file(exercise_id: str) -> str:
    """Where the exercise's equivalent mutants are listed, relative to the kit."""
    return f"tests/{exercise_id}/{EQUIVALENT_FILE}"


def _labels_in_order(course: Course, exercise: Exercise) -> list[str]:
    path = course.exercise_dir("tests", exercise.id) / EQUIVALENT_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    labels = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return list(dict.fromkeys(labels))


def equivalent_labels(course: Course, exercise: Exercise) -> set[str]:
    return set(_labels_in_order(course, exercise))


def unmatched_labels(
    course: Course, exercise: Exercise, generated: list[ExerciseMutant] | None = None
) -> tuple[str, ...]:
    """The labels of the exercise's equivalent_mutants.txt that none of its mutants
    (``generated``, default: every mutant of its solution) has, in file order."""
    labels = _labels_in_order(course, exercise)
    if not labels:
        return ()
    every = mutants_of(course, exercise.id) if generated is None else generated
    known = {m.label for m in every}
    return tuple(label for label in labels if label not in known)


def no_mutant_labelled(label: str) -> str:
    return f"no mutant is labelled {label!r}"


def unmatched_lines(exercise_id: str, labels: tuple[str, ...]) -> list[str]:
    """One line per unmatched label: ``tests/ID/equivalent_mutants.txt: no mutant is
    labelled 'LABEL'``."""
    where = equivalent_file(exercise_id)
    return [f"{where}: {no_mutant_labelled(label)}" for label in labels]


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
    course_file: str, exercise_id: str, module: str, source: str, suites: Suites
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
        options=RunOptions(suites=suites, stop_at_first_failure=True),
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
    course_file: Path,
    exercise_id: str,
    jobs: int,
    suites: Suites = Suites.HIDDEN,
    limit: int | None = None,
    on_done: Callable[[MutantOutcome], None] | None = None,
) -> Campaign:
    """Grade every mutant of the exercise in ``jobs`` workers, each of which loads the
    course from ``course_file`` itself (whatever its name)."""
    course = load_course(course_file)
    exercise = course.exercise(exercise_id)
    generated = mutants_of(course, exercise_id)
    unmatched = unmatched_labels(course, exercise, generated)
    if limit:
        generated = generated[:limit]
    equivalent = equivalent_labels(course, exercise)
    worker_course = str(course_file.resolve())
    outcomes: dict[int, MutantOutcome] = {}
    # Forked workers: with "fork" the pool starts them all before its manager thread
    # and needs no resource-tracker process that would outlive this one. The caller
    # must not run other threads meanwhile (the CLI's progress bar refreshes by hand).
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {
            pool.submit(_grade_mutant, worker_course, exercise_id, m.module, m.source, suites): m
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
        suites=suites,
        unmatched_labels=unmatched,
    )


def summary_lines(campaign: Campaign) -> list[str]:
    suite = "hidden suite" if campaign.suites is Suites.HIDDEN else "public and hidden suites"
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
    lines += [
        f"  {line}" for line in unmatched_lines(campaign.exercise_id, campaign.unmatched_labels)
    ]
    return lines
