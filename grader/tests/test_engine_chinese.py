"""The engine's sentences of the runner, the records, the student process and the plugin
read in Chinese in a zh report (issue 11), kept as data until then (issue 12).

The engine says each sentence as a :class:`grader.said.Said`: its ``grader.i18n`` key
and the values of its placeholders, which may be other sentences. Its text is the
English sentence; :func:`grader.said.say` says it in Chinese. For each one:

* the English the entry makes is today's text, word for word (pytest's own report and
  logs show it), and the code that says it makes exactly that text, as a ``Said``;
* in Chinese no English word is left but the placeholders' values (names, bytes reprs,
  pytest's own text), and an engine sentence held in a placeholder reads in Chinese too;
* a message joining sentences and literal text reads in Chinese as a whole, and the
  literal text (the student's, a test's) is never translated, even when it reads like
  one of the engine's sentences;
* the sentences survive the records' JSON (:func:`grader.said.to_json` /
  :func:`grader.said.from_json`), which refuses what is not one of them.
"""

from __future__ import annotations

import json
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_timeout import PYTEST_FAILURE_MESSAGE  # type: ignore[import-untyped]

from grader.i18n import _MESSAGES, known, t
from grader.plugin.environments import RemoteEnvironment
from grader.plugin.recorder import classify, public_message
from grader.records import MAX_RECORD_BYTES, ResultRecords, TestRecord, decode, encode
from grader.remote import wire
from grader.remote.errors import (
    CallTimeout,
    CannotImport,
    ChildDied,
    ProtocolViolation,
    SandboxFailed,
    StaleHandle,
    exception_from_wire,
)
from grader.remote.import_errors import import_failure, not_submitted_message, see_above_message
from grader.remote.process import ProcessConfig, StudentProcess
from grader.remote.proxy import Remote, _exact, _RemoteIteration
from grader.results import Reason, Status
from grader.said import Message, Said, Value, from_json, is_said, joined, said_of, say, to_json
from grader.scoring import ProcessOutcome, _problems

# Student data as it reaches these sentences: bytes reprs with spaces and quotes.
BYTES_REPR = 'b"it\'s a HELLO WORLD\\n"'
KILLED = "the student process was killed by SIGKILL (memory or CPU limit?)"
KILLED_SAID = Said("engine.killed_at_limit", signal="SIGKILL")
KILLED_ZH = "学生进程被 SIGKILL 终止（超出了内存或 CPU 限制？）"
# Code words the Chinese sentences keep as they are.
_CODE_WORDS = frozenset({"JSON", "each", "serve", "iter"})
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Case:
    key: str
    english: str  # today's text, written out
    # The values as the code gives them: literal text, numbers, or the Said of another
    # engine sentence (which then reads in Chinese too).
    values: dict[str, Value] = field(default_factory=dict)
    # Placeholders whose values are student data or text the engine does not translate
    # (names, bytes reprs, pytest's own report): they stay as they are.
    kept: tuple[str, ...] = ()
    chinese: str = ""  # the whole Chinese sentence, where a test spells it out
    # Parts of a translated value that stay as they are (a file name, a signal's name,
    # Python's own message).
    kept_text: tuple[str, ...] = ()


