"""Machine-readable report formats: each valid for its reader, hidden tests kept hidden."""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import junitparser
import pytest

from grader.course import Course
from grader.render.formats import FORMATS
from grader.results import (
    CapturedOutput,
    Containment,
    ExerciseResult,
    HiddenDisplay,
    Reason,
    Report,
    Status,
    TestResult,
    Visibility,
)

from .conftest import KIT_ROOT

SECRET = "EXPECTED-VALUE-42"
HOSTILE = "<script>alert(1)</script> \x00\x07 naïve 中文"


def _test(
    name: str,
    status: Status,
    score: float,
    visibility: Visibility,
    message: str = "",
    detail: str = "",
) -> TestResult:
    return TestResult(
        name=name,
        nodeid=f"x::{name}",
        status=status,
        score=score,
        max_score=2.0,
        visibility=visibility,
        message=message,
        detail=detail,
        duration_s=0.01,
    )


REPORT = Report(
    grader_version="0.1.0",
    course_id="python-day8",
    submission="alice.zip",
    submission_sha256="0" * 64,
    timestamp="2026-11-27T00:00:00+00:00",
    containment=Containment(tier="process", mechanisms=("rlimits",)),
    exercises=(
        ExerciseResult(
            id="03_pager",
            title="Pager",
            status=Status.FAILED,
            score=4.0,
            max_score=10.0,
            output=CapturedOutput(text="x" * 100, total_bytes=10_000_000, truncated=True),
            tests=(
                _test("test_ok", Status.PASSED, 2.0, Visibility.PUBLIC),
                _test(
                    "test_public_fails",
                    Status.FAILED,
                    0.0,
                    Visibility.PUBLIC,
                    "assert 1 == 2",
                    f"E   assert 1 == 2 {HOSTILE}",
                ),
                _test("test_hidden_ok", Status.PASSED, 2.0, Visibility.HIDDEN),
                _test(
                    "test_hidden_fails",
                    Status.FAILED,
                    0.0,
                    Visibility.HIDDEN,
                    "a result did not match the specification",
                ),
                _test(
                    "test_hidden_hangs",
                    Status.TIMEOUT,
                    0.0,
                    Visibility.HIDDEN,
                    "student code did not answer within 5 s",
                ),
            ),
        ),
        ExerciseResult(
            id="04_goods",
            title="Goods",
            status=Status.SKIPPED,
            score=0.0,
            max_score=10.0,
            reason=Reason.NOT_SUBMITTED,
        ),
    ),
)

# The fields Gradescope's autograder specification documents for results.json.
GRADESCOPE_SCHEMA = {
    "type": "object",
    "required": ["score", "tests"],
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "integer", "minimum": 0},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "stdout_visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "score", "max_score", "status"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "number": {"type": "string"},
                    "score": {"type": "number"},
                    "max_score": {"type": "number"},
                    "status": {"enum": ["passed", "failed"]},
                    "output": {"type": "string"},
                    "visibility": {
                        "enum": ["hidden", "after_due_date", "after_published", "visible"]
                    },
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def test_gradescope_results_follow_the_specification_and_hide_hidden_tests() -> None:
    results = json.loads(FORMATS["gradescope"].render(REPORT))
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    assert results["score"] == 4.0
    by_name = {t["name"]: t for t in results["tests"]}
    assert by_name["03_pager: test_ok"]["status"] == "passed"
    assert by_name["03_pager: test_public_fails"]["visibility"] == "visible"
    assert "assert 1 == 2" in by_name["03_pager: test_public_fails"]["output"]
    hidden = by_name["03_pager: test_hidden_fails"]
    assert hidden["visibility"] == "after_due_date"
    assert hidden["output"] == "[failed] a result did not match the specification"
    assert by_name["03_pager: test_hidden_hangs"]["status"] == "failed"
    assert "[timeout]" in by_name["03_pager: test_hidden_hangs"]["output"]
    assert "04_goods: not submitted" in by_name
    assert sum(t["score"] for t in results["tests"]) == results["score"]


