"""The containment's warnings are data (``Containment.warnings``), not notes marked by a
"WARNING: " prefix: the containment writes them, the JSON report lists them, the
terminal says them on stderr."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jsonschema
import pytest

from grader import cli
from grader.render.json_report import load_schema, report_to_dict
from grader.render.safety import safe_report
from grader.results import Containment, Report
from grader.sandbox.containment import MachineSupport, describe
from grader.sandbox.identity import StudentIdentity

UNPROTECTED = MachineSupport(
    identity=StudentIdentity("/usr/bin/python3", False, "the grader's own user"),
    bubblewrap=None,
    bubblewrap_problem="bwrap is not installed",
    grading_namespace=False,
    namespace_problem="no user namespaces",
)
# No exercise: the containment is what these tests are about.
REPORT = Report(
    grader_version="0.1.0",
    course_id="course",
    submission="alice.zip",
    submission_sha256="3" * 64,
    timestamp="2026-12-15T15:59:00+00:00",
    containment=Containment(tier="process", mechanisms=("rlimits",)),
    exercises=(),
)
WARNED = Containment(
    tier="process",
    mechanisms=("rlimits",),
    notes=("no bubblewrap sandbox (bwrap is not installed)",),
    warnings=("the grade is not protected: install bubblewrap",),
)


def test_an_unprotected_grading_is_a_warning_without_a_prefix(tmp_path: Path) -> None:
    if UNPROTECTED.protected:  # an unprivileged user with both namespaces: cannot happen here
        pytest.skip("this machine counts the support above as protected")
    said = describe(UNPROTECTED, tmp_path)
    assert [w[:26] for w in said.warnings] == ["the grade is not protected"]
    assert not any("WARNING" in text for text in (*said.notes, *said.warnings))
    assert any(n.startswith("no bubblewrap sandbox") for n in said.notes)
    assert not any(n.startswith("the grade is not protected") for n in said.notes)


def test_the_json_report_lists_the_warnings_and_keeps_every_note() -> None:
    data = report_to_dict(dataclasses.replace(REPORT, containment=WARNED))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["schema_version"] >= 4  # warnings since version 4
    assert data["containment"]["warnings"] == ["the grade is not protected: install bubblewrap"]
    # Readers of version 3 still find every note in notes.
    assert data["containment"]["notes"] == [
        "no bubblewrap sandbox (bwrap is not installed)",
        "the grade is not protected: install bubblewrap",
    ]
    quiet = report_to_dict(REPORT)
    assert quiet["containment"]["warnings"] == []
    jsonschema.Draft202012Validator(load_schema()).validate(quiet)


def test_a_warning_is_made_safe_to_show_like_a_note() -> None:
    forged = dataclasses.replace(WARNED, warnings=("bad\x1b[2J\nTotal: 10/10",))
    shown = safe_report(dataclasses.replace(REPORT, containment=forged))
    (warning,) = shown.containment.warnings
    assert "\x1b" not in warning and "\n" not in warning


def test_the_terminal_says_each_warning_and_no_note(capsys: pytest.CaptureFixture[str]) -> None:
    cli._warn_exposure(dataclasses.replace(REPORT, containment=WARNED))
    assert capsys.readouterr().err == (
        "grader: warning: the grade is not protected: install bubblewrap\n"
    )
    cli._warn_exposure(REPORT)
    assert capsys.readouterr().err == ""