CASES = (
    # grader/remote/process.py
    Case("engine.restarted", "the student process was restarted", chinese="学生进程已被重新启动"),
    Case(
        "engine.cannot_send",
        "cannot send to student code: a frozenset is not JSON data",
        {"problem": "a frozenset is not JSON data"},
        kept=("problem",),
    ),
    Case(
        "engine.did_not_start",
        f"the student process did not start: {BYTES_REPR} bwrap: No permissions",
        {"why": f"{BYTES_REPR} bwrap: No permissions"},
        kept=("why",),
        chinese=f"学生进程没有启动：{BYTES_REPR} bwrap: No permissions",
    ),
    Case(
        "engine.call_timeout",
        "student code did not answer within 2.5 s (start-up); its process was stopped",
        {"limit": "2.5", "request": "start-up"},
        kept=("request",),
        chinese="学生代码在 2.5 秒内没有响应（start-up）；它的进程已被停止",
    ),
    Case(
        "engine.invalid_answer",
        "the student process sent an invalid answer: unknown tag 'b x'",
        {"problem": "unknown tag 'b x'"},
        kept=("problem",),
    ),
    Case(
        "engine.invalid_answer",
        "the student process sent an invalid answer: the first message was not the "
        "start-up message",
        {"problem": Said("engine.first_not_hello")},
        chinese="学生进程发来了无效的回答：第一条消息不是启动消息",
    ),
    Case(
        "engine.invalid_answer",
        "the student process sent an invalid answer: answer to a request that was not asked",
        {"problem": Said("engine.unasked_answer")},
        chinese="学生进程发来了无效的回答：收到了对一个并未发出的请求的回答",
    ),
    Case(
        "engine.invalid_answer",
        "the student process sent an invalid answer: import did not answer with a module handle",
        {"problem": Said("engine.no_module_handle")},
    ),
    Case(
        "engine.not_exercise_file",
        "file_server.py is not a file of this exercise",
        {"module": "file_server.py"},
        kept=("module",),
        chinese="file_server.py 不是这个练习的文件",
    ),
    Case(
        "import.cannot",
        "cannot import pager.py: importing it did not finish in time",
        {"module": "pager.py", "why": Said("engine.import_too_slow")},
        kept=("module",),
        chinese="无法导入 pager.py：导入没有在时限内完成",
    ),
    Case(
        "import.cannot",
        "cannot import pager.py: pager.py line 12: SyntaxError: invalid syntax",
        {
            "module": "pager.py",
            "why": Said(
                "engine.import_where",
                file="pager.py",
                line="12",
                error="SyntaxError: invalid syntax",
            ),
        },
        kept=("module",),
        chinese="无法导入 pager.py：pager.py 第 12 行：SyntaxError: invalid syntax",
        kept_text=("pager.py", "SyntaxError: invalid syntax"),
    ),
    Case(
        "import.cannot",
        f"cannot import upper_server.py: {KILLED}",
        {"module": "upper_server.py", "why": KILLED_SAID},
        kept=("module",),
        chinese=f"无法导入 upper_server.py：{KILLED_ZH}",
        kept_text=("SIGKILL", "CPU"),
    ),
    # grader/remote/errors.py
    Case("engine.malformed_error", "malformed error description", chinese="错误描述的格式不正确"),
    # grader/remote/proxy.py
    Case(
        "engine.not_sendable",
        "a Widget cannot be sent to student code (plain data or student objects only)",
        {"type": "Widget"},
        kept=("type",),
        chinese="Widget 对象不能发送给学生代码（只能发送普通数据或学生对象）",
    ),
    Case(
        "engine.invalid_value",
        "the student process sent an invalid value: bytes are not base64 text",
        {"problem": "bytes are not base64 text"},
        kept=("problem",),
    ),
    Case(
        "engine.stale_object",
        "this student object belongs to a student process that was restarted "
        "(after a crash or a timeout)",
    ),
    Case(
        "engine.non_iterator",
        "student code returned a non-iterator from __iter__",
        chinese="学生代码的 __iter__ 返回的不是迭代器",
    ),
    Case(
        "engine.wrong_type",
        "student code returned a non-int from len()",
        {"kind": "int", "what": "len()"},
        kept=("kind", "what"),
        chinese="学生代码的 len() 返回的不是 int",
    ),
    # grader/plugin/recorder.py
    Case(
        "engine.ended_during_test",
        f"the student process ended during the test: {KILLED}",
        {"how": KILLED_SAID},
        chinese=f"测试进行中学生进程结束了：{KILLED_ZH}",
        kept_text=("SIGKILL", "CPU"),
    ),
    Case(
        "engine.ended_during_test",
        "the student process ended during the test: the student process exited with "
        "status 3 (sys.exit or os._exit?)",
        {"how": Said("engine.exited", code=3)},
        kept_text=("sys.exit", "os._exit"),
    ),
    Case(
        "failure.student_exception",
        "your code raised PagerError",
        {"name": "PagerError"},
        ("name",),
    ),
    Case("failure.assertion", "a result did not match the specification"),
    Case(
        "engine.test_error",
        "the test failed with TypeError",
        {"name": "TypeError"},
        kept=("name",),
        chinese="测试因 TypeError 而失败",
    ),
    Case("engine.assertion_failed", "assertion failed", chinese="断言失败"),
    Case("engine.in_your_code", "--- in your code ---", chinese="--- 在你的代码中 ---"),
    Case("engine.never_ran", "the test never ran"),
    # grader/plugin/__init__.py, grader/runner.py
    Case(
        "engine.grader_error",
        f"grader error: the student process did not start: {BYTES_REPR}",
        {"problems": Said("engine.did_not_start", why=BYTES_REPR)},
        chinese=f"评分程序错误：学生进程没有启动：{BYTES_REPR}",
        kept_text=(BYTES_REPR,),
    ),
    Case(
        "engine.records_tampered",
        "the result records were tampered with or corrupted: a record is not JSON",
        {"violations": joined("; ", [Said("engine.record_not_json")])},
        chinese="结果记录被篡改或已损坏：有一条记录不是 JSON",
    ),
    Case("engine.no_collection", "the test process reported no collection"),
    Case(
        "engine.cannot_collect",
        f"cannot collect tests/12_upper/test_x.py: E   assert {BYTES_REPR} == b'HI '",
        {"nodeid": "tests/12_upper/test_x.py", "detail": f"E   assert {BYTES_REPR} == b'HI '"},
        kept=("nodeid", "detail"),
        chinese=f"无法收集 tests/12_upper/test_x.py：E   assert {BYTES_REPR} == b'HI '",
    ),
    Case(
        "engine.ended_abnormally",
        "the test process ended abnormally (exit status -9); student code may have killed it",
        {"code": -9},
        chinese="测试进程异常结束（退出状态 -9）；可能是学生代码终止了它",
    ),
    Case("engine.log_tail", "--- test process log (tail) ---"),
    Case(
        "engine.stopped_after",
        "stopped after 120 s; 3/7 tests passed",
        {"limit": "120", "passed": 3, "total": 7},
        chinese="120 秒后被停止；通过 3/7 个测试",
    ),
    Case("engine.all_skipped", "all tests were skipped"),
    # grader/records.py
    Case("engine.record_not_json", "a record is not JSON"),
    Case(
        "engine.record_after_end",
        "a 'test' record after the end of the run",
        {"kind": "'test'"},
        kept=("kind",),
        chinese="运行结束之后又出现了 'test' 记录",
    ),
    Case(
        "engine.record_unexpected",
        "an unexpected 'collected' record",
        {"kind": "'collected'"},
        kept=("kind",),
    ),
    Case(
        "engine.records_too_big",
        f"more than {MAX_RECORD_BYTES} bytes of records",
        {"limit": MAX_RECORD_BYTES},
    ),
    # grader/plugin/environments.py
    Case("engine.each_needs_object", "each() needs an object created by this test's student code"),
    Case(
        "engine.each_too_many",
        "each(): at most 1000 operations at once",
        {"count": 1000},
        chinese="each()：一次最多 1000 个操作",
    ),
    Case("engine.each_bad_answer", "the student process answered each() with something else"),
    Case("engine.each_bad_outcome", "the student process sent a malformed outcome"),
    Case("engine.serve_needs_server", "serve() needs a server object created by student code"),
    Case("engine.not_running", "the student process is not running"),
    # Sentences of a test's end (grader/plugin/recorder.py, grader/scoring.py) and of
    # the student process's exit (grader/remote/process.py).
    Case(
        "engine.test_time_limit",
        "the test did not finish within its time limit",
        chinese="测试没有在它的时限内完成",
    ),
    Case(
        "engine.exercise_out_of_time",
        "the exercise ran out of time (60 s) before this test ended",
        {"limit": "60"},
        chinese="这个测试结束之前，整个练习已用完它的时间（60 秒）",
    ),
    Case("engine.no_result", "no result was recorded for this test"),
    Case(
        "engine.did_not_start",
        "the student process did not start: the student process is gone",
        {"why": Said("engine.process_gone")},
        chinese="学生进程没有启动：学生进程已经不在了",
    ),
    Case(
        "engine.ended_during_test",
        "the student process ended during the test: the student process closed its channel",
        {"how": Said("engine.channel_closed")},
    ),
    Case(
        "engine.ended_during_test",
        "the student process ended during the test: the student process was killed by SIGTERM",
        {"how": Said("engine.killed", signal="SIGTERM")},
        chinese="测试进行中学生进程结束了：学生进程被 SIGTERM 终止",
        kept_text=("SIGTERM",),
    ),
    Case(
        "import.not_submitted",
        "not submitted: file_client.py",
        {"module": "file_client.py"},
        kept=("module",),
        chinese="未提交：file_client.py",
    ),
    Case(
        "import.see_above",
        "cannot import pager.py (see above)",
        {"module": "pager.py"},
        kept=("module",),
        chinese="无法导入 pager.py（原因见上文）",
    ),
)


