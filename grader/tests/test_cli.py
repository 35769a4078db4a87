"""The ``grader`` command, run as users run it: ``python -m grader ...`` in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from grader import __version__
from grader.course import Course
from grader.render.json_report import load_schema
from grader.submission import open_submission
from grader.tests.conftest import FAKE_COURSE, FAKE_ROOT, FAKE_SUBMISSIONS, KIT_ROOT

KIT_COURSE = KIT_ROOT / "course.yaml"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def run_grader(*args: str | Path, cwd: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "LC_"))}
    env.update({"GRADER_LANG": lang, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    return subprocess.run(
        [sys.executable, "-m", "grader", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single ``grader: error: ...`` line of a bad-input failure."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("grader: error: ")
    return lines[0]


# -- grade --------------------------------------------------------------------------------


def test_grading_the_kit_solutions_writes_a_valid_json_report(
    tmp_path: Path, kit_course: Course
) -> None:
    out = tmp_path / "report.json"

    result = run_grader(
        "grade", KIT_ROOT / "solutions", "--course", KIT_COURSE, "--json", out, cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(report)
    assert report["grader_version"] == __version__
    assert report["course_id"] == "python-day8"
    assert report["score"] == report["max_score"] == kit_course.max_score
    assert report["grader_errors"] == []
    assert report["submission"]["path"] == str(KIT_ROOT / "solutions")
    with open_submission(KIT_ROOT / "solutions", kit_course) as opened:
        assert report["submission"]["sha256"] == opened.sha256
    stamp = dt.datetime.fromisoformat(report["timestamp"])
    assert stamp.utcoffset() is not None
    assert abs(dt.datetime.now(dt.timezone.utc) - stamp) < dt.timedelta(hours=1)
    assert report["containment"]["tier"]
    assert report["containment"]["mechanisms"]
    assert [e["id"] for e in report["exercises"]] == [e.id for e in kit_course.exercises]
    total = f"{kit_course.max_score:g}"
    assert f"Total: {total}/{total}" in result.stdout


def test_grading_exits_0_whatever_the_score(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run_grader(
        "grade", FAKE_SUBMISSIONS / "partial", "--course", FAKE_COURSE, "--json", out, cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "Total: 10/24" in result.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(report)
    assert report["score"] == 10
    assert [e["status"] for e in report["exercises"]] == ["failed", "skipped"]
    hidden = [t for t in report["exercises"][0]["tests"] if t["visibility"] == "hidden"]
    assert hidden and all("detail" not in t for t in hidden)


def test_grade_quiet_with_one_exercise(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run_grader(
        "grade",
        FAKE_ROOT / "solutions",
        "--course",
        FAKE_COURSE,
        "--exercise",
        "02_greeter",
        "--json",
        out,
        "--quiet",
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [e["id"] for e in report["exercises"]] == ["02_greeter"]
    assert report["score"] == report["max_score"] == 6


def test_a_grader_error_exits_3(fake_course_copy: Path, tmp_path: Path) -> None:
    hidden = fake_course_copy.parent / "tests" / "02_greeter" / "test_broken_hidden.py"
    hidden.write_text("def test_(:\n", encoding="utf-8")

    result = run_grader(
        "grade",
        fake_course_copy.parent / "solutions",
        "--course",
        fake_course_copy,
        "--exercise",
        "02_greeter",
        cwd=tmp_path,
    )

    assert result.returncode == 3, result.stdout + result.stderr
    assert "The grader itself failed" in result.stdout


# -- bad input: exit 2 and one line -------------------------------------------------------


def test_a_nonexistent_submission(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    line = one_line_error(run_grader("grade", missing, "--course", FAKE_COURSE, cwd=tmp_path))
    assert line == f"grader: error: {missing}: no such file or folder"


def test_a_bad_zip(tmp_path: Path) -> None:
    bad = tmp_path / "work.zip"
    bad.write_text("not a zip", encoding="utf-8")
    line = one_line_error(run_grader("grade", bad, "--course", FAKE_COURSE, cwd=tmp_path))
    assert line.startswith(f"grader: error: {bad}: not a readable zip file")


def test_an_unknown_exercise_id(tmp_path: Path) -> None:
    result = run_grader(
        "grade",
        FAKE_ROOT / "solutions",
        "--course",
        FAKE_COURSE,
        "--exercise",
        "09_nope",
        cwd=tmp_path,
    )
    line = one_line_error(result)
    assert "unknown exercise '09_nope'" in line
    assert "01_adder, 02_greeter" in line


def test_an_unknown_exercise_id_for_check(tmp_path: Path) -> None:
    line = one_line_error(run_grader("check", "09_nope", "--course", FAKE_COURSE, cwd=tmp_path))
    assert "unknown exercise '09_nope'" in line


def test_a_malformed_course_yaml(fake_course_copy: Path, tmp_path: Path) -> None:
    text = fake_course_copy.read_text(encoding="utf-8").replace("points: 18", "points: lots")
    fake_course_copy.write_text(text, encoding="utf-8")

    for command in (("list",), ("grade", FAKE_ROOT / "solutions"), ("check",)):
        line = one_line_error(run_grader(*command, "--course", fake_course_copy, cwd=tmp_path))
        assert line == (
            f"grader: error: {fake_course_copy}: exercises[0].points: expected a number, got str"
        )


def test_invalid_yaml(fake_course_copy: Path, tmp_path: Path) -> None:
    fake_course_copy.write_text("course: [\n", encoding="utf-8")
    line = one_line_error(run_grader("list", "--course", fake_course_copy, cwd=tmp_path))
    assert f"{fake_course_copy}: line " in line
    assert "invalid YAML" in line


def test_a_json_report_into_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "r.json"
    result = run_grader(
        "grade", FAKE_ROOT / "solutions", "--course", FAKE_COURSE, "--json", target, cwd=tmp_path
    )
    line = one_line_error(result)
    assert str(target.parent) in line
    assert "does not exist" in line


def test_an_output_folder_is_made_and_one_that_cannot_be_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "week 8"
    common = ("grade", FAKE_ROOT / "solutions", "--course", FAKE_COURSE, "--format", "json")
    result = run_grader(*common, "--output-dir", target, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads((target / "report.json").read_text("utf-8"))["exercises"]
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way\n", encoding="utf-8")
    line = one_line_error(run_grader(*common, "--output-dir", blocked / "sub", cwd=tmp_path))
    assert f"{blocked / 'sub'}: cannot make the folder" in line


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("grade",), "the following arguments are required: submission"),
        (("list", "--lang", "fr"), "invalid choice: 'fr'"),
        (("grade", "x", "--no-such-option"), "unrecognized arguments: --no-such-option"),
    ],
    ids=["no-command", "unknown-command", "grade-without-submission", "bad-lang", "bad-option"],
)
def test_bad_usage_exits_2_with_an_error_line(
    tmp_path: Path, args: tuple[str, ...], problem: str
) -> None:
    result = run_grader(*args, cwd=tmp_path)

    assert result.returncode == 2
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    # argparse prints its usage line first, then "grader[ COMMAND]: error: ...".
    assert re.match(r"^grader( \w+)?: error: ", last), result.stderr
    assert problem in last


# -- list, check, version, languages ------------------------------------------------------


def test_list_prints_the_exercises_in_order(tmp_path: Path) -> None:
    result = run_grader("list", "--course", FAKE_COURSE, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert re.match(r"^#\s+Exercise\s+Title\s+Topics\s+Points\s+Due\s+Status$", lines[0])
    # Number, id, title, topics, points, due date (none in the fake course), status.
    title = r"Functions and a small class: an adder"
    adder = rf"^1\s+01_adder\s+{title}\s+functions, classes\s+18\s+-\s+"
    assert re.match(adder, lines[1])
    assert re.match(r"^2\s+02_greeter\s+Strings: a greeter\s+6\s+-\s+", lines[2])
    assert re.match(r"^\s+Total\s+24$", lines[3])


def test_list_as_json(tmp_path: Path) -> None:
    result = run_grader("list", "--json", "--course", FAKE_COURSE, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["id"], r["points"], r["modules"]) for r in rows] == [
        ("01_adder", 18, ["adder.py"]),
        ("02_greeter", 6, ["greeter.py"]),
    ]


def test_list_finds_the_nearest_course_file(tmp_path: Path) -> None:
    result = run_grader("list", cwd=FAKE_ROOT / "exercises" / "01_adder")
    assert result.returncode == 0, result.stderr
    assert "01_adder" in result.stdout
    assert "03_pager" not in result.stdout


def _copy(tree: Path, tmp_path: Path) -> Path:
    """A private copy: ``grader check`` records progress in the folder it checks."""
    copy = tmp_path / "work" / tree.name
    shutil.copytree(tree, copy)
    return copy


def test_check_runs_the_public_tests_only_and_passes(tmp_path: Path) -> None:
    # The partial adder passes both public tests though it fails two hidden ones.
    result = run_grader(
        "check",
        "01_adder",
        "--course",
        FAKE_COURSE,
        "--path",
        _copy(FAKE_SUBMISSIONS / "partial", tmp_path),
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "all public tests pass (2/2)" in result.stdout
    # No points that could pass for the grade (issue 11): counts of public tests.
    assert "All public tests pass (2/2). Your grade also counts hidden tests" in result.stdout
    assert "Total" not in result.stdout


def test_check_exits_1_when_a_public_test_fails(fake_course_copy: Path, tmp_path: Path) -> None:
    # Started: add is written (wrong), Accumulator still the stub's.
    adder = fake_course_copy.parent / "exercises" / "01_adder" / "adder.py"
    adder.write_text(
        adder.read_text(encoding="utf-8").replace('raise NotImplementedError("add")', "return 0"),
        encoding="utf-8",
    )
    result = run_grader("check", "--course", fake_course_copy, cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Your grade also counts hidden tests" in result.stdout
    assert "test_add_two_and_three" in result.stdout
    assert "NotImplementedError: Accumulator.__init__" in result.stdout
    # Hidden tests were not run, so none is named.
    assert "test_add_small_ints" not in result.stdout
    assert "(hidden test)" not in result.stdout


def test_check_defaults_to_the_course_stubs(fake_course_copy: Path, tmp_path: Path) -> None:
    result = run_grader("check", "02_greeter", "--course", fake_course_copy, cwd=tmp_path)
    assert result.returncode == 1
    # Every test stops at the stub: one line (issue 11).
    assert "not started: the stub still raises NotImplementedError" in result.stdout


def test_check_of_solutions_exits_0(tmp_path: Path) -> None:
    solutions = _copy(FAKE_ROOT / "solutions", tmp_path)
    result = run_grader("check", "--course", FAKE_COURSE, "--path", solutions, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All public tests pass" in result.stdout
    assert "Well done" not in result.stdout


def test_chinese_output(tmp_path: Path) -> None:
    result = run_grader(
        "grade", FAKE_SUBMISSIONS / "partial", "--course", FAKE_COURSE, "--lang", "zh", cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert CHINESE.search(result.stdout)
    assert "总分: 10/24" in result.stdout
    assert "未提交" in result.stdout
    assert "引擎测试用的假课程" in result.stdout
    assert "Total:" not in result.stdout


def test_check_in_chinese_says_hidden_tests_were_not_run(tmp_path: Path) -> None:
    result = run_grader(
        "check",
        "--lang",
        "zh",
        "--course",
        FAKE_COURSE,
        "--path",
        _copy(FAKE_ROOT / "solutions", tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert "你的成绩还包括隐藏测试，它们会在正式评分时运行" in result.stdout


def test_version(tmp_path: Path) -> None:
    result = run_grader("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"grader {__version__}"
