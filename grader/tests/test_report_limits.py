"""What no report may show students, and the platforms' size limits at full course size:
output printed while hidden tests ran, parametrize ids of hidden tests, the GitHub
Classroom environment variable (128 KiB per string on Linux), exact Classroom sums, and
the 1 MiB step summary."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
import subprocess

import pytest

from grader.course import ReportSettings
from grader.render.classroom import CLASSROOM_LIMIT_BYTES
from grader.render.common import RenderOptions, apply_visibility, balance, running_sum
from grader.render.formats import FORMATS
from grader.render.markdown import MARKDOWN_LIMIT_BYTES
from grader.render.sentences import exercise_message
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import (
    CapturedOutput,
    ExerciseResult,
    HiddenDisplay,
    Reason,
    Report,
    Status,
    TestResult,
    Visibility,
)

from .report_fixture import COURSE, FIELDS, PAGER, REPORT, SECRET_OUTPUT, TEN_MB, options

WITHHELD_EN = "Output not shown: hidden tests ran (course setting)"
WITHHELD_ZH = "未显示程序输出：运行了隐藏测试（课程设置）"
PARAM_ID = "3-7-40-6"


def _options(mode: HiddenDisplay, lang: str = "en") -> RenderOptions:
    return dataclasses.replace(options(lang), settings=ReportSettings(hidden_display=mode))


def _terminal(report: Report, mode: HiddenDisplay, lang: str = "en") -> str:
    stream = io.StringIO()
    render(shown_report(report, mode), course=COURSE, stream=stream, lang=lang, width=200)
    return stream.getvalue()


# -- H1: output printed while hidden tests ran ---------------------------------------------


@pytest.mark.parametrize("mode", [HiddenDisplay.NONE, HiddenDisplay.SUMMARY])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_format_shows_what_student_code_printed_during_hidden_tests(
    mode: HiddenDisplay, lang: str
) -> None:
    withheld = WITHHELD_EN if lang == "en" else WITHHELD_ZH
    for name, fmt in FORMATS.items():
        rendered = fmt.render(REPORT, _options(mode, lang))
        assert "SECRET-EXPECTED" not in rendered, name
        assert "current_page=3" not in rendered, name
        if name in {"html", "markdown", "prairielearn", "exercism", "gradescope"}:
            assert withheld in rendered.replace("\\", ""), name
    terminal = _terminal(REPORT, mode, lang)
    assert "SECRET-EXPECTED" not in terminal and withheld in terminal
    data = json.loads(FORMATS["json"].render(REPORT, _options(mode, lang)))
    (pager,) = [e for e in data["exercises"] if e["id"] == "03_pager"]
    assert pager["output"] == {"text": "", "total_bytes": 0, "truncated": False, "withheld": True}


def test_output_of_public_tests_only_is_shown_and_full_shows_everything() -> None:
    summary = FORMATS["html"].render(REPORT, _options(HiddenDisplay.SUMMARY))
    assert "10485760 bytes printed" in summary  # 01_fields ran public tests only
    full = FORMATS["html"].render(REPORT, _options(HiddenDisplay.FULL))
    assert "SECRET-EXPECTED" in full and WITHHELD_EN not in full


def test_grader_check_shows_the_output_of_its_public_run() -> None:
    public_run = dataclasses.replace(
        REPORT,
        hidden_run=False,
        exercises=tuple(dataclasses.replace(e, hidden_run=False) for e in REPORT.exercises),
    )
    stream = io.StringIO()
    shown = shown_report(public_run, COURSE.reports.hidden_display)
    render(shown, course=COURSE, stream=stream, lang="en", width=200)
    assert SECRET_OUTPUT.strip() in stream.getvalue()
    for mode in HiddenDisplay:
        shown = apply_visibility(public_run, mode)
        (pager,) = [e for e in shown.exercises if e.id == "03_pager"]
        assert pager.output.text == SECRET_OUTPUT and not pager.output.withheld


def test_exercism_puts_the_output_on_the_first_test_of_its_exercise_only() -> None:
    public_only = dataclasses.replace(REPORT, exercises=(FIELDS,))
    tests = json.loads(FORMATS["exercism"].render(public_only, options()))["tests"]
    assert tests[0]["output"] and all(t["output"] is None for t in tests[1:])


def test_visibility_is_idempotent() -> None:
    for mode in HiddenDisplay:
        once = apply_visibility(REPORT, mode)
        assert apply_visibility(once, mode) == once


# -- H3: parametrize ids of hidden tests ------------------------------------------------------


def _hidden(name: str, index: int) -> TestResult:
    return TestResult(
        name=name,
        nodeid=f"tests/03_pager/test_pager_hidden.py::{name}",
        status=Status.FAILED if index % 2 else Status.PASSED,
        score=0.0 if index % 2 else 1.0,
        max_score=1.0,
        visibility=Visibility.HIDDEN,
        message="a result did not match the specification" if index % 2 else "",
        reason=Reason.ASSERTION if index % 2 else None,
    )


def test_hidden_parametrize_ids_become_case_numbers_in_test_order() -> None:
    names = [
        "test_to_fahrenheit[100-212.0]",
        "test_plain",
        "test_to_fahrenheit[0--17.77777777777778]",
        "test_negative_total_raises_value_error[-1]",
        "test_to_fahrenheit[args0-5]",
    ]
    exercise = dataclasses.replace(
        PAGER, tests=(PAGER.tests[0], *(_hidden(n, i) for i, n in enumerate(names)))
    )
    report = dataclasses.replace(REPORT, exercises=(exercise,))
    shown = apply_visibility(report, HiddenDisplay.SUMMARY).exercises[0].tests
    assert [t.name for t in shown[1:]] == [
        "test_to_fahrenheit[case 1]",
        "test_plain",
        "test_to_fahrenheit[case 2]",
        "test_negative_total_raises_value_error[case 1]",
        "test_to_fahrenheit[case 3]",
    ]
    assert all(t.nodeid == "" for t in shown[1:])  # the node id names the hidden file
    assert shown[0] == PAGER.tests[0]  # public tests keep their ids
    for name, fmt in FORMATS.items():
        for mode in (HiddenDisplay.NONE, HiddenDisplay.SUMMARY):
            rendered = fmt.render(report, _options(mode))
            for secret in ("212.0", "17.777", "[-1]", "args0", "test_pager_hidden"):
                assert secret not in rendered, (name, mode, secret)
    full = FORMATS["json"].render(report, _options(HiddenDisplay.FULL))
    assert "test_to_fahrenheit[100-212.0]" in full


def test_the_fixture_parametrized_hidden_test_shows_no_values() -> None:
    for mode in (HiddenDisplay.NONE, HiddenDisplay.SUMMARY):
        for name, fmt in FORMATS.items():
            assert PARAM_ID not in fmt.render(REPORT, _options(mode)), (name, mode)
    assert "test_total_pages[case 1]" in FORMATS["markdown"].render(REPORT, options()).replace(
        "\\", ""
    )


# -- H2 and M3: GitHub Classroom -----------------------------------------------------------


def _course_sized(tests_per_exercise: int, *, passing_every: int = 0) -> Report:
    """14 exercises of long-named, long-failing tests (public and hidden)."""
    exercises = []
    for n in range(1, 15):
        tests = []
        for i in range(tests_per_exercise):
            passed = bool(passing_every) and i % passing_every == 0
            visibility = Visibility.HIDDEN if i % 3 else Visibility.PUBLIC
            tests.append(
                TestResult(
                    name=f"test_{i}_" + "a_rather_long_descriptive_test_name_" * 3,
                    nodeid=f"exercises/{n:02d}_x/test_x.py::test_{i}",
                    status=Status.PASSED if passed else Status.FAILED,
                    score=round(10 / tests_per_exercise, 4) if passed else 0.0,
                    max_score=round(10 / tests_per_exercise, 4),
                    visibility=visibility,
                    message="" if passed else "名" * 3000,
                    detail="" if passed or visibility is Visibility.HIDDEN else "d" * 6000,
                    reason=None if passed else Reason.ASSERTION,
                    duration_s=0.5,
                )
            )
        score = round(sum(t.score for t in tests), 4)
        exercises.append(
            ExerciseResult(
                id=f"{n:02d}_x",
                title="X",
                status=Status.FAILED,
                score=score,
                max_score=10.0,
                tests=tuple(tests),
                output=CapturedOutput(text="y" * 60_000, total_bytes=TEN_MB, truncated=True),
            )
        )
    return dataclasses.replace(REPORT, exercises=tuple(exercises))


@pytest.mark.parametrize("passing_every", [0, 3, 1000])
def test_github_classroom_result_fits_the_reporters_environment_variable(
    passing_every: int,
) -> None:
    report = _course_sized(108, passing_every=passing_every)  # 1512 tests
    rendered = FORMATS["github-classroom"].render(report, options())
    assert len(rendered.encode()) <= CLASSROOM_LIMIT_BYTES
    encoded = base64.b64encode(rendered.encode()).decode("ascii")
    assert len(encoded) < 120_000
    assert len("GRADER_RESULTS=" + encoded) < 128 * 1024
    # As the runner would start the reporter: Linux refuses an over-long string.
    started = subprocess.run(["env", f"GRADER_RESULTS={encoded}", "true"], check=False)
    assert started.returncode == 0
    result = json.loads(rendered)
    assert len(result["tests"]) == 1512  # every test keeps its row and its score
    assert all(type(t["score"]) in (int, float) for t in result["tests"])
    assert running_sum([t["score"] for t in result["tests"]]) == report.score
    assert result["max_score"] == report.max_score


def test_github_classroom_keeps_every_test_row_when_it_fits() -> None:
    report = _course_sized(20, passing_every=2)  # 280 tests, messages must shrink
    result = json.loads(FORMATS["github-classroom"].render(report, options()))
    assert len(result["tests"]) == 280
    assert running_sum([t["score"] for t in result["tests"]]) == report.score


def test_github_classroom_scores_add_up_exactly_left_to_right() -> None:
    # Shares of 7 points over 3 tests: 2.3333 each, which do not add up in doubles.
    for tests_per_exercise in (3, 7, 9, 11):
        report = _course_sized(tests_per_exercise, passing_every=2)
        result = json.loads(FORMATS["github-classroom"].render(report, options()))
        assert running_sum([t["score"] for t in result["tests"]]) == report.score


def test_balance_reaches_the_total_in_doubles_whatever_the_rounding() -> None:
    rows = [{"score": 0.1} for _ in range(10)] + [{"score": 0.0}, {"score": 44.3609 - 1}]
    balance(rows, "score", 44.3609)
    assert running_sum([r["score"] for r in rows]) == 44.3609
    assert rows[-2]["score"] == 0.0  # only the last scoring row moves
    assert abs(rows[-1]["score"] - 43.3609) < 1e-9


# -- M1: the Markdown step summary ---------------------------------------------------------


def test_markdown_fits_a_step_summary_when_every_test_fails_at_length() -> None:
    report = _course_sized(70)  # 980 failing tests, long messages and reports, big output
    rendered = FORMATS["markdown"].render(report, options())
    assert len(rendered.encode()) <= MARKDOWN_LIMIT_BYTES < 1024 * 1024
    assert "truncated" in rendered  # shrunk texts carry their marker


def test_markdown_too_long_even_shrunk_is_cut_with_a_marker() -> None:
    report = _course_sized(400)  # 5600 tests: the rows alone exceed the limit
    rendered = FORMATS["markdown"].render(report, _options(HiddenDisplay.SUMMARY, "zh"))
    assert len(rendered.encode()) <= MARKDOWN_LIMIT_BYTES
    assert "报告在此截断" in rendered
    assert len(re.findall(r"^`{3,}", rendered, flags=re.M)) % 2 == 0  # no block left open


def test_markdown_with_ten_megabytes_of_output_fits() -> None:
    big = dataclasses.replace(
        FIELDS, output=CapturedOutput(text="y" * TEN_MB, total_bytes=TEN_MB, truncated=False)
    )
    rendered = FORMATS["markdown"].render(dataclasses.replace(REPORT, exercises=(big,)), options())
    assert len(rendered.encode()) < 100_000 and "truncated" in rendered


# -- low findings: markers, counts under none, generic wording, unsafe characters ----------


def test_the_output_marker_counts_what_was_printed() -> None:
    from grader.render.common import cap_output

    kept = CapturedOutput(text="x" * 70_000, total_bytes=11_200_001, truncated=True)
    assert cap_output(kept, 500, "en").endswith(
        "[... truncated: 11200001 bytes printed in all ...]"
    )
    whole = CapturedOutput(text="x" * 900, total_bytes=900, truncated=False)
    assert cap_output(whole, 500, "en").endswith("[... truncated: 900 characters in all ...]")


def test_none_counts_only_the_rows_it_shows() -> None:
    shown = apply_visibility(REPORT, HiddenDisplay.NONE)
    (pager,) = [e for e in shown.exercises if e.id == "03_pager"]
    assert (
        len(pager.tests) == 3 and exercise_message(pager, "en") == "1/3 tests passed"
    )  # not "2/5"
    summary = apply_visibility(REPORT, HiddenDisplay.SUMMARY)
    summarised = next(e for e in summary.exercises if e.id == "03_pager")
    assert exercise_message(summarised, "en") == "2/5 tests passed"


def test_a_hidden_pytest_raises_failure_gets_the_assertion_wording() -> None:
    from grader.plugin.recorder import classify
    from grader.render.common import test_message

    try:
        with pytest.raises(ValueError):
            pass
    except BaseException as exc:  # pytest's Failed: DID NOT RAISE
        outcome = classify(pytest.ExceptionInfo.from_exception(exc))
    assert outcome.reason is Reason.ASSERTION
    failed = _hidden("test_negative_total_raises_value_error[-1]", 1)
    failed = dataclasses.replace(failed, message=outcome.message, reason=outcome.reason)
    assert test_message(failed, "en") == "a result did not match the specification"
    assert test_message(failed, "zh") == "结果与规格说明不符"


def test_bidi_overrides_controls_and_lone_surrogates_never_reach_a_page() -> None:
    nasty = "evil\u202etxt.exe \x7f\x9b[31m \udcff end"
    test = dataclasses.replace(PAGER.tests[1], message=nasty, detail=nasty)
    exercise = dataclasses.replace(PAGER, tests=(test,), output=CapturedOutput())
    report = dataclasses.replace(REPORT, exercises=(exercise,))
    for name in ("html", "markdown"):
        rendered = FORMATS[name].render(report, options())
        assert not any(c in rendered for c in "\u202e\x7f\x9b\udcff"), name
        rendered.encode("utf-8")  # nothing left that UTF-8 cannot carry
