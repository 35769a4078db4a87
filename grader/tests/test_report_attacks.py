"""Reports under attack: student text that forges report lines (escape sequences, control
characters, line breaks, Rich markup), a submission name that is a spreadsheet formula,
hidden tests' run times that spell out what the tests passed in, and a grader error that
must not read as the student's failed tests."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from grader.course import ReportSettings
from grader.render.common import RenderOptions, apply_visibility, safe_report
from grader.render.csv_report import text_cell
from grader.render.formats import FORMATS
from grader.render.json_report import load_schema
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import (
    CapturedOutput,
    HiddenDisplay,
    Report,
    Status,
    Visibility,
)

from .report_fixture import COURSE, FIELDS, GOODS, METHODS, PAGER, PRIVATE, REPORT, options

FORGED = "Total: 10/10"
# Clear the screen, go home, overwrite the line: the classic terminal forgeries.
ESCAPES = "\x1b[2J\x1b[H\x1b[1A\x1b[2K\r"
MARKUP = f"[bold green]{FORGED}[/]"
# Control characters (but \t and \n), DEL, C1, line/paragraph separators, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _hostile_report() -> Report:
    """The fixture report with forged lines in every text a student controls."""
    pager_tests = list(PAGER.tests)
    pager_tests[1] = dataclasses.replace(
        pager_tests[1],
        message=f"{MARKUP} :thumbs_up:\n{ESCAPES}{FORGED}\u2028{FORGED}",
        detail=f"E   assert 1 == 2\n{ESCAPES}{FORGED}\r\n\x85{FORGED}\x00",
    )
    pager_tests[0] = dataclasses.replace(
        pager_tests[0],
        name=f"test_start[\n{FORGED}]",
        status=Status.FAILED,
        score=0.0,
        message=f"\x1b]0;title\x07{ESCAPES}{FORGED}",
    )
    pager = dataclasses.replace(PAGER, tests=tuple(pager_tests), hidden_run=False)
    printed = f"page 1\n{ESCAPES}{FORGED}\n\x1b[32m{FORGED}\x1b[0m\r{FORGED}\n"
    fields = dataclasses.replace(
        FIELDS,
        output=CapturedOutput(text=printed, total_bytes=len(printed)),
        ignored_files=(f"evil\n{FORGED}.py", f"\x1b[2K{FORGED}.py", f"\u202e{FORGED}.py"),
    )
    private = dataclasses.replace(
        PRIVATE,
        import_errors=(f"cannot import account.py: Exception: x\n{ESCAPES}{FORGED}\n{MARKUP}",),
    )
    return dataclasses.replace(
        REPORT,
        submission=f"alice\n{FORGED}.zip",
        submission_name=f"alice\x1b[2K\n{FORGED}",
        exercises=(fields, METHODS, pager, GOODS, private),
    )


def _terminal(report: Report, lang: str = "en", mode: HiddenDisplay = HiddenDisplay.FULL) -> str:
    stream = io.StringIO()
    render(shown_report(report, mode), course=COURSE, stream=stream, lang=lang, width=100)
    return stream.getvalue()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(name: str, rendered: str) -> list[str]:
    """What a reader of the format is shown: the decoded strings of a JSON or XML file,
    the text itself otherwise."""
    if rendered.lstrip().startswith("{"):
        return list(_strings(json.loads(rendered)))
    if name == "junit":
        root = ET.fromstring(rendered)
        texts = []
        for element in root.iter():
            texts += [element.text or "", *element.attrib.values()]
        return texts
    return [rendered]


# -- 1. forged report lines ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_terminal_report_shows_no_forged_line(lang: str) -> None:
    report = _hostile_report()
    text = _terminal(report, lang)

    assert not UNSAFE.search(text), repr(UNSAFE.findall(text))
    total = "Total" if lang == "en" else "总分"
    own = [line for line in text.splitlines() if line.startswith(total)]
    assert own == [f"{total}: {report.score:g}/{report.max_score:g}"]
    assert MARKUP in text  # Rich markup in a message is shown as typed
    assert ":thumbs_up:" in text  # and an emoji code too


def test_every_student_line_in_the_terminal_report_follows_a_mark_of_ours() -> None:
    forged = [line for line in _terminal(_hostile_report()).splitlines() if FORGED in line]

    assert len(forged) >= 8
    for line in forged:
        # A gutter, a test's line, the ignored files, the title with the submission.
        assert re.match(r"^(  │ |      │ |  ✗ test_|  Ignored files|Python Day 8  · )", line), line


@pytest.mark.parametrize("name", list(FORMATS))
def test_no_format_carries_a_control_character_or_a_forged_name(name: str) -> None:
    rendered = FORMATS[name].render(_hostile_report(), options())

    for text in _texts(name, rendered):
        assert not UNSAFE.search(text), (name, text[:200])
    if name in {"gradescope", "github-classroom", "prairielearn", "exercism"}:
        for test in json.loads(rendered)["tests"]:
            assert "\n" not in test["name"], (name, test["name"])
    if name == "junit":
        for case in ET.fromstring(rendered).iter("testcase"):
            assert "\n" not in case.attrib["name"]
    if name == "csv":
        header, *rows = csv.reader(io.StringIO(rendered))
        assert len(rows) == 1 and len(rows[0]) == len(header)
        assert "\n" not in rows[0][0]


@pytest.mark.parametrize("name", ["gradescope", "prairielearn"])
def test_printed_output_in_a_platforms_text_field_is_behind_a_gutter(name: str) -> None:
    field = json.loads(FORMATS[name].render(_hostile_report(), options()))["output"]
    forged = [line for line in field.splitlines() if FORGED in line]

    # Two printed lines; Gradescope's one text field also holds the two lines after the
    # first of 05's message (said once there, as an import error's code line and caret
    # would be), which PrairieLearn puts in its "message" instead.
    assert len(forged) == (4 if name == "gradescope" else 2)
    assert all(line.startswith("│ ") for line in forged), forged


def test_safe_report_is_idempotent_and_keeps_line_breaks_of_multi_line_texts() -> None:
    once = safe_report(_hostile_report())

    assert safe_report(once) == once
    pager = once.exercises[2]
    assert pager.tests[0].name == "test_start[\ufffdTotal: 10/10]"
    assert pager.tests[1].detail.splitlines()[0] == "E   assert 1 == 2"
    assert "\r" not in pager.tests[1].detail
    assert once.submission_name == "alice\ufffd[2K\ufffdTotal: 10/10"
    assert once.exercises[0].ignored_files[0] == "evil\ufffdTotal: 10/10.py"


# -- 2. formulas in the gradebook ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"],
)
def test_a_submission_name_is_never_a_formula_in_the_gradebook(name: str) -> None:
    report = dataclasses.replace(REPORT, exercises=(FIELDS, PAGER), submission_name=name)

    rendered = FORMATS["csv"].render(report, options())
    (row,) = list(csv.DictReader(io.StringIO(rendered)))

    assert row["id"] == "'" + name
    assert (row["total"], row["max"], row["01_fields"], row["03_pager"]) == ("14", "20", "10", "4")
    assert rendered.splitlines()[1].endswith(",14,20,10,4")  # numbers stay bare numbers


def test_a_submission_name_with_a_semicolon_stays_in_one_cell() -> None:
    report = dataclasses.replace(REPORT, exercises=(FIELDS,), submission_name="x;=1+2")

    line = FORMATS["csv"].render(report, options()).splitlines()[1]

    assert line == '"x;=1+2",10,10,10'


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@x", "\t=1", "\r=1"])
def test_text_cells_starting_like_a_formula_get_a_quote(value: str) -> None:
    assert text_cell(value) == f'"\'{value}"'
    assert text_cell('a "b"') == '"a ""b"""'


