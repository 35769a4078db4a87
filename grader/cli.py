"""The ``grader`` command: a thin layer over keyword-only functions.

Exit codes (the same for every command): 0 done; 1 ``check`` saw a failing test or
``verify`` found a problem; 2 bad usage or bad input (``grade --strict``: no exercise
module found, or a file of the submission not used); 3 the grader itself failed.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
from pathlib import Path
from typing import NoReturn

from rich.progress import Progress

from grader import __version__
from grader.batch.command import add_command as add_grade_class
from grader.bundle import BundlePurpose, make_bundle
from grader.course import Course, find_course_file, load_course
from grader.errors import BadInput, ExitCode, GraderError
from grader.grading import grade
from grader.i18n_cli import (
    ERROR_PREFIX,
    GRADER_ERROR_PREFIX,
    INTERRUPTED,
    LANGUAGES,
    SEE_HELP,
    argparse_words,
    choose_language,
    format_help,
    translate_parser,
)
from grader.late import parse_time
from grader.mutation.campaign import TARGET_KILL_RATE, mutants_of, run_campaign, summary_lines
from grader.render.common import RenderOptions
from grader.render.formats import FORMATS, terminal_formats
from grader.render.unrecognised import nothing_line, strict_problem
from grader.results import Report, Suites
from grader.scaffold.command import add_commands as add_new
from grader.student import hints as student_hints
from grader.student import submit as student_submit
from grader.student.check import add_commands as add_check
from grader.student.common import course_file_arg
from grader.student.listing import add_commands as add_listing
from grader.student.watch import add_commands as add_watch
from grader.verify import verify


def _course(path: str | None) -> Course:
    return load_course(course_file_arg(path))


def _exit_for(report: Report) -> ExitCode:
    return ExitCode.GRADER_ERROR if report.grader_errors else ExitCode.OK


def _check_ids(course: Course, ids: list[str]) -> None:
    for exercise_id in ids:
        course.exercise(exercise_id)


def _format_targets(args: argparse.Namespace) -> dict[str, Path]:
    """Where each requested format goes to a file; checked before grading. A format
    written to the terminal (the registry's ``terminal``) goes to a file only when it is
    the one --format given with -o."""
    targets: dict[str, Path] = {}
    if args.json:
        targets["json"] = Path(args.json)
    asked = list(dict.fromkeys(args.format))
    names = [n for n in asked if FORMATS[n].terminal is None]
    if args.output and not names and len(asked) == 1:
        names = asked
    if args.output and len(names) != 1:
        raise BadInput(
            "-o/--output needs exactly one --format (use --output-dir for several)",
            zh="-o/--output 只能配一个 --format（多个格式请用 --output-dir）",
        )
    for name in names:
        targets[name] = (
            Path(args.output) if args.output else Path(args.output_dir) / FORMATS[name].default_file
        )
    if len(set(targets.values())) < len(targets):
        raise BadInput(
            "two formats would write the same file: give them different names",
            zh="两种格式会写入同一个文件：请给它们不同的文件名",
        )
    if names and not args.output and args.output_dir:
        # The folder for the reports is made, as `grade-class --output-dir` makes its own;
        # a single file (-o, --json) must go into a folder that exists (a typo fails first).
        folder = Path(args.output_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BadInput(
                f"{folder}: cannot make the folder ({exc.strerror})",
                zh=f"{folder}：无法创建文件夹（{exc.strerror}）",
            ) from None
    for path in targets.values():
        if not path.parent.is_dir():
            raise BadInput(
                f"{path}: the folder {path.parent} does not exist",
                zh=f"{path}：文件夹 {path.parent} 不存在",
            )
    return targets


def _publish_classroom_result(path: Path) -> None:
    """GitHub Classroom's reporter reads the result base64-encoded from a step output."""
    outputs = os.environ.get("GITHUB_OUTPUT")
    if outputs:
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        with open(outputs, "a", encoding="utf-8") as stream:
            stream.write(f"result={encoded}\n")


def _warn_exposure(report: Report) -> None:
    """Say on the terminal (stderr) what the containment warns about: the grade is not
    protected, student code could read the kit's secrets."""
    for warning in report.containment.warnings:
        print(f"grader: warning: {warning}", file=sys.stderr)


def cmd_grade(args: argparse.Namespace) -> ExitCode:
    course = _course(args.course)
    _check_ids(course, args.exercise)
    targets = _format_targets(args)
    submitted_at = (
        None if args.submitted_at is None else parse_time(args.submitted_at, where="--submitted-at")
    )
    report = grade(
        course=course,
        submission=Path(args.submission),
        exercise_ids=args.exercise,
        suites=Suites.PUBLIC if args.public_only else Suites.ALL,
        submitted_at=submitted_at,
    )
    _warn_exposure(report)
    if said := nothing_line(report, args.lang):
        print(f"grader: warning: {said[:1].lower()}{said[1:]}", file=sys.stderr)
    options = RenderOptions.for_course(course, args.lang)
    for name, path in targets.items():
        # errors="replace": a lone surrogate in student text must not stop the report.
        path.write_text(FORMATS[name].render(report, options), encoding="utf-8", errors="replace")
    if "github-classroom" in targets:
        _publish_classroom_result(targets["github-classroom"])
    on_terminal = [] if args.quiet else (list(dict.fromkeys(args.format)) or terminal_formats())
    for name in on_terminal:
        if FORMATS[name].terminal is not None and name not in targets:
            FORMATS[name].show(report, options, sys.stdout)
    # --strict: nothing found or a file not used is bad input (once the reports are
    # written); a grader error still says 3.
    problem = strict_problem(report, args.lang) if args.strict else ""
    if problem and not report.grader_errors:
        print(f"grader: error: {args.submission}: {problem}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    return _exit_for(report)


def cmd_bundle(args: argparse.Namespace) -> ExitCode:
    course_file = Path(args.course) if args.course else find_course_file()
    bundle = make_bundle(
        course_file=course_file, purpose=BundlePurpose(args.purpose), out_dir=Path(args.out_dir)
    )
    hidden = "with the hidden tests" if bundle.has_hidden_tests else "without hidden tests"
    print(
        f"bundle: {len(bundle.files)} files in {bundle.root} ({bundle.purpose.value}: "
        f"{hidden}; no solutions, no .git)"
    )
    return ExitCode.OK


def cmd_verify(args: argparse.Namespace) -> ExitCode:
    course = _course(args.course)
    _check_ids(course, args.exercise)
    problems = verify(
        course=course,
        exercise_ids=args.exercise,
        progress=lambda step: print(f"verify: {step} …", flush=True),
    )
    for problem in problems:
        print(f"verify: {problem}")
    if problems:
        print(f"verify: {len(problems)} problem(s)")
        return ExitCode.FAILURES
    checked = len(course.select(args.exercise))
    print(f"verify: ok: {checked} exercise(s), solutions full marks, stubs 0")
    return ExitCode.OK


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, like every other error of the grader."""

    def error(self, message: str) -> NoReturn:
        lang = getattr(self, "language", "en")
        self.exit(
            int(ExitCode.BAD_INPUT),
            f"{self.prog}: {ERROR_PREFIX[lang]}: {message} ({SEE_HELP[lang]})\n",
        )


def cmd_mutants(args: argparse.Namespace) -> ExitCode:
    course_file = course_file_arg(args.course)
    course = load_course(course_file)
    _check_ids(course, [args.id])
    if args.jobs < 1:
        raise BadInput(
            f"--jobs must be at least 1, got {args.jobs}",
            zh=f"--jobs 至少为 1，现在是 {args.jobs}",
        )
    total = len(mutants_of(course, args.id))
    with Progress(transient=True, auto_refresh=False) as progress:
        task = progress.add_task(f"grading mutants of {args.id}", total=total)

        def advance(_: object) -> None:
            progress.advance(task)
            progress.refresh()

        campaign = run_campaign(
            course_file=course_file,
            exercise_id=args.id,
            jobs=args.jobs,
            suites=Suites.ALL if args.with_public else Suites.HIDDEN,
            on_done=advance,
        )
    for line in summary_lines(campaign):
        print(line)
    if args.show:
        for outcome in campaign.outcomes:
            if outcome.mutant.number in args.show:
                print(f"--- M{outcome.mutant.number} {outcome.mutant.label} ---")
                print(outcome.mutant.source)
    # A stale label of equivalent_mutants.txt is a problem of the kit, as a missed target.
    met = campaign.kill_rate >= TARGET_KILL_RATE and not campaign.unmatched_labels
    return ExitCode.OK if met else ExitCode.FAILURES


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The whole command line, its help in ``lang``."""
    common = _Parser(add_help=False)
    common.add_argument("--course", metavar="FILE", help="course.yaml (default: nearest one)")
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=lang,
        help="language of the report (default: from LANG)",
    )
    parser = _Parser(
        prog="grader",
        description="Course kit and autograder for Python Day 8.",
    )
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    # Also before the command (`grader --lang zh --help`); the language is chosen from the
    # whole command line before parsing, so both places agree.
    parser.add_argument("--lang", choices=LANGUAGES, default=lang, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    grade_cmd = commands.add_parser(
        "grade", parents=[common], help="public and hidden tests on a submission"
    )
    grade_cmd.add_argument("submission", help="a submission folder or .zip")
    grade_cmd.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="grade only this exercise (repeatable)",
    )
    grade_cmd.add_argument("--json", metavar="FILE", help="also write the JSON report here")
    grade_cmd.add_argument(
        "--format",
        action="append",
        default=[],
        choices=list(FORMATS),
        help=format_help(),
    )
    grade_cmd.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file for the one --format given (default: its usual name)",
    )
    grade_cmd.add_argument(
        "--output-dir",
        metavar="DIR",
        default=".",
        help="folder for --format files, made if missing (default: the working folder)",
    )
    grade_cmd.add_argument("--quiet", action="store_true", help="no terminal report")
    grade_cmd.add_argument(
        "--public-only",
        action="store_true",
        help="run the public tests only (CI that students control cannot keep hidden tests secret)",
    )
    grade_cmd.add_argument(
        "--submitted-at",
        metavar="TIME",
        help="when the submission was made (ISO 8601 with a UTC offset, e.g. "
        "2026-12-16T10:00:00+08:00): apply the late policy of course.yaml's schedule; "
        "every report then shows the raw score, the credit and the final score",
    )
    grade_cmd.add_argument(
        "--strict",
        action="store_true",
        help="exit 2 (after writing the reports) when no exercise module was found or a "
        "file of the submission was not used (each is listed with a 'did you mean')",
    )
    grade_cmd.set_defaults(run=cmd_grade)

    bundle_cmd = commands.add_parser(
        "bundle",
        parents=[common],
        help="copy what a platform needs to grade (never solutions/ or .git)",
    )
    bundle_cmd.add_argument(
        "--for",
        dest="purpose",
        required=True,
        choices=[p.value for p in BundlePurpose],
        help="grading: with the hidden tests (Gradescope, PrairieLearn, teacher runs); "
        "public: without them (GitHub Actions, GitLab CI)",
    )
    bundle_cmd.add_argument("out_dir", metavar="OUT_DIR", help="a new or empty folder")
    bundle_cmd.set_defaults(run=cmd_bundle)

    verify_cmd = commands.add_parser(
        "verify", parents=[common], help="check the kit: solutions full marks, stubs 0"
    )
    verify_cmd.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="check only this exercise, and that no folder is stray (repeatable)",
    )
    verify_cmd.set_defaults(run=cmd_verify)

    mutants_cmd = commands.add_parser(
        "mutants",
        parents=[common],
        help="mutation testing: how many small changes of a solution the hidden suite catches",
    )
    mutants_cmd.add_argument("id", metavar="ID", help="exercise id")
    mutants_cmd.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="parallel graders (default: one per core)",
    )
    mutants_cmd.add_argument(
        "--with-public",
        action="store_true",
        help="grade with the public tests too (default: hidden suite only)",
    )
    mutants_cmd.add_argument(
        "--show",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="print the source of mutant N (repeatable)",
    )
    mutants_cmd.set_defaults(run=cmd_mutants)
    add_grade_class(commands, common)
    add_check(commands, common)
    add_listing(commands, common)
    add_watch(commands, common)
    student_hints.add_commands(commands, common)
    student_submit.add_commands(commands, common)
    add_new(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    lang = choose_language(words)
    parser = build_parser(lang)
    translate_parser(parser, lang)
    with argparse_words(lang):
        args = parser.parse_args(words)
    lang = getattr(args, "lang", lang)
    try:
        return int(args.run(args))
    except BadInput as exc:
        print(f"grader: {ERROR_PREFIX[lang]}: {exc.said(lang)}", file=sys.stderr)
        return int(ExitCode.BAD_INPUT)
    except GraderError as exc:
        print(f"grader: {GRADER_ERROR_PREFIX[lang]}: {exc}", file=sys.stderr)
        return int(ExitCode.GRADER_ERROR)
    except KeyboardInterrupt:
        print(f"grader: {INTERRUPTED[lang]}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
