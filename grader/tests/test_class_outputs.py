"""The class outputs rendered from one fixed class (``class_fixture.py``): golden files
for grades.csv, class.json and class.html (en, zh), their schema and escaping, and
class.html in headless Chromium.

After an intended change, regenerate and review the diff:

    GRADER_UPDATE_GOLDEN=1 python -m pytest grader/tests/test_class_outputs.py
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from grader.batch.class_json import class_schema, render_class_json
from grader.batch.class_page import render_class_html
from grader.batch.gradebook import render_gradebook
from grader.render.json_report import load_schema

from .class_fixture import CLASS
from .report_fixture import HOSTILE, options
from .test_chromium import CHROMIUM, chromium
from .test_golden import GOLDEN, check_golden

CLASS_GOLDEN = GOLDEN / "class"


def test_grades_csv_matches_its_golden_file() -> None:
    check_golden(CLASS_GOLDEN / "grades.csv", render_gradebook(CLASS))


def test_class_json_matches_its_golden_file_and_its_schema() -> None:
    text = render_class_json(CLASS, options("en"))
    check_golden(CLASS_GOLDEN / "class.json", text)
    data = json.loads(text)
    jsonschema.validate(data, class_schema())
    for student in data["students"]:
        jsonschema.validate(student["report"], load_schema())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_class_html_matches_its_golden_file(lang: str) -> None:
    suffix = "" if lang == "en" else ".zh"
    check_golden(
        CLASS_GOLDEN / f"class{suffix}.html",
        render_class_html(CLASS, lang=lang, report_file="report.html"),
    )


def test_the_gradebook_holds_raw_credit_final_and_flags_and_no_formula() -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(render_gradebook(CLASS)))}
    alice, bob, carol, dan = rows["alice"], rows["bob"], rows["carol"], rows["dan"]
    assert (alice["02_methods"], alice["raw_total"], alice["final_total"]) == ("grader error",) * 3
    assert (alice["late_credit"], alice["flags"]) == ("0.8", "late; grader error")
    assert bob["name"].startswith("'=")  # text, never a formula
    assert carol["flags"] == "no submission time; marked late by the LMS"
    assert (dan["raw_total"], dan["flags"]) == ("0", "no submission time; not submitted")


def test_student_text_on_the_class_page_is_escaped() -> None:
    page = render_class_html(CLASS, lang="en", report_file="report.html")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert HOSTILE not in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_chromium_shows_the_histogram_and_the_failing_tests(tmp_path: Path) -> None:
    page = tmp_path / "class.html"
    page.write_text(render_class_html(CLASS, lang="en", report_file="report.html"), "utf-8")
    done = chromium(page, "--dump-dom", profile=tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count('class="bin"') == 10
    assert 'data-count="1"' in dom  # the bins hold the four students
    failing = dom.split('id="most-failed"', 1)[1].split("</section>", 1)[0]
    assert "test_last_page_is_partial" in failing and "<td" in failing
    assert 'href="students/alice/report.html"' in dom
    assert "<script" not in dom