def _id(case: Case) -> str:
    return f"{case.key}:{case.english[:40]}"


def _keys(text: Value) -> set[str]:
    """The keys of every sentence in ``text``, nested ones too."""
    if isinstance(text, Said):
        return {text.key}.union(*(_keys(value) for _, value in text.values))
    if isinstance(text, Message):
        return set().union(*(_keys(part) for part in text.parts))
    return set()


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_the_entry_makes_todays_english(case: Case) -> None:
    assert t(case.key, "en", **case.values) == case.english
    said = Said(case.key, **case.values)
    assert said == case.english
    assert say(said, "en") == case.english


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_a_zh_report_leaves_no_english_but_the_values(case: Case) -> None:
    said = Said(case.key, **case.values)
    assert is_said(said)
    chinese = say(said, "zh")
    assert chinese != case.english
    if case.chinese:
        assert chinese == case.chinese
    rest = chinese
    for name in case.kept:
        value = str(case.values[name])
        assert not is_said(case.values[name])
        assert value in rest, f"{name} changed: {chinese!r}"
        rest = rest.replace(value, " ", 1)
    for text in case.kept_text:
        assert text in rest, f"{text!r} changed: {chinese!r}"
        rest = rest.replace(text, " ", 1)
    left = set(_WORD.findall(rest)) - _CODE_WORDS
    assert not left, f"English left in {chinese!r}: {sorted(left)}"


