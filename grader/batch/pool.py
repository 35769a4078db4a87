"""Grading many (submission, exercise) jobs at once on a pool of worker processes.

The workers are ``concurrent.futures`` processes started afresh (``spawn``: never
forked from this process, whose threads draw the progress bar, and no helper process
outlives the pool): each imports the grader and the course's tests once
(:mod:`grader.batch.warm`) and then grades one job at a time with the runner, whose
trusted pytest and student processes are confined as for ``grader grade``. Student code
never runs in a worker itself. A worker that dies (it should not: it runs no student
code) breaks the pool; the jobs it had not finished are handed to a new pool, and a job
whose result came back is never graded again.

Workers ignore Ctrl-C: the process that owns the pool decides, stops them and kills
everything they started (:func:`grader.sandbox.reaper.kill_descendants`).
"""

from __future__ import annotations

import concurrent.futures
import functools
import multiprocessing
from collections.abc import Callable, Generator, Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from grader.batch.warm import warm_up
from grader.course import Course, load_course
from grader.results import ExerciseResult
from grader.runner import RunOptions, run_exercise
from grader.submission import ExerciseFiles

# A job that keeps breaking its worker is graded at most this many times, then recorded
# as a grader error.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    """One exercise of one submission: everything a worker needs, picklable."""

    key: tuple[str, str]  # (submission SHA-256, exercise id)
    course_file: Path
    exercise_id: str
    files: ExerciseFiles
    options: RunOptions


@functools.cache
def _course(path: Path) -> Course:
    return load_course(path)


def warm_pool_initializer(course_file: Path | None, exercise_ids: tuple[str, ...]) -> None:
    """Run first in each process of a warm pool: import the course's tests once."""
    course = _course(course_file) if course_file is not None else None
    known = {exercise.id: exercise for exercise in course.exercises} if course else {}
    warm_up(course, [known[i] for i in exercise_ids if i in known])


def grade_job(job: Job) -> ExerciseResult:
    """Run in a worker: grade one job."""
    course = _course(job.course_file)
    exercise = course.exercise(job.exercise_id)
    return run_exercise(course=course, exercise=exercise, files=job.files, options=job.options)


def _suites_of(jobs: list[Job]) -> tuple[Path | None, tuple[str, ...]]:
    """What the workers of a pool for ``jobs`` import before the first: the tests of
    their exercises (one course per class grading; several, or none, import nothing)."""
    courses = {job.course_file for job in jobs}
    if len(courses) != 1:
        return None, ()
    return courses.pop(), tuple(sorted({job.exercise_id for job in jobs}))


Outcome = tuple[Job, ExerciseResult | None, str]  # the job, its result, or why it has none


def _round(
    jobs: list[Job], workers: int, grade: Callable[[Job], ExerciseResult]
) -> Generator[Outcome, None, list[Job]]:
    """Grade ``jobs`` on one pool; yield what ends; return the jobs a broken pool lost."""
    executor = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=warm_pool_initializer,
        initargs=_suites_of(jobs),
    )
    lost: list[Job] = []
    try:
        futures = {executor.submit(grade, job): job for job in jobs}
        for future in concurrent.futures.as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                lost.append(futures[future])
                continue
            yield futures[future], result, ""
    finally:
        executor.shutdown(wait=not lost, cancel_futures=True)
    return lost


def run_jobs(
    jobs: Iterable[Job],
    *,
    workers: int,
    grade: Callable[[Job], ExerciseResult] = grade_job,
) -> Generator[Outcome, None, None]:
    """Grade ``jobs`` on ``workers`` processes; yield each as it ends (in any order).

    When a worker dies, every job its pool had not finished is graded again, each on a
    pool of its own, so that a job that kills its worker is known and the others are
    not blamed; after MAX_ATTEMPTS deaths it ends without a result. The caller may stop
    iterating at any moment (Ctrl-C): the pool is then shut down without waiting, and
    the caller kills what is left.
    """
    lost = yield from _round(list(jobs), workers, grade)
    for job in lost:
        for _ in range(MAX_ATTEMPTS - 1):
            if not (yield from _round([job], 1, grade)):
                break
        else:
            yield job, None, f"its worker process died {MAX_ATTEMPTS} times"
