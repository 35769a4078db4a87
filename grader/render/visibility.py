"""The one visibility gate: what students may see of hidden tests.

Every format (the terminal report included) renders a :class:`ShownReport`, which only
:func:`shown_report` makes: :func:`apply_visibility` with course.yaml's
``reports.hidden_tests``, then :func:`safe_report`. Unless that is ``full``:

- hidden tests lose their failure report (``summary``) or fold into one row per
  exercise (``none``);
- a hidden test's parametrize id (``test_x[0--17.77]``: inputs and expected values)
  becomes a case number, ``test_x[case 3]`` (numbered in test order), and its node id,
  which names the hidden file, is dropped; a test marked ``pytest.mark.show_ids`` (its
  ids only name inputs the specification gives, e.g. ``test_x[-40]``) keeps its id;
- what student code printed in an exercise whose hidden tests ran is withheld: the output
  is one stream per exercise, and code run by a hidden test can print what the test
  passed in (``CapturedOutput.withheld``; each format says so in one line);
- so are run times from which a hidden test's can be derived (``duration_s`` is None):
  student code can sleep for as long as it likes, so a hidden test's duration can spell
  out what the test passed in. Hidden tests lose theirs, and so does an exercise whose
  hidden tests ran (its time is theirs plus the public tests'); a format's total time
  is left out when one of its parts is.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import InitVar, dataclass

from grader.render.safety import safe_report
from grader.results import (
    CapturedOutput,
    ExerciseResult,
    HiddenDisplay,
    Report,
    Status,
    TestResult,
    Visibility,
)

_PARAMETRIZED = re.compile(r"^(?P<base>[^\[]*)\[.*\]$", re.S)


_KEY = object()  # only this module makes a ShownReport


@dataclass(frozen=True)
class ShownReport:
    """A report as students may see it: filtered by :func:`apply_visibility` and with
    every student text made safe (:func:`safe_report`). Every renderer takes one, so
    mypy rejects a renderer handed an unfiltered :class:`Report`; only
    :func:`shown_report` makes one (the constructor checks a key private to this
    module, and :func:`dataclasses.replace` needs that key too)."""

    report: Report
    key: InitVar[object]

    def __post_init__(self, key: object) -> None:
        if key is not _KEY:
            raise TypeError("a ShownReport is made only by visibility.shown_report()")


def shown_report(report: Report, mode: HiddenDisplay) -> ShownReport:
    """The report students may see under ``mode``: the one way to a renderer."""
    return ShownReport(safe_report(apply_visibility(report, mode)), _KEY)


def apply_visibility(report: Report, mode: HiddenDisplay) -> Report:
    """The report as students may see it under ``mode`` (idempotent)."""
    exercises = tuple(_visible_exercise(e, mode) for e in report.exercises)
    return dataclasses.replace(report, exercises=exercises, hidden_display=mode)


def hidden_ran(exercise: ExerciseResult) -> bool:
    """Whether hidden tests may have run in the exercise (no tests listed: the grader
    cannot tell which ran)."""
    if not exercise.hidden_run:
        return False
    hidden = any(t.visibility is Visibility.HIDDEN for t in exercise.tests)
    return hidden or not exercise.tests


def output_withheld(exercise: ExerciseResult) -> bool:
    """Whether the exercise's output may hold what hidden tests passed to student code."""
    return bool(exercise.output.total_bytes) and hidden_ran(exercise)


def case_names(tests: tuple[TestResult, ...]) -> dict[int, str]:
    """Index -> ``base[case N]`` for each parametrized hidden test that may not show its
    ids (N counts those cases of the same base name in test order, from 1)."""
    seen: dict[str, int] = {}
    names: dict[int, str] = {}
    for index, test in enumerate(tests):
        if test.visibility is not Visibility.HIDDEN or test.combined or test.show_ids:
            continue
        found = _PARAMETRIZED.match(test.name)
        if found is None:
            continue
        base = found["base"]
        seen[base] = seen.get(base, 0) + 1
        names[index] = f"{base}[case {seen[base]}]"
    return names


def _visible_exercise(exercise: ExerciseResult, mode: HiddenDisplay) -> ExerciseResult:
    if mode is HiddenDisplay.FULL:
        return exercise
    if output_withheld(exercise):
        exercise = dataclasses.replace(exercise, output=CapturedOutput(withheld=True))
    if hidden_ran(exercise):
        exercise = dataclasses.replace(exercise, duration_s=None)
    hidden = [t for t in exercise.tests if t.visibility is Visibility.HIDDEN and not t.combined]
    if not hidden:
        return exercise
    if mode is HiddenDisplay.SUMMARY:
        renamed = case_names(exercise.tests)
        tests = tuple(
            dataclasses.replace(
                t, detail="", nodeid="", name=renamed.get(i, t.name), duration_s=None
            )
            if t.visibility is Visibility.HIDDEN
            else t
            for i, t in enumerate(exercise.tests)
        )
        return dataclasses.replace(exercise, tests=tests)
    failed = any(t.status is not Status.PASSED for t in hidden)
    combined = TestResult(
        name="hidden tests",
        nodeid="",
        status=Status.FAILED if failed else Status.PASSED,
        score=round(sum(t.score for t in hidden), 4),
        max_score=round(sum(t.max_score for t in hidden), 4),
        visibility=Visibility.HIDDEN,
        duration_s=None,
        combined=len(hidden),
    )
    public = tuple(t for t in exercise.tests if t.visibility is Visibility.PUBLIC)
    tests = (*public, combined)
    # Its counts are then the rows shown: the hidden tests count as one.
    return dataclasses.replace(exercise, tests=tests)
