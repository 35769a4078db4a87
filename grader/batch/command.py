"""``grader grade-class``: the command line of class grading (a thin layer over
:func:`grader.batch.run.grade_class` and :func:`grader.batch.outputs.write_outputs`)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from grader.batch.cluster import ClusterLost, ClusterRun, require_dask
from grader.batch.cores import available_cores
from grader.batch.outputs import DEFAULT_FORMATS, read_submission_times, write_outputs
from grader.batch.run import grade_class
from grader.course import find_course_file, load_course
from grader.errors import BadInput, ExitCode
from grader.render.formats import FORMATS
from grader.render.safety import clean_line
from grader.results import ExerciseResult, Status
from grader.said import say


class _Bar:
    """The progress bar: done/total, time left, full marks, errors and timeouts so far."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None
        self.counts = {"full": 0, "errors": 0, "timeouts": 0}

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()

    def start(self, *, to_grade: int, reused: int) -> None:
        # Shown only from here on: a download refused before prints its one line alone.
        self.progress.start()
        kept = f" ({reused} kept from earlier runs)" if reused else ""
        self.task = self.progress.add_task(f"grading{kept}", total=to_grade, counts="")

    def done(self, result: ExerciseResult) -> None:
        self.counts["full"] += result.score >= result.max_score
        self.counts["errors"] += result.status is Status.ERROR
        self.counts["timeouts"] += result.status is Status.TIMEOUT
        counts = (
            f"full marks {self.counts['full']} · errors {self.counts['errors']} · "
            f"timeouts {self.counts['timeouts']}"
        )
        assert self.task is not None
        self.progress.update(self.task, advance=1, counts=counts)


def cmd_grade_class(args: argparse.Namespace) -> ExitCode:
    course_file = Path(args.course) if args.course else find_course_file()
    course = load_course(course_file)
    for exercise_id in args.exercise:
        course.exercise(exercise_id)
    if args.jobs < 1:
        raise BadInput(
            f"--jobs must be at least 1, got {args.jobs}",
            zh=f"--jobs 至少为 1，现在是 {args.jobs}",
        )
    formats = tuple(dict.fromkeys(args.format)) or DEFAULT_FORMATS
    out = Path(args.output_dir)
    if out.exists() and not out.is_dir():
        raise BadInput(f"{out}: exists and is not a folder", zh=f"{out}：已存在，但不是文件夹")
    times = read_submission_times(Path(args.submitted_at)) if args.submitted_at else None
    out.mkdir(parents=True, exist_ok=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[counts]}"),
        console=Console(stderr=True),
        # Gone when done: the summary and the problems follow on their own lines.
        transient=True,
        disable=args.quiet,
    )
    cluster = _cluster(args)
    bar = _Bar(progress)
    try:
        grade = grade_class(
            course=course,
            course_file=course_file,
            submissions=Path(args.submissions),
            out=out,
            jobs=args.jobs,
            exercise_ids=args.exercise or None,
            submitted_at=times,
            regrade=args.regrade,
            progress=bar,
            cluster=cluster,
        )
    except ClusterLost as exc:
        print(
            f"grader: error: {exc}; the gradings finished are kept in {out}: the same "
            "command grades the rest",
            file=sys.stderr,
        )
        return ExitCode.GRADER_ERROR
    finally:
        bar.stop()
    write_outputs(grade, course=course, out=out, formats=formats, lang=args.lang)
    for problem in grade.problems:
        print(f"grader: problem: {problem}", file=sys.stderr)
    if not args.quiet:
        print(
            f"{len(grade.students)} students graded ({grade.graded_now} gradings run, "
            f"{grade.reused} kept from earlier runs); {len(grade.problems)} not graded; "
            f"results in {out}"
        )
    if grade.grader_errors:
        for student_id, exercise in grade.grader_error_results:
            # With its reason: the teacher (or the kit's maintainer) must know whether
            # to fix a machine, a worker or the kit before regrading.
            why = "; ".join(_first_line(say(p, args.lang)) for p in exercise.problems)
            line = f"grader: grader error: {student_id}: {exercise.id}"
            print(clean_line(f"{line}: {why}" if why else line), file=sys.stderr)
        return ExitCode.GRADER_ERROR
    return ExitCode.OK


