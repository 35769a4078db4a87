"""``grader grade --format html/markdown`` and course.yaml's ``reports:`` setting, run as
users run them, on the fake course."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from grader.course import load_course
from grader.errors import CourseError
from grader.render.json_report import load_schema
from grader.results import HiddenDisplay

from .conftest import FAKE_COURSE, FAKE_SUBMISSIONS, edit_course_yaml
from .test_cli import one_line_error, run_grader
from .test_reports import _Page

PARTIAL = FAKE_SUBMISSIONS / "partial"
SENTENCE = "public tests: all passed; hidden tests: 2 of 4 failed"


def _grade(
    course: Path, submission: Path, out: Path, *formats: str, lang: str = "en"
) -> dict[str, Any]:
    args = [f for name in formats for f in ("--format", name)]
    result = run_grader(
        "grade",
        submission,
        "--course",
        course,
        "--exercise",
        "01_adder",
        *args,
        "--output-dir",
        out,
        cwd=out,
        lang=lang,
    )
    assert result.returncode == 0, result.stderr
    return {"stdout": result.stdout}


def _set_hidden(course_yaml: Path, mode: str) -> Path:
    def change(data: dict[str, Any]) -> None:
        data["reports"] = {"hidden_tests": mode}

    return edit_course_yaml(course_yaml, change)


def test_html_and_markdown_reports_of_a_partly_wrong_submission(tmp_path: Path) -> None:
    _grade(FAKE_COURSE, PARTIAL, tmp_path, "html", "markdown", "json", "text")
    page = _Page((tmp_path / "report.html").read_text(encoding="utf-8"))
    text = " ".join(page.text.split())
    assert "Total: 10/18" in text
    assert SENTENCE in text
    assert "Accumulator.total is the sum of every value added so far." in text  # the hint
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "**Total: 10/18**" in markdown
    assert SENTENCE in markdown.replace("\\", "")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(report)
    assert report["hidden_tests_shown"] == "summary"


def test_the_html_report_follows_the_readers_language(tmp_path: Path) -> None:
    _grade(FAKE_COURSE, PARTIAL, tmp_path, "html", lang="zh")
    rendered = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in rendered
    assert "公开测试：全部通过; 隐藏测试：4 个中有 2 个未通过" in rendered


@pytest.mark.parametrize("mode", ["none", "summary", "full"])
def test_every_format_obeys_the_hidden_tests_setting(
    mode: str, fake_course_copy: Path, tmp_path: Path
) -> None:
    course = _set_hidden(fake_course_copy, mode)
    formats = ("json", "html", "markdown", "gradescope", "junit", "github-classroom")
    formats += ("prairielearn", "exercism")
    _grade(course, PARTIAL, tmp_path, *formats)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(report)
    assert report["hidden_tests_shown"] == mode
    assert report["score"] == 10  # the setting never changes a score
    hidden = [t for t in report["exercises"][0]["tests"] if t["visibility"] == "hidden"]
    files = [p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.is_file()]
    if mode == "none":
        assert [t["combined"] for t in hidden] == [4]
        assert all("test_add_negative_numbers" not in f for f in files)
    elif mode == "summary":
        assert len(hidden) == 4 and all("detail" not in t for t in hidden)
        assert all("test_add_negative_numbers" in f.replace("\\", "") for f in files)
        assert all("assert 9 == -9" not in f for f in files)  # the hidden expected value
    else:
        failed = [t for t in hidden if t["status"] == "failed"]
        assert failed and all("detail" in t for t in failed)
        assert "-9" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_a_call_timeout_reports_its_limit(tmp_path: Path) -> None:
    _grade(FAKE_COURSE, FAKE_SUBMISSIONS / "hang_call", tmp_path, "json", "html")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    timeouts = [t for t in report["exercises"][0]["tests"] if t["status"] == "timeout"]
    assert timeouts and {t["time_limit_s"] for t in timeouts} == {1.5}
    assert "timed out after 1.5 s" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_reports_setting_is_validated_with_file_and_key_path(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    _set_hidden(fake_course_copy, "some")
    line = one_line_error(run_grader("grade", PARTIAL, "--course", fake_course_copy, cwd=tmp_path))
    assert line == (
        f"grader: error: {fake_course_copy}: reports.hidden_tests: "
        "expected one of none, summary, full, got 'some'"
    )


@pytest.mark.parametrize(
    ("reports", "problem"),
    [
        ({"hidden_tests": 3}, "reports.hidden_tests: expected one of none, summary, full, got int"),
        (
            {"gradescope_hidden_visibility": "later"},
            "reports.gradescope_hidden_visibility: expected one of hidden, after_due_date, "
            "after_published, visible, got 'later'",
        ),
        ({"hidden": "none"}, "reports.hidden: unknown key"),
        ("full", "reports: expected a mapping, got str"),
    ],
)
def test_bad_reports_settings(reports: object, problem: str, fake_course_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["reports"] = reports

    edit_course_yaml(fake_course_copy, change)
    with pytest.raises(CourseError) as caught:
        load_course(fake_course_copy)
    assert f"{fake_course_copy}: {problem}" in str(caught.value)


def test_reports_settings_default_to_summary_and_after_due_date() -> None:
    settings = load_course(FAKE_COURSE).reports
    assert settings.hidden_display is HiddenDisplay.SUMMARY
    assert settings.gradescope_hidden_visibility == "after_due_date"
