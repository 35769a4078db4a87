"""Grading many (submission, exercise) jobs at once on a pool of worker processes.

The workers are ``concurrent.futures`` processes started afresh (``spawn``: never
forked from this process, whose threads draw the progress bar, and no helper process
outlives the pool): each imports the grader and the course's tests once
(:mod:`grader.batch.warm`) and then grades one job at a time with the runner, whose
trusted pytest and student processes are confined as for ``grader grade``. Student code
never runs in a worker itself. A worker that dies (it should not: it runs no student
code) breaks the pool; the jobs it had not finished are handed to a new pool, and a job
whose result came back is never graded again.

The pool has ``workers`` cores' worth of gradings running at once: a grading of an
exercise with a ``cpu_share`` of 0.5 in course.yaml (tests that mostly wait on sockets)
counts for half a core, so two of them run per core; the pool's processes are started
as the gradings need them.

Workers ignore Ctrl-C: the process that owns the pool decides, stops them and kills
everything they started (:func:`grader.sandbox.reaper.kill_descendants`).
"""

from __future__ import annotations

import collections
import concurrent.futures
import functools
import math
import multiprocessing
from collections.abc import Callable, Generator, Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from grader.batch.cores import fits
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
    cpu_share: float = 1.0  # the exercise's (course.yaml): how much of a core it keeps busy


@functools.cache
def course_of(path: Path) -> Course:
    """The course of ``path``, read once per process."""
    return load_course(path)


def warm_pool_initializer(course_file: Path | None, exercise_ids: tuple[str, ...]) -> None:
    """Run first in each process of a warm pool: import the course's tests once."""
    course = course_of(course_file) if course_file is not None else None
    known = {exercise.id: exercise for exercise in course.exercises} if course else {}
    warm_up(course, [known[i] for i in exercise_ids if i in known])


def grade_job(job: Job) -> ExerciseResult:
    """Run in a worker: grade one job."""
    course = course_of(job.course_file)
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
    """Grade ``jobs`` on one pool, ``workers`` cores' worth at a time (in their order,
    each counting for its ``cpu_share``); yield what ends; return the jobs a broken pool
    lost."""
    executor = concurrent.futures.ProcessPoolExecutor(
        max_workers=_processes(jobs, workers),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=warm_pool_initializer,
        initargs=_suites_of(jobs),
    )
    waiting = collections.deque(jobs)
    running: dict[concurrent.futures.Future[ExerciseResult], Job] = {}
    load = 0.0
    lost: list[Job] = []
    try:
        while waiting or running:
            while waiting and fits(load, waiting[0].cpu_share, workers):
                job = waiting.popleft()
                try:
                    running[executor.submit(grade, job)] = job
                except BrokenProcessPool:
                    lost.append(job)
                    continue
                load += job.cpu_share
            if not running:
                break
            done, _ = concurrent.futures.wait(
                running, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in done:
                job = running.pop(future)
                load -= job.cpu_share
                try:
                    result = future.result()
                except BrokenProcessPool:
                    lost.append(job)
                    continue
                yield job, result, ""
    finally:
        executor.shutdown(wait=not lost, cancel_futures=True)
    return lost


def _processes(jobs: list[Job], workers: int) -> int:
    """How many processes the pool may need: as many as gradings can run at once."""
    smallest = min((job.cpu_share for job in jobs), default=1.0)
    return max(1, min(len(jobs), math.floor(workers / smallest + 1e-9)))


def run_jobs(
    jobs: Iterable[Job],
    *,
    workers: int,
    grade: Callable[[Job], ExerciseResult] = grade_job,
) -> Generator[Outcome, None, None]:
    """Grade ``jobs``, ``workers`` cores' worth at a time; yield each as it ends (in any
    order).

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
