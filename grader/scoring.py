"""From one exercise run to its result: which tests passed, what each is worth, and why
the exercise ended as it did.

A function of plain data: the exercise, the records the trusted pytest wrote
(grader/records.py) and how its process ended. It never trusts an exit status: a test
is passed only when its record says so, a collected test without a record has failed,
and records that cannot be trusted (or a run that ended abnormally) give no points at
all and make the exercise a grader error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from grader.course import Exercise
from grader.records import CollectedTest, ResultRecords, TestRecord
from grader.results import (
    CapturedOutput,
    ExerciseResult,
    HiddenDisplay,
    Reason,
    Status,
    TestResult,
    Visibility,
)
from grader.said import Said, joined, map_literals

# pytest: 0 all passed, 1 some failed. Anything else means the run was disturbed.
NORMAL_PYTEST_EXITS = (0, 1)


@dataclass(frozen=True)
class ProcessOutcome:
    """How the trusted pytest's process ended."""

    returncode: int
    wall_timeout: bool  # stopped by the exercise's wall clock
    log_tail: str = ""  # the end of its log, for a grader error


@dataclass(frozen=True)
class Grading:
    """What the scoring needs to know besides the records."""

    kit_root: Path  # left out of every message (reports never say where the kit is)
    hidden_root: Path  # tests under it are hidden tests
    hidden_display: HiddenDisplay  # whether hidden tests keep their failure report
    hidden_run: bool
    missing_files: tuple[str, ...] = ()
    ignored_files: tuple[str, ...] = ()
    duration_s: float = 0.0


def not_submitted(exercise: Exercise, grading: Grading) -> ExerciseResult:
    """The result of an exercise of which the submission has no module."""
    return ExerciseResult(
        id=exercise.id,
        title=exercise.title.en,
        status=Status.SKIPPED,
        reason=Reason.NOT_SUBMITTED,
        score=0.0,
        max_score=exercise.points,
        hidden_run=grading.hidden_run,
        ignored_files=grading.ignored_files,
    )


def score_exercise(
    *,
    exercise: Exercise,
    records: ResultRecords,
    outcome: ProcessOutcome,
    grading: Grading,
) -> ExerciseResult:
    problems = _problems(records, outcome)
    untrusted = bool(records.violations) or (
        not outcome.wall_timeout and outcome.returncode not in NORMAL_PYTEST_EXITS
    )
    collected = records.collected or ()
    total_weight = sum(test.weight for test in collected) or 1.0
    tests: list[TestResult] = []
    earned_weight = 0.0
    for entry in collected:
        record = records.tests.get(entry.nodeid) or _missing_record(entry, exercise, outcome)
        earned = record.status is Status.PASSED and not untrusted
        earned_weight += entry.weight if earned else 0.0
        max_score = round(exercise.points * entry.weight / total_weight, 4)
        tests.append(_test(entry, record, grading, max_score, earned))
    # One rounding of the exact share: summing rounded test scores could exceed the points.
    score = round(exercise.points * earned_weight / total_weight, 4) if collected else 0.0
    finished = records.finished
    cannot_import = _in_module_order(finished.cannot_import if finished else (), exercise)
    import_errors = _in_module_order(finished.import_errors if finished else (), exercise)
    passed = sum(test.status is Status.PASSED for test in tests)
    reason: Reason | None = None
    if problems:
        status, reason = Status.ERROR, Reason.GRADER_ERROR
    elif outcome.wall_timeout:
        status, reason = Status.TIMEOUT, Reason.EXERCISE_TIMEOUT
    elif cannot_import:
        status, reason = Status.ERROR, Reason.CANNOT_IMPORT
    elif tests and passed == len(tests):
        status = Status.PASSED
    elif tests and all(test.status is Status.SKIPPED for test in tests):
        status, reason = Status.SKIPPED, Reason.SKIPPED
    else:
        status = Status.FAILED
    # Each module's why is said once, the one that decided "cannot import" first.
    said = [] if problems else list(dict.fromkeys([*cannot_import[:1], *import_errors]))
    return ExerciseResult(
        id=exercise.id,
        title=exercise.title.en,
        status=status,
        reason=reason,
        score=score,
        max_score=exercise.points,
        tests=tuple(tests),
        output=_output(records),
        ignored_files=grading.ignored_files,
        duration_s=round(grading.duration_s, 3),
        hidden_run=grading.hidden_run,
        time_limit_s=exercise.timeouts.exercise if outcome.wall_timeout else None,
        missing_files=grading.missing_files,
        import_errors=tuple(kit_relative(text, grading.kit_root) for text in said),
        problems=tuple(kit_relative(text, grading.kit_root) for text in problems),
        log_tail=kit_relative(outcome.log_tail, grading.kit_root) if problems else "",
    )


