"""Adversarial submissions for 03_pager: cheats must never score above the honest code.

Each attack is a fragment in ``data/adversarial/`` appended to a base module: the
reference solution, or a deliberately wrong pager from ``data/variants/03_pager`` (so that
an attack that forced passes would show). Every test checks that

(a) the score is not above the honest score of the same code without the cheat, and no
    single test passes that failed honestly (usually: exactly the honest result);
(b) grading ended well within a generous bound (a termination proof, not a speed target);
(c) no process is left behind (the autouse ``no_leftover_processes`` fixture);
(d) the report says what happened, where that makes sense.

Attacks that hang or crash run on a copy of the kit with small timeouts (call 1 s,
test 3 s, exercise 60 s); the others on the kit itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.course import Course, load_course
from grader.render.sentences import exercise_message
from grader.results import ExerciseResult, Status
from grader.sandbox.containment import machine_support
from grader.sandbox.reaper import descendants
from grader.tests.conftest import (
    DATA,
    KIT_ROOT,
    SubmissionFactory,
    edit_course_yaml,
    grade_timed,
    solution_source,
    student_runs_as_root,
    with_attack,
)

# Every attack runs in each containment tier this machine offers.
pytestmark = pytest.mark.usefixtures("containment_tier")

EXERCISE = "03_pager"
REFERENCE = "reference"
END_NOT_CLAMPED = "wrong_end_not_clamped"
HAS_NEXT_OFF_BY_ONE = "wrong_has_next_off_by_one"
FAST_TIMEOUTS = {"call": 1, "test": 3, "exercise": 60}
HonestFn = Callable[[Course, str], ExerciseResult]


def base_source(base: str) -> str:
    if base == REFERENCE:
        return solution_source(EXERCISE, "pager.py")
    return (DATA / "variants" / "03_pager" / f"{base}.py").read_text(encoding="utf-8")


def pager_files(source: str) -> dict[str, str | bytes]:
    return {f"{EXERCISE}/pager.py": source}


def attacked(make_submission: SubmissionFactory, attack: str, base: str = REFERENCE) -> Path:
    """A submission whose pager.py is ``base`` with the fragment ``attack`` appended."""
    return make_submission(pager_files(with_attack(base_source(base), attack)))


@pytest.fixture(scope="session")
def fast_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The kit's 03_pager with small timeouts, so hanging attacks are cheap."""
    root = tmp_path_factory.mktemp("fast-kit")
    for tree in ("exercises", "solutions", "tests"):
        shutil.copytree(
            KIT_ROOT / tree / EXERCISE,
            root / tree / EXERCISE,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copy(KIT_ROOT / "course.yaml", root / "course.yaml")

    def small_timeouts(data: dict[str, object]) -> None:
        data["defaults"]["timeouts"] = dict(FAST_TIMEOUTS)  # type: ignore[index]
        exercises = data["exercises"]
        data["exercises"] = [e for e in exercises if e["id"] == EXERCISE]  # type: ignore[attr-defined]

    course = load_course(edit_course_yaml(root / "course.yaml", small_timeouts))
    timeouts = course.exercise(EXERCISE).timeouts
    assert (timeouts.call, timeouts.test, timeouts.exercise) == (1, 3, 60)
    return course


@pytest.fixture(scope="session")
def honest(tmp_path_factory: pytest.TempPathFactory) -> HonestFn:
    """The result of a base module without any cheat, graded once per course."""
    cache: dict[tuple[Path, str], ExerciseResult] = {}

    def result(course: Course, base: str) -> ExerciseResult:
        key = (course.root, base)
        if key not in cache:
            submission = tmp_path_factory.mktemp(f"honest-{base}")
            (submission / EXERCISE).mkdir()
            (submission / EXERCISE / "pager.py").write_text(base_source(base), encoding="utf-8")
            cache[key] = grade_timed(course, submission, EXERCISE).result
        return cache[key]

    return result


def assert_no_better_than(attacked: ExerciseResult, honest: ExerciseResult) -> None:
    """(a): the score is not above the honest one and no test passes that failed honestly."""
    assert attacked.score <= honest.score
    assert [t.nodeid for t in attacked.tests] == [t.nodeid for t in honest.tests]
    gained = [
        t.name
        for t, h in zip(attacked.tests, honest.tests, strict=True)
        if t.status is Status.PASSED and h.status is not Status.PASSED
    ]
    assert gained == []


def assert_same_as(attacked: ExerciseResult, honest: ExerciseResult) -> None:
    assert_no_better_than(attacked, honest)
    assert attacked.score == honest.score
    assert [t.status for t in attacked.tests] == [t.status for t in honest.tests]
    assert not attacked.grader_error


def page_test_names(result: ExerciseResult) -> set[str]:
    names = {t.name for t in result.tests if t.name.startswith("test_page_")}
    assert len(names) == 11  # 10 hidden + 1 public: the only tests that call page()
    return names


# -- the student process ends or hangs while the module is imported -----------------------


@pytest.mark.parametrize(
    ("attack", "reason"),
    [
        ("exit_at_import.py", "the student process exited with status 0"),
        ("sys_exit_at_import.py", "SystemExit"),
        ("loop_at_import.py", "importing it did not finish in time"),
        ("memory_at_import.py", "MemoryError"),
    ],
)
def test_an_import_that_exits_hangs_or_exhausts_memory_scores_0(
    fast_course: Course, make_submission: SubmissionFactory, attack: str, reason: str
) -> None:
    graded = grade_timed(fast_course, attacked(make_submission, attack), EXERCISE)
    result = graded.result
    assert result.score == 0
    assert result.status is Status.ERROR
    assert not result.grader_error
    assert exercise_message(result, "en").startswith("cannot import pager.py: ")
    assert reason in exercise_message(result, "en")
    assert {t.status for t in result.tests} == {Status.ERROR}
    # Two attempts at most, each bounded by the 1 s call timeout.
    assert graded.seconds < 30


# -- the student process ends, hangs or misbehaves inside one method ----------------------


@pytest.mark.parametrize(
    ("attack", "status", "reason"),
    [
        ("exit_in_call.py", Status.FAILED, "the student process exited with status 0"),
        ("sys_exit_in_call.py", Status.FAILED, "your code raised SystemExit"),
        ("loop_in_call.py", Status.TIMEOUT, "did not answer within 1 s"),
        ("sigalrm_ignored_loop.py", Status.TIMEOUT, "did not answer within 1 s"),
        ("memory_in_call.py", Status.FAILED, "your code raised MemoryError"),
        ("forged_fd_lines_everywhere.py", Status.FAILED, "sent an invalid answer"),
    ],
)
def test_a_method_that_exits_hangs_or_corrupts_its_channel_fails_only_its_own_tests(
    fast_course: Course,
    honest: HonestFn,
    make_submission: SubmissionFactory,
    attack: str,
    status: Status,
    reason: str,
) -> None:
    baseline = honest(fast_course, REFERENCE)
    assert baseline.score == 10
    graded = grade_timed(fast_course, attacked(make_submission, attack), EXERCISE)
    result = graded.result
    page_tests = page_test_names(result)
    assert_no_better_than(result, baseline)
    assert {t.name: t.status for t in result.tests if t.name in page_tests} == dict.fromkeys(
        page_tests, status
    )
    assert {t.status for t in result.tests if t.name not in page_tests} == {Status.PASSED}
    page_points = sum(t.max_score for t in baseline.tests if t.name in page_tests)
    assert result.score == pytest.approx(baseline.score - page_points)
    hidden_page_test = graded.test("test_page_of_a_str_returns_a_str")
    assert reason in hidden_page_test.message
    assert result.status is Status.FAILED
    assert (
        exercise_message(result, "en")
        == f"{len(result.tests) - 11}/{len(result.tests)} tests passed"
    )
    assert not result.grader_error
    # 11 page() tests, each stopped by the 1 s call timeout at worst; the wall is 60 s.
    assert graded.seconds < 45


# -- correct code with a side show: processes, threads, floods ----------------------------


@pytest.mark.parametrize(
    ("attack", "printed"),
    [
        ("fork_sleepers.py", "forked "),
        ("double_fork_daemon.py", "daemon pid "),
        ("endless_thread.py", "cheat: a non-daemon thread that never ends is running"),
    ],
)
def test_correct_code_that_leaves_processes_or_threads_behind_gets_full_marks_and_is_cleaned_up(
    kit_course: Course, make_submission: SubmissionFactory, attack: str, printed: str
) -> None:
    graded = grade_timed(kit_course, attacked(make_submission, attack), EXERCISE)
    result = graded.result
    assert result.score == 10
    assert result.status is Status.PASSED
    assert printed in result.output.text
    daemons = [int(pid) for pid in re.findall(r"daemon pid (\d+)", result.output.text)]
    assert len(daemons) == (1 if attack == "double_fork_daemon.py" else 0)
    assert not set(daemons) & descendants(os.getpid())
    assert graded.seconds < 60


_FLOOD_SCRIPT = """
import json, resource, sys
from pathlib import Path
from grader.course import load_course
from grader.grading import grade
report = grade(course=load_course(Path(sys.argv[1])), submission=Path(sys.argv[2]),
               exercise_ids=["03_pager"])
(result,) = report.exercises
print(json.dumps({
    "score": result.score,
    "status": result.status.value,
    "text": result.output.text,
    "total_bytes": result.output.total_bytes,
    "truncated": result.output.truncated,
    "children_maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def test_200_mb_printed_at_import_is_truncated_and_memory_stays_bounded(
    make_submission: SubmissionFactory,
) -> None:
    """Graded in a fresh interpreter so that RUSAGE_CHILDREN measures this grading only:
    its max RSS covers the trusted pytest and the student process."""
    submission = attacked(make_submission, "print_200mb.py")
    completed = subprocess.run(
        [sys.executable, "-c", _FLOOD_SCRIPT, str(KIT_ROOT / "course.yaml"), str(submission)],
        capture_output=True,
        timeout=120,
        check=True,
    )
    found = json.loads(completed.stdout.decode().strip().splitlines()[-1])
    assert found["score"] == 10
    assert found["status"] == "passed"
    assert found["total_bytes"] > 200 * 1024 * 1024
    assert found["truncated"] is True
    assert len(found["text"]) < 70 * 1024  # output_kb: 64, plus the omission note
    assert found["text"].startswith("FIRST-LINE-OF-THE-FLOOD\n")
    assert found["text"].endswith("LAST-LINE-OF-THE-FLOOD\n")
    assert "bytes of output omitted" in found["text"]
    # 200 MB went through the trusted process; it never held more than a fraction.
    assert found["children_maxrss_kib"] < 150 * 1024


# -- cheats that try to turn failures into passes -----------------------------------------


@pytest.mark.parametrize(
    ("attack", "printed"),
    [
        # Patched where the student's user can read pytest; refused where it cannot.
        ("patch_pytest_reports.py", "cheat: TestReport patched|cheat: cannot patch TestReport"),
        ("gc_hookwrapper.py", "cheat: found 0 pytest Config object(s)"),
        ("caller_frames.py", "cheat: frames seen: "),
        ("forged_fd_lines.py", '"message": "FORGED-RECORD"'),
        ("forged_result_files.py", "cheat: forged "),
    ],
)
def test_a_cheat_that_tries_to_force_passes_gets_exactly_the_honest_result(
    kit_course: Course,
    honest: HonestFn,
    make_submission: SubmissionFactory,
    attack: str,
    printed: str,
) -> None:
    baseline = honest(kit_course, END_NOT_CLAMPED)
    assert 0 < baseline.score < 10
    try:
        graded = grade_timed(
            kit_course,
            attacked(make_submission, attack, END_NOT_CLAMPED),
            EXERCISE,
        )
    finally:
        for leftover in Path("/tmp").glob("grader-forged-*"):
            leftover.unlink(missing_ok=True)
    assert_same_as(graded.result, baseline)
    assert any(option in graded.result.output.text for option in printed.split("|"))
    frames = re.search(r"cheat: frames seen: (.*)", graded.result.output.text)
    if frames is not None:  # the test that holds the expected value is not among them
        assert "test_" not in frames.group(1)
    forged = re.search(r"cheat: forged (\d+) result files", graded.result.output.text)
    if forged is not None:
        assert int(forged.group(1)) > 0
    assert graded.seconds < 60


def test_records_forged_through_proc_do_not_count(
    kit_course: Course, honest: HonestFn, make_submission: SubmissionFactory
) -> None:
    baseline = honest(kit_course, END_NOT_CLAMPED)
    graded = grade_timed(
        kit_course,
        attacked(make_submission, "proc_fd_forgery.py", END_NOT_CLAMPED),
        EXERCISE,
    )
    assert graded.seconds < 60
    output = graded.result.output.text
    if student_runs_as_root():
        # Root is not bound by the trusted processes being non-dumpable: the forged
        # records reach the pipe, and the run must be flagged, with no point counted.
        assert "cheat: forged records written through /proc" in output
        assert graded.result.grader_error is True
        assert graded.result.status is Status.ERROR
        assert "tampered with" in exercise_message(graded.result, "en")
        assert graded.result.score == 0
        assert all(t.score == 0 for t in graded.result.tests)
    else:
        # Unprivileged: the kernel refuses to open another non-dumpable process's fds.
        assert "cheat: /proc forgery failed" in output
        assert_same_as(graded.result, baseline)


def test_submitted_conftest_pytest_ini_and_pytest_py_are_ignored(
    kit_course: Course, honest: HonestFn, make_submission: SubmissionFactory
) -> None:
    baseline = honest(kit_course, END_NOT_CLAMPED)
    files = pager_files(base_source(END_NOT_CLAMPED))
    for name in ("conftest.py", "pytest.ini", "pytest.py"):
        adversarial = DATA / "adversarial" / f"submitted_{name}"
        files[f"{EXERCISE}/{name}"] = adversarial.read_text(encoding="utf-8")
    graded = grade_timed(kit_course, make_submission(files), EXERCISE)
    assert_same_as(graded.result, baseline)
    assert {"conftest.py", "pytest.ini", "pytest.py"} <= set(graded.result.ignored_files)
    assert "SUBMITTED-CONFTEST-LOADED" not in graded.result.output.text
    assert graded.seconds < 60


# -- student objects that lie about equality or truth -------------------------------------


@pytest.mark.parametrize("attack", ["always_equal.py", "always_equal_int.py"])
def test_an_always_equal_object_fails_with_not_plain_data(
    kit_course: Course, honest: HonestFn, make_submission: SubmissionFactory, attack: str
) -> None:
    baseline = honest(kit_course, END_NOT_CLAMPED)
    graded = grade_timed(
        kit_course,
        attacked(make_submission, attack, END_NOT_CLAMPED),
        EXERCISE,
    )
    result = graded.result
    assert_no_better_than(result, baseline)
    assert result.score < baseline.score
    clamped = graded.test("test_end_is_clamped_to_total_on_last_page")
    assert clamped.status is Status.FAILED
    assert clamped.message.startswith("not plain data: `Pager(...).end` is an instance of ")
    assert "the test compared it (eq) with a plain int" in clamped.message
    public = graded.test("test_first_page_starts_at_0_and_ends_at_per_items")
    assert public.status is Status.FAILED
    assert "not plain data" in public.message
    assert not result.grader_error
    assert graded.seconds < 60


def test_an_always_true_has_next_fails_every_has_next_test(
    kit_course: Course, honest: HonestFn, make_submission: SubmissionFactory
) -> None:
    baseline = honest(kit_course, HAS_NEXT_OFF_BY_ONE)
    graded = grade_timed(
        kit_course,
        attacked(make_submission, "always_true_bool.py", HAS_NEXT_OFF_BY_ONE),
        EXERCISE,
    )
    result = graded.result
    assert_no_better_than(result, baseline)
    assert result.score < baseline.score
    has_next = [t for t in result.tests if "has_next" in t.name and "property" not in t.name]
    assert len(has_next) >= 10
    assert {t.status for t in has_next} == {Status.FAILED}
    hidden = graded.test("test_has_next_is_true_when_total_is_none[1]")
    assert hidden.message == "a result did not match the specification"
    assert not result.grader_error
    assert graded.seconds < 60


# -- the student kills the trusted pytest -------------------------------------------------


def test_killing_the_trusted_pytest_gains_nothing_and_its_daemon_is_still_killed(
    fast_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        fast_course,
        attacked(make_submission, "kill_trusted_pytest.py"),
        EXERCISE,
    )
    result = graded.result
    assert graded.seconds < 60
    if not student_runs_as_root():
        # Another user's process cannot be signalled: page() raises, its tests fail. In
        # a bubblewrap sandbox the student's parent is the sandbox's init, which ignores
        # the signal: page() then sleeps until its call times out.
        page_tests = [t for t in result.tests if t.name.startswith("test_page_")]
        assert len(page_tests) >= 10
        expected = Status.TIMEOUT if machine_support().bubblewrap else Status.FAILED
        assert {t.status for t in page_tests} == {expected}
        assert all(t.score == 0 for t in page_tests)
        assert "daemon pid " in result.output.text
        assert result.grader_error is False
        assert 0 < result.score < 10
        return
    # The run was disturbed, so nothing it recorded counts; a human must look.
    assert result.score == 0
    assert result.grader_error is True
    assert result.status is Status.ERROR
    assert "the test process ended abnormally" in exercise_message(result, "en")
    never_ran = [t for t in result.tests if t.message == "no result was recorded for this test"]
    assert never_ran
    assert {t.status for t in never_ran} == {Status.FAILED}