def test_every_sentence_of_the_area_has_a_case() -> None:
    covered = set().union(*(_keys(Said(case.key, **case.values)) for case in CASES))
    area = {key for key in _MESSAGES if key.startswith("engine.")}
    area |= {"import.cannot", "import.not_submitted", "import.see_above"}
    assert sorted(area - covered) == []
    for key in covered:
        assert known(key)
        assert t(key, "zh") != t(key, "en"), f"{key} has no Chinese"


@pytest.mark.parametrize(
    ("message", "english", "chinese"),
    [
        (
            # A grader error when the records cannot be trusted.
            Said(
                "engine.grader_error",
                problems=joined(
                    "; ",
                    [
                        Said(
                            "engine.records_tampered",
                            violations=joined(
                                "; ",
                                [
                                    Said("engine.record_not_json"),
                                    Said("engine.record_after_end", kind="'test'"),
                                    Said("engine.record_unexpected", kind="'collected'"),
                                ],
                            ),
                        ),
                        Said("engine.ended_abnormally", code=-9),
                    ],
                ),
            ),
            "grader error: the result records were tampered with or corrupted: "
            "a record is not JSON; a 'test' record after the end of the run; "
            "an unexpected 'collected' record; the test process ended abnormally "
            "(exit status -9); student code may have killed it",
            "评分程序错误：结果记录被篡改或已损坏：有一条记录不是 JSON; "
            "运行结束之后又出现了 'test' 记录; 出现了意外的 'collected' 记录; "
            "测试进程异常结束（退出状态 -9）；可能是学生代码终止了它",
        ),
        (
            Message(
                Said(
                    "engine.grader_error",
                    problems=joined(
                        "; ",
                        [
                            Said("engine.no_collection"),
                            Said(
                                "engine.cannot_collect",
                                nodeid="tests/x.py",
                                detail=f"E   {BYTES_REPR}",
                            ),
                        ],
                    ),
                ),
                "\n",
                Said("engine.log_tail"),
                "\nE   boom",
            ),
            "grader error: the test process reported no collection; cannot collect "
            f"tests/x.py: E   {BYTES_REPR}\n--- test process log (tail) ---\nE   boom",
            "评分程序错误：测试进程没有报告收集到了哪些测试; 无法收集 "
            f"tests/x.py：E   {BYTES_REPR}\n--- 测试进程日志（末尾） ---\nE   boom",
        ),
        (
            Said("engine.ended_during_test", how=KILLED_SAID),
            f"the student process ended during the test: {KILLED}",
            f"测试进行中学生进程结束了：{KILLED_ZH}",
        ),
        (
            Message(
                Said(
                    "import.cannot",
                    module="pager.py",
                    why=Said("engine.invalid_answer", problem=Said("engine.unasked_answer")),
                ),
                Said("import.missing", files="file_client.py"),
            ),
            "cannot import pager.py: the student process sent an invalid answer: "
            "answer to a request that was not asked (missing: file_client.py)",
            "无法导入 pager.py：学生进程发来了无效的回答：收到了对一个并未发出的请求的回答"
            "（未提交：file_client.py）",
        ),
        (
            Message(
                "ValueError: ",
                "bad page",
                "\n",
                Said("engine.in_your_code"),
                '\n  File "pager.py", line 3, in page\n    raise ValueError("bad page")',
            ),
            "ValueError: bad page\n--- in your code ---\n"
            '  File "pager.py", line 3, in page\n    raise ValueError("bad page")',
            "ValueError: bad page\n--- 在你的代码中 ---\n"
            '  File "pager.py", line 3, in page\n    raise ValueError("bad page")',
        ),
        (
            Message("StudentCodeError: ", Said("engine.not_running")),
            "StudentCodeError: the student process is not running",
            "StudentCodeError: 学生进程没有在运行",
        ),
        (
            # The first line of an exercise's message when another module is missing.
            Message(
                Said("import.cannot", module="pager.py", why=Said("engine.import_too_slow")),
                Said("import.missing", files="file_client.py"),
            ),
            "cannot import pager.py: importing it did not finish in time (missing: file_client.py)",
            "无法导入 pager.py：导入没有在时限内完成（未提交：file_client.py）",
        ),
        (
            Message(
                Said(
                    "import.cannot",
                    module="pager.py",
                    why=Said(
                        "engine.import_where",
                        file="pager.py",
                        line="12",
                        error="SyntaxError: invalid syntax",
                    ),
                ),
                Said("import.missing", files="file_client.py"),
            ),
            "cannot import pager.py: pager.py line 12: SyntaxError: invalid syntax "
            "(missing: file_client.py)",
            "无法导入 pager.py：pager.py 第 12 行：SyntaxError: invalid syntax"
            "（未提交：file_client.py）",
        ),
        (
            Message(
                Said("engine.stopped_after", limit="120", passed=0, total=3),
                Said("import.missing", files="file_client.py"),
            ),
            "stopped after 120 s; 0/3 tests passed (missing: file_client.py)",
            "120 秒后被停止；通过 0/3 个测试（未提交：file_client.py）",
        ),
        (
            joined(
                "; ",
                [
                    Said("engine.non_iterator"),
                    Said("engine.wrong_type", kind="str", what="str()"),
                ],
            ),
            "student code returned a non-iterator from __iter__; "
            "student code returned a non-str from str()",
            "学生代码的 __iter__ 返回的不是迭代器; 学生代码的 str() 返回的不是 str",
        ),
        (
            # Literal text that reads like an engine sentence (the student's output,
            # an exception's message) is the student's: it is never translated.
            Message(
                "PagerError: the student process is not running",
                "\n",
                Said("engine.in_your_code"),
                "\n    print('all tests were skipped')",
            ),
            "PagerError: the student process is not running\n--- in your code ---\n"
            "    print('all tests were skipped')",
            "PagerError: the student process is not running\n--- 在你的代码中 ---\n"
            "    print('all tests were skipped')",
        ),
    ],
)
def test_a_message_joining_sentences_reads_in_chinese_as_a_whole(
    message: str, english: str, chinese: str
) -> None:
    assert is_said(message)
    assert message == english
    assert say(message, "en") == english
    assert say(message, "zh") == chinese


