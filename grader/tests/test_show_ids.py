"""Hidden tests whose parametrize ids may be shown (``pytest.mark.show_ids``, issue 11).

A hidden test's id (``test_x[-40]``) becomes ``test_x[case N]`` in reports unless the
test declares that its ids only name inputs the specification gives. The flag comes
from the trusted pytest's collection record and is checked like the rest of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from grader.bootstrap import GRADER_PARENT
from grader.records import ResultRecords
from grader.render.visibility import apply_visibility
from grader.results import (
    Containment,
    ExerciseResult,
    HiddenDisplay,
    Report,
    Status,
    TestResult,
    Visibility,
)
from grader.tests.conftest import KIT_ROOT


def _test(name: str, *, show_ids: bool = False, hidden: bool = True) -> TestResult:
    return TestResult(
        name=name,
        nodeid=f"tests/01/test_x_hidden.py::{name}",
        status=Status.FAILED,
        score=0.0,
        max_score=1.0,
        visibility=Visibility.HIDDEN if hidden else Visibility.PUBLIC,
        message="a result did not match the specification",
        detail="E assert 1 == 2",
        show_ids=show_ids,
    )


def _shown(tests: list[TestResult]) -> list[str]:
    exercise = ExerciseResult(
        id="01", title="t", status=Status.FAILED, score=0, max_score=len(tests), tests=tuple(tests)
    )
    report = Report(
        grader_version="0",
        course_id="c",
        submission="s",
        submission_sha256="",
        timestamp="",
        containment=Containment(tier="test", mechanisms=()),
        exercises=(exercise,),
    )
    (shown,) = apply_visibility(report, HiddenDisplay.SUMMARY).exercises
    for test in shown.tests:
        if test.visibility is Visibility.HIDDEN:
            assert test.nodeid == "" and test.detail == ""  # whatever the flag
    return [test.name for test in shown.tests]


def test_a_hidden_test_marked_show_ids_keeps_its_ids_and_the_others_are_numbered() -> None:
    assert _shown(
        [
            _test("test_celsius[-40]", show_ids=True),
            _test("test_expected[0-32.0]"),
            _test("test_celsius[-300]", show_ids=True),
            _test("test_expected[100-212.0]"),
            _test("test_public[7]", hidden=False),
        ]
    ) == [
        "test_celsius[-40]",
        "test_expected[case 1]",
        "test_celsius[-300]",
        "test_expected[case 2]",
        "test_public[7]",
    ]


def test_full_mode_and_none_mode_are_unchanged_by_the_flag() -> None:
    tests = (_test("test_a[x]", show_ids=True), _test("test_b[y]"))
    exercise = ExerciseResult(
        id="01", title="t", status=Status.FAILED, score=0, max_score=2, tests=tests
    )
    report = Report(
        grader_version="0",
        course_id="c",
        submission="s",
        submission_sha256="",
        timestamp="",
        containment=Containment(tier="test", mechanisms=()),
        exercises=(exercise,),
    )
    assert apply_visibility(report, HiddenDisplay.FULL).exercises[0].tests == tests
    (combined,) = apply_visibility(report, HiddenDisplay.NONE).exercises[0].tests
    assert combined.combined == 2 and combined.name == "hidden tests"


def _collected(tests: list[dict[str, object]]) -> ResultRecords:
    records = ResultRecords()
    records.add(json.dumps({"kind": "collected", "tests": tests}).encode())
    return records


def test_the_record_must_carry_the_flag_as_a_boolean() -> None:
    base = {"nodeid": "t.py::a", "name": "a", "path": "/k/t.py", "weight": 1}
    assert _collected([{**base, "show_ids": True}]).collected is not None
    assert _collected([base]).collected is not None  # a record without the flag: not shown
    for forged in ("yes", 1, None, ["x"]):
        records = _collected([{**base, "show_ids": forged}])
        assert records.collected is None
        assert records.violations == ["an unexpected 'collected' record"]


def _collect(paths: list[Path], tmp_path: Path) -> dict[str, bool]:
    """name -> show_ids, as the recorder writes them for ``paths`` (collection only)."""
    records = tmp_path / "records.jsonl"
    environment = {**os.environ, "PYTHONPATH": str(GRADER_PARENT), "PYTHONDONTWRITEBYTECODE": "1"}
    with records.open("w", encoding="utf-8") as sink:  # an inherited descriptor, as graded
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "--collect-only",
                "-q",
                f"--rootdir={tmp_path}",
                f"--grader-results-fd={sink.fileno()}",
                *map(str, paths),
            ],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            timeout=120,
            check=True,
            pass_fds=(sink.fileno(),),
        )
    for line in records.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["kind"] == "collected":
            return {test["name"]: test["show_ids"] for test in record["tests"]}
    raise AssertionError("no collection record")


def test_the_recorder_takes_the_flag_from_the_test_or_its_files_pytestmark(tmp_path: Path) -> None:
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "test_marked_file.py").write_text(
        "import pytest\n"
        "pytestmark = pytest.mark.show_ids\n"
        "@pytest.mark.parametrize('n', [1, 2])\n"
        "def test_file_wide(n):\n"
        "    pass\n",
        encoding="utf-8",
    )
    (folder / "test_marked_test.py").write_text(
        "import pytest\n"
        "@pytest.mark.show_ids\n"
        "@pytest.mark.parametrize('n', [3])\n"
        "def test_marked(n):\n"
        "    pass\n"
        "@pytest.mark.parametrize('n', [4])\n"
        "def test_unmarked(n):\n"
        "    pass\n",
        encoding="utf-8",
    )
    assert _collect([folder], tmp_path) == {
        "test_file_wide[1]": True,
        "test_file_wide[2]": True,
        "test_marked[3]": True,
        "test_unmarked[4]": False,
    }


def test_the_kit_shows_only_ids_that_name_spec_given_inputs(tmp_path: Path) -> None:
    flags = _collect(
        [KIT_ROOT / "tests" / "02_methods", KIT_ROOT / "tests" / "09_dynamic_class"], tmp_path
    )
    shown = {name for name, flag in flags.items() if flag}
    assert "test_init_stores_the_given_celsius[-40]" in shown
    assert "test_invalid_class_name_raises_value_error[leading_digit]" in shown
    assert "test_instances_with_a_different_field_are_not_equal[first_differs]" in shown
    # Ids made of inputs and expected values stay numbered.
    assert not any(name.startswith("test_to_fahrenheit_is_celsius_times") for name in shown)
    assert not any(name.startswith("test_from_fahrenheit_converts") for name in shown)
    assert not any(name.startswith("test_is_valid_agrees_with") for name in shown)
