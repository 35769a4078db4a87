"""Turns pytest's reports into result records (grader/records.py), one JSON line each.

Records, in order: the trusted collection (with weights), one test record per test when
its teardown ends (its status and typed reason), and the end of the run. The runner
reads them from a pipe that student processes never inherit; it trusts nothing else.
"""

from __future__ import annotations

import io
import os
import re
import site
import sys
import sysconfig
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from pytest_timeout import PYTEST_FAILURE_MESSAGE  # type: ignore[import-untyped]

from grader.bootstrap import GRADER_PARENT
from grader.harness.clients import NoAnswer
from grader.harness.dead import ServerStoppedAnswering
from grader.plugin.job import Job
from grader.records import (
    Collected,
    CollectedTest,
    CollectError,
    Finished,
    Record,
    TestRecord,
    encode,
)
from grader.remote.errors import (
    CallTimeout,
    CannotImport,
    ChildDied,
    NotPlainData,
    NotSubmitted,
    ProtocolViolation,
    StaleHandle,
)
from grader.results import Reason, Status
from grader.said import Message, Said, capped, is_said, map_literals, said_of

_DETAIL_CAP = 6000
_WITHOUT_DETAIL = frozenset({Reason.CANNOT_IMPORT, Reason.NOT_SUBMITTED})
# pytest-timeout's failure, from its own exported message ("Timeout (>%ss) from ...").
_TIMEOUT_FAILURE = re.compile(
    r"([0-9.]+)".join(re.escape(part) for part in PYTEST_FAILURE_MESSAGE.split("%s"))
)


@dataclass(frozen=True)
class PathScrubber:
    """Leaves the grader's own folders out of what students read: the grading's working
    folder (their file is ``pager.py``), the kit (``exercises/03_pager/test_pager.py``),
    the grader's package (``grader/...``) and the Python installation
    (``<site-packages>/...``, ``<python>/...``)."""

    prefixes: tuple[tuple[str, str], ...] = ()
    # Any grading folder (``/tmp/grader-03_pager-x1y2/student/``), whoever's it is.
    pattern: re.Pattern[str] = re.compile(
        re.escape(tempfile.gettempdir().rstrip(os.sep) + os.sep)
        + r"grader-[^\s/'\"]+/(?:student/|trusted/)?"
    )

    @classmethod
    def for_run(cls, *, workdir: str | None, kit_root: Path | None) -> PathScrubber:
        found: list[tuple[str, str]] = []

        def add(paths: Iterable[object], replacement: str) -> None:
            for path in paths:
                if isinstance(path, str | Path) and str(path) not in ("", os.sep):
                    for form in (str(path), os.path.realpath(path)):
                        found.append((form.rstrip(os.sep) + os.sep, replacement))

        if workdir:
            add([workdir, Path(workdir).parent], "")
        if kit_root is not None:
            add([kit_root], "")
        add([GRADER_PARENT], "")
        config = sysconfig.get_paths()
        sites = [config.get("purelib"), config.get("platlib"), *_site_packages()]
        add(sites, "<site-packages>" + os.sep)
        add([config.get("stdlib"), config.get("platstdlib")], "<python>" + os.sep)
        add([sys.prefix, sys.base_prefix, sys.exec_prefix], "<python>" + os.sep)
        # Longest first: a folder inside another one is replaced as itself.
        ordered = sorted(dict(found).items(), key=lambda pair: -len(pair[0]))
        return cls(prefixes=tuple(ordered))

    def __call__(self, text: str) -> str:
        for prefix, replacement in self.prefixes:
            text = text.replace(prefix, replacement)
        return self.pattern.sub("", text)


def _site_packages() -> list[str]:
    try:
        return [*site.getsitepackages(), site.getusersitepackages()]
    except AttributeError:  # a virtual environment's old site module
        return []


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
    if isinstance(exc, CannotImport):
        return said_of(exc)  # "cannot import NAME.py (see above)": the why is said once
    name = getattr(exc, "remote_type", type(exc).__name__)
    text = str(getattr(exc, "message", "")) if hasattr(exc, "remote_type") else said_of(exc)
    first: str = Message(f"{name}: ", text) if text else name
    if is_said(text) and not getattr(exc, "from_student", False):
        first = text  # the grader's own sentence: its class name says nothing more
    if isinstance(exc, AssertionError) and not getattr(exc, "from_student", False):
        said = said_of(exc)
        first = (said if said.strip() == said else said.strip()) or Said("engine.assertion_failed")
    student_tb = getattr(exc, "student_traceback", "")
    if student_tb:
        first = Message(first, "\n", Said("engine.in_your_code"), "\n" + student_tb.rstrip())
    return capped(first, _DETAIL_CAP)


