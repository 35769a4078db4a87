"""The result records of one exercise run: their types, their one-line JSON form, and
the reader that trusts nothing by default.

The trusted pytest writes (grader/plugin/recorder.py), in this order: one
:class:`Collected` (before any student code runs), :class:`CollectError` records only
before it, one :class:`TestRecord` per collected test, and one :class:`Finished`. The
runner reads them (:class:`ResultRecords`) from a pipe that only the trusted pytest holds.
Anything else (a second collection, a test that was not collected or is reported twice,
a record after ``finished``, a field of the wrong type, bad JSON) is a violation: the run
cannot be trusted and the exercise becomes a grader error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from grader.results import Reason, Status
from grader.said import Said, from_json, said_of, to_json

MAX_RECORD_BYTES = 64 * 1024 * 1024


class RecordError(ValueError):
    """A line that is not a well-formed record."""


@dataclass(frozen=True)
class CollectedTest:
    nodeid: str
    name: str
    path: str
    weight: float
    # A hidden test whose parametrize ids may be shown (``pytest.mark.show_ids``).
    show_ids: bool = False


@dataclass(frozen=True)
class Collected:
    tests: tuple[CollectedTest, ...]


@dataclass(frozen=True)
class CollectError:
    nodeid: str
    detail: str


@dataclass(frozen=True)
class TestRecord:
    __test__ = False  # not a pytest test class

    nodeid: str
    status: Status
    reason: Reason | None = None
    message: str = ""  # what a hidden test may say
    public_message: str = ""  # the failure in full, as a public test shows it
    detail: str = ""  # pytest's failure report
    duration_s: float = 0.0
    time_limit_s: float | None = None  # a timeout's limit that ran out
    exception_type: str = ""  # the student's exception, for STUDENT_EXCEPTION


@dataclass(frozen=True)
class Finished:
    exitstatus: int
    output: str = ""
    output_bytes: int = 0
    output_truncated: bool = False
    # module -> why, in the order they happened: given up on (cannot import), and
    # every failed import.
    cannot_import: tuple[tuple[str, str], ...] = ()
    import_errors: tuple[tuple[str, str], ...] = ()
    process_starts: int = 0


Record = Collected | CollectError | TestRecord | Finished
_KINDS: dict[type[Record], str] = {
    Collected: "collected",
    CollectError: "collect_error",
    TestRecord: "test",
    Finished: "finished",
}


def encode(record: Record) -> str:
    """One JSON line (with its newline)."""
    data: dict[str, Any] = {"kind": _KINDS[type(record)], **vars(record)}
    if isinstance(record, Collected):
        data["tests"] = [vars(test) for test in record.tests]
    elif isinstance(record, TestRecord):
        data["status"] = record.status.value
        data["reason"] = None if record.reason is None else record.reason.value
        data["message"] = to_json(record.message)
        data["public_message"] = to_json(record.public_message)
    elif isinstance(record, Finished):
        data["cannot_import"] = {k: to_json(v) for k, v in record.cannot_import}
        data["import_errors"] = {k: to_json(v) for k, v in record.import_errors}
    return json.dumps(data, ensure_ascii=False) + "\n"


def decode(line: bytes | str) -> Record:
    """The record of one line; :class:`RecordError` for anything else."""
    try:
        data = json.loads(line)
    except ValueError:
        raise RecordError(Said("engine.record_not_json")) from None
    kind = data.get("kind") if type(data) is dict else None
    try:
        if kind == "collected":
            return Collected(tuple(_collected_test(test) for test in _list(data, "tests")))
        if kind == "collect_error":
            return CollectError(_str(data, "nodeid"), _str(data, "detail"))
        if kind == "test":
            reason = data.get("reason")
            return TestRecord(
                nodeid=_str(data, "nodeid"),
                status=Status(data.get("status")),
                reason=None if reason is None else Reason(reason),
                message=_said(data, "message"),
                public_message=_said(data, "public_message"),
                detail=_str(data, "detail", ""),
                duration_s=_number(data, "duration_s", 0.0),
                time_limit_s=_optional_number(data, "time_limit_s"),
                exception_type=_str(data, "exception_type", ""),
            )
        if kind == "finished":
            return Finished(
                exitstatus=_int(data, "exitstatus"),
                output=_str(data, "output", ""),
                output_bytes=_int(data, "output_bytes", 0),
                output_truncated=data.get("output_truncated", False) is True,
                cannot_import=_pairs(data, "cannot_import"),
                import_errors=_pairs(data, "import_errors"),
                process_starts=_int(data, "process_starts", 0),
            )
    except (TypeError, ValueError):
        pass
    raise RecordError(Said("engine.record_unexpected", kind=repr(kind)))


def _said(data: dict[str, Any], key: str) -> str:
    """What the engine said (its sentences kept), or the empty text."""
    value = from_json(data.get(key, ""))
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _str(data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if type(value) is not str:
        raise TypeError(key)
    return value


def _int(data: dict[str, Any], key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if type(value) is not int:
        raise TypeError(key)
    return value


def _number(data: dict[str, Any], key: str, default: float | None = None) -> float:
    value = data.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(key)
    number = float(value)
    if number != number or number < 0:  # NaN, or negative
        raise ValueError(key)
    return number


def _optional_number(data: dict[str, Any], key: str) -> float | None:
    return None if data.get(key) is None else _number(data, key)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if type(value) is not list:
        raise TypeError(key)
    return value


def _pairs(data: dict[str, Any], key: str) -> tuple[tuple[str, str], ...]:
    value = data.get(key, {})
    if type(value) is not dict or not all(type(k) is str for k in value):
        raise TypeError(key)
    pairs = tuple((k, from_json(v)) for k, v in value.items())
    if not all(isinstance(v, str) for _, v in pairs):
        raise TypeError(key)
    return pairs


def _collected_test(test: Any) -> CollectedTest:
    if type(test) is not dict:
        raise TypeError("test")
    weight = _number(test, "weight")
    if weight <= 0:
        raise ValueError("weight")
    show_ids = test.get("show_ids", False)
    if type(show_ids) is not bool:
        raise TypeError("show_ids")
    return CollectedTest(
        nodeid=_str(test, "nodeid"),
        name=_str(test, "name"),
        path=_str(test, "path"),
        weight=weight,
        show_ids=show_ids,
    )


@dataclass
class ResultRecords:
    """What one run's records say, once read; ``violations`` if they cannot be trusted."""

    collected: tuple[CollectedTest, ...] | None = None
    tests: dict[str, TestRecord] = field(default_factory=dict)
    collect_errors: list[CollectError] = field(default_factory=list)
    finished: Finished | None = None
    violations: list[str] = field(default_factory=list)

    def _violate(self, problem: str) -> None:
        if len(self.violations) < 5:
            self.violations.append(problem)

    def add(self, line: bytes | str) -> None:
        try:
            record = decode(line)
        except RecordError as exc:
            self._violate(said_of(exc))
            return
        if self.finished is not None:
            self._violate(Said("engine.record_after_end", kind=repr(_KINDS[type(record)])))
        elif isinstance(record, CollectError) and self.collected is None:
            self.collect_errors.append(record)
        elif isinstance(record, Collected) and self.collected is None and _unique(record):
            self.collected = record.tests
        elif isinstance(record, TestRecord) and self._expected(record):
            self.tests[record.nodeid] = record
        elif isinstance(record, Finished) and self.collected is not None:
            self.finished = record
        else:
            self._violate(Said("engine.record_unexpected", kind=repr(_KINDS[type(record)])))

    def _expected(self, record: TestRecord) -> bool:
        if self.collected is None or record.nodeid in self.tests:
            return False
        return any(test.nodeid == record.nodeid for test in self.collected)

    def read_from(self, fd: int) -> None:
        """Read records from a pipe until every writer has closed it."""
        total = 0
        with os.fdopen(fd, "rb") as stream:
            for line in stream:
                total += len(line)
                if total > MAX_RECORD_BYTES:
                    self._violate(Said("engine.records_too_big", limit=MAX_RECORD_BYTES))
                    return
                self.add(line)


def _unique(record: Collected) -> bool:
    return len({test.nodeid for test in record.tests}) == len(record.tests)
