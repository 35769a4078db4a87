"""``grader list``, ``grader next`` and ``grader watch`` (issue 11): the student's loop."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from grader.course import Course, load_course
from grader.results import Report
from grader.student import check as student_check
from grader.student import listing
from grader.student.watch import changed_exercises, watch_loop
from grader.tests.conftest import edit_course_yaml
from grader.tests.test_cli import run_grader

_STARTED_ADDER = """
def add(a, b):
    return a + b


class Accumulator:
    def __init__(self):
        raise NotImplementedError("Accumulator.__init__")
"""


def _solve(root: Path, exercise: str, module: str) -> None:
    solution = root / "solutions" / exercise / module
    (root / "exercises" / exercise / module).write_text(solution.read_text(encoding="utf-8"))


def _status_of(stdout: str, exercise: str) -> str:
    line = next(line for line in stdout.splitlines() if f" {exercise} " in line)
    return line.rstrip()


# -- list ----------------------------------------------------------------------------------


def test_list_shows_due_dates_by_the_effective_schedule(fake_course_copy: Path) -> None:
    def schedule(data: dict) -> None:  # type: ignore[type-arg]
        data["schedule"] = {"due": "2026-12-15T23:59:00+08:00"}
        data["exercises"][1]["schedule"] = {"due": "2026-12-20T12:00:00+08:00"}

    edit_course_yaml(fake_course_copy, schedule)
    result = run_grader("list", "--course", fake_course_copy, cwd=fake_course_copy.parent)
    assert result.returncode == 0, result.stderr
    assert "2026-12-15 23:59+08:00" in _status_of(result.stdout, "01_adder")
    assert "2026-12-20 12:00+08:00" in _status_of(result.stdout, "02_greeter")
    rows = json.loads(
        run_grader(
            "list", "--json", "--course", fake_course_copy, cwd=fake_course_copy.parent
        ).stdout
    )
    assert [row["due"] for row in rows] == [
        "2026-12-15T23:59:00+08:00",
        "2026-12-20T12:00:00+08:00",
    ]


def test_list_follows_the_students_progress(fake_course_copy: Path) -> None:
    root = fake_course_copy.parent

    def status(exercise: str, lang: str = "en") -> str:
        result = run_grader("list", "--course", fake_course_copy, cwd=root, lang=lang)
        assert result.returncode == 0, result.stderr
        return _status_of(result.stdout, exercise)

    assert status("01_adder").endswith("not checked")
    run_grader("check", "1", "--course", fake_course_copy, cwd=root)
    assert status("01_adder").endswith("not started")
    assert status("01_adder", "zh").endswith("尚未开始")
    assert status("02_greeter").endswith("not checked")
    (root / "exercises" / "01_adder" / "adder.py").write_text(_STARTED_ADDER)
    assert status("01_adder").endswith("changed since last check")
    assert status("01_adder", "zh").endswith("上次检查后已修改")
    run_grader("check", "1", "--course", fake_course_copy, cwd=root)
    assert status("01_adder").endswith("public tests 1/2")
    _solve(root, "01_adder", "adder.py")
    run_grader("check", "1", "--course", fake_course_copy, cwd=root)
    assert status("01_adder").endswith("public tests pass")
    rows = json.loads(run_grader("list", "--json", "--course", fake_course_copy, cwd=root).stdout)
    assert [(r["id"], r["status"], r["public_passed"]) for r in rows] == [
        ("01_adder", "passing", 2),
        ("02_greeter", "not_checked", None),
    ]


def test_list_in_chinese_has_chinese_headers(tmp_path: Path, fake_course_copy: Path) -> None:
    result = run_grader("list", "--course", fake_course_copy, cwd=tmp_path, lang="zh")
    header = result.stdout.splitlines()[0]
    for word in ("练习", "标题", "知识点", "分数", "截止时间", "状态"):
        assert word in header
    assert "未检查" in result.stdout and "总分" in result.stdout


def test_list_shows_each_exercises_topics_from_course_yaml(
    tmp_path: Path, fake_course_copy: Path
) -> None:
    def topics(data: dict) -> None:  # type: ignore[type-arg]
        data["exercises"][1]["topics"] = ["f-strings", "str.format"]

    edit_course_yaml(fake_course_copy, topics)
    result = run_grader("list", "--course", fake_course_copy, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Topics" in result.stdout.splitlines()[0]
    assert "functions, classes" in _status_of(result.stdout, "01_adder")
    assert "f-strings, str.format" in _status_of(result.stdout, "02_greeter")
    zh = run_grader("list", "--course", fake_course_copy, cwd=tmp_path, lang="zh")
    assert "知识点" in zh.stdout.splitlines()[0] and "Topics" not in zh.stdout
    assert "f-strings, str.format" in _status_of(zh.stdout, "02_greeter")
    rows = json.loads(
        run_grader("list", "--json", "--course", fake_course_copy, cwd=tmp_path).stdout
    )
    assert [row["topics"] for row in rows] == [
        ["functions", "classes"],
        ["f-strings", "str.format"],
    ]


# -- next ----------------------------------------------------------------------------------


def test_next_names_the_first_exercise_not_passing(fake_course_copy: Path) -> None:
    root = fake_course_copy.parent
    result = run_grader("next", "--course", fake_course_copy, cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Next: 01_adder  Functions and a small class: an adder" in result.stdout
    assert "Now: not started" in result.stdout
    assert f"exercises{os.sep}01_adder{os.sep}README.md" in result.stdout
    assert "grader check 01" in result.stdout and "grader hint 01" in result.stdout
    zh = run_grader("next", "--course", fake_course_copy, cwd=root, lang="zh")
    assert "下一个：01_adder" in zh.stdout and "README.zh-CN.md" in zh.stdout
    _solve(root, "01_adder", "adder.py")
    after = run_grader("next", "--course", fake_course_copy, cwd=root)
    assert "Next: 02_greeter" in after.stdout and "grader check 02" in after.stdout
    _solve(root, "02_greeter", "greeter.py")
    done = run_grader("next", "--course", fake_course_copy, cwd=root)
    assert done.returncode == 0
    assert "All public tests pass in every exercise" in done.stdout
    assert "Next:" not in done.stdout


def test_next_does_not_rerun_what_passed_unchanged(
    fake_course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = load_course(fake_course_copy)
    folder = course.root / "exercises"
    _solve(course.root, "01_adder", "adder.py")
    student_check.check_exercises(course=course, folder=folder, ids=["01_adder"], lang="en")
    checked: list[list[str]] = []
    real = listing.check_exercises

    def counting(**kwargs: object) -> Report:
        checked.append(list(kwargs["ids"]))  # type: ignore[call-overload]
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(listing, "check_exercises", counting)
    found = listing.find_next(course=course, folder=folder, lang="en")
    assert found is not None and found[0].id == "02_greeter"
    assert checked == [["02_greeter"]]
    # Changed since: checked again.
    (folder / "01_adder" / "adder.py").write_text(_STARTED_ADDER)
    found = listing.find_next(course=course, folder=folder, lang="en")
    assert found is not None and found[0].id == "01_adder" and found[1].passed == 1
    assert checked[-1] == ["01_adder"]


# -- watch ---------------------------------------------------------------------------------


def test_watch_rechecks_only_the_exercises_whose_modules_changed(fake_course: Course) -> None:
    folder = fake_course.root / "exercises"
    adder = str(folder / "01_adder" / "adder.py")
    greeter = str(folder / "02_greeter" / "greeter.py")
    changes = [
        {(2, adder)},
        {(2, str(folder / "01_adder" / "test_adder.py"))},  # a test file: not the student's
        {(1, str(folder / ".grader" / "progress.json"))},
        {(2, greeter), (2, adder)},
        {(2, str(folder / "02_greeter" / "adder.py"))},  # the name of another's module
    ]
    calls: list[tuple[list[str], list[str]]] = []
    count = watch_loop(
        course=fake_course,
        folder=folder,
        ids=(),
        changes=changes,
        on_change=lambda ids, paths: calls.append((ids, paths)),
    )
    assert count == 2
    assert calls == [
        (["01_adder"], [adder]),
        (["01_adder", "02_greeter"], sorted([adder, greeter])),
    ]
    assert changed_exercises(fake_course, folder, ("02_greeter",), [adder]) == []


def test_grader_watch_end_to_end(fake_course_copy: Path) -> None:
    root = fake_course_copy.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "LC_"))}
    env.update({"GRADER_LANG": "en", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    child = pexpect.spawn(
        sys.executable,
        ["-m", "grader", "watch", "--course", str(fake_course_copy)],
        cwd=str(root),
        env=env,
        encoding="utf-8",
        timeout=90,
    )
    try:
        child.expect(r"watching exercises: \* \(Ctrl-C to stop\)")
        assert "02_greeter" in child.before  # the first check, of both
        _solve(root, "01_adder", "adder.py")
        child.expect(r"changed: exercises/01_adder/adder\.py")
        child.expect(r"watching exercises")
        recheck = child.before
        assert "01_adder" in recheck and "all public tests pass (2/2)" in recheck
        assert "02_greeter" not in recheck
        child.kill(signal.SIGINT)
        child.expect("stopped watching")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    assert "Traceback" not in (child.before or "")
