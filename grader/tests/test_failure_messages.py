"""Failure messages a student can act on (issue 11).

* a student object compared with a plain value says what it is (``start`` is a method,
  not a property; an instance of an ``int`` subclass...), from facts the student process
  states without running student code;
* a call that times out names the call and the student's line where it was running;
* reports never show the grader's own folders (the grading's working folder, the kit,
  the grader's package, the Python installation);
* each new sentence reads in Chinese too.

Hidden test ids (``pytest.mark.show_ids``) are covered in ``test_show_ids.py``.
"""

from __future__ import annotations

import os
import re
import select
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from grader.bootstrap import GRADER_PARENT
from grader.course import Course
from grader.grading import grade
from grader.plugin.recorder import PathScrubber
from grader.remote import facts, messages
from grader.render import common
from grader.results import ExerciseResult, Reason, Status, TestResult
from grader.said import Said, is_said, say
from grader.tests.conftest import (
    FAKE_ROOT,
    KIT_ROOT,
    SubmissionFactory,
    only,
    solution_source,
)

ADDER_METHOD_TOTAL_AND_LOOP = """\
def add(a, b):
    if a < 0:
        while True:
            pass
    return a + b + 1


class Accumulator:
    def __init__(self):
        self._total = 0

    def add(self, value):
        self._total += value

    def total(self):
        return self._total
"""

ADDER_INT_SUBCLASS_TOTAL = """\
class Cents(int):
    pass


def add(a, b):
    return a + b


class Accumulator:
    def __init__(self):
        self._total = 0

    def add(self, value):
        self._total += value

    @property
    def total(self):
        return Cents(self._total)
"""


def _grade(course: Course, submission: Path, exercise_id: str) -> ExerciseResult:
    return only(
        grade(course=course, submission=submission, exercise_ids=[exercise_id]), exercise_id
    )


def _test(result: ExerciseResult, name: str) -> TestResult:
    (test,) = [t for t in result.tests if t.name == name]
    return test


@pytest.fixture(scope="module")
def method_total(fake_course: Course, tmp_path_factory: pytest.TempPathFactory) -> ExerciseResult:
    root = tmp_path_factory.mktemp("method_total")
    (root / "01_adder").mkdir()
    (root / "01_adder" / "adder.py").write_text(ADDER_METHOD_TOTAL_AND_LOOP, encoding="utf-8")
    return _grade(fake_course, root, "01_adder")


# -- what a student object is ------------------------------------------------------------


def test_a_method_read_where_a_property_was_expected_is_named_with_the_fix(
    method_total: ExerciseResult,
) -> None:
    test = _test(method_total, "test_accumulator_total_after_one_add")
    assert test.status is Status.FAILED
    assert test.reason is Reason.NOT_PLAIN
    assert test.message.startswith(
        "not plain data: `Accumulator(...).total` is the method Accumulator.total "
        "(a bound method object), not a value; the test compared it (eq) with a plain int: "
        "total is a method, not a property"
    )
    assert "did you forget @property?" in test.message
    zh = common.test_message(test, "zh")
    assert "`Accumulator(...).total` 是方法 Accumulator.total" in zh
    assert "是不是忘了写 @property" in zh
    assert "not plain data" not in zh


def test_a_hidden_test_names_the_method_too(method_total: ExerciseResult) -> None:
    test = _test(method_total, "test_accumulator_starts_at_zero")
    assert test.detail == ""  # hidden: no failure report
    assert "total is a method, not a property" in common.test_message(test, "en")
    assert "是不是忘了写 @property" in common.test_message(test, "zh")