def test_a_long_student_text_inside_a_sentence_is_kept_as_it_is() -> None:
    """Whatever the student's text holds (its length, words that read like one of the
    engine's sentences), a sentence shows it as it came, in either language."""
    student = "名" * 100_000 + " pager.py is not a file of this exercise"
    said = Said("engine.not_exercise_file", module=student)
    assert said == f"{student} is not a file of this exercise"
    assert say(said, "zh") == f"{student} 不是这个练习的文件"
    assert say(student, "zh") == student
    assert not is_said(student)
    assert say(Message(student, "\n", said), "zh") == f"{student}\n{student} 不是这个练习的文件"


# -- the code says exactly the entries' English, as sentences kept as data -----------------


def _zh(text: str) -> str:
    """``text`` in Chinese, once sure the code made it as sentences, not plain English."""
    assert is_said(text), f"said as plain text: {text!r}"
    return say(text, "zh")


def test_the_records_say_their_violations() -> None:
    records = ResultRecords()
    records.add(b"not json {")
    records.add(
        b'{"kind": "collected", "tests": [{"nodeid": "a", "name": "a", "path": "p", "weight": 1}]}'
    )
    records.add(b'{"kind": "collected", "tests": []}')
    records.add(b'{"kind": "finished", "exitstatus": 0}')
    records.add(b'{"kind": "test", "nodeid": "a", "status": "passed"}')
    assert records.violations == [
        "a record is not JSON",
        "an unexpected 'collected' record",
        "a 'test' record after the end of the run",
    ]
    assert [_zh(violation) for violation in records.violations] == [
        "有一条记录不是 JSON",
        "出现了意外的 'collected' 记录",
        "运行结束之后又出现了 'test' 记录",
    ]


def test_the_scoring_says_why_a_run_cannot_be_trusted() -> None:
    records = ResultRecords()
    records.add(b"not json {")
    records.add(
        json.dumps({"kind": "collect_error", "nodeid": "tests/x.py", "detail": f"E   {BYTES_REPR}"})
    )
    problems = _problems(records, ProcessOutcome(returncode=-9, wall_timeout=False))
    said = joined("; ", problems)
    assert said == (
        "the result records were tampered with or corrupted: a record is not JSON; "
        "the test process reported no collection; "
        f"cannot collect tests/x.py: E   {BYTES_REPR}; "
        "the test process ended abnormally (exit status -9); student code may have killed it"
    )
    assert all(is_said(problem) for problem in problems)
    assert _zh(said) == (
        "结果记录被篡改或已损坏：有一条记录不是 JSON; "
        "测试进程没有报告收集到了哪些测试; "
        f"无法收集 tests/x.py：E   {BYTES_REPR}; "
        "测试进程异常结束（退出状态 -9）；可能是学生代码终止了它"
    )


