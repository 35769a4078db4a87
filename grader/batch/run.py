"""Grading a class: the download read, every (submission, exercise) graded once on a
pool of workers or taken from the store, each student's result with its late credit.

Resumable: every finished grading is stored at once (:mod:`grader.batch.store`), so a
command run again after Ctrl-C, a crash or a new submission grades only what is new or
changed. Ctrl-C stops cleanly: this process is a child subreaper, so it kills every
process the pool started (workers, trusted pytests, student processes), whatever they
were doing, and removes the gradings' folders.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from grader import __version__
from grader.batch.cluster import ClusterRun, pack_kit
from grader.batch.intake import StudentSubmission, read_class
from grader.batch.model import ClassGrade, ExerciseInfo, StudentGrade
from grader.batch.pool import Job, run_jobs
from grader.batch.store import ResultStore, kit_hash
from grader.course import Course, Exercise
from grader.errors import SubmissionError
from grader.grading import containment
from grader.late import effective_schedule, lateness
from grader.results import (
    Containment,
    ExerciseResult,
    NothingSubmitted,
    Reason,
    Report,
    Status,
    UnrecognisedFile,
)
from grader.runner import RunOptions, run_exercise
from grader.sandbox.hardening import become_subreaper
from grader.sandbox.reaper import kill_descendants
from grader.submission import ExerciseFiles, open_submission

STORE_FOLDER = ".results"


class ClassProgress(Protocol):
    def start(self, *, to_grade: int, reused: int) -> None: ...

    def done(self, result: ExerciseResult) -> None: ...


@dataclass(frozen=True)
class _Planned:
    entry: StudentSubmission
    sha256: str
    label: str
    files: dict[str, ExerciseFiles]
    submitted_at: dt.datetime | None
    time_source: str
    unrecognised: tuple[UnrecognisedFile, ...] = ()
    nothing: NothingSubmitted | None = None


@contextlib.contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: Ctrl-C is not delivered here anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _work_root() -> Iterator[Path]:
    """One folder for every grading of this command, which student users pass through."""
    root = Path(tempfile.mkdtemp(prefix="grader-class-"))
    try:
        root.chmod(0o711)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _plan(
    entry: StudentSubmission,
    course: Course,
    exercises: tuple[Exercise, ...],
    times: dict[str, dt.datetime],
) -> _Planned:
    with open_submission(entry.path, course) as opened:
        files = {e.id: opened.files_for(e) for e in exercises}
        sha256 = opened.sha256
        unrecognised = opened.unrecognised(course)
        submitted = any(f.submitted for f in files.values())
        nothing = opened.nothing_submitted(exercises[0]) if exercises and not submitted else None
    submitted_at, time_source = entry.submitted_at, str(entry.time_source)
    if submitted_at is None and entry.student_id in times:
        submitted_at, time_source = times[entry.student_id], "csv"
    return _Planned(
        entry, sha256, entry.source, files, submitted_at, time_source, unrecognised, nothing
    )


def _not_gradable(exercise: Exercise, why: str) -> ExerciseResult:
    return ExerciseResult(
        id=exercise.id,
        title=exercise.title.en,
        status=Status.ERROR,
        score=0.0,
        max_score=exercise.points,
        reason=Reason.GRADER_ERROR,
        problems=(why,),
    )


def grade_class(
    *,
    course: Course,
    course_file: Path,
    submissions: Path,
    out: Path,
    jobs: int,
    exercise_ids: list[str] | None = None,
    submitted_at: dict[str, dt.datetime] | None = None,
    regrade: bool = False,
    progress: ClassProgress | None = None,
    cluster: ClusterRun | None = None,
) -> ClassGrade:
    """Grade every submission of the class download ``submissions``; results are
    stored under ``out`` (see the module). With ``cluster``, the jobs run on its Dask
    workers instead of this machine's pool (:mod:`grader.batch.cluster`)."""
    exercises = course.select(exercise_ids)
    kit = kit_hash(course)
    store = ResultStore(out / STORE_FOLDER, kit=kit)
    times = submitted_at or {}
    become_subreaper()
    with read_class(submissions, course) as intake, _work_root() as work_root:
        problems = [str(p) for p in intake.problems]
        planned: list[_Planned] = []
        for entry in intake.entries:
            try:
                planned.append(_plan(entry, course, exercises, times))
            except SubmissionError as exc:
                problems.append(f"{entry.source}: not graded: {exc}")
        options = RunOptions(work_root=work_root, fork_pytest=True)
        machine = containment(course.root)
        # Where each result was graded: this machine, or a cluster's worker (kept in the
        # store with the result, so a class resumed elsewhere still says it).
        graded_on: dict[tuple[str, str], Containment] = {}
        results: dict[tuple[str, str], ExerciseResult] = {}
        to_grade: dict[tuple[str, str], Job] = {}
        reused = 0
        for plan in planned:
            for exercise in exercises:
                key = (plan.sha256, exercise.id)
                files = plan.files[exercise.id]
                if key in results or key in to_grade:
                    continue  # the same submission twice: graded once
                cached = None if regrade else store.get(*key)
                if not files.submitted:
                    results[key] = run_exercise(
                        course=course, exercise=exercise, files=files, options=options
                    )
                elif cached is not None:
                    results[key] = cached.result
                    graded_on[key] = cached.where or machine
                    reused += 1
                else:
                    to_grade[key] = Job(
                        key, course_file, exercise.id, files, options, exercise.cpu_share
                    )
        if progress is not None:
            progress.start(to_grade=len(to_grade), reused=reused)
        if cluster is not None and to_grade:
            outcomes = cluster.run(to_grade.values(), kit=pack_kit(course_file))
        else:
            outcomes = run_jobs(to_grade.values(), workers=jobs)
        try:
            for job, result, why in outcomes:
                if result is None:
                    result = _not_gradable(course.exercise(job.exercise_id), why)
                else:
                    where = machine
                    if cluster is not None:
                        where = cluster.containments.get(job.key, machine)
                    store.put(job.key[0], result, where)
                    graded_on[job.key] = where
                results[job.key] = result
                if progress is not None:
                    progress.done(result)
        except BaseException:
            # Ctrl-C (or a failure here): nothing the pool started may outlive us, and a
            # second Ctrl-C must not cut this short.
            with _ignoring_interrupts():
                kill_descendants(os.getpid())
                outcomes.close()
            raise
    students = tuple(
        _student(plan, course, exercises, results, _where(plan, exercises, graded_on, machine))
        for plan in sorted(planned, key=lambda p: p.entry.student_id)
    )
    tiers = sorted({c.tier for c in graded_on.values()} or {machine.tier})
    return ClassGrade(
        course_id=course.id,
        course_title=course.title,
        grader_version=__version__,
        kit_sha256=kit,
        layout=intake.layout,
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        exercises=tuple(ExerciseInfo(e.id, e.title.en, e.points) for e in exercises),
        students=students,
        problems=tuple(problems),
        containment=machine,
        graded_now=len(to_grade),
        reused=reused,
        tiers=tuple(tiers),
    )


