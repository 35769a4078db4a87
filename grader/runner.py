"""Grades one exercise of one submission: the trusted pytest under a supervisor.

The runner prepares a private folder with the whitelisted files, starts
``grader.sandbox.supervisor`` which starts the locked-down pytest, and reads result
records from a pipe that only the trusted pytest holds. It never trusts an exit status:
a test is passed only when its record says so, and a collected test without a record
has failed.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from grader.course import Course, Exercise
from grader.errors import GraderError
from grader.i18n import t
from grader.paths import GRADER_PARENT
from grader.plugin.job import Job
from grader.records import ResultRecords
from grader.results import (
    CapturedOutput,
    ExerciseResult,
    HiddenTests,
    Status,
    TestResult,
    Visibility,
)
from grader.sandbox import namespaces
from grader.sandbox.confinement import Confinement
from grader.sandbox.containment import confinement_for, machine_support
from grader.sandbox.identity import searchable_by_others
from grader.sandbox.limits import ProcessLimits, trusted_environment
from grader.sandbox.supervisor import Supervised, run_supervised
from grader.sandbox.uids import UidLease, lease_uid
from grader.submission import ExerciseFiles

PYTEST_INI = """\
[pytest]
python_files = test_*.py
python_classes = Test*
python_functions = test_*
addopts =
console_output_style = classic
"""
# pytest: 0 all passed, 1 some failed. Anything else means the run was disturbed.
_NORMAL_PYTEST_EXITS = (0, 1)
_READER_GRACE_S = 10.0


@dataclass(frozen=True)
class RunOptions:
    include_hidden: bool = True
    include_public: bool = True
    # Stop at the first failing test (mutation testing only needs to know that one fails).
    stop_at_first_failure: bool = False
    # Where the grading's own folder goes (default: the temporary folder); a class
    # grading keeps all of its gradings' folders in one, removed at the end whatever
    # happened to the processes that made them.
    work_root: Path | None = None
    # Fork the trusted pytest from this process, which has imported pytest and the
    # plugin already (a class grading's warm workers), instead of starting a fresh
    # interpreter: the same run, without the start-up cost.
    fork_pytest: bool = False


def suite_paths(
    course: Course, exercise: Exercise, include_hidden: bool, include_public: bool = True
) -> list[Path]:
    paths: list[Path] = []
    if include_public:
        paths += sorted(course.exercise_dir("exercises", exercise.id).glob("test_*.py"))
    if include_hidden:
        paths.append(course.exercise_dir("tests", exercise.id))
    return paths


def run_exercise(
    *, course: Course, exercise: Exercise, files: ExerciseFiles, options: RunOptions
) -> ExerciseResult:
    title = exercise.title.en
    if not files.submitted:
        return ExerciseResult(
            id=exercise.id,
            title=title,
            status=Status.SKIPPED,
            score=0.0,
            max_score=exercise.points,
            message=t("not submitted", "en"),
            hidden_run=options.include_hidden,
            ignored_files=files.ignored,
        )
    started = time.monotonic()
    support = machine_support()
    lease = lease_uid() if support.identity.drops_privileges else None
    workdir: Path | None = None
    try:
        limits = ProcessLimits(
            memory_mb=exercise.limits.memory_mb,
            cpu_s=exercise.limits.cpu_s,
            open_files=exercise.limits.open_files,
            processes=exercise.limits.processes,
            disk_mb=exercise.limits.disk_mb,
        )
        confinement = confinement_for(support, lease, limits)
        base = _work_base(options.work_root, lease)
        workdir = Path(tempfile.mkdtemp(prefix=f"grader-{exercise.id}-", dir=base))
        supervised, records, log_tail = _run(course, exercise, files, options, workdir, confinement)
    finally:
        # The grading's user first (its processes killed, its leftovers removed), so
        # that nothing of it still writes in the folder being removed.
        if lease is not None:
            lease.release()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return assemble_result(
        course, exercise, files, options, supervised, records, log_tail, time.monotonic() - started
    )


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
) -> tuple[Supervised, ResultRecords, str]:
    student_dir, trusted_dir = _prepare_folders(workdir, files, confinement)
    job = Job(
        exercise_id=exercise.id,
        modules=exercise.module_names,
        workdir=str(student_dir),
        call_timeout=exercise.timeouts.call,
        output_cap=exercise.limits.output_kb * 1024,
        confinement=confinement,
        missing_modules=tuple(Path(name).stem for name in files.missing),
    )
    (trusted_dir / "job.json").write_text(job.dumps(), encoding="utf-8")
    (trusted_dir / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    # pytest's temporary folders (tmp_path) in a folder of this grading that only the
    # grader can reach, removed with it: never in a shared folder that student code
    # could prepare or fill.
    basetemp = trusted_dir / "tmp"
    read_fd, write_fd = os.pipe()
    pytest_args = [
        "-c",
        str(trusted_dir / "pytest.ini"),
        "--rootdir",
        str(course.root),
        "--noconftest",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:stepwise",
        "-p",
        "pytest_timeout",
        "-p",
        "grader.plugin",
        f"--basetemp={basetemp}",
        f"--timeout={exercise.timeouts.test:g}",
        "--timeout-method=signal",
        "--grader-job",
        str(trusted_dir / "job.json"),
        "--grader-results-fd",
        str(write_fd),
        "-q",
        "--no-header",
        "-rN",
        "--tb=short",
        *(["--exitfirst"] if options.stop_at_first_failure else []),
        *(
            str(p)
            for p in suite_paths(course, exercise, options.include_hidden, options.include_public)
        ),
    ]
    records = ResultRecords()
    reader = threading.Thread(target=records.read_from, args=(read_fd,), daemon=True)
    enter = _grading_namespace(confinement, student_dir)
    launch: list[str] | Callable[[], int]
    if options.fork_pytest:
        launch = partial(_pytest_main, enter, pytest_args)
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
    )
    reader.join(timeout=_READER_GRACE_S)
    log_tail = _tail(trusted_dir / "pytest.log")
    return supervised, records, log_tail


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
    """``python -I -B -m pytest``, with this grader importable even when it is run
    from a source checkout rather than installed (``-I`` drops the working folder),
    first entering the grading's own namespace when it has one (before pytest starts
    any thread)."""
    entering = ""
    if enter is not None:
        entering = (
            "from pathlib import Path; from grader.sandbox import namespaces; "
            f"namespaces.enter(**{{**{enter!r}, 'student_dir': Path({enter['student_dir']!r})}}); "
        )
    bootstrap = (
        f"import sys, runpy; sys.path.insert(0, {str(GRADER_PARENT)!r}); {entering}"
        "sys.argv[0] = 'pytest'; "
        "runpy.run_module('pytest', run_name='__main__', alter_sys=True)"
    )
    return [sys.executable, "-I", "-B", "-c", bootstrap]


def _pytest_main(enter: dict[str, object] | None, args: list[str]) -> int:
    """In a child forked from a warm worker: what :func:`_fresh_pytest` runs, without
    starting an interpreter. No code but the grader's is on the path (as with ``-I``,
    the working folder is not), and no bytecode is written into the kit."""
    import pytest  # imported by the warm worker already: free here

    sys.dont_write_bytecode = True
    sys.path[:] = [str(GRADER_PARENT)] + [p for p in sys.path if p and p != os.getcwd()]
    sys.argv = ["pytest", *args]
    if enter is not None:
        namespaces.enter(
            student_dir=Path(str(enter["student_dir"])),
            size_mb=int(str(enter["size_mb"])),
            uid=int(str(enter["uid"])),
            gid=int(str(enter["gid"])),
        )
    return int(pytest.main(args))


def _tail(path: Path, limit: int = 4000) -> str:
    """The end of the trusted pytest's log (which student text can make long)."""
    try:
        with path.open("rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - limit))
            data = log.read(limit)
    except OSError:
        return ""
    return data.decode("utf-8", "replace")


_CALL_LIMIT = re.compile(r"(?:did not answer|no reply|did not finish) within ([0-9.]+) s")


def _time_limit(
    status: Status, message: str, wall_timeout: bool, exercise: Exercise
) -> float | None:
    """The limit that ran out for a timed-out test: a call's (named in its message), the
    exercise's wall clock, or else the per-test limit of pytest-timeout."""
    if status is not Status.TIMEOUT:
        return None
    found = _CALL_LIMIT.search(message)
    if found:
        return float(found.group(1))
    if wall_timeout and "ran out of time" in message:
        return exercise.timeouts.exercise
    return exercise.timeouts.test


def _kit_relative(text: str, root: Path) -> str:
    """``text`` with the kit's absolute path left out (``exercises/ID/test_x.py:54``):
    reports never tell students where the kit, and its hidden tests, live."""
    for prefix in dict.fromkeys((str(root), str(root.resolve()))):
        text = text.replace(prefix + os.sep, "")
    return text


def _import_errors(
    finished: dict[str, object], exercise: Exercise, key: str = "import_errors"
) -> list[str]:
    """The finished record's import failures (module -> why), in the exercise's module
    order: the trusted pytest wrote them, but the why is the student's text."""
    found = finished.get(key)
    if isinstance(found, str):  # one reason for the whole exercise (older records)
        return [found]
    if not isinstance(found, dict):
        return []
    return [str(found[name]) for name in exercise.module_names if found.get(name)]


def assemble_result(
    course: Course,
    exercise: Exercise,
    files: ExerciseFiles,
    options: RunOptions,
    supervised: Supervised,
    records: ResultRecords,
    log_tail: str,
    duration: float,
) -> ExerciseResult:
    hidden_root = course.root / "tests"
    finished = records.finished or {}
    output = CapturedOutput(
        text=str(finished.get("output", "")),
        total_bytes=int(finished.get("output_bytes", 0)),
        truncated=bool(finished.get("output_truncated", False)),
    )
    wall_timeout = supervised.wall_timeout
    problems: list[str] = []
    untrusted = bool(records.violations) or (
        not wall_timeout and supervised.returncode not in _NORMAL_PYTEST_EXITS
    )
    if records.violations:
        problems.append(
            t("engine.records_tampered", "en", violations="; ".join(records.violations))
        )
    if records.collected is None:
        problems.append(t("engine.no_collection", "en"))
    for error in records.collect_errors:
        problems.append(
            t("engine.cannot_collect", "en", nodeid=error["nodeid"], detail=error["detail"][-300:])
        )
    if not wall_timeout and (
        records.finished is None or supervised.returncode not in _NORMAL_PYTEST_EXITS
    ):
        problems.append(t("engine.ended_abnormally", "en", code=supervised.returncode))
    collected = records.collected or []
    total_weight = sum(float(t["weight"]) for t in collected) or 1.0
    tests: list[TestResult] = []
    earned_weight = 0.0
    for entry in collected:
        weight = float(entry["weight"])
        max_score = exercise.points * weight / total_weight
        visibility = (
            Visibility.HIDDEN
            if Path(entry["path"]).is_relative_to(hidden_root)
            else Visibility.PUBLIC
        )
        record = records.tests.get(entry["nodeid"])
        if record is None:
            test_status = Status.TIMEOUT if wall_timeout else Status.FAILED
            message = (
                t("engine.exercise_out_of_time", "en", limit=f"{exercise.timeouts.exercise:g}")
                if wall_timeout
                else t("engine.no_result", "en")
            )
            record = {
                "status": test_status.value,
                "message": message,
                "detail": "",
                "duration_s": 0.0,
            }
        test_status = Status(record["status"])
        earned = test_status is Status.PASSED and not untrusted
        earned_weight += weight if earned else 0.0
        message = _kit_relative(str(record.get("message", "")), course.root)
        detail = _kit_relative(str(record.get("detail", "")), course.root)
        failure = str(record.get("failure", ""))
        # Hidden tests keep their generic message unless the course shows them in full.
        if visibility is Visibility.HIDDEN and course.reports.hidden_tests is not HiddenTests.FULL:
            detail = ""
        elif test_status is not Status.PASSED:
            message = _kit_relative(str(record.get("public_message") or message), course.root)
        tests.append(
            TestResult(
                name=entry["name"],
                nodeid=entry["nodeid"],
                status=test_status,
                score=round(max_score, 4) if earned else 0.0,
                max_score=round(max_score, 4),
                visibility=visibility,
                message=message,
                detail=detail,
                duration_s=float(record.get("duration_s", 0.0)),
                failure=failure,
                time_limit_s=_time_limit(test_status, message, wall_timeout, exercise),
                show_ids=entry.get("show_ids") is True,
            )
        )
    # One rounding of the exact share: summing rounded test scores could exceed the points.
    score = round(exercise.points * earned_weight / total_weight, 4) if collected else 0.0
    passed = sum(t.status is Status.PASSED for t in tests)
    import_errors = _import_errors(finished, exercise)
    cannot_import = _import_errors(finished, exercise, "cannot_import")
    if problems:
        exercise_status = Status.ERROR
        message = t("engine.grader_error", "en", problems="; ".join(problems))
        if log_tail:
            message += f"\n{t('engine.log_tail', 'en')}\n{log_tail}"
    elif wall_timeout:
        exercise_status = Status.TIMEOUT
        message = t(
            "engine.stopped_after",
            "en",
            limit=f"{exercise.timeouts.exercise:g}",
            passed=passed,
            total=len(tests),
        )
    elif cannot_import:
        exercise_status, message = Status.ERROR, cannot_import[0]
    elif tests and passed == len(tests):
        exercise_status = Status.PASSED
        message = t("all_tests_passed", "en", total=len(tests))
    elif tests and all(t.status is Status.SKIPPED for t in tests):
        exercise_status, message = Status.SKIPPED, t("engine.all_skipped", "en")
    else:
        exercise_status = Status.FAILED
        message = t("tests_passed", "en", passed=passed, total=len(tests))
    first, *more = message.split("\n")
    if files.missing:
        # On the first line, which every format shows (the table row, a platform's note).
        first += t("import.missing", "en", files=", ".join(files.missing))
    if not problems:
        # Each import failure is said once, here: its tests only say "(see above)".
        more += [
            line for reason in import_errors if reason not in message for line in reason.split("\n")
        ]
    message = _kit_relative("\n".join([first, *more]), course.root)
    return ExerciseResult(
        id=exercise.id,
        title=exercise.title.en,
        status=exercise_status,
        score=score,
        max_score=exercise.points,
        message=message,
        tests=tuple(tests),
        output=output,
        ignored_files=files.ignored,
        duration_s=round(duration, 3),
        hidden_run=options.include_hidden,
        grader_error=bool(problems),
    )