def _excinfo(exc: BaseException) -> pytest.ExceptionInfo[BaseException]:
    try:
        raise exc
    except BaseException:
        return pytest.ExceptionInfo.from_current()


def test_the_recorder_says_the_entries() -> None:
    def said(exc: BaseException) -> tuple[str, str, str]:
        outcome = classify(_excinfo(exc))
        return outcome.reason.value, outcome.message, _zh(outcome.message)

    assert said(ChildDied(KILLED_SAID)) == (
        "crash",
        f"the student process ended during the test: {KILLED}",
        f"测试进行中学生进程结束了：{KILLED_ZH}",
    )
    assert said(TypeError("x")) == (
        "test_error",
        "the test failed with TypeError",
        "测试因 TypeError 而失败",
    )
    assert said(AssertionError("x")) == (
        "assertion",
        "a result did not match the specification",
        "结果与规格说明不符",
    )
    assert said(pytest.fail.Exception(PYTEST_FAILURE_MESSAGE % "2.5")) == (
        "test_timeout",
        "the test did not finish within its time limit",
        "测试没有在它的时限内完成",
    )
    raised = exception_from_wire(
        {"type": "PagerError", "message": "no", "module": "pager", "bases": ["ValueError"]}
    )
    assert said(raised) == (
        "student_exception",
        "your code raised PagerError",
        "你的代码抛出了 PagerError",
    )
    failed = public_message(_excinfo(AssertionError()))
    assert (failed, _zh(failed)) == ("assertion failed", "断言失败")
    # A harness sentence raised as an assertion keeps its sentence.
    harness = public_message(_excinfo(AssertionError(Said("harness.program.not_running"))))
    assert (harness, _zh(harness)) == (
        "the student's program is not running",
        t("harness.program.not_running", "zh"),
    )
    raised.student_traceback = '  File "pager.py", line 3, in page'  # type: ignore[attr-defined]
    shown = public_message(_excinfo(raised))
    assert shown == 'PagerError: no\n--- in your code ---\n  File "pager.py", line 3, in page'
    assert _zh(shown) == 'PagerError: no\n--- 在你的代码中 ---\n  File "pager.py", line 3, in page'


def test_the_errors_say_the_entries() -> None:
    for err in (None, {"type": 3}):
        malformed = said_of(exception_from_wire(err))
        assert malformed == "malformed error description"
        assert _zh(malformed) == "错误描述的格式不正确"


def _process(tmp_path: Path) -> StudentProcess:
    return StudentProcess(ProcessConfig(workdir=tmp_path, allowed_modules=("pager",)))


def test_the_student_process_says_the_entries(tmp_path: Path) -> None:
    process = _process(tmp_path)
    with pytest.raises(CannotImport) as not_a_file:
        process.ensure_module("file_server")
    said = said_of(not_a_file.value)
    assert said == "file_server.py is not a file of this exercise"
    assert _zh(said) == "file_server.py 不是这个练习的文件"
    with pytest.raises(StaleHandle) as restarted:
        process.request("call")
    said = said_of(restarted.value)
    assert said == "the student process was restarted"
    assert _zh(said) == "学生进程已被重新启动"

    ours, theirs = socket.socketpair()
    process._sock = ours
    process._ready = True
    with pytest.raises(ValueError) as not_sent:
        process.request("call", value=object())
    said = said_of(not_sent.value)
    assert said == "cannot send to student code: a object is not JSON data"
    assert _zh(said) == "无法发送给学生代码：a object is not JSON data"
    with pytest.raises(CallTimeout) as late:
        process._receive(1, 0.0, "start-up")
    said = said_of(late.value)
    assert said == "student code did not answer within 0 s (start-up); its process was stopped"
    assert _zh(said) == "学生代码在 0 秒内没有响应（start-up）；它的进程已被停止"
    theirs.close()

    # A first message that is not the start-up message.
    ours, theirs = socket.socketpair()
    process._sock, process._ready = ours, False
    theirs.sendall(wire.dumps({"id": 0, "ok": "hi"}))
    with pytest.raises(ProtocolViolation) as invalid:
        process.request("call")
    said = said_of(invalid.value)
    assert said == (
        "the student process sent an invalid answer: the first message was not the start-up message"
    )
    assert _zh(said) == "学生进程发来了无效的回答：第一条消息不是启动消息"
    theirs.close()

    # A channel that closes before the start-up message: the process never started.
    ours, theirs = socket.socketpair()
    process._sock, process._ready = ours, False
    theirs.close()
    with pytest.raises(SandboxFailed) as never:
        process.request("call")
    said = said_of(never.value)
    assert said == "the student process did not start: the student process is gone"
    assert _zh(said) == "学生进程没有启动：学生进程已经不在了"

    # A channel that closes during a call: the process ended during the test.
    ours, theirs = socket.socketpair()
    process._sock, process._ready = ours, True
    theirs.shutdown(socket.SHUT_WR)
    with pytest.raises(ChildDied) as died:
        process.request("call")
    theirs.close()
    outcome = classify(_excinfo(died.value))
    assert outcome.reason is Reason.CRASH
    assert (
        outcome.message == "the student process ended during the test: the student process is gone"
    )
    assert _zh(outcome.message) == "测试进行中学生进程结束了：学生进程已经不在了"


