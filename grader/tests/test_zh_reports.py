"""A Chinese report of every reason has no English sentence left.

The failures are made by the engine's own code (the recorder's ``classify`` on the
exceptions the harness and the student process raise, the records, the scoring), so
what is checked is what a real grading produces, not a fixture's idea of it. Each
format is rendered in Chinese; once the names (tests, exercises, files, exceptions,
signals) and the student's own text are taken out, no English word may remain.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import jsonschema
import pytest
from pytest_timeout import PYTEST_FAILURE_MESSAGE  # type: ignore[import-untyped]

from grader.course import Course, Exercise, Text
from grader.harness.clients import NoAnswer
from grader.harness.dead import DeadServer, ServerStoppedAnswering
from grader.harness.transcript import Transcript
from grader.plugin.recorder import Outcome, classify
from grader.records import (
    Collected,
    CollectedTest,
    Finished,
    ResultRecords,
    TestRecord,
    encode,
)
from grader.remote import messages
from grader.remote.errors import (
    CallTimeout,
    ChildDied,
    NotPlainData,
    NotSubmitted,
    ProtocolViolation,
    remote_error_class,
)
from grader.remote.import_errors import not_submitted_message, see_above_message
from grader.render.common import RenderOptions
from grader.render.formats import FORMATS
from grader.render.json_report import load_schema
from grader.results import (
    Containment,
    ExerciseResult,
    HiddenDisplay,
    Reason,
    Report,
    Status,
    Visibility,
)
from grader.said import Said, is_said
from grader.scoring import Grading, ProcessOutcome, not_submitted, score_exercise
from grader.settings import Limits, Timeouts

KIT = Path("/kit")
# The student's own text in this report: no English in it, so any English word left in
# a Chinese report is the grader's.
STUDENT_TEXT = "页码不对：第 ３ 页"
NAMES = {
    # Exception, signal and file names, pytest's words in a failure report, the
    # harness's protocol words: code, kept as they are in every language.
    "PagerError",
    "ValueError",
    "TypeError",
    "NotImplementedError",
    "SIGSEGV",
    "SIGKILL",
    "Pager",
    "page",
    "pager",
    "pages",
    "py",
    "len",
    "assert",
    "def",
    "student",
    "LISTENING",
    "HELLO",
    "TCP",
    "JSON",
    "each",
    "serve",
    "iter",
    "property",
    "CPU",
    "SHA",  # SHA-256
    "zip",
    "namespaces",  # a containment tier's name
    "uid",
    # A Python traceback of the student's code, and a bytes repr (b'\xe9...').
    "File",
    "line",
    "in",
    "SyntaxError",
    "xa",
    "xb",
    "xe",
    "recv",  # what the test did, in this file
    "test",  # a record's kind (a grader error says which record was out of place)
}


def _excinfo(exc: BaseException) -> pytest.ExceptionInfo[BaseException]:
    try:
        raise exc
    except BaseException as raised:
        return pytest.ExceptionInfo.from_exception(raised)


def _student_error(name: str) -> BaseException:
    error = remote_error_class(name, ["ValueError"])(STUDENT_TEXT)
    error.from_student = True  # type: ignore[attr-defined]
    error.student_traceback = '  File "pager.py", line 3, in page'  # type: ignore[attr-defined]
    return error


def _pytest_timeout() -> BaseException:
    try:
        pytest.fail(PYTEST_FAILURE_MESSAGE % 15.0)
    except pytest.fail.Exception as exc:
        return exc
    raise AssertionError("unreachable")


def _no_answer() -> NoAnswer:
    transcript = Transcript()
    transcript.on_send(b"\xe9\xa1\xb5\n")
    reason = Said("harness.reason.no_reply", limit="2")
    message = transcript.failure(expected=repr(b"\xe9\xa1\xb5\n"), got=b"", reason=reason)
    return NoAnswer(
        message, limit_s=2.0, summary=transcript.says("harness.summary.no_answer", limit="2")
    )


def _stopped() -> ServerStoppedAnswering:
    problem = Said("harness.probe.silent", sent=repr(b"\xe9\n"), limit="1")
    dead = DeadServer(
        reason=Said("harness.dead.silent", test="test_echo", what="recv", problem=problem),
        summary=Said("harness.dead.summary_silent", limit="1"),
        limit_s=1.0,
    )
    return ServerStoppedAnswering(dead)


# What the code makes of each failure a test can end with.
FAILURES: dict[str, BaseException] = {
    "test_assertion": AssertionError("assert 3 == 4"),
    "test_raises": _student_error("PagerError"),
    "test_stub": _student_error("NotImplementedError"),
    "test_broken_test": TypeError(STUDENT_TEXT),
    "test_not_plain": NotPlainData(
        messages.compared("pager.page", {"kind": "method", "name": "Pager.page"}, "==", "3")
    ),
    "test_call_timeout": CallTimeout(
        messages.timed_out(
            2.0,
            "pager.page",
            "call",
            "",
            messages.stuck_at("[grader 4] 1.9 s @ pager.py:7 page\n", 4),
        ),
        limit_s=2.0,
    ),
    "test_no_answer": _no_answer(),
    "test_server_stopped": _stopped(),
    "test_test_timeout": _pytest_timeout(),
    "test_crash": ChildDied(Said("engine.killed_at_limit", signal="SIGSEGV")),
    "test_protocol": ProtocolViolation(
        Said("engine.invalid_answer", problem=Said("engine.unasked_answer"))
    ),
    "test_not_submitted": NotSubmitted(not_submitted_message("pages")),
}


def _record(nodeid: str, outcome: Outcome) -> TestRecord:
    status = Status.TIMEOUT if outcome.reason.is_timeout else Status.FAILED
    return TestRecord(
        nodeid=nodeid,
        status=status,
        reason=outcome.reason,
        message=outcome.message,
        public_message=outcome.public_message,
        detail="",
        time_limit_s=outcome.time_limit_s,
        exception_type=outcome.exception_type,
    )


def _exercise(exercise_id: str, modules: tuple[str, ...] = ("pager.py",)) -> Exercise:
    return Exercise(
        id=exercise_id,
        title=Text(en="Pager", zh="分页器"),
        modules=modules,
        points=10.0,
        timeouts=Timeouts(call=2.0, test=15.0, exercise=30.0),
        limits=Limits(),
    )


def _graded(
    exercise: Exercise, *records: object, outcome: ProcessOutcome, **grading: object
) -> ExerciseResult:
    read = ResultRecords()
    for record in records:
        read.add(encode(record))  # type: ignore[arg-type]
    settings = Grading(
        kit_root=KIT,
        hidden_root=KIT / "tests",
        hidden_display=HiddenDisplay.SUMMARY,
        hidden_run=True,
        **grading,  # type: ignore[arg-type]
    )
    return score_exercise(exercise=exercise, records=read, outcome=outcome, grading=settings)


def _every_reason() -> tuple[Report, Course]:
    fine = ProcessOutcome(returncode=1, wall_timeout=False)
    tests: list[CollectedTest] = []
    records: list[TestRecord] = []
    for visibility in ("exercises", "tests"):
        for name, exc in FAILURES.items():
            nodeid = f"{visibility}/{name}"
            tests.append(CollectedTest(nodeid, name, str(KIT / visibility / "03" / "t.py"), 1.0))
            records.append(_record(nodeid, classify(_excinfo(exc))))
    pager = _exercise("03_pager", ("pager.py", "pages.py"))
    failing = _graded(
        pager,
        Collected(tuple(tests)),
        *records,
        Finished(exitstatus=1),
        outcome=fine,
        missing_files=("pages.py",),
    )
    why = Said(
        "import.cannot",
        module="pager.py",
        why=Said(
            "engine.import_where", file="pager.py", line=3, error=f"SyntaxError: {STUDENT_TEXT}"
        ),
    )
    one = Collected((CollectedTest("exercises/t", "test_a", str(KIT / "exercises" / "t.py"), 1.0),))
    cannot = _graded(
        _exercise("04_import"),
        one,
        _record("exercises/t", classify(_excinfo(NotSubmitted(see_above_message("pager"))))),
        Finished(exitstatus=1, cannot_import=(("pager", why),), import_errors=(("pager", why),)),
        outcome=fine,
    )
    timed_out = _graded(_exercise("05_slow"), one, outcome=ProcessOutcome(-9, wall_timeout=True))
    tampered = _graded(
        _exercise("06_broken"),
        one,
        TestRecord("exercises/t", Status.PASSED),
        Finished(exitstatus=0),
        TestRecord("exercises/t", Status.PASSED),  # after the end
        outcome=ProcessOutcome(-9, wall_timeout=False, log_tail="——"),
    )
    skipped = _graded(
        _exercise("07_skip"),
        one,
        TestRecord("exercises/t", Status.SKIPPED, Reason.SKIPPED, "——"),
        Finished(exitstatus=0),
        outcome=fine,
    )
    absent = not_submitted(
        _exercise("08_absent"),
        Grading(KIT, KIT / "tests", HiddenDisplay.SUMMARY, hidden_run=True),
    )
    exercises = (failing, cannot, timed_out, tampered, skipped, absent)
    report = Report(
        grader_version="0.1.0",
        course_id="day8",
        submission="学生.zip",
        submission_sha256="0" * 64,
        timestamp="2026-12-07T00:00:00+00:00",
        containment=Containment(tier="namespaces+uid", mechanisms=()),
        exercises=exercises,
    )
    course = Course(
        id="day8",
        title=Text(en="Day 8", zh="第八天"),
        root=KIT,
        exercises=tuple(_exercise(e.id) for e in exercises),
        language="zh",
    )
    return report, course


def test_every_reason_is_made_and_kept_as_data() -> None:
    report, _ = _every_reason()
    reasons = {t.reason for e in report.exercises for t in e.tests} | {
        e.reason for e in report.exercises
    }
    assert reasons >= set(Reason) - {Reason.NEVER_RAN, Reason.NO_RESULT}
    for exercise in report.exercises:
        for test in exercise.tests:
            # A public test's own failure is its text (an assert, an exception's
            # message); every other message is the engine's, kept as data.
            own = test.visibility is Visibility.PUBLIC and test.reason in _OWN_TEXT
            if test.status is not Status.PASSED and test.reason is not Reason.SKIPPED and not own:
                assert is_said(test.message), (test.name, test.message)
        assert all(is_said(text) for text in exercise.problems + exercise.import_errors)


_OWN_TEXT = {Reason.ASSERTION, Reason.STUDENT_EXCEPTION, Reason.TEST_ERROR}


def _english_left(text: str, allowed: set[str]) -> list[str]:
    text = text.replace(STUDENT_TEXT, " ").replace("\\", "")  # markdown's escapes
    words = re.findall(r"[A-Za-z][A-Za-z_]+", text)
    return sorted({w for w in words if w not in allowed and not w.startswith("test_")})


def _shown_text(name: str, rendered: str) -> str:
    """What a reader sees of a format: its text, a page's visible text, a platform's
    messages (not the keys of its JSON or the markup of its XML)."""
    if name == "markdown":
        return re.sub(r"<br\s*/?>|```\w*", " ", rendered)  # line breaks, code fences
    if name == "html":
        body = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", rendered)
        return html.unescape(re.sub(r"<[^>]+>", " ", body))
    if name in {"gradescope", "github-classroom", "prairielearn", "exercism", "json"}:
        found: list[str] = []

        def walk(value: object, key: str = "") -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, k)
            elif isinstance(value, list):
                for v in value:
                    walk(v, key)
            elif isinstance(value, str) and key in {"output", "message", "name", "errors"}:
                found.append(value)

        walk(json.loads(rendered))
        return "\n".join(found)
    if name == "junit":
        return " ".join(re.findall(r'message="([^"]*)"', rendered)) + " ".join(
            re.findall(r">([^<]+)<", rendered)
        )
    return rendered


# Formats whose readers read Chinese (json, junit and csv are for machines and keep the
# engine's English: the JSON schema says its messages are English).
ZH_FORMATS = (
    "text",
    "html",
    "markdown",
    "gradescope",
    "github-classroom",
    "prairielearn",
    "exercism",
)


@pytest.mark.parametrize("name", ZH_FORMATS)
@pytest.mark.parametrize("mode", [HiddenDisplay.SUMMARY, HiddenDisplay.FULL, HiddenDisplay.NONE])
def test_a_chinese_report_of_every_reason_has_no_english_left(
    name: str, mode: HiddenDisplay
) -> None:
    report, course = _every_reason()
    course = dataclasses.replace(
        course, reports=dataclasses.replace(course.reports, hidden_display=mode)
    )
    rendered = FORMATS[name].render(report, RenderOptions.for_course(course, "zh"))
    allowed = NAMES | {"day8"} | {e.id.split("_", 1)[1] for e in report.exercises}
    assert _english_left(_shown_text(name, rendered), allowed) == []


def test_the_english_report_still_says_it_in_english() -> None:
    report, course = _every_reason()
    options = RenderOptions.for_course(course, "en")
    data = json.loads(FORMATS["json"].render(report, options))
    messages = [t["message"] for e in data["exercises"] for t in e["tests"]]
    assert "the student process ended during the test: " in "\n".join(messages)
    assert any(m.startswith("student code did not answer within 2 s") for m in messages)
    text = FORMATS["text"].render(report, options)
    for chinese in (STUDENT_TEXT, "学生", "分页器"):
        text = text.replace(chinese, "")
    assert re.search(r"[\u4e00-\u9fff]", text) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(FORMATS))
def test_every_reason_goes_through_every_format(name: str, lang: str) -> None:
    report, course = _every_reason()
    rendered = FORMATS[name].render(report, RenderOptions.for_course(course, lang))
    assert rendered.strip()
    if name == "json":
        data = json.loads(rendered)
        jsonschema.validate(data, load_schema())
        reasons = {t.get("reason") for e in data["exercises"] for t in e["tests"]}
        reasons |= {e.get("reason") for e in data["exercises"]}
        expected = {r.value for r in Reason} - {Reason.NEVER_RAN.value, Reason.NO_RESULT.value}
        assert expected <= reasons