def _first_line(text: str, limit: int = 160) -> str:
    """The start of a reason for a one-line list (the whole of it is in the reports)."""
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _cluster(args: argparse.Namespace) -> ClusterRun | None:
    """The Dask cluster of ``--scheduler``, with the TLS files given (else Dask's own
    configuration decides the connection's security)."""
    tls = (
        ("--tls-ca-file", "tls_ca_file", args.tls_ca_file),
        ("--tls-cert", "tls_client_cert", args.tls_cert),
        ("--tls-key", "tls_client_key", args.tls_key),
    )
    given = [(flag, name, value) for flag, name, value in tls if value]
    if args.scheduler is None:
        if given:
            raise BadInput(
                "--tls-ca-file, --tls-cert and --tls-key need --scheduler",
                zh="--tls-ca-file、--tls-cert 和 --tls-key 需要和 --scheduler 一起使用",
            )
        return None
    distributed = require_dask()
    # Dask's own log would print its reconnection attempts' tracebacks: the command
    # says what went wrong in one line. Dask's logging configuration gives some loggers
    # levels of their own (distributed.client: warning, tornado.application: error),
    # which the level of "distributed" would not cover.
    for name in ("distributed", "tornado", *logging.root.manager.loggerDict):
        if name.split(".")[0] in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    for flag, _, value in given:
        if not Path(value).is_file():
            raise BadInput(f"{value}: no such file ({flag})", zh=f"{value}：文件不存在（{flag}）")
    if args.scheduler.startswith("tls://") and not given and not distributed.Security().tls_ca_file:
        # Else Dask fails with a TypeError's traceback (no TLS context to connect with).
        raise BadInput(
            f"{args.scheduler}: a tls:// scheduler needs --tls-ca-file, --tls-cert and "
            "--tls-key (or Dask's TLS configuration)",
            zh=f"{args.scheduler}：tls:// 调度器需要 --tls-ca-file、--tls-cert 和 --tls-key"
            "（或 Dask 的 TLS 配置）",
        )
    security = None
    if given:
        files = {name: value for _, name, value in given}
        security = distributed.Security(require_encryption=True, **files)
    return ClusterRun(scheduler=args.scheduler, security=security)


def add_command(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "grade-class",
        parents=[common],
        help="grade a whole class (a folder, a zip or an LMS download) in parallel",
    )
    parser.add_argument(
        "submissions",
        help="a folder of submissions (folders or zips named by student id), a zip of one, "
        "or a Canvas, Moodle or Gradescope download or a folder of git clones",
    )
    parser.add_argument(
        "--output-dir", required=True, metavar="OUT", help="where the results go (made if missing)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=available_cores(),
        help="cores to fill with gradings (default: all; cpu_share 0.5 is two per core)",
    )
    parser.add_argument(
        "--format",
        action="append",
        default=[],
        choices=list(FORMATS),
        help="each student's report formats in OUT/students/ID/ (repeatable; default: "
        "html and json)",
    )
    parser.add_argument(
        "--exercise", action="append", default=[], metavar="ID", help="only this exercise"
    )
    parser.add_argument(
        "--submitted-at",
        metavar="FILE",
        help="a CSV of id,time (ISO 8601) for submissions whose download carries no time",
    )
    parser.add_argument(
        "--regrade", action="store_true", help="grade everything again, ignoring stored results"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    cluster = parser.add_argument_group("a Dask cluster")
    cluster.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="grade on the workers of this Dask scheduler (tcp://HOST:8786 or tls://...; needs "
        "pip install 'grader[dask]') instead of this machine's processes",
    )
    cluster.add_argument(
        "--tls-ca-file",
        metavar="FILE",
        help="with tls://: the certificate authority that signed the scheduler's certificate",
    )
    cluster.add_argument(
        "--tls-cert", metavar="FILE", help="with tls://: this command's certificate (PEM)"
    )
    cluster.add_argument(
        "--tls-key", metavar="FILE", help="with tls://: this command's private key (PEM)"
    )
    parser.set_defaults(run=cmd_grade_class)
