"""Golden files: every format of the registry rendered from one fixed report, compared
byte for byte.

One loop over :data:`grader.render.formats.FORMATS` (the terminal's ``text`` included):
each format has ``golden/NAME.SUFFIX`` (the suffix of its ``default_file``), the formats
people read also ``golden/NAME.zh.SUFFIX``, and the late submission's in ``golden/late/``.
After an intended change of a format (or a new one, docs/adding-a-format.md),
regenerate the files and review the diff:

    GRADER_UPDATE_GOLDEN=1 python -m pytest grader/tests/test_golden.py

(the tests then rewrite ``grader/tests/golden/`` and pass).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.render.formats import FORMATS
from grader.results import Report

from .report_fixture import REPORT, REPORT_LATE, options

GOLDEN = Path(__file__).resolve().parent / "golden"
LATE = GOLDEN / "late"  # the late policy applied (grade --submitted-at)
UPDATE = os.environ.get("GRADER_UPDATE_GOLDEN") == "1"
LANGUAGES = ("en", "zh")

# Formats people read come in both languages; files for machines in English only.
BOTH_LANGUAGES = frozenset({"text", "html", "markdown", "gradescope"})
# A late submission: the formats people read (and our JSON), Chinese for the terminal.
LATE_FORMATS = frozenset({"text", "json", "html", "markdown", "gradescope"})
LATE_BOTH_LANGUAGES = frozenset({"text"})


def golden_name(name: str, lang: str) -> str:
    """``text.txt``, ``text.zh.txt``, ``junit.xml``: the golden file of a format."""
    suffix = Path(FORMATS[name].default_file).suffix
    return f"{name}{'' if lang == 'en' else '.' + lang}{suffix}"


def golden_cases() -> list[tuple[Path, Report, str, str]]:
    """(folder, report, format, language) of every golden file, from the registry."""
    cases = [
        (GOLDEN, REPORT, name, lang)
        for name in FORMATS
        for lang in LANGUAGES
        if lang == "en" or name in BOTH_LANGUAGES
    ]
    cases += [
        (LATE, REPORT_LATE, name, lang)
        for name in FORMATS
        if name in LATE_FORMATS
        for lang in LANGUAGES
        if lang == "en" or name in LATE_BOTH_LANGUAGES
    ]
    return cases


def check_golden(path: Path, actual: str, *, update: bool = UPDATE) -> None:
    """``actual`` is the golden file at ``path`` (``update``: it becomes it)."""
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"{path.name} missing: run GRADER_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.name} differs from the rendering; if the change is intended, "
        "regenerate with GRADER_UPDATE_GOLDEN=1 (see this module's docstring)"
    )


def _case_id(case: tuple[Path, Report, str, str]) -> str:
    folder, _, name, lang = case
    return f"{'late-' if folder == LATE else ''}{name}-{lang}"


@pytest.mark.parametrize("case", golden_cases(), ids=_case_id)
def test_format_matches_its_golden_file(case: tuple[Path, Report, str, str]) -> None:
    folder, report, name, lang = case
    check_golden(folder / golden_name(name, lang), FORMATS[name].render(report, options(lang)))


def expected_files(cases: list[tuple[Path, Report, str, str]]) -> dict[Path, set[str]]:
    """What each golden folder holds: the cases' files, ``late/`` and ``class/``
    (test_class_outputs.py)."""
    files: dict[Path, set[str]] = {GOLDEN: {"class", "late"}, LATE: set()}
    for folder, _, name, lang in cases:
        files[folder].add(golden_name(name, lang))
    return files


def test_every_format_has_a_golden_file_and_every_golden_file_a_format() -> None:
    cases = golden_cases()
    assert {name for _, _, name, _ in cases} == set(FORMATS)
    assert {"text.txt", "text.zh.txt"} <= expected_files(cases)[GOLDEN]
    if not UPDATE:
        for folder, names in expected_files(cases).items():
            assert {p.name for p in folder.iterdir()} == names, folder