def test_junit_xml_parses_with_a_junit_library_and_counts_each_outcome() -> None:
    xml = junitparser.JUnitXml.fromstring(FORMATS["junit"].render(REPORT))
    suites = {suite.name: suite for suite in xml}
    pager = suites["03_pager"]
    assert (pager.tests, pager.failures, pager.errors, pager.skipped) == (5, 2, 1, 0)
    cases = {case.name: case for case in pager}
    assert cases["test_ok"].is_passed
    failure = cases["test_public_fails"].result[0]
    assert isinstance(failure, junitparser.Failure)
    assert "<script>" in failure.text  # kept as text, escaped in the XML
    assert "\x00" not in failure.text
    assert isinstance(cases["test_hidden_hangs"].result[0], junitparser.Error)
    assert cases["test_hidden_fails"].result[0].text is None  # no hidden details
    assert cases["test_public_fails"].classname == "03_pager"
    goods = suites["04_goods"]
    assert isinstance(next(iter(goods)).result[0], junitparser.Skipped)


def test_csv_has_one_row_with_the_total_and_each_exercise() -> None:
    rendered = FORMATS["csv"].render(REPORT)
    assert rendered.splitlines()[0] == "id,total,max,03_pager,04_goods"  # the column set
    rows = list(csv.DictReader(io.StringIO(rendered)))
    assert rows == [
        {
            "id": "alice",  # the submission's name, not its path: a gradebook id
            "total": "4",
            "max": "20",
            "03_pager": "4",
            "04_goods": "0",
        }
    ]


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("/srv/exports/s2023001.zip", "s2023001"),
        ("submissions/alice.smith/", "alice.smith"),
        ("bob.ZIP", "bob"),
        ("C:\\exports\\carol", "carol"),
    ],
)
def test_csv_id_is_the_submission_name(label: str, name: str) -> None:
    report = dataclasses.replace(REPORT, submission=label, submission_name="")
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(report))))
    assert rows[0]["id"] == name


def test_no_format_reveals_what_a_hidden_test_expected() -> None:
    secret_report = Report(
        **{
            **REPORT.__dict__,
            "exercises": (
                ExerciseResult(
                    id="03_pager",
                    title="Pager",
                    status=Status.FAILED,
                    score=0.0,
                    max_score=10.0,
                    tests=(
                        _test(
                            "test_hidden",
                            Status.FAILED,
                            0.0,
                            Visibility.HIDDEN,
                            "a result did not match the specification",
                        ),
                    ),
                ),
            ),
        }
    )
    for fmt in FORMATS.values():
        assert SECRET not in fmt.render(secret_report), fmt.name


def _grader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_grade_writes_every_requested_format_with_its_usual_name(tmp_path: Path) -> None:
    done = _grader(
        "grade",
        str(KIT_ROOT / "solutions"),
        "--exercise",
        "03_pager",
        "--course",
        str(KIT_ROOT / "course.yaml"),
        "--format",
        "gradescope",
        "--format",
        "junit",
        "--format",
        "csv",
        "--output-dir",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # only the files: no terminal report unless text is asked for
    assert json.loads((tmp_path / "results.json").read_text())["score"] == 10.0
    assert junitparser.JUnitXml.fromfile(str(tmp_path / "junit.xml"))
    assert "03_pager" in (tmp_path / "grades.csv").read_text()


def test_output_file_needs_exactly_one_format(tmp_path: Path) -> None:
    done = _grader(
        "grade",
        str(KIT_ROOT / "solutions"),
        "--format",
        "junit",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "x"),
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "grader: error: -o/--output needs exactly one --format (use --output-dir for several)"
    ]