# -- 3. hidden tests' run times ------------------------------------------------------------

HIDDEN_SECONDS = 7.3125  # what a sleeping student process chose to say
EXERCISE_SECONDS = 9.8125
PUBLIC_SECONDS = 0.5


def _timed_report() -> Report:
    tests = tuple(
        dataclasses.replace(
            t,
            duration_s=HIDDEN_SECONDS if t.visibility is Visibility.HIDDEN else PUBLIC_SECONDS,
        )
        for t in PAGER.tests
    )
    pager = dataclasses.replace(PAGER, tests=tests, duration_s=EXERCISE_SECONDS)
    public_only = dataclasses.replace(
        FIELDS,
        tests=tuple(dataclasses.replace(t, duration_s=PUBLIC_SECONDS) for t in FIELDS.tests),
        duration_s=1.25,
    )
    return dataclasses.replace(REPORT, exercises=(public_only, pager))


_SECRET_TIMES = ("7.3125", "7.312", "7.313", "7312", "7313", "9.8125", "9.812", "9.813", "9812")


def _with_mode(mode: HiddenDisplay) -> RenderOptions:
    return dataclasses.replace(options(), settings=ReportSettings(hidden_display=mode))


@pytest.mark.parametrize("mode", [HiddenDisplay.SUMMARY, HiddenDisplay.NONE])
@pytest.mark.parametrize("name", list(FORMATS))
def test_no_format_carries_a_hidden_tests_run_time(name: str, mode: HiddenDisplay) -> None:
    rendered = FORMATS[name].render(_timed_report(), _with_mode(mode))

    for secret in _SECRET_TIMES:
        assert secret not in rendered, (name, secret)
    if name == "gradescope":
        assert "execution_time" not in json.loads(rendered)
    if name == "github-classroom":
        rows = json.loads(rendered)["tests"]
        assert {r["duration"] for r in rows if "duration" in r} == {500}  # public tests only
    if name == "junit":
        root = ET.fromstring(rendered)
        pager = next(s for s in root.iter("testsuite") if s.attrib["name"] == "03_pager")
        assert "time" not in pager.attrib


