"""Golden files: every format rendered from one fixed report, compared byte for byte.

After an intended change of a format, regenerate the files and review the diff:

    GRADER_UPDATE_GOLDEN=1 python -m pytest grader/tests/test_golden.py

(the tests then rewrite ``grader/tests/golden/`` and pass).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from grader.render.common import apply_visibility
from grader.render.formats import FORMATS
from grader.render.terminal import render
from grader.results import Report

from .report_fixture import COURSE, REPORT, REPORT_LATE, options

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GRADER_UPDATE_GOLDEN") == "1"

_SUFFIX = {
    "json": "json",
    "html": "html",
    "markdown": "md",
    "gradescope": "json",
    "junit": "xml",
    "csv": "csv",
    "github-classroom": "json",
    "prairielearn": "json",
    "exercism": "json",
}
# Formats people read come in both languages; files for machines in English only.
CASES = [
    *((name, "en") for name in FORMATS),
    ("html", "zh"),
    ("markdown", "zh"),
    ("gradescope", "zh"),
]


def _text_report(lang: str, report: Report = REPORT) -> str:
    stream = io.StringIO()
    shown = apply_visibility(report, COURSE.reports.hidden_tests)
    render(shown, course=COURSE, stream=stream, lang=lang, show_hints=True, width=100)
    return stream.getvalue()


def _check(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"{path.name} missing: run GRADER_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.name} differs from the rendering; if the change is intended, "
        "regenerate with GRADER_UPDATE_GOLDEN=1 (see this module's docstring)"
    )


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_format_matches_its_golden_file(name: str, lang: str) -> None:
    rendered = FORMATS[name].render(REPORT, options(lang))
    suffix = "" if lang == "en" else f".{lang}"
    _check(GOLDEN / f"{name}{suffix}.{_SUFFIX[name]}", rendered)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_terminal_report_matches_its_golden_file(lang: str) -> None:
    suffix = "" if lang == "en" else f".{lang}"
    _check(GOLDEN / f"text{suffix}.txt", _text_report(lang))


# The late policy applied (grade --submitted-at): the formats people read, in golden/late/.
LATE = GOLDEN / "late"
LATE_CASES = ["json", "html", "markdown", "gradescope"]


@pytest.mark.parametrize("name", LATE_CASES)
def test_a_late_submission_matches_its_golden_file(name: str) -> None:
    _check(LATE / f"{name}.{_SUFFIX[name]}", FORMATS[name].render(REPORT_LATE, options("en")))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_terminal_report_of_a_late_submission_matches_its_golden_file(lang: str) -> None:
    suffix = "" if lang == "en" else f".{lang}"
    _check(LATE / f"text{suffix}.txt", _text_report(lang, REPORT_LATE))


def test_every_format_has_a_golden_file() -> None:
    names = {name for name, _ in CASES}
    assert names == set(FORMATS)
    if not UPDATE:
        expected = {f"{n}{'' if lang == 'en' else '.' + lang}.{_SUFFIX[n]}" for n, lang in CASES}
        expected |= {"text.txt", "text.zh.txt", "class"}  # class/: test_class_outputs.py
        expected |= {"late"}
        assert {p.name for p in GOLDEN.iterdir()} == expected
        late = {f"{n}.{_SUFFIX[n]}" for n in LATE_CASES} | {"text.txt", "text.zh.txt"}
        assert {p.name for p in LATE.iterdir()} == late
