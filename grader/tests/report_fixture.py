"""One fixed report that every format is rendered from in the golden-file tests.

It holds every case a reader meets: passes, public failures with their report, hidden
failures, timeouts with their limit, a crash, a submission that does not import, a
grader error, a missing exercise, Unicode, hostile markup, and the head and tail kept of
10 MB of output. Volatile fields (times, version, hash) are fixed.

``REPORT_LATE`` is a submission graded with a submission time after the due date: 80%
credit by the course's schedule, 50% for 04_goods by a due date of its own.
"""

from __future__ import annotations

from pathlib import Path

from grader.course import Course, Exercise, Text
from grader.render.common import RenderOptions
from grader.results import (
    CapturedOutput,
    Containment,
    ExerciseResult,
    LateCredit,
    LateTiming,
    Reason,
    Report,
    Status,
    TestResult,
    Visibility,
)
from grader.said import Said
from grader.settings import Limits, Timeouts

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> | `` ** [a](http://e.vil) @all'
TEN_MB = 10 * 1024 * 1024


def _test(
    name: str,
    status: Status,
    visibility: Visibility,
    *,
    max_score: float = 2.0,
    message: str = "",
    detail: str = "",
    reason: Reason | None = None,
    time_limit_s: float | None = None,
) -> TestResult:
    return TestResult(
        name=name,
        nodeid=f"exercises/x/test_x.py::{name}",
        status=status,
        score=max_score if status is Status.PASSED else 0.0,
        max_score=max_score,
        visibility=visibility,
        message=message,
        detail=detail,
        duration_s=0.125,
        reason=reason,
        time_limit_s=time_limit_s,
    )


P, H = Visibility.PUBLIC, Visibility.HIDDEN
SECRET_OUTPUT = "Pager(current_page=3, per_items=7, total=40) SECRET-EXPECTED-6\n"
_HEAD = "page 1\n" * 300 + f"{HOSTILE}\n"
_TAIL = "page 9\n" * 300
BIG_OUTPUT = CapturedOutput(
    text=f"{_HEAD}\n[... {TEN_MB - 4200} bytes of output omitted ...]\n{_TAIL}",
    total_bytes=TEN_MB,
    truncated=True,
)

PAGER = ExerciseResult(
    id="03_pager",
    title="Properties: a pager",
    status=Status.FAILED,
    score=4.0,
    max_score=10.0,
    # Printed while hidden tests ran (they pass the student's code their inputs):
    # withheld from students unless hidden tests are shown in full.
    output=CapturedOutput(text=SECRET_OUTPUT, total_bytes=len(SECRET_OUTPUT)),
    tests=(
        _test("test_start_and_end", Status.PASSED, P),
        _test(
            "test_last_page_is_partial",
            Status.FAILED,
            P,
            message="assert 30 == 25\n  where 30 = Pager(3, 10, 25).end",
            detail=(
                "    def test_last_page_is_partial(student):\n"
                ">       assert pager.end == 25\n"
                "E       assert 30 == 25\n"
                f"E        +  where 30 = Pager(3, 10, 25).end  # {HOSTILE}"
            ),
            reason=Reason.ASSERTION,
        ),
        _test("test_total_pages[3-7-40-6]", Status.PASSED, H),  # inputs, expected value
        _test(
            "test_bool_is_rejected",
            Status.FAILED,
            H,
            message=Said("failure.assertion"),
            reason=Reason.ASSERTION,
        ),
        _test(
            "test_huge_total",
            Status.TIMEOUT,
            H,
            message=Said("engine.call_timeout", limit="5", request="call"),
            reason=Reason.CALL_TIMEOUT,
            time_limit_s=5.0,
        ),
    ),
)

GOODS = ExerciseResult(
    id="04_goods",
    title="A property with setter and deleter, two ways",
    status=Status.FAILED,
    score=6.0,
    max_score=10.0,
    ignored_files=("conftest.py",),
    tests=(
        _test("test_price_getter", Status.PASSED, P),
        _test("test_price_setter", Status.PASSED, P),
        _test(
            "test_discount_loop",
            Status.TIMEOUT,
            P,
            message=Said("engine.test_time_limit"),
            reason=Reason.TEST_TIMEOUT,
            time_limit_s=15.0,
        ),
        _test("test_deleter", Status.PASSED, H),
        _test(
            "test_del_twice",
            Status.ERROR,
            H,
            message=Said(
                "engine.ended_during_test",
                how=Said("engine.killed_at_limit", signal="SIGSEGV"),
            ),
            reason=Reason.CRASH,
        ),
    ),
)

FIELDS = ExerciseResult(
    id="01_fields",
    title="Fields: class attributes and instance attributes",
    status=Status.PASSED,
    score=10.0,
    max_score=10.0,
    output=BIG_OUTPUT,  # public tests only: what the program printed is shown
    tests=(
        _test("test_count_starts_at_zero", Status.PASSED, P, max_score=5.0),
        _test("test_省份_中文名", Status.PASSED, P, max_score=5.0),
    ),
)

PRIVATE = ExerciseResult(
    id="05_private",
    title="Private members",
    status=Status.ERROR,
    score=0.0,
    max_score=10.0,
    reason=Reason.CANNOT_IMPORT,
    import_errors=(
        Said(
            "import.cannot",
            module="account.py",
            why=f"SyntaxError: invalid syntax (line 3) {HOSTILE}",
        ),
    ),
)

METHODS = ExerciseResult(
    id="02_methods",
    title="Methods",
    status=Status.ERROR,
    score=0.0,
    max_score=10.0,
    reason=Reason.GRADER_ERROR,
    problems=(Said("engine.ended_abnormally", code=-9),),
    tests=(_test("test_from_fahrenheit", Status.FAILED, P, message=Said("engine.no_result")),),
)

SLICEABLE = ExerciseResult(
    id="07_sliceable",
    title="Sliceable",
    status=Status.SKIPPED,
    score=0.0,
    max_score=10.0,
    reason=Reason.NOT_SUBMITTED,
)

REPORT = Report(
    grader_version="0.1.0",
    course_id="python-day8",
    submission="alice-李雷.zip",
    submission_sha256="3" * 64,
    timestamp="2026-12-15T15:59:00+00:00",
    containment=Containment(tier="process", mechanisms=("rlimits", "own session")),
    exercises=(FIELDS, METHODS, PAGER, GOODS, PRIVATE, SLICEABLE),
)

# Raw 20/40; final 10 * 0.8 + 4 * 0.8 + 6 * 0.5 + 0 = 14.2.
REPORT_LATE = Report(
    grader_version="0.1.0",
    course_id="python-day8",
    submission="bob-韩梅梅.zip",
    submission_sha256="4" * 64,
    timestamp="2026-12-17T01:31:00+00:00",
    containment=Containment(tier="process", mechanisms=("rlimits", "own session")),
    exercises=(FIELDS, PAGER, GOODS, SLICEABLE),
    late=LateCredit(
        timing=LateTiming.LATE,
        credit=0.8,
        submitted_at="2026-12-17T09:30:00+08:00",
        credits=(0.8, 0.8, 0.5, 0.8),
    ),
)


def _exercise(result: ExerciseResult, hints: tuple[Text, ...] = ()) -> Exercise:
    return Exercise(
        id=result.id,
        title=Text(en=result.title, zh=f"{result.title}（中文）"),
        modules=("x.py",),
        points=result.max_score,
        timeouts=Timeouts(),
        limits=Limits(),
        hints=hints,
    )


COURSE = Course(
    id="python-day8",
    title=Text(en="Python Day 8", zh="Python之路 Day8"),
    root=Path("/nonexistent"),
    exercises=(
        _exercise(FIELDS),
        _exercise(METHODS, (Text(en="Use cls(...)", zh="用 cls(...)"),)),
        _exercise(
            PAGER,
            (
                Text(en="Clamp end with min(end, total).", zh="用 min(end, total) 截断 end。"),
                Text(en=f"Careful: {HOSTILE}", zh=f"小心：{HOSTILE}"),
            ),
        ),
        _exercise(GOODS, (Text(en="A loop needs an end.", zh="循环要有终点。"),)),
        _exercise(PRIVATE, (Text(en="Run python account.py first.", zh="先运行它。"),)),
        _exercise(SLICEABLE),
    ),
)


def options(lang: str = "en") -> RenderOptions:
    return RenderOptions.for_course(COURSE, lang)
