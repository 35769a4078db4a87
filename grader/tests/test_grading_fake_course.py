"""Grading the fake course end to end: exact scores, statuses and messages.

The fake course (``data/fakecourse``) has two exercises:

* ``01_adder`` (18 points): public tests of weight 1 and 1, hidden tests of weight
  1, 1, 2, 3; total weight 9, so one unit of weight is worth exactly 2 points.
* ``02_greeter`` (6 points): one public and two hidden tests, weight 1 each.

Timeouts (course.yaml): call 1.5 s, test 4 s, exercise 20 s.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grader.course import Course, load_course
from grader.errors import CourseError
from grader.grading import grade
from grader.render.sentences import exercise_message
from grader.results import ExerciseResult, Reason, Report, Status, Suites, TestResult, Visibility
from grader.sandbox.reaper import descendants
from grader.sandbox.supervisor import run_supervised
from grader.tests.conftest import (
    FAKE_ROOT,
    FAKE_SUBMISSIONS,
    SubmissionFactory,
    edit_course_yaml,
    only,
    statuses,
)

SOLUTIONS = FAKE_ROOT / "solutions"
STUBS = FAKE_ROOT / "exercises"

PUBLIC_ADDER = ("test_add_two_and_three", "test_accumulator_total_after_one_add")
HIDDEN_ADDER = (
    "test_add_small_ints",
    "test_add_negative_numbers",
    "test_accumulator_starts_at_zero",
    "test_accumulator_sums_every_value",
)
ADDER_TESTS = PUBLIC_ADDER + HIDDEN_ADDER
# points * weight / total weight = 18 * w / 9
ADDER_MAX = {
    "test_add_two_and_three": 2.0,
    "test_accumulator_total_after_one_add": 2.0,
    "test_add_small_ints": 2.0,
    "test_add_negative_numbers": 2.0,
    "test_accumulator_starts_at_zero": 4.0,
    "test_accumulator_sums_every_value": 6.0,
}
HIDDEN_ASSERTION_MESSAGE = "a result did not match the specification"

GradeFn = Callable[..., Report]


@pytest.fixture(scope="module")
def graded(fake_course: Course) -> GradeFn:
    """Grade a submission of the fake course once per module; later calls reuse the report."""
    cache: dict[tuple[Path, tuple[str, ...], bool], Report] = {}

    def run(
        submission: Path, exercise_ids: tuple[str, ...] = (), suites: Suites = Suites.ALL
    ) -> Report:
        key = (submission, exercise_ids, suites)
        if key not in cache:
            cache[key] = grade(
                course=fake_course,
                submission=submission,
                exercise_ids=list(exercise_ids) or None,
                suites=suites,
            )
        return cache[key]

    return run


def adder_of(graded: GradeFn, name: str) -> ExerciseResult:
    return only(graded(FAKE_SUBMISSIONS / name, ("01_adder",)), "01_adder")


def by_name(result: ExerciseResult) -> dict[str, TestResult]:
    return {t.name: t for t in result.tests}


def everything_passed_but(result: ExerciseResult, failing: str, status: Status) -> None:
    expected = {name: Status.PASSED for name in ADDER_TESTS}
    expected[failing] = status
    assert statuses(result) == expected


# -- full marks and zero ------------------------------------------------------------------


def test_reference_solutions_score_full_marks(graded: GradeFn) -> None:
    report = graded(SOLUTIONS)

    assert report.score == 24.0
    assert report.max_score == 24.0
    assert report.course_id == "fake-course"
    assert report.hidden_run is True
    assert report.grader_errors == ()
    assert [e.id for e in report.exercises] == ["01_adder", "02_greeter"]
    adder = only(report, "01_adder")
    assert adder.status is Status.PASSED
    assert adder.score == 18.0
    assert exercise_message(adder, "en") == "all 6 tests passed"
    assert adder.grader_error is False
    assert adder.ignored_files == ()
    assert adder.output.total_bytes == 0
    assert adder.output.truncated is False
    greeter = only(report, "02_greeter")
    assert (greeter.status, greeter.score, greeter.max_score) == (Status.PASSED, 6.0, 6.0)
    assert exercise_message(greeter, "en") == "all 3 tests passed"


def test_weights_visibility_and_node_ids_of_the_collected_tests(graded: GradeFn) -> None:
    adder = only(graded(SOLUTIONS), "01_adder")

    assert [t.name for t in adder.tests] == list(ADDER_TESTS)
    assert {t.name: t.max_score for t in adder.tests} == ADDER_MAX
    assert {t.name: t.score for t in adder.tests} == ADDER_MAX
    for test in adder.tests:
        if test.name in PUBLIC_ADDER:
            assert test.visibility is Visibility.PUBLIC
            assert test.nodeid == f"exercises/01_adder/test_adder.py::{test.name}"
        else:
            assert test.visibility is Visibility.HIDDEN
            assert test.nodeid == f"tests/01_adder/test_adder_hidden.py::{test.name}"


def test_stubs_score_zero_public_failures_are_explained_hidden_ones_are_not(
    graded: GradeFn,
) -> None:
    report = graded(STUBS)

    assert report.score == 0.0
    adder = only(report, "01_adder")
    assert adder.status is Status.FAILED
    assert exercise_message(adder, "en") == "0/6 tests passed"
    assert set(statuses(adder).values()) == {Status.FAILED}
    tests = by_name(adder)
    public = tests["test_add_two_and_three"]
    assert public.message.startswith("NotImplementedError: add")
    assert "--- in your code ---" in public.message
    assert 'raise NotImplementedError("add")' in public.message
    assert "test_add_two_and_three" in public.detail
    for name in HIDDEN_ADDER:
        hidden = tests[name]
        assert hidden.detail == ""
        assert hidden.message.startswith("your code raised NotImplementedError")
        assert "adder.py" not in hidden.message


# -- partial credit and a missing exercise ------------------------------------------------


def test_partial_submission_gets_the_exact_weighted_score(graded: GradeFn) -> None:
    adder = only(graded(FAKE_SUBMISSIONS / "partial"), "01_adder")

    # Fails the hidden tests of weight 1 and 3: 18 * (9 - 4) / 9 = 10.
    assert adder.score == 10.0
    assert adder.max_score == 18.0
    assert adder.status is Status.FAILED
    assert exercise_message(adder, "en") == "4/6 tests passed"
    assert statuses(adder) == {
        "test_add_two_and_three": Status.PASSED,
        "test_accumulator_total_after_one_add": Status.PASSED,
        "test_add_small_ints": Status.PASSED,
        "test_add_negative_numbers": Status.FAILED,
        "test_accumulator_starts_at_zero": Status.PASSED,
        "test_accumulator_sums_every_value": Status.FAILED,
    }
    assert {t.name: t.score for t in adder.tests} == {
        **ADDER_MAX,
        "test_add_negative_numbers": 0.0,
        "test_accumulator_sums_every_value": 0.0,
    }


def test_hidden_failures_carry_no_detail_and_a_generic_message(graded: GradeFn) -> None:
    adder = only(graded(FAKE_SUBMISSIONS / "partial"), "01_adder")

    failed = [t for t in adder.tests if t.status is Status.FAILED]
    assert [t.name for t in failed] == [
        "test_add_negative_numbers",
        "test_accumulator_sums_every_value",
    ]
    for test in failed:
        assert test.visibility is Visibility.HIDDEN
        assert test.detail == ""
        assert test.message == HIDDEN_ASSERTION_MESSAGE
        assert "-9" not in test.message  # the expected value is not revealed


def test_a_missing_exercise_scores_zero_and_is_skipped_as_not_submitted(graded: GradeFn) -> None:
    report = graded(FAKE_SUBMISSIONS / "partial")

    greeter = only(report, "02_greeter")
    assert greeter.status is Status.SKIPPED
    assert greeter.score == 0.0
    assert greeter.max_score == 6.0
    assert exercise_message(greeter, "en") == "not submitted"
    assert greeter.tests == ()
    assert greeter.grader_error is False
    assert report.score == 10.0
    assert report.max_score == 24.0


# -- selection and public-only runs -------------------------------------------------------


def test_exercise_selection_grades_only_the_selected_exercise(graded: GradeFn) -> None:
    report = graded(SOLUTIONS, ("02_greeter",))

    assert [e.id for e in report.exercises] == ["02_greeter"]
    assert report.score == 6.0
    assert report.max_score == 6.0


def test_selecting_an_unknown_exercise_is_a_course_error(fake_course: Course) -> None:
    with pytest.raises(
        CourseError, match=r"unknown exercise '99_nope' \(known: 01_adder, 02_greeter\)"
    ):
        grade(course=fake_course, submission=SOLUTIONS, exercise_ids=["99_nope"])


def test_without_hidden_tests_only_the_public_tests_run(graded: GradeFn) -> None:
    report = graded(FAKE_SUBMISSIONS / "partial", ("01_adder",), Suites.PUBLIC)

    assert report.hidden_run is False
    adder = only(report, "01_adder")
    assert adder.hidden_run is False
    assert [t.name for t in adder.tests] == list(PUBLIC_ADDER)
    assert {t.visibility for t in adder.tests} == {Visibility.PUBLIC}
    # The partial submission passes every public test: full points on the public suite.
    assert adder.status is Status.PASSED
    assert adder.score == 18.0


# -- student code that cannot be imported -------------------------------------------------


@pytest.mark.parametrize(
    ("submission", "reason", "more"),
    [
        # The file and line, the error, then the line and its caret as Python shows them.
        (
            "syntax_error",
            "cannot import adder.py: adder.py line 1: SyntaxError: expected ':'",
            ["    def add(a, b)", "                 ^"],
        ),
        # The file and line where it was raised, then the student's own frames.
        (
            "import_raises",
            "cannot import adder.py: adder.py line 5: RuntimeError: adder refuses to load",
            [
                '  File "adder.py", line 5, in <module>',
                '    raise RuntimeError("adder refuses to load")',
            ],
        ),
    ],
)
def test_a_module_that_fails_to_import_errors_every_test_and_says_why_once(
    graded: GradeFn, submission: str, reason: str, more: list[str]
) -> None:
    adder = adder_of(graded, submission)

    assert adder.status is Status.ERROR
    assert adder.score == 0.0
    assert adder.grader_error is False
    # Said once, at the exercise level, without the interpreter's import machinery.
    assert exercise_message(adder, "en").splitlines() == [reason, *more]
    assert "importlib" not in exercise_message(adder, "en")
    assert statuses(adder) == dict.fromkeys(ADDER_TESTS, Status.ERROR)
    for test in adder.tests:
        assert test.message == "cannot import adder.py (see above)"
        assert test.reason is Reason.CANNOT_IMPORT
        assert test.detail == ""


def test_a_module_that_hangs_at_import_is_given_up_after_two_attempts(
    graded: GradeFn, fake_course: Course
) -> None:
    adder = adder_of(graded, "hang_import")
    timeouts = fake_course.exercise("01_adder").timeouts

    assert adder.status is Status.ERROR
    assert "cannot import" in exercise_message(adder, "en")
    assert "did not finish in time" in exercise_message(adder, "en")
    assert adder.score == 0.0
    assert adder.grader_error is False
    assert statuses(adder) == dict.fromkeys(ADDER_TESTS, Status.ERROR)
    # Two import attempts cost a call timeout each; every later test fails at once.
    # A generous bound that still proves neither the per-test nor the exercise limit
    # was what stopped it.
    assert adder.duration_s < 2 * timeouts.call + 5.0
    assert adder.duration_s < timeouts.exercise
    for name in HIDDEN_ADDER[1:]:
        assert by_name(adder)[name].duration_s < timeouts.call


# -- student code that misbehaves in one call ---------------------------------------------


def test_a_call_that_hangs_times_out_alone_and_the_next_tests_pass(
    graded: GradeFn, fake_course: Course
) -> None:
    adder = adder_of(graded, "hang_call")
    timeouts = fake_course.exercise("01_adder").timeouts

    everything_passed_but(adder, "test_add_negative_numbers", Status.TIMEOUT)
    assert adder.score == 16.0
    assert adder.status is Status.FAILED
    assert exercise_message(adder, "en") == "5/6 tests passed"
    hung = by_name(adder)["test_add_negative_numbers"]
    assert "did not answer within 1.5 s" in hung.message
    assert hung.duration_s < timeouts.test  # the call timeout fired, not pytest-timeout
    assert adder.duration_s < timeouts.exercise


@pytest.mark.parametrize(
    ("submission", "how"),
    [
        ("crash_abort", "killed by SIGABRT"),
        ("crash_segv", "killed by SIGSEGV"),
        ("exit_in_call", "exited with status 0"),
    ],
)
def test_a_call_that_ends_the_interpreter_fails_only_that_test(
    graded: GradeFn, submission: str, how: str
) -> None:
    adder = adder_of(graded, submission)

    everything_passed_but(adder, "test_add_negative_numbers", Status.FAILED)
    assert adder.score == 16.0
    assert adder.status is Status.FAILED
    assert adder.grader_error is False
    crashed = by_name(adder)["test_add_negative_numbers"]
    assert crashed.message.startswith("the student process ended during the test")
    assert how in crashed.message
    assert crashed.detail == ""


def test_a_test_making_many_slow_calls_hits_the_per_test_timeout(
    graded: GradeFn, fake_course: Course
) -> None:
    report = graded(FAKE_SUBMISSIONS / "slow_greeter", ("02_greeter",))
    greeter = only(report, "02_greeter")
    timeouts = fake_course.exercise("02_greeter").timeouts

    assert statuses(greeter) == {
        "test_greet_world": Status.PASSED,
        "test_greet_name": Status.PASSED,
        "test_greet_many_names": Status.TIMEOUT,
    }
    assert by_name(greeter)["test_greet_many_names"].message == (
        "the test did not finish within its time limit"
    )
    assert greeter.score == 4.0
    assert greeter.status is Status.FAILED
    assert greeter.duration_s < timeouts.exercise


def test_the_exercise_wall_limit_stops_everything(
    fake_course_copy: Path, make_submission: SubmissionFactory
) -> None:
    def shorten(data: dict[str, Any]) -> None:
        data["exercises"][1]["timeouts"] = {"call": 3, "test": 4, "exercise": 4}

    course = load_course(edit_course_yaml(fake_course_copy, shorten))
    # One second per call: the two tests before test_greet_many_names take 2 s, so its
    # own 4 s limit would end at least 2 s after the exercise's: the wall limit fires first.
    sleepy = make_submission(
        {
            "02_greeter/greeter.py": (
                "import time\n\n\ndef greet(name):\n"
                "    time.sleep(1.0)\n    return f'Hello, {name}!'\n"
            )
        }
    )

    report = grade(course=course, submission=sleepy, exercise_ids=["02_greeter"])

    greeter = only(report, "02_greeter")
    assert greeter.status is Status.TIMEOUT
    assert exercise_message(greeter, "en").startswith("stopped after 4 s;")
    assert greeter.grader_error is False
    last = by_name(greeter)["test_greet_many_names"]
    assert last.status is Status.TIMEOUT
    assert last.message == "the exercise ran out of time (4 s) before this test ended"
    assert last.score == 0.0
    assert greeter.score <= 4.0
    assert greeter.duration_s < 4 + 10.0


def test_past_the_wall_limit_the_trusted_process_records_nothing_more(tmp_path: Path) -> None:
    """Regression: on a wall timeout the supervisor killed the student processes while
    the trusted pytest still ran, so pytest could record the test that was running as a
    crash ("killed by SIGKILL (memory or CPU limit?)") instead of a timeout. Here a
    stand-in for pytest waits on a pipe from its child, as pytest waits on the student's
    socket, and records the moment the pipe ends."""
    record = tmp_path / "record"
    script = (
        "import subprocess, sys\n"
        "child = subprocess.Popen(\n"
        "    [sys.executable, '-c', 'import time; time.sleep(60)'], stdout=subprocess.PIPE\n"
        ")\n"
        "child.stdout.read()\n"
        f"open({str(record)!r}, 'w').write('recorded after the limit')\n"
    )

    supervised = run_supervised(
        [sys.executable, "-c", script], wall_s=2.0, log=tmp_path / "log", cwd=tmp_path, env={}
    )

    assert supervised.wall_timeout is True
    assert supervised.returncode == -signal.SIGKILL
    assert supervised.leftover_processes >= 1  # the child was running and was killed
    assert not record.exists()


def test_a_zombie_is_not_a_descendant_to_kill() -> None:
    """Regression: a sweep counted dead, unreaped children and kept spinning (500 rounds)
    while their parent, stopped at the wall limit, could not reap them."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, not yet reaped
        assert child.pid not in descendants(os.getpid())
    finally:
        child.wait()


