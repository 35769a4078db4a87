"""Turns pytest's reports into result records, one JSON line each.

Record kinds, in order: ``collected`` (the trusted collection, with weights), one
``test`` per test when its teardown ends, and ``finished``. The runner reads them from a
pipe that student processes never inherit; it trusts nothing else.
"""

from __future__ import annotations

import json
import os
import re
import site
import sys
import sysconfig
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from grader.harness.clients import NoAnswer
from grader.harness.net import ServerStoppedAnswering
from grader.i18n import t
from grader.paths import GRADER_PARENT
from grader.plugin.job import Job
from grader.remote.errors import (
    CallTimeout,
    CannotImport,
    ChildDied,
    NotPlainData,
    NotSubmitted,
    ProtocolViolation,
    StaleHandle,
)
from grader.results import Status

_TIMEOUT_MARK = "from pytest-timeout"
_DETAIL_CAP = 6000
_WITHOUT_DETAIL = frozenset({"import", "not_submitted"})


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
        return str(exc)  # "cannot import NAME.py (see above)": the why is said once
    name = getattr(exc, "remote_type", type(exc).__name__)
    text = getattr(exc, "message", None) if hasattr(exc, "remote_type") else str(exc)
    first = f"{name}: {text}" if text else name
    if isinstance(exc, AssertionError) and not getattr(exc, "from_student", False):
        first = str(exc).strip() or t("engine.assertion_failed", "en")
    student_tb = getattr(exc, "student_traceback", "")
    if student_tb:
        first += f"\n{t('engine.in_your_code', 'en')}\n" + student_tb.rstrip()
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
        return "timeout", t("engine.test_time_limit", "en")
    if isinstance(exc, NotSubmitted):
        return "not_submitted", str(exc)
    if isinstance(exc, CannotImport):
        return "import", str(exc)
    if isinstance(exc, ChildDied):
        return "crash", t("engine.ended_during_test", "en", how=exc)
    if isinstance(exc, ProtocolViolation | StaleHandle):
        return "crash", str(exc)
    if isinstance(exc, NotPlainData):
        return "not_plain", str(exc)
    if getattr(exc, "from_student", False):
        name = getattr(exc, "remote_type", type(exc).__name__)
        return "student_exception", t("failure.student_exception", "en", name=name)
    if isinstance(exc, AssertionError):
        return "assertion", t("failure.assertion", "en")
    return "test_error", t("engine.test_error", "en", name=type(exc).__name__)


@dataclass
class _Pending:
    status: Status = Status.PASSED
    kind: str = ""
    message: str = ""
    public_message: str = ""
    detail: str = ""
    duration: float = 0.0
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
    scrub: PathScrubber = field(default_factory=PathScrubber)

    def emit(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()

    # -- pytest hooks (the recorder is registered as a plugin object) ------------------
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        job_path = session.config.getoption("--grader-job", None)
        workdir = Job.load(Path(job_path)).workdir if job_path else None
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
        self.emit(
            {
                "kind": "collected",
                "tests": [
                    {
                        "nodeid": item.nodeid,
                        "name": item.name,
                        "path": str(item.path),
                        "weight": test_weight(item),
                        "show_ids": shows_ids(item),
                    }
                    for item in items
                ],
            }
        )

    def collect_error(self, nodeid: str, text: str) -> None:
        detail = self.scrub(text)[-_DETAIL_CAP:]
        self.emit({"kind": "collect_error", "nodeid": nodeid, "detail": detail})

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
            # The failure report of a module that cannot be imported (or was not
            # submitted) only repeats the grader's plumbing; its why is said once, in
            # the exercise's message.
            if kind not in _WITHOUT_DETAIL:
                # Cut again once the grader's paths are left out (they are long).
                state.detail = report.longreprtext[-2 * _DETAIL_CAP :]
            if kind == "timeout":
                state.status = Status.TIMEOUT
            elif kind == "not_submitted" or (report.when == "call" and kind != "import"):
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
                state.status, state.message = Status.ERROR, t("engine.never_ran", "en")
            self.emit(
                {
                    "kind": "test",
                    "nodeid": report.nodeid,
                    "status": state.status.value,
                    "failure": state.kind,
                    "message": self.scrub(state.message),
                    "public_message": self.scrub(state.public_message),
                    "detail": self.scrub(state.detail)[-_DETAIL_CAP:],
                    "duration_s": round(state.duration, 4),
                }
            )

    def finished(self, exitstatus: int, extra: dict[str, Any]) -> None:
        self.emit({"kind": "finished", "exitstatus": exitstatus, **extra})
