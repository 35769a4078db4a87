"""The engine's sentences of the runner, the records, the student process and the plugin
read in Chinese in a zh report (issue 11).

Each sentence is recorded in English, made from its ``grader.i18n`` entry; a zh report
shows it in Chinese through :func:`grader.render.localize.localized`. For each one:

* the English the entry makes is today's text, word for word (other code and tests
  match it), and the code that says it makes exactly that text;
* in Chinese no English word is left but the placeholders' values (names, bytes reprs,
  pytest's own text), and an engine sentence held in a placeholder reads in Chinese too;
* a message joining two sentences reads in Chinese as a whole.
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from grader.i18n import t
from grader.plugin.environments import RemoteEnvironment
from grader.plugin.recorder import classify, public_message
from grader.records import MAX_RECORD_BYTES, ResultRecords
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
from grader.remote.process import ProcessConfig, StudentProcess, _import_failure
from grader.remote.proxy import Remote, _exact, _RemoteIteration
from grader.render.localize import _PIECES, _SENTENCES, is_engine_sentence, localized

# Student data as it reaches these sentences: bytes reprs with spaces and quotes.
BYTES_REPR = 'b"it\'s a HELLO WORLD\\n"'
KILLED = "the student process was killed by SIGKILL (memory or CPU limit?)"
KILLED_ZH = "学生进程被 SIGKILL 终止（超出了内存或 CPU 限制？）"
# Code words the Chinese sentences keep as they are.
_CODE_WORDS = frozenset({"JSON", "each", "serve", "iter"})
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Case:
    key: str
    english: str  # today's text, written out
    values: dict[str, object] = field(default_factory=dict)
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
        {"problem": "the first message was not the start-up message"},
        chinese="学生进程发来了无效的回答：第一条消息不是启动消息",
    ),
    Case(
        "engine.invalid_answer",
        "the student process sent an invalid answer: answer to a request that was not asked",
        {"problem": "answer to a request that was not asked"},
    ),
    Case(
        "engine.invalid_answer",
        "the student process sent an invalid answer: import did not answer with a module handle",
        {"problem": "import did not answer with a module handle"},
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
        {"module": "pager.py", "why": "importing it did not finish in time"},
        kept=("module",),
        chinese="无法导入 pager.py：导入没有在时限内完成",
    ),
    Case(
        "import.cannot",
        "cannot import pager.py: pager.py line 12: SyntaxError: invalid syntax",
        {"module": "pager.py", "why": "pager.py line 12: SyntaxError: invalid syntax"},
        kept=("module",),
        chinese="无法导入 pager.py：pager.py 第 12 行：SyntaxError: invalid syntax",
        kept_text=("pager.py", "SyntaxError: invalid syntax"),
    ),
    Case(
        "import.cannot",
        f"cannot import upper_server.py: {KILLED}",
        {"module": "upper_server.py", "why": KILLED},
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
        {"how": KILLED},
        chinese=f"测试进行中学生进程结束了：{KILLED_ZH}",
        kept_text=("SIGKILL", "CPU"),
    ),
    Case(
        "engine.ended_during_test",
        "the student process ended during the test: the student process exited with "
        "status 3 (sys.exit or os._exit?)",
        {"how": "the student process exited with status 3 (sys.exit or os._exit?)"},
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
        {"problems": f"the student process did not start: {BYTES_REPR}"},
        chinese=f"评分程序错误：学生进程没有启动：{BYTES_REPR}",
        kept_text=(BYTES_REPR,),
    ),
    Case(
        "engine.records_tampered",
        "the result records were tampered with or corrupted: a record is not JSON",
        {"violations": "a record is not JSON"},
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
)


def _id(case: Case) -> str:
    return f"{case.key}:{case.english[:40]}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_the_entry_makes_todays_english(case: Case) -> None:
    assert t(case.key, "en", **case.values) == case.english


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_a_zh_report_leaves_no_english_but_the_values(case: Case) -> None:
    assert case.key in _SENTENCES
    chinese = localized(case.english, "zh")
    assert chinese != case.english
    if case.chinese:
        assert chinese == case.chinese
    rest = chinese
    for name in case.kept:
        value = str(case.values[name])
        assert value in rest, f"{name} changed: {chinese!r}"
        rest = rest.replace(value, " ", 1)
    for text in case.kept_text:
        assert text in rest, f"{text!r} changed: {chinese!r}"
        rest = rest.replace(text, " ", 1)
    left = set(_WORD.findall(rest)) - _CODE_WORDS
    assert not left, f"English left in {chinese!r}: {sorted(left)}"
    # The engine's own sentences name no input of a test: a hidden test may show them.
    assert is_engine_sentence(case.english)


def test_every_key_of_the_area_is_registered_once() -> None:
    keys = {case.key for case in CASES}
    keys |= {
        "engine.first_not_hello",
        "engine.unasked_answer",
        "engine.no_module_handle",
        "engine.import_too_slow",
    }
    pieces = {"engine.import_where"}
    assert keys <= set(_SENTENCES)
    assert pieces <= set(_PIECES)
    assert len(set(_SENTENCES)) == len(_SENTENCES)
    assert not (set(_SENTENCES) & set(_PIECES))
    for key in keys | pieces:
        assert t(key, "zh") != key, f"{key} has no entry"


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        (
            # What grader/runner.py says when the records cannot be trusted.
            "grader error: the result records were tampered with or corrupted: "
            "a record is not JSON; a 'test' record after the end of the run; "
            "an unexpected 'collected' record; the test process ended abnormally "
            "(exit status -9); student code may have killed it",
            "评分程序错误：结果记录被篡改或已损坏：有一条记录不是 JSON; "
            "运行结束之后又出现了 'test' 记录; 出现了意外的 'collected' 记录; "
            "测试进程异常结束（退出状态 -9）；可能是学生代码终止了它",
        ),
        (
            "grader error: the test process reported no collection; cannot collect "
            f"tests/x.py: E   {BYTES_REPR}\n--- test process log (tail) ---\nE   boom",
            "评分程序错误：测试进程没有报告收集到了哪些测试; 无法收集 "
            f"tests/x.py：E   {BYTES_REPR}\n--- 测试进程日志（末尾） ---\nE   boom",
        ),
        (
            f"the student process ended during the test: {KILLED}",
            f"测试进行中学生进程结束了：{KILLED_ZH}",
        ),
        (
            "cannot import pager.py: the student process sent an invalid answer: "
            "answer to a request that was not asked (missing: file_client.py)",
            "无法导入 pager.py：学生进程发来了无效的回答：收到了对一个并未发出的请求的回答"
            "（未提交：file_client.py）",
        ),
        (
            "ValueError: bad page\n--- in your code ---\n"
            '  File "pager.py", line 3, in page\n    raise ValueError("bad page")',
            "ValueError: bad page\n--- 在你的代码中 ---\n"
            '  File "pager.py", line 3, in page\n    raise ValueError("bad page")',
        ),
        (
            "StudentCodeError: the student process is not running",
            "StudentCodeError: 学生进程没有在运行",
        ),
        (
            # The first line of an exercise's message when another module is missing.
            "cannot import pager.py: importing it did not finish in time (missing: file_client.py)",
            "无法导入 pager.py：导入没有在时限内完成（未提交：file_client.py）",
        ),
        (
            "cannot import pager.py: pager.py line 12: SyntaxError: invalid syntax "
            "(missing: file_client.py)",
            "无法导入 pager.py：pager.py 第 12 行：SyntaxError: invalid syntax"
            "（未提交：file_client.py）",
        ),
        (
            "stopped after 120 s; 0/3 tests passed (missing: file_client.py)",
            "120 秒后被停止；通过 0/3 个测试（未提交：file_client.py）",
        ),
        (
            "student code returned a non-iterator from __iter__; "
            "student code returned a non-str from str()",
            "学生代码的 __iter__ 返回的不是迭代器; 学生代码的 str() 返回的不是 str",
        ),
    ],
)
def test_a_message_joining_sentences_reads_in_chinese_as_a_whole(
    english: str, chinese: str
) -> None:
    assert localized(english, "zh") == chinese
    assert localized(english, "en") == english


# -- the code says exactly the entries' English ----------------------------------------


def test_the_records_say_their_violations() -> None:
    records = ResultRecords()
    records.add(b"not json {")
    records.add(
        b'{"kind": "collected", "tests": [{"nodeid": "a", "name": "a", "path": "p", "weight": 1}]}'
    )
    records.add(b'{"kind": "collected", "tests": []}')
    records.add(b'{"kind": "finished"}')
    records.add(b'{"kind": "test"}')
    assert records.violations == [
        "a record is not JSON",
        "an unexpected 'collected' record",
        "a 'test' record after the end of the run",
    ]


def _excinfo(exc: BaseException) -> pytest.ExceptionInfo[BaseException]:
    try:
        raise exc
    except BaseException:
        return pytest.ExceptionInfo.from_current()


def test_the_recorder_says_the_entries() -> None:
    assert classify(_excinfo(ChildDied(KILLED))) == (
        "crash",
        f"the student process ended during the test: {KILLED}",
    )
    assert classify(_excinfo(TypeError("x"))) == ("test_error", "the test failed with TypeError")
    assert classify(_excinfo(AssertionError("x"))) == (
        "assertion",
        "a result did not match the specification",
    )
    raised = exception_from_wire(
        {"type": "PagerError", "message": "no", "module": "pager", "bases": ["ValueError"]}
    )
    assert classify(_excinfo(raised)) == ("student_exception", "your code raised PagerError")
    assert public_message(_excinfo(AssertionError())) == "assertion failed"
    raised.student_traceback = '  File "pager.py", line 3, in page'  # type: ignore[attr-defined]
    assert public_message(_excinfo(raised)) == (
        'PagerError: no\n--- in your code ---\n  File "pager.py", line 3, in page'
    )


def test_the_errors_say_the_entries() -> None:
    assert str(exception_from_wire(None)) == "malformed error description"
    assert str(exception_from_wire({"type": 3})) == "malformed error description"


def _process(tmp_path: Path) -> StudentProcess:
    return StudentProcess(ProcessConfig(workdir=tmp_path, allowed_modules=("pager",)))


def test_the_student_process_says_the_entries(tmp_path: Path) -> None:
    process = _process(tmp_path)
    with pytest.raises(CannotImport) as not_a_file:
        process.ensure_module("file_server")
    assert str(not_a_file.value) == "file_server.py is not a file of this exercise"
    with pytest.raises(StaleHandle) as restarted:
        process.request("call")
    assert str(restarted.value) == "the student process was restarted"

    ours, theirs = socket.socketpair()
    process._sock = ours
    process._ready = True
    with pytest.raises(ValueError) as not_sent:
        process.request("call", value=object())
    assert str(not_sent.value) == "cannot send to student code: a object is not JSON data"
    with pytest.raises(CallTimeout) as late:
        process._receive(1, 0.0, "start-up")
    assert str(late.value) == (
        "student code did not answer within 0 s (start-up); its process was stopped"
    )
    theirs.close()

    # A first message that is not the start-up message.
    ours, theirs = socket.socketpair()
    process._sock, process._ready = ours, False
    theirs.sendall(wire.dumps({"id": 0, "ok": "hi"}))
    with pytest.raises(ProtocolViolation) as invalid:
        process.request("call")
    assert str(invalid.value) == (
        "the student process sent an invalid answer: the first message was not the start-up message"
    )
    theirs.close()

    # A channel that closes before the start-up message: the process never started.
    ours, theirs = socket.socketpair()
    process._sock, process._ready = ours, False
    theirs.close()
    with pytest.raises(SandboxFailed) as never:
        process.request("call")
    assert str(never.value) == "the student process did not start: the student process is gone"


def test_an_import_failure_says_the_entries(tmp_path: Path) -> None:
    assert _import_failure("pager", CallTimeout("x"), tmp_path) == (
        "cannot import pager.py: importing it did not finish in time"
    )
    syntax = SyntaxError("invalid syntax (pager.py, line 12)")
    syntax.student_traceback = (  # type: ignore[attr-defined]
        '  File "pager.py", line 12\n    def page(self\n            ^\n'
        "SyntaxError: invalid syntax\n"
    )
    said = _import_failure("pager", syntax, tmp_path)
    assert (
        said.splitlines()[0]
        == "cannot import pager.py: pager.py line 12: SyntaxError: invalid syntax"
    )
    assert localized(said, "zh").splitlines()[0] == (
        "无法导入 pager.py：pager.py 第 12 行：SyntaxError: invalid syntax"
    )


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
    assert str(not_sent.value) == (
        "a object cannot be sent to student code (plain data or student objects only)"
    )
    with pytest.raises(ProtocolViolation) as invalid:
        remote.ask("call")
    assert str(invalid.value) == (
        "the student process sent an invalid value: bytes are not base64 text"
    )
    with pytest.raises(TypeError) as not_int:
        _exact("3", int, "len()")
    assert str(not_int.value) == "student code returned a non-int from len()"
    with pytest.raises(TypeError) as not_iterator:
        next(_RemoteIteration(3))
    assert str(not_iterator.value) == "student code returned a non-iterator from __iter__"
    stale = remote.proxy(7)
    remote.process.generation = 2
    with pytest.raises(StaleHandle) as old:
        stale._grader_handle()
    assert str(old.value) == (
        "this student object belongs to a student process that was restarted "
        "(after a crash or a timeout)"
    )


def test_the_environment_says_the_entries(tmp_path: Path) -> None:
    env = RemoteEnvironment(ProcessConfig(workdir=tmp_path, allowed_modules=("pager",)))
    with pytest.raises(TypeError) as foreign:
        env.each(object(), [])
    assert str(foreign.value) == "each() needs an object created by this test's student code"
    with pytest.raises(ValueError) as too_many:
        env.each(env._remote.proxy(1), [("len",)] * 1001)
    assert str(too_many.value) == "each(): at most 1000 operations at once"
    with pytest.raises(TypeError) as not_a_server:
        env.serve(object())
    assert str(not_a_server.value) == "serve() needs a server object created by student code"
    with pytest.raises(CannotImport) as not_a_file:
        env.start_program("file_client", [])
    assert str(not_a_file.value) == "file_client.py is not a file of this exercise"
    env.close()


def test_a_long_line_costs_linear_time_even_with_a_sentence_at_its_end() -> None:
    """A sentence that starts with its placeholder ("{module} is not a file...") must
    not make each position of a long line scan to its end."""
    long_line = "名" * 100_000 + " pager.py is not a file of this exercise"
    started = time.monotonic()
    chinese = localized(long_line, "zh")
    assert chinese.endswith(" pager.py 不是这个练习的文件")
    assert localized("名" * 100_000, "zh") == "名" * 100_000
    assert time.monotonic() - started < 10.0  # unbounded: minutes
