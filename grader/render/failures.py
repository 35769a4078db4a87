"""What a student needs from a list of failures: untouched stubs and identical failures.

An exercise is *not started* when it has tests and every one of them failed
(:attr:`Status.FAILED`) because student code raised (:attr:`Reason.STUDENT_EXCEPTION`) a
``NotImplementedError`` (its ``exception_type``). That is exactly what the kit's stubs do (each
function body is ``raise NotImplementedError("Name")``); one test passing, one test
failing another way (an assertion, a timeout, an import error) means work has begun.

Failing tests are *grouped* when their status, visibility and first message line are the
same ("NotImplementedError: Province.__init__" five times): a report prints the line
once, the tests' names compactly, and the detail of the first of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.results import ExerciseResult, Reason, Status, TestResult, Visibility

_STUB = "NotImplementedError"


def _raised_stub(test: TestResult) -> bool:
    return (
        test.status is Status.FAILED
        and test.reason is Reason.STUDENT_EXCEPTION
        and test.exception_type == _STUB
    )


def not_started(exercise: ExerciseResult, untouched: frozenset[str] = frozenset()) -> bool:
    """Whether the exercise's modules are still the kit's stubs (``untouched``: the ids
    known to be, :mod:`grader.student.stubs`), or every one of its tests failed on a
    stub's ``NotImplementedError``."""
    if exercise.id in untouched and not exercise.grader_error:
        return exercise.status is not Status.PASSED
    if exercise.grader_error or exercise.status is not Status.FAILED or not exercise.tests:
        return False
    return all(_raised_stub(test) for test in exercise.tests)


@dataclass(frozen=True)
class FailureGroup:
    """Failing tests with the same status, visibility and first message line."""

    tests: tuple[TestResult, ...]

    @property
    def first(self) -> TestResult:
        return self.tests[0]


def _key(test: TestResult, first_line: str) -> tuple[Status, Visibility, int, str]:
    # A test without a message says nothing in common with another: its own group.
    return (test.status, test.visibility, test.combined, first_line or f"\0{test.nodeid}")


def group_failures(tests: list[TestResult], first_lines: list[str]) -> list[FailureGroup]:
    """``tests`` grouped by identical first message line (``first_lines[i]`` is test
    ``i``'s, as the report words it), in the order each group's first test comes."""
    groups: dict[tuple[Status, Visibility, int, str], list[TestResult]] = {}
    for test, first in zip(tests, first_lines, strict=True):
        groups.setdefault(_key(test, first), []).append(test)
    return [FailureGroup(tuple(members)) for members in groups.values()]