def test_the_modules_not_there_say_the_entries() -> None:
    assert (not_submitted_message("pager"), _zh(not_submitted_message("pager"))) == (
        "not submitted: pager.py",
        "未提交：pager.py",
    )
    assert (see_above_message("pager"), _zh(see_above_message("pager"))) == (
        "cannot import pager.py (see above)",
        "无法导入 pager.py（原因见上文）",
    )


def test_an_import_failure_says_the_entries(tmp_path: Path) -> None:
    slow = import_failure("pager", CallTimeout("x"), tmp_path)
    assert slow == "cannot import pager.py: importing it did not finish in time"
    assert _zh(slow) == "无法导入 pager.py：导入没有在时限内完成"
    killed = import_failure("upper_server", ChildDied(KILLED_SAID), tmp_path)
    assert killed == f"cannot import upper_server.py: {KILLED}"
    assert _zh(killed) == f"无法导入 upper_server.py：{KILLED_ZH}"
    syntax = SyntaxError("invalid syntax (pager.py, line 12)")
    syntax.student_traceback = (  # type: ignore[attr-defined]
        '  File "pager.py", line 12\n    def page(self\n            ^\n'
        "SyntaxError: invalid syntax\n"
    )
    said = import_failure("pager", syntax, tmp_path)
    assert said.splitlines() == [
        "cannot import pager.py: pager.py line 12: SyntaxError: invalid syntax",
        "    def page(self",
        "            ^",
    ]
    assert _zh(said).splitlines() == [
        "无法导入 pager.py：pager.py 第 12 行：SyntaxError: invalid syntax",
        "    def page(self",
        "            ^",
    ]


