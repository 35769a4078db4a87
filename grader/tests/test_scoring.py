"""Scoring on plain data: records and a process outcome in, an ExerciseResult out.

Also the records' one JSON form (what the trusted pytest writes is what the runner
reads) and the reasons the recorder gives a failure, with the limits that ran out.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pytest_timeout import PYTEST_FAILURE_MESSAGE  # type: ignore[import-untyped]

from grader.course import Exercise, Limits, Text, Timeouts
from grader.plugin.recorder import Outcome, classify
from grader.records import (
    Collected,
    CollectedTest,
    CollectError,
    Finished,
    RecordError,
    ResultRecords,
    TestRecord,
    decode,
    encode,
)
from grader.remote.errors import CallTimeout, remote_error_class
from grader.render.sentences import exercise_message
from grader.results import ExerciseResult, HiddenDisplay, Reason, Status, Visibility
from grader.said import Message, Said
from grader.scoring import Grading, ProcessOutcome, not_submitted, score_exercise

KIT = Path("/kit")
EXERCISE = Exercise(
    id="03_pager",
    title=Text(en="Pager", zh="分页"),
    modules=("pager.py", "pages.py"),
    points=10.0,
    timeouts=Timeouts(call=2.5, test=4.0, exercise=20.0),
    limits=Limits(),
)
GRADING = Grading(
    kit_root=KIT,
    hidden_root=KIT / "tests",
    hidden_display=HiddenDisplay.SUMMARY,
    hidden_run=True,
)
FINE = ProcessOutcome(returncode=0, wall_timeout=False)
PUBLIC = str(KIT / "exercises" / "03_pager" / "test_pager.py")
HIDDEN = str(KIT / "tests" / "03_pager" / "test_hidden.py")


def _collected(*weights: float, path: str = HIDDEN) -> Collected:
    return Collected(
        tuple(CollectedTest(f"t{i}", f"test_{i}", path, weight) for i, weight in enumerate(weights))
    )


def _records(*records: Collected | CollectError | TestRecord | Finished) -> ResultRecords:
    read = ResultRecords()
    for record in records:
        read.add(encode(record).encode())
    return read


def _run(statuses: list[Status], weights: list[float] | None = None) -> ResultRecords:
    weights = weights or [1.0] * len(statuses)
    tests = [TestRecord(f"t{i}", status) for i, status in enumerate(statuses)]
    return _records(_collected(*weights), *tests, Finished(exitstatus=1))


def _score(
    records: ResultRecords, outcome: ProcessOutcome = FINE, grading: Grading = GRADING
) -> ExerciseResult:
    return score_exercise(exercise=EXERCISE, records=records, outcome=outcome, grading=grading)


# -- scores --------------------------------------------------------------------------------


def test_many_passed_tests_sum_to_exactly_the_points() -> None:
    # 91 tests of 10/91 points each: rounded per test they would add up to 10.0009.
    assert _score(_run([Status.PASSED] * 91)).score == 10.0


def test_the_score_is_the_passed_share_of_the_weights() -> None:
    statuses = [Status.PASSED, Status.FAILED, Status.PASSED, Status.TIMEOUT]
    result = _score(_run(statuses, [1.0, 1.0, 2.0, 3.0]))
    assert result.score == round(10 * 3 / 7, 4)
    assert result.status is Status.FAILED and result.reason is None
    assert [t.max_score for t in result.tests] == [1.4286, 1.4286, 2.8571, 4.2857]
    assert exercise_message(result, "en") == "2/4 tests passed"
    assert exercise_message(result, "zh") == "通过 2/4 个测试"


def test_tampered_records_count_nothing_and_are_a_grader_error() -> None:
    records = _run([Status.PASSED] * 3)
    records.add(encode(TestRecord("t0", Status.PASSED)).encode())  # after "finished"
    result = _score(records)
    assert result.grader_error is True and result.reason is Reason.GRADER_ERROR
    assert result.status is Status.ERROR
    assert result.score == 0 and all(t.score == 0 for t in result.tests)
    assert "tampered" in result.problems[0]
    assert exercise_message(result, "en").startswith("grader error: ")


def test_an_abnormal_exit_gives_nothing_even_when_every_record_says_passed() -> None:
    result = _score(_run([Status.PASSED] * 2), ProcessOutcome(returncode=-9, wall_timeout=False))
    assert result.reason is Reason.GRADER_ERROR and result.score == 0
    assert result.problems == (
        "the test process ended abnormally (exit status -9); student code may have killed it",
    )


def test_a_test_without_a_record_failed_or_ran_out_of_the_exercises_time() -> None:
    records = _records(_collected(1.0, 1.0), TestRecord("t0", Status.PASSED))
    out_of_time = _score(records, ProcessOutcome(returncode=-9, wall_timeout=True))
    assert out_of_time.status is Status.TIMEOUT
    assert out_of_time.reason is Reason.EXERCISE_TIMEOUT and out_of_time.time_limit_s == 20.0
    missing = out_of_time.tests[1]
    assert missing.status is Status.TIMEOUT and missing.reason is Reason.EXERCISE_TIMEOUT
    assert missing.time_limit_s == 20.0
    assert out_of_time.score == 5.0
    assert exercise_message(out_of_time, "en") == "stopped after 20 s; 1/2 tests passed"

    records = _records(_collected(1.0), Finished(exitstatus=1))
    no_record = _score(records).tests[0]
    assert no_record.status is Status.FAILED and no_record.reason is Reason.NO_RESULT
    assert no_record.time_limit_s is None


def test_a_timeout_keeps_the_limit_its_record_gives() -> None:
    tests = (
        TestRecord("t0", Status.TIMEOUT, Reason.CALL_TIMEOUT, "slow", time_limit_s=2.5),
        TestRecord("t1", Status.FAILED, Reason.ASSERTION, "no", time_limit_s=9.0),
    )
    result = _score(_records(_collected(1.0, 1.0), *tests, Finished(exitstatus=1)))
    assert [t.time_limit_s for t in result.tests] == [2.5, None]


def test_modules_that_do_not_import_are_said_once_the_decisive_one_first() -> None:
    # As grader/remote/process.py says them: a sentence, then the student's lines.
    why_pages = Said("import.cannot", module="pages.py", why="NameError: x")
    where = Said("engine.import_where", file="pager.py", line=3, error="SyntaxError: bad")
    why_pager = Message(Said("import.cannot", module="pager.py", why=where), "\n  x = \n    ^")
    finished = Finished(
        exitstatus=1,
        cannot_import=(("pages", why_pages),),
        import_errors=(("pages", why_pages), ("pager", why_pager)),
    )
    test = TestRecord(
        "t0", Status.ERROR, Reason.CANNOT_IMPORT, "cannot import pages.py (see above)"
    )
    result = _score(_records(_collected(1.0), test, finished))
    assert result.status is Status.ERROR and result.reason is Reason.CANNOT_IMPORT
    assert result.import_errors == (why_pages, why_pager)
    assert exercise_message(result, "en").split("\n") == [why_pages, *why_pager.split("\n")]
    assert exercise_message(result, "zh").split("\n") == [
        "无法导入 pages.py：NameError: x",
        "无法导入 pager.py：pager.py 第 3 行：SyntaxError: bad",
        "  x = ",
        "    ^",
    ]


def test_missing_modules_are_named_on_the_first_line() -> None:
    grading = Grading(**{**vars(GRADING), "missing_files": ("pages.py",)})
    result = _score(_run([Status.PASSED, Status.FAILED]), grading=grading)
    assert exercise_message(result, "en") == "1/2 tests passed (missing: pages.py)"
    assert exercise_message(result, "zh") == "通过 1/2 个测试（未提交：pages.py）"


def test_hidden_tests_lose_their_report_public_ones_show_the_failure_in_full() -> None:
    collected = Collected(
        (
            CollectedTest("p", "test_p", PUBLIC, 1.0),
            CollectedTest("h", "test_h", HIDDEN, 1.0, show_ids=True),
        )
    )
    failed = {
        "status": Status.FAILED,
        "reason": Reason.ASSERTION,
        "message": "a result did not match the specification",
        "public_message": f"assert 1 == 2 ({KIT}/tests/03_pager/test_hidden.py:3)",
        "detail": "E   assert 1 == 2",
    }
    records = _records(
        collected, TestRecord("p", **failed), TestRecord("h", **failed), Finished(exitstatus=1)
    )
    public, hidden = _score(records).tests
    assert public.visibility is Visibility.PUBLIC and hidden.visibility is Visibility.HIDDEN
    assert public.message == "assert 1 == 2 (tests/03_pager/test_hidden.py:3)"  # kit left out
    assert public.detail == "E   assert 1 == 2"
    assert hidden.message == "a result did not match the specification" and hidden.detail == ""
    assert hidden.show_ids is True
    full = Grading(**{**vars(GRADING), "hidden_display": HiddenDisplay.FULL})
    assert _score(records, grading=full).tests[1].detail == "E   assert 1 == 2"


def test_all_skipped_and_not_submitted_say_so() -> None:
    skipped = _score(_run([Status.SKIPPED, Status.SKIPPED]))
    assert skipped.status is Status.SKIPPED and skipped.reason is Reason.SKIPPED
    assert exercise_message(skipped, "en") == "all tests were skipped"
    missing = not_submitted(EXERCISE, GRADING)
    assert missing.status is Status.SKIPPED and missing.reason is Reason.NOT_SUBMITTED
    assert exercise_message(missing, "zh") == "未提交"


# -- records -----------------------------------------------------------------------------------


RECORDS = (
    _collected(1.0, 2.5),
    CollectError("tests/x.py", "ImportError: y"),
    TestRecord(
        "t0",
        Status.TIMEOUT,
        Reason.CALL_TIMEOUT,
        "m",
        "pm",
        "d",
        0.25,
        time_limit_s=2.5,
        exception_type="",
    ),
    TestRecord("t1", Status.FAILED, Reason.STUDENT_EXCEPTION, exception_type="PagerError"),
    Finished(3, "out", 3, True, (("pager", "why"),), (("pager", "why"),), 2),
)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_every_record_reads_back_as_written(record: object) -> None:
    assert decode(encode(record)) == record  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "line",
    [
        b"not json",
        b'{"kind": "mystery"}',
        b'{"kind": "test", "nodeid": "t0", "status": "won"}',
        b'{"kind": "test", "nodeid": "t0", "status": "passed", "reason": "luck"}',
        b'{"kind": "test", "nodeid": "t0", "status": "passed", "duration_s": -1}',
        b'{"kind": "test", "nodeid": 7, "status": "passed"}',
        b'{"kind": "collected", "tests": [{"nodeid": "a", "name": "a", "path": "p", "weight": 0}]}',
        b'{"kind": "finished", "exitstatus": true}',
        b'{"kind": "finished", "exitstatus": 0, "import_errors": {"pager": 1}}',
    ],
)
def test_a_malformed_record_is_refused(line: bytes) -> None:
    with pytest.raises(RecordError):
        decode(line)
    records = ResultRecords()
    records.add(line)
    assert records.violations


def test_nan_is_not_a_duration() -> None:
    line = encode(TestRecord("t0", Status.PASSED, duration_s=math.nan))
    with pytest.raises(RecordError):
        decode(line)


# -- reasons -----------------------------------------------------------------------------------


def _classified(exc: BaseException) -> Outcome:
    try:
        raise exc  # as the test would: with a traceback
    except BaseException as raised:
        return classify(pytest.ExceptionInfo.from_exception(raised))


def test_a_call_timeout_carries_its_limit() -> None:
    outcome = _classified(CallTimeout("student code did not answer", limit_s=2.5))
    assert outcome.reason is Reason.CALL_TIMEOUT and outcome.time_limit_s == 2.5


def test_pytest_timeouts_failure_is_known_by_its_exported_message() -> None:
    try:
        pytest.fail(PYTEST_FAILURE_MESSAGE % 4.0)
    except pytest.fail.Exception as exc:
        outcome = _classified(exc)
    assert outcome.reason is Reason.TEST_TIMEOUT and outcome.time_limit_s == 4.0
    assert outcome.message == "the test did not finish within its time limit"
    try:
        pytest.fail("Timeout (>4.0s) from pytest-timeout. and more")
    except pytest.fail.Exception as exc:
        assert _classified(exc).reason is Reason.ASSERTION  # a test's own pytest.fail


def test_a_students_exception_is_named_by_type() -> None:
    error = remote_error_class("PagerError", ["ValueError"])("bad page")
    error.from_student = True  # type: ignore[attr-defined]
    outcome = _classified(error)
    assert outcome.reason is Reason.STUDENT_EXCEPTION and outcome.exception_type == "PagerError"
    assert outcome.message == "your code raised PagerError"
    assert outcome.public_message == "PagerError: bad page"