def _problems(records: ResultRecords, outcome: ProcessOutcome) -> list[str]:
    """Why the run cannot be trusted (empty when it can)."""
    problems: list[str] = []
    if records.violations:
        problems.append(
            Said("engine.records_tampered", violations=joined("; ", records.violations))
        )
    if records.collected is None:
        problems.append(Said("engine.no_collection"))
    for error in records.collect_errors:
        problems.append(
            Said("engine.cannot_collect", nodeid=error.nodeid, detail=error.detail[-300:])
        )
    if not outcome.wall_timeout and (
        records.finished is None or outcome.returncode not in NORMAL_PYTEST_EXITS
    ):
        problems.append(Said("engine.ended_abnormally", code=outcome.returncode))
    return problems


def _missing_record(
    entry: CollectedTest, exercise: Exercise, outcome: ProcessOutcome
) -> TestRecord:
    """A collected test the run left without a record: out of time, or failed."""
    if outcome.wall_timeout:
        limit = exercise.timeouts.exercise
        return TestRecord(
            nodeid=entry.nodeid,
            status=Status.TIMEOUT,
            reason=Reason.EXERCISE_TIMEOUT,
            message=Said("engine.exercise_out_of_time", limit=f"{limit:g}"),
            time_limit_s=limit,
        )
    return TestRecord(
        nodeid=entry.nodeid,
        status=Status.FAILED,
        reason=Reason.NO_RESULT,
        message=Said("engine.no_result"),
    )


def _test(
    entry: CollectedTest, record: TestRecord, grading: Grading, max_score: float, earned: bool
) -> TestResult:
    hidden = Path(entry.path).is_relative_to(grading.hidden_root)
    message = record.message
    detail = record.detail
    # Hidden tests keep their generic message unless the course shows them in full.
    if hidden and grading.hidden_display is not HiddenDisplay.FULL:
        detail = ""
    elif record.status is not Status.PASSED:
        message = record.public_message or message
    return TestResult(
        name=entry.name,
        nodeid=entry.nodeid,
        status=record.status,
        score=max_score if earned else 0.0,
        max_score=max_score,
        visibility=Visibility.HIDDEN if hidden else Visibility.PUBLIC,
        message=kit_relative(message, grading.kit_root),
        detail=kit_relative(detail, grading.kit_root),
        duration_s=record.duration_s,
        reason=record.reason,
        time_limit_s=record.time_limit_s if record.status is Status.TIMEOUT else None,
        exception_type=record.exception_type,
        show_ids=entry.show_ids,
    )


def _output(records: ResultRecords) -> CapturedOutput:
    finished = records.finished
    if finished is None:
        return CapturedOutput()
    return CapturedOutput(
        text=finished.output,
        total_bytes=finished.output_bytes,
        truncated=finished.output_truncated,
    )


def _in_module_order(found: tuple[tuple[str, str], ...], exercise: Exercise) -> list[str]:
    """The reasons of ``found`` (module -> why), in the exercise's module order."""
    by_module = dict(found)
    return [by_module[name] for name in exercise.module_names if by_module.get(name)]


def kit_relative(text: str, root: Path) -> str:
    """``text`` with the kit's absolute path left out (``exercises/ID/test_x.py:54``):
    reports never tell students where the kit, and its hidden tests, live."""
    prefixes = [prefix + os.sep for prefix in dict.fromkeys((str(root), str(root.resolve())))]

    def left_out(piece: str) -> str:
        for prefix in prefixes:
            piece = piece.replace(prefix, "")
        return piece

    changed: str = map_literals(text, left_out)
    return changed