def test_an_int_subclass_is_named_with_its_plain_base(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    result = _grade(
        fake_course, make_submission({"01_adder/adder.py": ADDER_INT_SUBCLASS_TOTAL}), "01_adder"
    )
    test = _test(result, "test_accumulator_total_after_one_add")
    assert test.status is Status.FAILED
    assert test.message.startswith(
        "not plain data: `Accumulator(...).total` is an instance of Cents "
        "(a subclass of int), not a plain int; the test compared it (eq) with a plain int: "
        "return a plain int"
    )
    assert "Cents 的实例（int 的子类），不是普通的 int" in common.test_message(test, "zh")


def test_a_pager_whose_start_is_a_method_is_told_start_is_not_a_property(
    kit_course: Course, make_submission: SubmissionFactory
) -> None:
    source = solution_source("03_pager", "pager.py")
    without = re.sub(r"@property\n(\s+)def start\(", r"def start(", source, count=1)
    assert without != source
    result = _grade(kit_course, make_submission({"03_pager/pager.py": without}), "03_pager")
    test = _test(result, "test_first_page_starts_at_0_and_ends_at_per_items")
    assert test.status is Status.FAILED
    assert "`Pager(...).start` is the method Pager.start" in test.message
    assert "start is a method, not a property" in test.message


def test_describing_an_object_never_runs_its_code() -> None:
    calls: list[str] = []

    class Loud(type):
        @property
        def __name__(cls) -> str:  # type: ignore[override]
            calls.append("metaclass __name__")
            return "Forged"

        def __repr__(cls) -> str:
            calls.append("repr")
            return "Forged"

    class Pager(metaclass=Loud):
        def start(self) -> int:
            return 0

        def __getattribute__(self, name: str) -> object:
            calls.append(name)
            return object.__getattribute__(self, name)

    class Cents(int):
        pass

    def generator() -> object:
        yield 1

    pager = Pager()
    described = {
        "method": facts.describe(Pager.start.__get__(pager)),
        "function": facts.describe(generator),
        "class": facts.describe(Pager),
        "instance": facts.describe(pager),
        "subclass": facts.describe(Cents(3)),
        "generator": facts.describe(generator()),
        "module": facts.describe(sys),
    }
    assert calls == []
    suffix = "test_describing_an_object_never_runs_its_code.<locals>."
    assert described == {
        "method": {"kind": "method", "name": suffix + "Pager.start"},
        "function": {"kind": "function", "name": suffix + "generator"},
        "class": {"kind": "class", "name": "Pager"},
        "instance": {"kind": "instance", "name": "Pager", "base": ""},
        "subclass": {"kind": "instance", "name": "Cents", "base": "int"},
        "generator": {"kind": "object", "name": "generator"},
        "module": {"kind": "module", "name": "sys"},
    }


def test_what_the_student_process_says_is_checked_before_it_is_shown() -> None:
    forged = {"kind": "method", "name": "x\nTotal: 10/10"}
    assert messages.compared("p.start", forged, "eq", "int") == messages.compared(
        "p.start", None, "eq", "int"
    )
    assert "Total" not in messages.compared("p.start", forged, "eq", "int")
    assert messages.compared("", ["not", "a", "dict"], "eq", "int").startswith(
        "not plain data: a student object is an object of your code"
    )


# -- calls that time out -------------------------------------------------------------------


def test_a_call_that_times_out_names_the_call_and_the_line_it_was_running(
    method_total: ExerciseResult,
) -> None:
    test = _test(method_total, "test_add_negative_numbers")
    assert test.status is Status.TIMEOUT
    assert test.time_limit_s == 1.5
    loop_lines = {3, 4}  # `while True:` and `pass` of ADDER_METHOD_TOTAL_AND_LOOP
    found = re.fullmatch(
        r"student code did not answer within 1\.5 s: the call add\(\.\.\.\) did not finish "
        r"\(it was running adder\.py line (\d+), in add\); its process was stopped",
        test.message,
    )
    assert found is not None, test.message
    assert int(found[1]) in loop_lines
    # A hidden test's timeout says it as well (the call and the line, not the inputs).
    assert common.test_message(test, "en") == f"timed out after 1.5 s: {test.message}"
    assert common.test_message(test, "zh") == (
        f"1.5 秒后超时: 学生代码在 1.5 秒内没有响应：调用 add(...) 没有结束"
        f"（当时正在运行 adder.py 第 {found[1]} 行，add 中）；它的进程已被停止"
    )


def _spin_in_a_students_file(folder: Path, ready: int) -> bool:
    """Run, in a file of the student's folder (``folder``/slow.py), until ``ready`` can
    be read: the watchdog's own line (never a fixed sleep), 10 s at most."""
    source = (
        "def spin(ready, deadline, monotonic, select):\n"
        "    while monotonic() < deadline:\n"
        "        if select([ready], [], [], 0.01)[0]:\n"
        "            return True\n"
        "    return False\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, str(folder / "slow.py"), "exec"), namespace)
    return bool(namespace["spin"](ready, time.monotonic() + 10, time.monotonic, select.select))


def _line_of_a_long_request(folder: Path, tag: int, *, first_after: float | None = None) -> str:
    """What the watchdog writes for a request of ``tag`` due after 0.05 s that spins in
    a student's file (``folder``, the working folder); with ``first_after``, a request
    that long is armed before it, and disarmed once the watchdog's thread has taken it
    (from then on the thread looks every ``first_after`` seconds, unless woken)."""
    read_end, write_end = os.pipe()
    try:
        watchdog = facts.Watchdog(fd=write_end)
        if first_after is not None:
            first = watchdog.arm(first_after, tag - 1)
            # The first request wakes the thread, which takes its lock again.
            deadline = time.monotonic() + 10
            while not watchdog._wake.locked() and time.monotonic() < deadline:
                time.sleep(0.001)  # polling a condition, with a deadline
            watchdog.disarm(first)
        token = watchdog.arm(0.05, tag)
        wrote = _spin_in_a_students_file(folder, read_end)
        watchdog.disarm(token)
        watchdog.close()
        assert wrote is True
        return os.read(read_end, 4096).decode()
    finally:
        os.close(read_end)
        os.close(write_end)


def test_the_watchdog_writes_where_the_main_thread_is_once_a_request_runs_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    line = _line_of_a_long_request(tmp_path, 7)
    assert re.fullmatch(r"\n\[grader 7\] \d+\.\d s @ slow\.py:[23] spin\n", line)
    where = messages.stuck_at("printed\n" + line, 7)
    assert where.startswith(" (it was running slow.py line ")
    assert is_said(where)
    assert say(where, "zh").startswith("（当时正在运行 slow.py 第 ")
    assert messages.stuck_at(line, 8) == ""  # another request's line is not this one's


def test_a_request_due_sooner_than_any_before_is_reported_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watchdog looks at the requests at most every ``after`` seconds of the
    shortest yet: after a request of 30 s, one of 0.05 s wakes it (else it would write
    after 30 s, and the wait here gives up after 10)."""
    monkeypatch.chdir(tmp_path)
    line = _line_of_a_long_request(tmp_path, 2, first_after=30.0)
    assert re.fullmatch(r"\n\[grader 2\] \d+\.\d s @ slow\.py:[23] spin\n", line)


def test_a_request_that_ends_in_time_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    read_end, write_end = os.pipe()
    try:
        watchdog = facts.Watchdog(fd=write_end)
        for tag in range(50):
            watchdog.disarm(watchdog.arm(30.0, tag))
        watchdog.close()
        os.write(write_end, b"end")
        assert os.read(read_end, 4096) == b"end"
    finally:
        os.close(read_end)
        os.close(write_end)


# -- the grader's own folders ------------------------------------------------------------------


def test_failure_reports_show_the_students_file_and_the_kit_relative_test_file(
    method_total: ExerciseResult,
) -> None:
    test = _test(method_total, "test_add_two_and_three")
    assert test.status is Status.FAILED
    assert test.detail.startswith("exercises/01_adder/test_adder.py:9: in test_add_two_and_three")
    assert "<module 'adder' from 'adder.py'>" in test.detail
    for result_test in method_total.tests:
        for text in (result_test.message, result_test.detail):
            assert "/grader-" not in text
            assert str(FAKE_ROOT) not in text
            assert str(KIT_ROOT) not in text
            assert str(GRADER_PARENT) not in text
            assert "site-packages" not in text


def test_the_scrubber_leaves_out_every_folder_of_the_grader(tmp_path: Path) -> None:
    workdir = tmp_path / "grader-03_pager-abc" / "student"
    scrub = PathScrubber.for_run(workdir=str(workdir), kit_root=KIT_ROOT)
    site_packages = next(p for p in sys.path if p.endswith("site-packages"))
    text = "\n".join(
        [
            f'File "{workdir}/pager.py", line 3, in start',
            f"{KIT_ROOT}/exercises/03_pager/test_pager.py:19: in test_x",
            f"{tmp_path / 'grader-03_pager-abc'}/trusted/tmp/x",
            f"{GRADER_PARENT}/grader/harness/net.py:10",
            f"{site_packages}/_pytest/python.py:5",
            "/tmp/grader-09_dynamic_class-zz9/student/factory.py:4",
        ]
    )
    assert scrub(text).splitlines() == [
        'File "pager.py", line 3, in start',
        "exercises/03_pager/test_pager.py:19: in test_x",
        "trusted/tmp/x",
        "grader/harness/net.py:10",
        "<site-packages>/_pytest/python.py:5",
        "factory.py:4",
    ]


# -- Chinese ---------------------------------------------------------------------------------


def test_every_engine_sentence_reads_in_chinese_and_english_stays_as_it_is() -> None:
    sentences = [
        messages.compared("`p.start`", {"kind": "method", "name": "Pager.start"}, "eq", "int"),
        messages.compared("", {"kind": "function", "name": "f"}, "lt", "float"),
        messages.compared("x", {"kind": "class", "name": "Pager"}, "eq", "str"),
        messages.compared("x", {"kind": "module", "name": "pager"}, "eq", "str"),
        messages.compared("x", {"kind": "instance", "name": "Pager", "base": ""}, "eq", "int"),
        messages.compared("x", {"kind": "object", "name": "generator"}, "eq", "list"),
        messages.truth("x", {"kind": "instance", "name": "Flag", "base": "int"}),
        messages.timed_out(5.0, "Pager(...).start", "getattr", "", ""),
        messages.timed_out(
            5.0, "Pager", "call", "", Said("timeout.where", file="pager.py", line=9, function="f")
        ),
        messages.timed_out(5.0, "Pager(...)", "unary", "len", ""),
        messages.timed_out(5.0, "", "binary", "eq", ""),
    ]
    assert sentences[8] == (
        "student code did not answer within 5 s: the call Pager(...) did not finish "
        "(it was running pager.py line 9, in f); its process was stopped"
    )
    for sentence in sentences:
        assert is_said(sentence), sentence
        assert say(sentence, "en") == sentence
        zh = say(sentence, "zh")
        assert zh != sentence
        # Only names and Python words stay in Latin letters.
        words = set(re.findall(r"[A-Za-z]{4,}", zh)) - {
            "start",
            "Pager",
            "property",
            "generator",
            "pager",
            "Flag",
            "float",
            "list",
            "dict",
        }
        assert not words, (sentence, zh)