def _where(
    plan: _Planned,
    exercises: tuple[Exercise, ...],
    graded_on: dict[tuple[str, str], Containment],
    machine: Containment,
) -> Containment:
    """Where a student's exercises were graded: this machine, or the workers that did
    (the first one's; a note names the others' tiers when they differ)."""
    found = [graded_on[key] for key in ((plan.sha256, e.id) for e in exercises) if key in graded_on]
    if not found:
        return machine
    tiers = sorted({c.tier for c in found})
    if len(tiers) == 1:
        return found[0]
    note = f"its exercises were graded on workers of tiers {', '.join(tiers)}"
    return dataclasses.replace(found[0], notes=(*found[0].notes, note))


def _student(
    plan: _Planned,
    course: Course,
    exercises: tuple[Exercise, ...],
    results: dict[tuple[str, str], ExerciseResult],
    machine: Containment,
) -> StudentGrade:
    own = tuple(results[(plan.sha256, e.id)] for e in exercises)
    report = Report(
        grader_version=__version__,
        course_id=course.id,
        submission=plan.label,
        submission_sha256=plan.sha256,
        timestamp=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        containment=machine,
        exercises=own,
        hidden_display=course.reports.hidden_display,
        submission_name=plan.entry.student_id,
        unrecognised_files=plan.unrecognised,
        nothing_submitted=plan.nothing,
    )
    credits = tuple(
        lateness(effective_schedule(course, e), plan.submitted_at).credit for e in exercises
    )
    return StudentGrade(
        student_id=plan.entry.student_id,
        name=plan.entry.name,
        source=plan.label,
        report=report,
        lateness=lateness(course.schedule, plan.submitted_at),
        credits=credits,
        time_source=plan.time_source,
        late_flag=plan.entry.late_flag,
    )