@dataclass(frozen=True)
class Outcome:
    """Why a phase of a test failed, as the trusted pytest saw it."""

    reason: Reason
    message: str  # what a hidden test may say
    public_message: str = ""  # the failure in full, for a public test
    time_limit_s: float | None = None
    exception_type: str = ""


def _timeout_limit(exc: BaseException) -> float | None:
    """pytest-timeout's limit, when ``exc`` is its failure (its exported message, made
    by the trusted side: student code runs in another process and cannot raise it)."""
    if not isinstance(exc, pytest.fail.Exception) or getattr(exc, "from_student", False):
        return None
    found = _TIMEOUT_FAILURE.fullmatch(str(exc))
    return float(found.group(1)) if found else None


def classify(excinfo: pytest.ExceptionInfo[BaseException]) -> Outcome:
    """The reason of a failure, with the details it has and a student-safe message."""
    exc = excinfo.value
    shown = public_message(excinfo)
    if isinstance(exc, CallTimeout):
        return Outcome(Reason.CALL_TIMEOUT, said_of(exc), shown, exc.limit_s)
    if isinstance(exc, NoAnswer):
        return Outcome(Reason.NO_ANSWER, exc.summary, shown, exc.limit_s)
    if isinstance(exc, ServerStoppedAnswering):
        return Outcome(Reason.SERVER_STOPPED, exc.summary, shown, exc.limit_s)
    limit = _timeout_limit(exc)
    if limit is not None:
        message = Said("engine.test_time_limit")
        return Outcome(Reason.TEST_TIMEOUT, message, message, limit)
    if isinstance(exc, NotSubmitted):
        return Outcome(Reason.NOT_SUBMITTED, said_of(exc), shown)
    if isinstance(exc, CannotImport):
        return Outcome(Reason.CANNOT_IMPORT, said_of(exc), shown)
    if isinstance(exc, ChildDied):
        return Outcome(Reason.CRASH, Said("engine.ended_during_test", how=said_of(exc)), shown)
    if isinstance(exc, ProtocolViolation | StaleHandle):
        return Outcome(Reason.CRASH, said_of(exc), shown)
    if isinstance(exc, NotPlainData):
        return Outcome(Reason.NOT_PLAIN, said_of(exc), shown)
    if getattr(exc, "from_student", False):
        name = str(getattr(exc, "remote_type", type(exc).__name__))
        message = Said("failure.student_exception", name=name)
        return Outcome(Reason.STUDENT_EXCEPTION, message, shown, exception_type=name)
    # A failed check: an assert, or pytest.fail / pytest.raises that saw no exception.
    if isinstance(exc, AssertionError | pytest.fail.Exception):
        return Outcome(Reason.ASSERTION, Said("failure.assertion"), shown)
    name = type(exc).__name__
    return Outcome(Reason.TEST_ERROR, Said("engine.test_error", name=name), shown)


@dataclass
class _Pending:
    status: Status = Status.PASSED
    reason: Reason | None = None
    message: str = ""
    public_message: str = ""
    detail: str = ""
    duration: float = 0.0
    time_limit_s: float | None = None
    exception_type: str = ""
    call_seen: bool = False


def shows_ids(item: pytest.Item) -> bool:
    """Whether a hidden test may show its parametrize id (``pytest.mark.show_ids`` on
    the test, its class or the file's ``pytestmark``): the ids are only names of inputs
    the specification itself gives, never hidden inputs or expected values."""
    return item.get_closest_marker("show_ids") is not None


