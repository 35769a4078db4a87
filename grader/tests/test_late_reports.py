"""The late policy in the single-submission report (``grade --submitted-at``): the
results model, the one sentence every format says, the final score wherever a platform
reads the score, and the command run as users run it."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest

from grader.course import load_course
from grader.grading import late_credit
from grader.render.common import (
    RenderOptions,
    apply_visibility,
    fmt_time,
    late_note,
    running_sum,
    safe_report,
)
from grader.render.formats import FORMATS
from grader.render.json_report import load_schema
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import LateCredit, LateTiming, Reason, Report, Status, Visibility

from .conftest import FAKE_ROOT, edit_course_yaml
from .report_fixture import COURSE, REPORT_LATE, options
from .test_cli import one_line_error, run_grader
from .test_formats import GRADESCOPE_SCHEMA, _test

SENTENCE = (
    "Late: submitted 2026-12-17 09:30 +08:00, 80% credit "
    "(by an exercise's own due date: 04_goods 50%): final 14.2/40 (raw 20/40)"
)
SENTENCE_ZH = (
    "迟交：提交于 2026-12-17 09:30 +08:00，按 80% 计分（按练习自己的截止时间：04_goods 50%）："
    "最终得分 14.2/40（原始得分 20/40）"
)
ON_TIME = dataclasses.replace(
    REPORT_LATE,
    late=LateCredit(LateTiming.ON_TIME, 1.0, "2026-12-15T12:00:00+00:00", (1.0,) * 4),
)
TOO_LATE = dataclasses.replace(
    REPORT_LATE,
    late=LateCredit(LateTiming.TOO_LATE, 0.0, "2026-12-23T00:00:05+08:00", (0.0,) * 4),
)
NO_TIME = dataclasses.replace(REPORT_LATE, late=None)


def _terminal(report: Report, lang: str = "en") -> str:
    stream = io.StringIO()
    shown = shown_report(report, COURSE.reports.hidden_display)
    render(shown, course=COURSE, stream=stream, lang=lang, width=300)
    return stream.getvalue()


def _json(name: str, report: Report = REPORT_LATE) -> Any:
    return json.loads(FORMATS[name].render(report, options()))


# -- the model ----------------------------------------------------------------------------


def test_the_final_score_is_each_exercises_raw_score_times_its_credit() -> None:
    assert REPORT_LATE.score == 20.0  # raw: what the tests gave
    assert REPORT_LATE.final_scores == (8.0, 3.2, 3.0, 0.0)
    assert REPORT_LATE.final_score == 14.2
    assert NO_TIME.final_score == NO_TIME.score == 20.0
    assert NO_TIME.credits == (1.0, 1.0, 1.0, 1.0)


def test_credits_that_do_not_match_the_exercises_are_refused() -> None:
    with pytest.raises(ValueError, match="late credits for 3 exercises, the report has 4"):
        dataclasses.replace(
            REPORT_LATE,
            late=LateCredit(LateTiming.LATE, 0.8, "2026-12-17T09:30:00+08:00", (0.8,) * 3),
        )


def test_the_visibility_filter_and_safe_report_keep_the_late_record() -> None:
    late = REPORT_LATE.late
    assert late is not None
    shown = safe_report(apply_visibility(REPORT_LATE, COURSE.reports.hidden_display))
    assert shown.late == late
    forged = dataclasses.replace(
        REPORT_LATE, late=dataclasses.replace(late, submitted_at="x\nTotal: 40/40\x1b[0m")
    )
    cleaned = safe_report(forged).late
    assert cleaned is not None
    assert cleaned.submitted_at == "x\ufffdTotal: 40/40\ufffd[0m"
    assert "\nTotal: 40/40" not in _terminal(forged)


def _scheduled_course(course_yaml: Path) -> Path:
    def change(data: dict[str, Any]) -> None:
        data["schedule"] = {
            "due": "2026-12-15T23:59:00+08:00",
            "late": [
                {"until": "2026-12-18T23:59:00+08:00", "credit": 0.8},
                {"until": "2026-12-22T23:59:00+08:00", "credit": 0.5},
            ],
        }
        # An exercise with a due date of its own follows its own schedule (no late rules).
        data["exercises"][1]["schedule"] = {"due": "2026-12-20T23:59:00+08:00"}

    return edit_course_yaml(course_yaml, change)


@pytest.mark.parametrize(
    ("moment", "timing", "credit", "credits"),
    [
        ("2026-12-15T15:59:00+00:00", LateTiming.ON_TIME, 1.0, (1.0, 1.0)),
        ("2026-12-17T09:30:00+08:00", LateTiming.LATE, 0.8, (0.8, 1.0)),
        ("2026-12-21T09:30:00+08:00", LateTiming.LATE, 0.5, (0.5, 0.0)),
        ("2026-12-23T00:00:00+08:00", LateTiming.TOO_LATE, 0.0, (0.0, 0.0)),
    ],
)
def test_each_exercise_keeps_the_credit_of_its_effective_schedule(
    fake_course_copy: Path,
    moment: str,
    timing: LateTiming,
    credit: float,
    credits: tuple[float, ...],
) -> None:
    course = load_course(_scheduled_course(fake_course_copy))
    when = dt.datetime.fromisoformat(moment)
    assert late_credit(course, course.exercises, when) == LateCredit(
        timing, credit, moment, credits
    )


# -- the sentence -------------------------------------------------------------------------


def test_the_sentence_says_when_the_credit_the_final_and_the_raw_score() -> None:
    assert late_note(REPORT_LATE, "en") == SENTENCE
    assert late_note(REPORT_LATE, "zh") == SENTENCE_ZH
    assert late_note(ON_TIME, "en") == (
        "On time: submitted 2026-12-15 12:00 +00:00, full credit: final 20/40 (raw 20/40)"
    )
    assert late_note(TOO_LATE, "en") == (
        "Too late: submitted 2026-12-23 00:00:05 +08:00, after the last late deadline, "
        "no credit: final 0/40 (raw 20/40)"
    )
    assert late_note(NO_TIME, "en") == ""


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2026-12-17T09:30:00+08:00", "2026-12-17 09:30 +08:00"),
        ("2026-12-15T23:59:30+08:00", "2026-12-15 23:59:30 +08:00"),  # seconds decide
        ("2026-12-17T01:30:00-03:30", "2026-12-17 01:30 -03:30"),
        ("not a time", "not a time"),
    ],
)
def test_times_are_shown_in_their_own_offset(text: str, shown: str) -> None:
    assert fmt_time(text) == shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_format_people_read_says_the_sentence(lang: str) -> None:
    sentence = SENTENCE if lang == "en" else SENTENCE_ZH
    readable = {
        "text": _terminal(REPORT_LATE, lang),
        "markdown": FORMATS["markdown"].render(REPORT_LATE, options(lang)).replace("\\", ""),
        "html": FORMATS["html"].render(REPORT_LATE, options(lang)).replace("&#39;", "'"),
        "gradescope": json.loads(FORMATS["gradescope"].render(REPORT_LATE, options(lang)))[
            "output"
        ],
        "prairielearn": json.loads(FORMATS["prairielearn"].render(REPORT_LATE, options(lang)))[
            "message"
        ],
        "github-classroom": json.loads(
            FORMATS["github-classroom"].render(REPORT_LATE, options(lang))
        )["message"],
    }
    for name, text in readable.items():
        assert sentence in text, name


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_without_a_submission_time_no_format_mentions_a_credit(name: str) -> None:
    rendered = FORMATS[name].render(NO_TIME, options())
    assert "credit" not in rendered
    assert "final_score" not in rendered


def test_the_terminal_report_says_it_on_one_line_after_the_total() -> None:
    lines = _terminal(REPORT_LATE).splitlines()
    total = lines.index("Total: 20/40")
    assert lines[total + 1] == SENTENCE
    assert "Late:" not in _terminal(NO_TIME)


# -- each format --------------------------------------------------------------------------


def test_the_json_report_carries_the_late_record_and_follows_its_schema() -> None:
    validator = jsonschema.Draft202012Validator(load_schema())
    report = _json("json")
    validator.validate(report)
    assert (report["score"], report["final_score"]) == (20.0, 14.2)
    assert report["late"] == {
        "timing": "late",
        "credit": 0.8,
        "submitted_at": "2026-12-17T09:30:00+08:00",
    }
    kept = [(e["id"], e["credit"], e["final_score"]) for e in report["exercises"]]
    assert kept == [
        ("01_fields", 0.8, 8.0),
        ("03_pager", 0.8, 3.2),
        ("04_goods", 0.5, 3.0),
        ("07_sliceable", 0.8, 0.0),
    ]
    for timing_report in (ON_TIME, TOO_LATE):
        validator.validate(_json("json", timing_report))
    without = _json("json", NO_TIME)
    validator.validate(without)
    assert "late" not in without
    assert "final_score" not in without
    assert all("credit" not in e for e in without["exercises"])


def test_the_schema_wants_the_final_score_and_the_late_record_together() -> None:
    validator = jsonschema.Draft202012Validator(load_schema())
    report = _json("json")
    del report["final_score"]
    assert not validator.is_valid(report)
    report = _json("json")
    del report["exercises"][0]["credit"]
    assert not validator.is_valid(report)
    report = _json("json")
    report["late"]["timing"] = "unknown"
    assert not validator.is_valid(report)


def test_gradescope_score_is_the_final_one_and_the_tests_keep_raw_points() -> None:
    results = _json("gradescope")
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    assert results["score"] == 14.2
    assert running_sum([t["score"] for t in results["tests"]]) == 20.0
    output = results["output"]
    assert output.startswith(SENTENCE + "\nThe tests' points are before the late credit.\n")
    on_time = _json("gradescope", ON_TIME)
    assert on_time["score"] == 20.0
    assert "The tests' points are before the late credit." not in on_time["output"]
    assert _json("gradescope", TOO_LATE)["score"] == 0.0


def test_gradescope_still_opens_with_a_grader_error() -> None:
    failed = dataclasses.replace(
        REPORT_LATE,
        exercises=(
            dataclasses.replace(
                REPORT_LATE.exercises[0], reason=Reason.GRADER_ERROR, status=Status.ERROR
            ),
            *REPORT_LATE.exercises[1:],
        ),
    )
    output = _json("gradescope", failed)["output"].splitlines()
    assert output[0].startswith("The grader itself failed on some exercises")
    assert output[1] == SENTENCE


def test_prairielearn_score_is_the_final_fraction() -> None:
    result = _json("prairielearn")
    assert result["gradable"] is True
    assert result["score"] == round(14.2 / 40, 6)
    assert [t["points"] for t in result["tests"]][:2] == [5.0, 5.0]  # raw points
    assert _json("prairielearn", TOO_LATE)["score"] == 0.0


def test_github_classroom_rows_add_up_to_the_final_score_exactly() -> None:
    result = _json("github-classroom")
    assert result["max_score"] == 40.0
    scores = [t["score"] for t in result["tests"]]
    assert all(isinstance(s, int | float) for s in scores)
    assert running_sum(scores) == 14.2  # as the reporter adds them
    by_name = {t["name"]: t["score"] for t in result["tests"]}
    assert by_name["01_fields: test_count_starts_at_zero"] == 4.0  # 5 points at 80%
    assert by_name["04_goods: test_price_getter"] == 1.0  # 2 points at 50%
    assert running_sum([t["score"] for t in _json("github-classroom", TOO_LATE)["tests"]]) == 0


@pytest.mark.parametrize("credit", [0.7, 1 / 3, 0.85])
def test_github_classroom_balances_awkward_credits_to_the_final_score(credit: float) -> None:
    thirds = tuple(_test(f"test_{i}", Status.PASSED, 3.3333, Visibility.HIDDEN) for i in range(3))
    exercise = dataclasses.replace(
        REPORT_LATE.exercises[1], score=9.9999, max_score=10.0, tests=thirds
    )
    report = dataclasses.replace(
        REPORT_LATE,
        exercises=(exercise, exercise),
        late=LateCredit(LateTiming.LATE, credit, "2026-12-17T09:30:00+08:00", (credit, 1.0)),
    )
    scores = [t["score"] for t in _json("github-classroom", report)["tests"]]
    assert running_sum(scores) == report.final_score


def test_the_gradebook_total_is_the_final_score_and_the_columns_stay_raw() -> None:
    rendered = FORMATS["csv"].render(REPORT_LATE, options())
    assert rendered.splitlines()[0] == "id,total,max,01_fields,03_pager,04_goods,07_sliceable"
    (row,) = csv.DictReader(io.StringIO(rendered))
    assert row == {
        "id": "bob-韩梅梅",
        "total": "14.2",
        "max": "40",
        "01_fields": "10",
        "03_pager": "4",
        "04_goods": "6",
        "07_sliceable": "0",
    }


def test_junit_suites_carry_the_credit_and_the_final_score() -> None:
    xml = junitparser.JUnitXml.fromstring(FORMATS["junit"].render(REPORT_LATE, options()))
    properties = {suite.name: {p.name: p.value for p in suite.properties()} for suite in xml}
    assert properties["04_goods"] == {
        "score": "6.0",
        "max_score": "10.0",
        "status": "failed",
        "credit": "0.5",
        "final_score": "3.0",
    }
    plain = junitparser.JUnitXml.fromstring(FORMATS["junit"].render(NO_TIME, options()))
    assert all("credit" not in {p.name for p in suite.properties()} for suite in plain)


def test_exercism_has_no_score_and_so_nothing_changes() -> None:
    assert FORMATS["exercism"].render(REPORT_LATE, options()) == FORMATS["exercism"].render(
        NO_TIME, options()
    )


def test_html_says_it_in_the_readers_language_next_to_the_total() -> None:
    page = FORMATS["html"].render(REPORT_LATE, RenderOptions.for_course(COURSE, "zh"))
    assert 'id="late" style="border-color: var(--warn)' in page
    assert SENTENCE_ZH in page
    on_time = FORMATS["html"].render(ON_TIME, options())
    assert '<p class="note late-credit on_time" id="late">On time:' in on_time


# -- the command --------------------------------------------------------------------------


def _grade_late(course: Path, out: Path, *extra: str) -> tuple[str, dict[str, Any]]:
    result = run_grader(
        "grade",
        FAKE_ROOT / "solutions",
        "--course",
        course,
        "--json",
        out / "report.json",
        "--format",
        "text",
        "--format",
        "csv",
        "--format",
        "gradescope",
        "--output-dir",
        out,
        *extra,
        cwd=out,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(report)
    return result.stdout, report


def _csv_total(out: Path) -> str:
    (row,) = csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8")))
    return row["total"]


@pytest.mark.parametrize(
    ("moment", "timing", "final", "line"),
    [
        (
            "2026-12-17T09:30:00+08:00",
            "late",
            20.4,  # 18 at 80%, 6 on time by 02_greeter's own due date
            "Late: submitted 2026-12-17 09:30 +08:00, 80% credit (by an exercise's own due "
            "date: 02_greeter 100%): final 20.4/24 (raw 24/24)",
        ),
        (
            "2026-12-23T00:00:00+08:00",
            "too_late",
            0.0,
            "Too late: submitted 2026-12-23 00:00 +08:00, after the last late deadline, no "
            "credit: final 0/24 (raw 24/24)",
        ),
        (
            "2026-12-15T12:00:00Z",
            "on_time",
            24.0,
            "On time: submitted 2026-12-15 12:00 +00:00, full credit: final 24/24 (raw 24/24)",
        ),
    ],
)
def test_grade_applies_the_late_policy_of_the_course_schedule(
    fake_course_copy: Path,
    tmp_path: Path,
    moment: str,
    timing: str,
    final: float,
    line: str,
) -> None:
    course = _scheduled_course(fake_course_copy)
    stdout, report = _grade_late(course, tmp_path, "--submitted-at", moment)
    assert line in stdout.splitlines()
    assert (report["score"], report["final_score"]) == (24.0, final)
    assert report["late"]["timing"] == timing
    assert f"{final:g}" == _csv_total(tmp_path)
    assert json.loads((tmp_path / "results.json").read_text())["score"] == final


def test_grade_without_a_submission_time_applies_no_late_policy(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    stdout, report = _grade_late(_scheduled_course(fake_course_copy), tmp_path)
    assert "credit" not in stdout
    assert "late" not in report
    assert "final_score" not in report
    assert _csv_total(tmp_path) == "24"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026-12-16T10:00", "'2026-12-16T10:00' needs a UTC offset"),
        ("yesterday", "'yesterday' is not an ISO 8601 time"),
        ("", "'' is not an ISO 8601 time"),
    ],
)
def test_a_bad_submission_time_is_one_line_and_exit_2(
    tmp_path: Path, value: str, said: str
) -> None:
    result = run_grader(
        "grade",
        FAKE_ROOT / "solutions",
        "--course",
        FAKE_ROOT / "course.yaml",
        "--json",
        tmp_path / "report.json",
        f"--submitted-at={value}",
        cwd=tmp_path,
    )
    assert one_line_error(result).startswith(f"grader: error: --submitted-at: {said}")
    assert not (tmp_path / "report.json").exists()  # refused before grading


def test_full_credit_keeps_every_raw_score_exactly() -> None:
    exact = dataclasses.replace(REPORT_LATE.exercises[1], score=3.33333)
    report = dataclasses.replace(NO_TIME, exercises=(exact,))
    assert report.final_scores == (3.33333,)