# -- output -------------------------------------------------------------------------------


def test_a_50_mib_print_flood_keeps_full_marks_and_head_and_tail_of_the_output(
    graded: GradeFn, fake_course: Course
) -> None:
    adder = adder_of(graded, "flood")
    cap = fake_course.exercise("01_adder").limits.output_kb * 1024

    assert adder.status is Status.PASSED
    assert adder.score == 18.0
    output = adder.output
    assert output.truncated is True
    assert output.total_bytes == len("FLOOD-HEAD\n") + 50 * 1024 * 1024 + 1 + len("FLOOD-TAIL\n")
    assert output.text.startswith("FLOOD-HEAD\nxxxx")
    assert output.text.endswith("xxxx\nFLOOD-TAIL\n")
    assert "bytes of output omitted" in output.text
    assert len(output.text.encode()) < cap + 200


def test_a_short_print_is_captured_whole(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    source = (SOLUTIONS / "02_greeter" / "greeter.py").read_text(encoding="utf-8")
    submission = make_submission({"02_greeter/greeter.py": "print('hello from import')\n" + source})

    greeter = only(grade(course=fake_course, submission=submission), "02_greeter")

    assert greeter.status is Status.PASSED
    assert greeter.output.text == "hello from import\n"
    assert greeter.output.total_bytes == len("hello from import\n")
    assert greeter.output.truncated is False


# -- grader errors ------------------------------------------------------------------------


def test_a_broken_hidden_test_file_is_a_grader_error_not_a_zero(fake_course_copy: Path) -> None:
    broken = fake_course_copy.parent / "tests" / "01_adder" / "test_broken_hidden.py"
    broken.write_text("def test_oops(:\n    pass\n", encoding="utf-8")
    course = load_course(fake_course_copy)

    report = grade(course=course, submission=course.root / "solutions")

    adder = only(report, "01_adder")
    assert adder.grader_error is True
    assert adder.status is Status.ERROR
    assert exercise_message(adder, "en").startswith("grader error:")
    assert "test_broken_hidden.py" in exercise_message(adder, "en")
    assert report.grader_errors == (adder,)
    greeter = only(report, "02_greeter")
    assert (greeter.status, greeter.score, greeter.grader_error) == (Status.PASSED, 6.0, False)
