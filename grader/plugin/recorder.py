"""Turns pytest's reports into result records, one JSON line each.

Record kinds, in order: ``collected`` (the trusted collection, with weights), one
``test`` per test when its teardown ends, and ``finished``. The runner reads them from a
pipe that student processes never inherit; it trusts nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, Any

import pytest

from grader.harness.clients import NoAnswer
from grader.harness.net import ServerStoppedAnswering
from grader.remote.errors import (
    CallTimeout,
    CannotImport,
    ChildDied,
    NotPlainData,
    ProtocolViolation,
    StaleHandle,
)
from grader.results import Status

_TIMEOUT_MARK = "from pytest-timeout"
_DETAIL_CAP = 6000


def test_weight(item: pytest.Item) -> float:
    marker = item.get_closest_marker("points")
    if marker is None:
        return 1.0
    value = marker.args[0] if marker.args else marker.kwargs.get("value", 1)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise pytest.UsageError(f"{item.nodeid}: points marker needs a positive number")
    return float(value)


def public_message(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    """The failure in full, as a public test may show it."""
    exc = excinfo.value
    name = getattr(exc, "remote_type", type(exc).__name__)
    text = getattr(exc, "message", None) if hasattr(exc, "remote_type") else str(exc)
    first = f"{name}: {text}" if text else name
    if isinstance(exc, AssertionError) and not getattr(exc, "from_student", False):
        first = str(exc).strip() or "assertion failed"
    student_tb = getattr(exc, "student_traceback", "")
    if student_tb:
        first += "\n--- in your code ---\n" + student_tb.rstrip()
    return first[:_DETAIL_CAP]


def classify(excinfo: pytest.ExceptionInfo[BaseException]) -> tuple[str, str]:
    """(kind, student-safe message) for a failure; kinds drive status and wording."""
    exc = excinfo.value
    if isinstance(exc, CallTimeout):
        return "timeout", str(exc)
    if isinstance(exc, NoAnswer):
        return "timeout", exc.summary
    if isinstance(exc, ServerStoppedAnswering):
        return "timeout", exc.summary
    if _TIMEOUT_MARK in str(exc):
        return "timeout", "the test did not finish within its time limit"
    if isinstance(exc, CannotImport):
        return "import", str(exc)
    if isinstance(exc, ChildDied):
        return "crash", f"the student process ended during the test: {exc}"
    if isinstance(exc, ProtocolViolation | StaleHandle):
        return "crash", str(exc)
    if isinstance(exc, NotPlainData):
        return "not_plain", str(exc)
    if getattr(exc, "from_student", False):
        name = getattr(exc, "remote_type", type(exc).__name__)
        return "student_exception", f"your code raised {name}"
    if isinstance(exc, AssertionError):
        return "assertion", "a result did not match the specification"
    return "test_error", f"the test failed with {type(exc).__name__}"


@dataclass
class _Pending:
    status: Status = Status.PASSED
    kind: str = ""
    message: str = ""
    public_message: str = ""
    detail: str = ""
    duration: float = 0.0
    call_seen: bool = False


@dataclass(eq=False)  # registered as a pytest plugin, which must be hashable
class Recorder:
    stream: IO[str]
    pending: dict[str, _Pending] = field(default_factory=dict)

    def emit(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()

    # -- pytest hooks (the recorder is registered as a plugin object) ------------------
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collected(session.items)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_error(report.nodeid, report.longreprtext)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.report(report)

    # -- records ------------------------------------------------------------------
    def collected(self, items: list[pytest.Item]) -> None:
        self.emit(
            {
                "kind": "collected",
                "tests": [
                    {
                        "nodeid": item.nodeid,
                        "name": item.name,
                        "path": str(item.path),
                        "weight": test_weight(item),
                    }
                    for item in items
                ],
            }
        )

    def collect_error(self, nodeid: str, text: str) -> None:
        self.emit({"kind": "collect_error", "nodeid": nodeid, "detail": text[-_DETAIL_CAP:]})

    def report(self, report: pytest.TestReport) -> None:
        state = self.pending.setdefault(report.nodeid, _Pending())
        state.duration += report.duration
        if report.when == "call":
            state.call_seen = True
        kind = getattr(report, "grader_kind", "")
        message = getattr(report, "grader_message", "")
        if report.failed and state.status is Status.PASSED:
            state.kind, state.message = kind, message
            state.public_message = getattr(report, "grader_public_message", "")
            state.detail = report.longreprtext[-_DETAIL_CAP:]
            if kind == "timeout":
                state.status = Status.TIMEOUT
            elif report.when == "call" and kind != "import":
                state.status = Status.FAILED
            else:
                state.status = Status.ERROR
        elif report.skipped and state.status is Status.PASSED:
            state.status = Status.SKIPPED
            longrepr = report.longrepr
            state.message = str(longrepr[2]) if isinstance(longrepr, tuple) else "skipped"
        if report.when == "teardown":
            del self.pending[report.nodeid]
            if state.status is Status.PASSED and not state.call_seen:
                state.status, state.message = Status.ERROR, "the test never ran"
            self.emit(
                {
                    "kind": "test",
                    "nodeid": report.nodeid,
                    "status": state.status.value,
                    "failure": state.kind,
                    "message": state.message,
                    "public_message": state.public_message,
                    "detail": state.detail,
                    "duration_s": round(state.duration, 4),
                }
            )

    def finished(self, exitstatus: int, extra: dict[str, Any]) -> None:
        self.emit({"kind": "finished", "exitstatus": exitstatus, **extra})