@dataclass(eq=False)  # registered as a pytest plugin, which must be hashable
class Recorder:
    stream: IO[str]
    pending: dict[str, _Pending] = field(default_factory=dict)
    # Each failed phase's outcome, from pytest_runtest_makereport until its report is
    # logged: (nodeid, phase) -> outcome.
    outcomes: dict[tuple[str, str], Outcome] = field(default_factory=dict)
    scrub: PathScrubber = field(default_factory=PathScrubber)

    def emit(self, record: Record) -> None:
        self.stream.write(encode(record))
        self.stream.flush()

    def bind(self, stream: IO[str], *, workdir: str, kit_root: Path) -> None:
        """A zygote's job: write here from now on, after what was recorded before the
        job (collection), with the job's folder left out of what it records."""
        earlier = self.stream.getvalue() if isinstance(self.stream, io.StringIO) else ""
        self.stream = stream
        self.scrub = PathScrubber.for_run(workdir=workdir, kit_root=kit_root)
        self.stream.write(earlier)
        self.stream.flush()

    def classified(self, nodeid: str, when: str, outcome: Outcome) -> None:
        self.outcomes[(nodeid, when)] = outcome

    # -- pytest hooks (the recorder is registered as a plugin object) ------------------
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        job_path = session.config.getoption("--grader-job", None)
        workdir = str(Job.load(Path(job_path)).process.workdir) if job_path else None
        self.scrub = PathScrubber.for_run(workdir=workdir, kit_root=session.config.rootpath)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collected(session.items)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_error(report.nodeid, report.longreprtext)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.report(report)

    # -- records ------------------------------------------------------------------
    def collected(self, items: list[pytest.Item]) -> None:
        tests = tuple(
            CollectedTest(
                nodeid=item.nodeid,
                name=item.name,
                path=str(item.path),
                weight=test_weight(item),
                show_ids=shows_ids(item),
            )
            for item in items
        )
        self.emit(Collected(tests))

    def collect_error(self, nodeid: str, text: str) -> None:
        self.emit(CollectError(nodeid, self.scrub(text)[-_DETAIL_CAP:]))

    def report(self, report: pytest.TestReport) -> None:
        state = self.pending.setdefault(report.nodeid, _Pending())
        state.duration += report.duration
        if report.when == "call":
            state.call_seen = True
        outcome = self.outcomes.pop((report.nodeid, report.when), None)
        if report.failed and state.status is Status.PASSED:
            if outcome is None:  # failed without an exception (e.g. a strict xpass)
                outcome = Outcome(Reason.TEST_ERROR, "")
            state.reason, state.message = outcome.reason, outcome.message
            state.public_message = outcome.public_message
            state.time_limit_s = outcome.time_limit_s
            state.exception_type = outcome.exception_type
            # The failure report of a module that cannot be imported (or was not
            # submitted) only repeats the grader's plumbing; its why is said once, in
            # the exercise's message.
            if outcome.reason not in _WITHOUT_DETAIL:
                # Cut again once the grader's paths are left out (they are long).
                state.detail = report.longreprtext[-2 * _DETAIL_CAP :]
            state.status = _status(outcome.reason, report.when)
        elif report.skipped and state.status is Status.PASSED:
            state.status, state.reason = Status.SKIPPED, Reason.SKIPPED
            longrepr = report.longrepr
            state.message = str(longrepr[2]) if isinstance(longrepr, tuple) else "skipped"
        if report.when == "teardown":
            del self.pending[report.nodeid]
            if state.status is Status.PASSED and not state.call_seen:
                state.status, state.reason = Status.ERROR, Reason.NEVER_RAN
                state.message = Said("engine.never_ran")
            self.emit(
                TestRecord(
                    nodeid=report.nodeid,
                    status=state.status,
                    reason=state.reason,
                    message=map_literals(state.message, self.scrub),
                    public_message=map_literals(state.public_message, self.scrub),
                    detail=self.scrub(state.detail)[-_DETAIL_CAP:],
                    duration_s=round(state.duration, 4),
                    time_limit_s=state.time_limit_s,
                    exception_type=state.exception_type,
                )
            )

    def finished(self, record: Finished) -> None:
        self.emit(record)


def _status(reason: Reason, when: str) -> Status:
    """A timeout is a timeout; a failed check, or a module not submitted, fails the
    test; anything else (an import that fails, a broken set-up) is an error."""
    if reason.is_timeout:
        return Status.TIMEOUT
    if reason is Reason.NOT_SUBMITTED or (when == "call" and reason is not Reason.CANNOT_IMPORT):
        return Status.FAILED
    return Status.ERROR