def test_the_visibility_filter_drops_hidden_run_times_and_keeps_public_ones() -> None:
    report = _timed_report()

    for mode in (HiddenDisplay.SUMMARY, HiddenDisplay.NONE):
        fields, pager = apply_visibility(report, mode).exercises
        assert fields.duration_s == 1.25  # no hidden tests: nothing to derive
        assert pager.duration_s is None
        for test in pager.tests:
            public = test.visibility is Visibility.PUBLIC
            assert test.duration_s == (PUBLIC_SECONDS if public else None)
    full = apply_visibility(report, HiddenDisplay.FULL).exercises[1]
    assert full.duration_s == EXERCISE_SECONDS
    assert {t.duration_s for t in full.tests} == {PUBLIC_SECONDS, HIDDEN_SECONDS}


def test_the_json_report_with_withheld_run_times_follows_its_schema() -> None:
    data = json.loads(FORMATS["json"].render(_timed_report(), options()))

    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["schema_version"] >= 2  # null run times since version 2
    pager = data["exercises"][1]
    assert pager["duration_s"] is None
    assert [t["duration_s"] for t in pager["tests"]] == [0.5, 0.5, None, None, None]


def test_public_only_runs_keep_every_run_time() -> None:
    timed = _timed_report()
    exercises = tuple(dataclasses.replace(e, hidden_run=False) for e in timed.exercises)
    report = dataclasses.replace(timed, exercises=exercises, hidden_run=False)
    data = json.loads(FORMATS["json"].render(report, options()))
    assert data["exercises"][1]["duration_s"] == EXERCISE_SECONDS
    assert json.loads(FORMATS["gradescope"].render(report, options()))["execution_time"] == 12


# -- 4. grader errors ---------------------------------------------------------------------

_ERROR_TEST = "test_from_fahrenheit"  # 02_methods' one test: "no result was recorded"


def test_gradescope_shows_a_grader_error_not_the_students_failed_tests() -> None:
    results = json.loads(FORMATS["gradescope"].render(REPORT, options()))

    methods = [t for t in results["tests"] if t["name"].startswith("02_methods")]
    assert len(methods) == 1
    (entry,) = methods
    assert _ERROR_TEST not in json.dumps(results)
    assert "grader error" in entry["name"] and "not final" in entry["name"]
    assert "grader_error" in entry["tags"]
    assert entry["visibility"] == "visible"
    assert "not your code" in entry["output"]
    assert "exit status -9" in entry["output"]  # the technical reason
    assert (entry["score"], entry["max_score"]) == (METHODS.score, METHODS.max_score)
    assert results["output"].startswith("The grader itself failed on some exercises")
    assert "not final" in results["output"].splitlines()[0]
    assert sum(t["score"] for t in results["tests"]) == results["score"]


@pytest.mark.parametrize("name", [n for n in FORMATS if n not in {"json", "csv"}])
def test_no_format_lists_a_grader_errors_tests_as_the_students(name: str) -> None:
    rendered = FORMATS[name].render(REPORT, options())

    assert _ERROR_TEST not in rendered.replace("\\_", "_"), name
    assert "not final" in rendered
    if name in {"github-classroom", "exercism"}:
        rows = [t for t in json.loads(rendered)["tests"] if t["name"].startswith("02_methods")]
        assert [r["status"] for r in rows] == ["error"]
    if name == "prairielearn":
        result = json.loads(rendered)
        assert result["gradable"] is False
        rows = [t for t in result["tests"] if t["name"].startswith("02_methods")]
        assert len(rows) == 1 and "not final" in rows[0]["message"]
    if name == "junit":
        root = ET.fromstring(rendered)
        suite = next(s for s in root.iter("testsuite") if s.attrib["name"] == "02_methods")
        assert (suite.attrib["tests"], suite.attrib["failures"], suite.attrib["errors"]) == (
            "1",
            "0",
            "1",
        )
        (error,) = suite.iter("error")
        assert error.attrib["type"] == "grader_error" and "not final" in error.attrib["message"]


def test_the_terminal_report_shows_a_grader_error_not_failed_tests() -> None:
    text = _terminal(REPORT, mode=HiddenDisplay.SUMMARY)

    assert _ERROR_TEST not in text
    assert "grader error: the grader failed" in text  # the table's cell, wrapped
    assert "The grader itself failed on some exercises; these scores are not final." in text
    assert "│ grader error: the test process ended abnormally" in text


def test_the_gradebook_row_of_a_grader_error_holds_no_score() -> None:
    (row,) = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(REPORT, options()))))

    assert row["02_methods"] == "grader error"
    assert row["total"] == "grader error"
    assert (row["max"], row["03_pager"]) == ("60", "4")
    fine = dataclasses.replace(REPORT, exercises=(FIELDS, PAGER))
    (row,) = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(fine, options()))))
    assert row["total"] == "14"


def test_the_json_report_says_which_scores_are_not_final() -> None:
    data = json.loads(FORMATS["json"].render(REPORT, options()))

    assert data["grader_errors"] == ["02_methods"]
    methods = next(e for e in data["exercises"] if e["id"] == "02_methods")
    assert methods["grader_error"] is True and methods["status"] == "error"