def test_github_classroom_scores_are_numbers_that_add_up_to_the_total_exactly() -> None:
    thirds = tuple(_test(f"test_{i}", Status.PASSED, 3.3333, Visibility.HIDDEN) for i in range(3))
    report = Report(
        **{
            **REPORT.__dict__,
            "exercises": (
                ExerciseResult(
                    id="03_pager",
                    title="Pager",
                    status=Status.PASSED,
                    score=10.0,
                    max_score=10.0,
                    tests=thirds,
                ),
            ),
        }
    )
    result = json.loads(FORMATS["github-classroom"].render(report))
    assert result["version"] == 1
    assert result["status"] == "pass"
    assert result["max_score"] == 10.0
    assert all(isinstance(t["score"], int | float) for t in result["tests"])
    assert round(sum(t["score"] for t in result["tests"]), 6) == 10.0
    mixed = json.loads(FORMATS["github-classroom"].render(REPORT))
    assert mixed["status"] == "fail"
    assert {t["status"] for t in mixed["tests"]} == {"pass", "fail"}
    assert round(sum(t["score"] for t in mixed["tests"]), 6) == REPORT.score
    hidden = next(t for t in mixed["tests"] if t["name"].endswith("test_hidden_fails"))
    assert hidden["test_code"] == ""


def test_prairielearn_score_is_a_fraction_and_output_stays_small() -> None:
    big = Report(
        **{
            **REPORT.__dict__,
            "exercises": (
                ExerciseResult(
                    id="03_pager",
                    title="Pager",
                    status=Status.FAILED,
                    score=4.0,
                    max_score=10.0,
                    output=CapturedOutput(text="y" * 10_000_000, total_bytes=10_000_000),
                    tests=REPORT.exercises[0].tests,
                ),
            ),
        }
    )
    text = FORMATS["prairielearn"].render(big)
    assert len(text.encode()) < 1_000_000
    result = json.loads(text)
    assert result["gradable"] is True
    assert result["score"] == 0.4
    assert {"name", "points", "max_points", "message", "output"} <= set(result["tests"][0])


def test_prairielearn_marks_a_submission_that_never_imports_as_not_gradable() -> None:
    broken = Report(
        **{
            **REPORT.__dict__,
            "exercises": (
                ExerciseResult(
                    id="03_pager",
                    title="Pager",
                    status=Status.ERROR,
                    score=0.0,
                    max_score=10.0,
                    reason=Reason.CANNOT_IMPORT,
                    import_errors=("cannot import pager.py: SyntaxError: invalid syntax",),
                ),
            ),
        }
    )
    result = json.loads(FORMATS["prairielearn"].render(broken))
    assert result["gradable"] is False
    assert result["format_errors"] == ["cannot import pager.py: SyntaxError: invalid syntax"]


def test_exercism_results_are_version_3_with_capped_output() -> None:
    result = json.loads(FORMATS["exercism"].render(REPORT))
    assert result["version"] == 3
    assert result["status"] == "fail"
    statuses = {t["name"].split(": ")[1]: t["status"] for t in result["tests"]}
    assert statuses["test_ok"] == "pass"
    assert statuses["test_public_fails"] == "fail"
    assert all(len(t["output"] or "") <= 500 for t in result["tests"])
    assert {t["task_id"] for t in result["tests"]} == {1}


def test_github_classroom_result_is_published_as_a_base64_step_output(tmp_path: Path) -> None:
    outputs = tmp_path / "github_output"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "grade",
            str(KIT_ROOT / "solutions"),
            "--exercise",
            "03_pager",
            "--course",
            str(KIT_ROOT / "course.yaml"),
            "--format",
            "github-classroom",
            "-o",
            str(tmp_path / "classroom.json"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "GITHUB_OUTPUT": str(outputs)},
    )
    assert done.returncode == 0, done.stderr
    (line,) = outputs.read_text().splitlines()
    key, _, value = line.partition("=")
    assert key == "result"
    assert json.loads(base64.b64decode(value)) == json.loads(
        (tmp_path / "classroom.json").read_text()
    )


def test_terminal_report_says_how_public_and_hidden_tests_went(kit_course: Course) -> None:
    from grader.render.terminal import render
    from grader.render.visibility import shown_report

    shown = shown_report(REPORT, HiddenDisplay.FULL)
    stream = io.StringIO()
    render(shown, course=kit_course, stream=stream, lang="en")
    assert "public tests: 1 of 2 failed; hidden tests: 2 of 3 failed" in stream.getvalue()
    stream = io.StringIO()
    render(shown, course=kit_course, stream=stream, lang="zh")
    assert "公开测试：2 个中有 1 个未通过; 隐藏测试：3 个中有 2 个未通过" in stream.getvalue()
