"""Reading the result records of one exercise run, trusting nothing by default.

The trusted pytest writes, in this order: one ``collected`` record (written before any
student code runs), ``collect_error`` records only before it, one ``test`` record per
collected test, and one ``finished`` record. Anything else (a second collection, a test
that was not collected or is reported twice, a record after ``finished``, bad JSON)
is a violation: the run cannot be trusted and the exercise becomes a grader error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from grader.i18n import t
from grader.results import Status

MAX_RECORD_BYTES = 64 * 1024 * 1024
_STATUSES = frozenset(s.value for s in Status)


@dataclass
class ResultRecords:
    collected: list[dict[str, Any]] | None = None
    tests: dict[str, dict[str, Any]] = field(default_factory=dict)
    collect_errors: list[dict[str, Any]] = field(default_factory=list)
    finished: dict[str, Any] | None = None
    violations: list[str] = field(default_factory=list)

    def _violate(self, problem: str) -> None:
        if len(self.violations) < 5:
            self.violations.append(problem)

    def add(self, line: bytes) -> None:
        try:
            record = json.loads(line)
        except ValueError:
            self._violate(t("engine.record_not_json", "en"))
            return
        kind = record.get("kind") if isinstance(record, dict) else None
        if self.finished is not None:
            self._violate(t("engine.record_after_end", "en", kind=repr(kind)))
        elif kind == "collect_error" and self.collected is None:
            self.collect_errors.append(record)
        elif kind == "collected" and self.collected is None and _valid_collection(record):
            self.collected = record["tests"]
        elif kind == "test" and self._valid_test(record):
            self.tests[record["nodeid"]] = record
        elif kind == "finished" and self.collected is not None:
            self.finished = record
        else:
            self._violate(t("engine.record_unexpected", "en", kind=repr(kind)))

    def _valid_test(self, record: dict[str, Any]) -> bool:
        if self.collected is None:
            return False
        nodeid = record.get("nodeid")
        if nodeid in self.tests or not any(t["nodeid"] == nodeid for t in self.collected):
            return False
        return record.get("status") in _STATUSES

    def read_from(self, fd: int) -> None:
        """Read records from a pipe until every writer has closed it."""
        total = 0
        with os.fdopen(fd, "rb") as stream:
            for line in stream:
                total += len(line)
                if total > MAX_RECORD_BYTES:
                    self._violate(t("engine.records_too_big", "en", limit=MAX_RECORD_BYTES))
                    return
                self.add(line)


def _valid_collection(record: dict[str, Any]) -> bool:
    tests = record.get("tests")
    if type(tests) is not list:
        return False
    for test in tests:
        if type(test) is not dict:
            return False
        if not all(type(test.get(k)) is str for k in ("nodeid", "name", "path")):
            return False
        if type(test.get("show_ids", False)) is not bool:
            return False
        weight = test.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or weight <= 0:
            return False
    return len({t["nodeid"] for t in tests}) == len(tests)
