"""Grades one exercise of one submission: the trusted pytest under a supervisor.

The runner prepares a private folder with the whitelisted files, starts
``grader.sandbox.supervisor`` which starts the locked-down pytest, and reads result
records from a pipe that only the trusted pytest holds. It never trusts an exit status:
a test is passed only when its record says so, and a collected test without a record
has failed.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from grader import bootstrap
from grader.course import Course, Exercise
from grader.errors import GraderError
from grader.plugin.job import Job
from grader.records import ResultRecords
from grader.remote.process import ProcessConfig
from grader.results import (
    ExerciseResult,
    Suites,
)
from grader.sandbox.confinement import Confinement
from grader.sandbox.containment import confinement_for, machine_support
from grader.sandbox.limits import trusted_environment
from grader.sandbox.permissions import searchable_by_others
from grader.sandbox.supervisor import Supervised, run_supervised
from grader.sandbox.uids import UidLease, lease_uid
from grader.sandbox.uids import clean as clean_uid
from grader.sandbox.zygote import ZYGOTES, ZygoteLaunch
from grader.scoring import Grading, ProcessOutcome, not_submitted, score_exercise
from grader.submission import ExerciseFiles

PYTEST_INI = """\
[pytest]
python_files = test_*.py
python_classes = Test*
python_functions = test_*
addopts =
console_output_style = classic
"""
_READER_GRACE_S = 10.0
UNUSED_PYTEST_PLUGINS = (
    "cacheprovider",
    "stepwise",
    "doctest",
    "junitxml",
    "pastebin",
    "setuponly",
    "setupplan",
)


@dataclass(frozen=True)
class RunOptions:
    suites: Suites = Suites.ALL
    # Stop at the first failing test (mutation testing only needs to know that one fails).
    stop_at_first_failure: bool = False
    # Where the grading's own folder goes (default: the temporary folder); a class
    # grading keeps all of its gradings' folders in one, removed at the end whatever
    # happened to the processes that made them.
    work_root: Path | None = None
    # Fork the trusted pytest from this process, which has imported pytest and the
    # plugin already (a class grading's warm workers), instead of starting a fresh
    # interpreter: the same run, without the start-up cost. With a work_root, through
    # this process's zygote for the exercise (grader.sandbox.zygote), which has also
    # collected its suites.
    fork_pytest: bool = False


def suite_paths(course: Course, exercise: Exercise, suites: Suites) -> list[Path]:
    paths: list[Path] = []
    if suites.runs_public:
        paths += sorted(course.exercise_dir("exercises", exercise.id).glob("test_*.py"))
    if suites.runs_hidden:
        paths.append(course.exercise_dir("tests", exercise.id))
    return paths


def run_exercise(
    *, course: Course, exercise: Exercise, files: ExerciseFiles, options: RunOptions
) -> ExerciseResult:
    grading = Grading(
        kit_root=course.root,
        hidden_root=course.root / "tests",
        hidden_display=course.reports.hidden_display,
        hidden_run=options.suites.runs_hidden,
        missing_files=files.missing,
        ignored_files=files.ignored,
    )
    if not files.submitted:
        return not_submitted(exercise, grading)
    started = time.monotonic()
    support = machine_support()
    lease = lease_uid() if support.identity.drops_privileges else None
    workdir: Path | None = None
    try:
        confinement = confinement_for(support, lease, exercise.limits)
        base = _work_base(options.work_root, lease)
        workdir = Path(tempfile.mkdtemp(prefix=f"grader-{exercise.id}-", dir=base))
        ran = _run(course, exercise, files, options, workdir, confinement, zygote=True)
        if ran is None:
            # The zygote that forked this job died with it: graded again, from the
            # worker, with nothing of the first attempt left to the second.
            shutil.rmtree(workdir, ignore_errors=True)
            if lease is not None:
                clean_uid(lease.uid)
            workdir = Path(tempfile.mkdtemp(prefix=f"grader-{exercise.id}-", dir=base))
            ran = _run(course, exercise, files, options, workdir, confinement, zygote=False)
        assert ran is not None
        supervised, records, log_tail = ran
    finally:
        # The grading's user first (its processes killed, its leftovers removed), so
        # that nothing of it still writes in the folder being removed.
        if lease is not None:
            lease.release()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    outcome = ProcessOutcome(
        returncode=supervised.returncode,
        wall_timeout=supervised.wall_timeout,
        log_tail=log_tail,
    )
    grading = dataclasses.replace(grading, duration_s=time.monotonic() - started)
    return score_exercise(exercise=exercise, records=records, outcome=outcome, grading=grading)


def _work_base(root: Path | None, lease: UidLease | None) -> str:
    """Where the grading's folder goes (``root``, or the temporary folder), which a
    student user of its own must be able to pass through to its working folder."""
    base = str(root) if root is not None else tempfile.gettempdir()
    if lease is not None and not searchable_by_others(Path(base)):
        where = "the work folder" if root is not None else "TMPDIR"
        raise GraderError(
            f"{where} {base}: the student's user cannot pass through it to its working "
            "folder (a folder on the way is closed to other users); set TMPDIR to a "
            "folder such as /tmp"
        )
    return base


def _run(
    course: Course,
    exercise: Exercise,
    files: ExerciseFiles,
    options: RunOptions,
    workdir: Path,
    confinement: Confinement,
    *,
    zygote: bool,
) -> tuple[Supervised, ResultRecords, str] | None:
    """Grade in ``workdir``; None when the job was forked by a zygote (``zygote``: a
    class grading's workers may use theirs) that died with it."""
    student_dir, trusted_dir = _prepare_folders(workdir, files, confinement)
    job = Job(
        exercise_id=exercise.id,
        process=ProcessConfig(
            workdir=student_dir,
            allowed_modules=exercise.module_names,
            timeouts=exercise.timeouts,
            confinement=confinement,
            missing_modules=tuple(Path(name).stem for name in files.missing),
        ),
    )
    (trusted_dir / "job.json").write_text(job.dumps(), encoding="utf-8")
    (trusted_dir / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    # pytest's temporary folders (tmp_path) in a folder of this grading that only the
    # grader can reach, removed with it: never in a shared folder that student code
    # could prepare or fill.
    basetemp = trusted_dir / "tmp"
    read_fd, write_fd = os.pipe()
    shared_args = _shared_pytest_args(course, exercise, options)
    pytest_args = [
        *("-c", str(trusted_dir / "pytest.ini"), f"--basetemp={basetemp}"),
        *("--grader-job", str(trusted_dir / "job.json")),
        *("--grader-results-fd", str(write_fd)),
        *shared_args,
    ]
    records = ResultRecords()
    reader = threading.Thread(target=records.read_from, args=(read_fd,), daemon=True)
    enter = _grading_namespace(confinement, student_dir)
    launch: list[str] | Callable[[], int] | ZygoteLaunch
    if options.fork_pytest:
        launch = partial(_pytest_main, enter, pytest_args)
        key = tuple(shared_args)  # a zygote serves the jobs that share its arguments
        if (
            zygote
            and options.work_root is not None
            and ZYGOTES.start(key, partial(_zygote_args, shared_args), root=options.work_root)
        ):
            launch = ZygoteLaunch(
                ZYGOTES,
                key,
                job_file=trusted_dir / "job.json",
                basetemp=basetemp,
                enter=enter,
                fallback=launch,
            )
    else:
        launch = [*_fresh_pytest(enter), *pytest_args]
    supervised = run_supervised(
        launch,
        wall_s=exercise.timeouts.exercise,
        log=trusted_dir / "pytest.log",
        cwd=trusted_dir,
        env=trusted_environment(),
        pass_fds=(write_fd,),
        on_start=reader.start,
        spare=ZYGOTES.pids(),
    )
    reader.join(timeout=_READER_GRACE_S)
    if isinstance(launch, ZygoteLaunch) and launch.zygote_lost:
        ZYGOTES.discard(launch.key)
        return None
    log_tail = _tail(trusted_dir / "pytest.log")
    return supervised, records, log_tail


def _shared_pytest_args(course: Course, exercise: Exercise, options: RunOptions) -> list[str]:
    """The trusted pytest's arguments that are the same for every job of ``exercise``
    in this run (its ini, temporary folder, job and results pipe come first)."""
    return [
        "--rootdir",
        str(course.root),
        "--noconftest",
        # pytest's plugins that a grading never uses, each one less to register and
        # scan for fixtures in every job (the trusted plugins, pytest-timeout and the
        # grader's, come as objects: see grader.bootstrap.run_trusted_pytest).
        *(arg for name in UNUSED_PYTEST_PLUGINS for arg in ("-p", f"no:{name}")),
        f"--timeout={exercise.timeouts.test:g}",
        "--timeout-method=signal",
        "-q",
        "--no-header",
        "-rN",
        "--tb=short",
        *(["--exitfirst"] if options.stop_at_first_failure else []),
        *(str(p) for p in suite_paths(course, exercise, options.suites)),
    ]


def _zygote_args(shared_args: list[str], folder: Path) -> list[str]:
    """A zygote's arguments (grader.sandbox.zygote): its own ini and temporary folder
    (each job it forks gets the job's), then what its jobs share."""
    (folder / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    return ["-c", str(folder / "pytest.ini"), f"--basetemp={folder / 'tmp'}", *shared_args]


def _prepare_folders(
    workdir: Path, files: ExerciseFiles, confinement: Confinement
) -> tuple[Path, Path]:
    """``workdir/student`` holds only the whitelisted files and is the student's (and
    owned by the student's user when privileges are dropped); ``workdir/trusted`` holds
    the job, the ini and the log, readable by the grader only."""
    workdir.chmod(0o711)
    trusted_dir = workdir / "trusted"
    trusted_dir.mkdir(mode=0o700)
    student_dir = workdir / "student"
    student_dir.mkdir(mode=0o700)
    for name, content in files.modules.items():
        (student_dir / name).write_bytes(content)
    if confinement.uid is not None and confinement.gid is not None:
        for path in (student_dir, *student_dir.iterdir()):
            os.chown(path, confinement.uid, confinement.gid)
    return student_dir, trusted_dir


def _grading_namespace(confinement: Confinement, student_dir: Path) -> dict[str, object] | None:
    """The arguments of :func:`grader.sandbox.namespaces.enter` for this grading, if it
    has a namespace of its own."""
    if not confinement.grading_namespace:
        return None
    return {
        "student_dir": str(student_dir),
        "size_mb": confinement.limits.disk_mb,
        "uid": os.geteuid() if confinement.uid is None else confinement.uid,
        "gid": os.getegid() if confinement.gid is None else confinement.gid,
    }


def _fresh_pytest(enter: dict[str, object] | None) -> list[str]:
    """``python -I -B`` running pytest (see :mod:`grader.bootstrap`), first entering the
    grading's own namespace when it has one (before pytest starts any thread)."""
    return bootstrap.trusted_pytest_argv(enter=enter)


def _pytest_main(enter: dict[str, object] | None, args: list[str]) -> int:
    """In a child forked from a warm worker: what :func:`_fresh_pytest` runs, without
    starting an interpreter."""
    return bootstrap.run_trusted_pytest(enter=enter, args=args)


def _tail(path: Path, limit: int = 4000) -> str:
    """The end of the trusted pytest's log (which student text can make long)."""
    try:
        with path.open("rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - limit))
            data = log.read(limit)
    except OSError:
        return ""
    return data.decode("utf-8", "replace")