class _Answers:
    """A student process that answers every request with ``answer``."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.generation = 1
        self.alive = True
        self.config = ProcessConfig(workdir=Path("."), allowed_modules=("pager",))
        self.killed = False

    def request(self, op: str, **fields: Any) -> Any:
        return self.answer

    def kill(self) -> None:
        self.killed = True


def test_the_proxies_say_the_entries() -> None:
    remote = Remote(_Answers({"B": "not base64!"}))  # type: ignore[arg-type]
    with pytest.raises(TypeError) as not_sent:
        remote.encode([1, object()])
    said = said_of(not_sent.value)
    assert said == "a object cannot be sent to student code (plain data or student objects only)"
    assert _zh(said) == "object 对象不能发送给学生代码（只能发送普通数据或学生对象）"
    with pytest.raises(ProtocolViolation) as invalid:
        remote.ask("call")
    said = said_of(invalid.value)
    assert said == "the student process sent an invalid value: bytes are not base64 text"
    assert _zh(said) == "学生进程发来了无效的值：bytes are not base64 text"
    with pytest.raises(TypeError) as not_int:
        _exact("3", int, "len()")
    said = said_of(not_int.value)
    assert said == "student code returned a non-int from len()"
    assert _zh(said) == "学生代码的 len() 返回的不是 int"
    with pytest.raises(TypeError) as not_iterator:
        next(_RemoteIteration(3))
    said = said_of(not_iterator.value)
    assert said == "student code returned a non-iterator from __iter__"
    assert _zh(said) == "学生代码的 __iter__ 返回的不是迭代器"
    stale = remote.proxy(7)
    remote.process.generation = 2
    with pytest.raises(StaleHandle) as old:
        stale._grader_handle()
    said = said_of(old.value)
    assert said == (
        "this student object belongs to a student process that was restarted "
        "(after a crash or a timeout)"
    )
    assert _zh(said) == "这个学生对象属于一个已被重新启动的学生进程（之前发生了崩溃或超时）"


def test_the_environment_says_the_entries(tmp_path: Path) -> None:
    env = RemoteEnvironment(ProcessConfig(workdir=tmp_path, allowed_modules=("pager",)))
    with pytest.raises(TypeError) as foreign:
        env.each(object(), [])
    said = said_of(foreign.value)
    assert said == "each() needs an object created by this test's student code"
    assert _zh(said) == "each() 需要本测试中由学生代码创建的对象"
    with pytest.raises(ValueError) as too_many:
        env.each(env._remote.proxy(1), [("len",)] * 1001)
    said = said_of(too_many.value)
    assert said == "each(): at most 1000 operations at once"
    assert _zh(said) == "each()：一次最多 1000 个操作"
    with pytest.raises(TypeError) as not_a_server:
        env.serve(object())
    said = said_of(not_a_server.value)
    assert said == "serve() needs a server object created by student code"
    assert _zh(said) == "serve() 需要由学生代码创建的服务器对象"
    with pytest.raises(CannotImport) as not_a_file:
        env.start_program("file_client", [])
    said = said_of(not_a_file.value)
    assert said == "file_client.py is not a file of this exercise"
    assert _zh(said) == "file_client.py 不是这个练习的文件"
    env.close()


# -- JSON ----------------------------------------------------------------------------------


def _nested(depth: int) -> Any:
    """``depth`` sentences, each held in the one before."""
    data: Any = "the student's text"
    for _ in range(depth):
        data = {"said": "engine.ended_during_test", "values": {"how": data}}
    return data


def test_the_sentences_survive_json_and_json_that_is_not_one_is_refused() -> None:
    message = Message(
        Said(
            "import.cannot",
            module="pager.py",
            why=Said("engine.invalid_answer", problem=Said("engine.unasked_answer")),
        ),
        "\n",
        Said("engine.in_your_code"),
        "\n    print('the test never ran')",
    )
    for text in (
        message,
        KILLED_SAID,
        Said("engine.stopped_after", limit="1.5", passed=0, total=3),
    ):
        back = from_json(json.loads(json.dumps(to_json(text))))
        assert type(back) is type(text)
        assert back == text
        assert say(back, "zh") == say(text, "zh") != say(text, "en")
        assert _keys(back) == _keys(text)
    assert from_json(to_json("plain text")) == "plain text"
    assert not is_said(from_json(to_json("plain text")))

    # Through the records the trusted pytest writes and the runner reads.
    record = TestRecord(
        nodeid="t",
        status=Status.FAILED,
        reason=Reason.CRASH,
        message=Said("engine.ended_during_test", how=KILLED_SAID),
        public_message=message,
    )
    decoded = decode(encode(record))
    assert isinstance(decoded, TestRecord)
    assert _zh(decoded.message) == f"测试进行中学生进程结束了：{KILLED_ZH}"
    assert _zh(decoded.public_message) == say(message, "zh")

    # What the real messages nest is well within the limit.
    assert say(from_json(_nested(4)), "zh").startswith("测试进行中学生进程结束了：" * 4)

    refused: list[Any] = [
        {"said": "engine.no_such_sentence", "values": {}},  # an unknown key
        {"said": 3, "values": {}},
        {"said": "engine.killed", "values": {"signal": ["SIGKILL"]}},  # not a text
        {"said": "engine.killed", "values": {"signal": None}},
        {"said": "engine.killed", "values": {"signal": True}},
        {"said": "engine.killed", "values": {"signal": {"parts": [3]}}},
        {"said": "engine.killed", "values": []},
        {"said": "engine.killed", "values": {"signal": "SIGKILL"}, "more": 1},
        {"parts": "not a list"},
        {"parts": [{"said": "engine.no_such_sentence", "values": {}}]},
        _nested(40),  # deeper than the limit
        _nested(10_000),  # refused before Python's own recursion limit
        _deep_parts(40),
        None,
        [],
    ]
    for data in refused:
        with pytest.raises(ValueError):
            from_json(data)

    # A record holding one is not a record: the run cannot be trusted.
    records = ResultRecords()
    records.add(
        b'{"kind": "collected", "tests": [{"nodeid": "t", "name": "t", "path": "p", "weight": 1}]}'
    )
    line = json.loads(encode(record))
    line["message"] = {"said": "engine.no_such_sentence", "values": {}}
    records.add(json.dumps(line))
    assert "t" not in records.tests
    assert records.violations == ["an unexpected 'test' record"]


def test_a_sentence_without_the_values_of_its_placeholders_is_refused() -> None:
    with pytest.raises(ValueError):
        from_json({"said": "engine.killed", "values": {}})
    with pytest.raises(KeyError):
        Said("engine.killed")  # never "{signal}" in a report


def _deep_parts(depth: int) -> Any:
    data: Any = "x"
    for _ in range(depth):
        data = {"parts": [data]}
    return data
