"""``grader check`` as students use it (issue 11): the student package, short ids,
progress, "not started", grouped failures, honest public scores, the progress store."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from grader import cli
from grader.course import Course, load_course
from grader.errors import BadInput
from grader.grading import grade
from grader.render.failures import group_failures, not_started
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import (
    Containment,
    ExerciseResult,
    HiddenDisplay,
    Reason,
    Report,
    Status,
    TestResult,
    Visibility,
)
from grader.student import check as student_check
from grader.student import progress
from grader.student.common import target
from grader.tests.conftest import FAKE_COURSE, FAKE_ROOT, FAKE_SUBMISSIONS
from grader.tests.test_cli import run_grader

# -- 1. the package layout -----------------------------------------------------------------


def test_the_student_commands_live_in_grader_student() -> None:
    assert not hasattr(cli, "cmd_check") and not hasattr(cli, "cmd_list")
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name, module in {
        "check": "grader.student.check",
        "list": "grader.student.listing",
        "next": "grader.student.listing",
        "watch": "grader.student.watch",
    }.items():
        assert commands[name].get_default("run").__module__ == module


# -- 2. short ids, the folder one stands in ------------------------------------------------


def test_short_ids_name_exercises(fake_course: Course) -> None:
    exercises = FAKE_ROOT / "exercises"
    for text in ("2", "02", "greeter", "greeter.py", "02_greeter"):
        assert target(fake_course, ids=[text], path=None, cwd=Path("/")).ids == ("02_greeter",)
    with pytest.raises(BadInput, match="did you mean 02_greeter"):
        target(fake_course, ids=["greter"], path=None, cwd=exercises)


def test_the_working_folder_chooses_the_exercise(fake_course: Course) -> None:
    exercises = FAKE_ROOT / "exercises"
    inside = target(fake_course, ids=[], path=None, cwd=exercises / "01_adder")
    assert inside.ids == ("01_adder",) and inside.folder == exercises
    assert target(fake_course, ids=[], path=None, cwd=exercises).ids == ()
    assert target(fake_course, ids=[], path=None, cwd=FAKE_ROOT).ids == ()
    # An id given wins over the folder.
    assert target(fake_course, ids=["2"], path=None, cwd=exercises / "01_adder").ids == (
        "02_greeter",
    )


def test_path_may_be_one_exercise_folder(fake_course: Course) -> None:
    one = target(fake_course, ids=[], path=str(FAKE_SUBMISSIONS / "partial" / "01_adder"))
    assert one.folder == (FAKE_SUBMISSIONS / "partial").resolve() and one.ids == ("01_adder",)
    whole = target(fake_course, ids=[], path=str(FAKE_SUBMISSIONS / "partial"))
    assert whole.folder == FAKE_SUBMISSIONS / "partial" and whole.ids == ()


def test_check_inside_an_exercise_folder_checks_it_only(fake_course_copy: Path) -> None:
    folder = fake_course_copy.parent / "exercises" / "02_greeter"
    result = run_grader("check", cwd=folder)
    assert result.returncode == 1, result.stderr
    assert "02_greeter" in result.stdout and "01_adder" not in result.stdout


def test_check_with_a_short_id_and_an_exercise_folder(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    partial = tmp_path / "partial"
    shutil.copytree(FAKE_SUBMISSIONS / "partial", partial)
    result = run_grader(
        "check", "--course", fake_course_copy, "--path", partial / "01_adder", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "01_adder" in result.stdout and "02_greeter" not in result.stdout
    assert (partial / ".grader" / "progress.json").is_file()
    short = run_grader("check", "1", "--course", fake_course_copy, cwd=tmp_path)
    assert short.returncode == 1 and "01_adder" in short.stdout
    assert "02_greeter" not in short.stdout


# -- 3. progress while checking ------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_before_the_first_result(
    fake_course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = load_course(fake_course_copy)
    stream = _Terminal()
    seen: list[str] = []

    def watched_grade(**kwargs: object) -> Report:
        seen.append(stream.getvalue())  # what the student sees before anything is graded
        return grade(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(student_check, "grade", watched_grade)
    student_check.check_exercises(
        course=course,
        folder=course.root / "exercises",
        ids=[],
        lang="en",
        progress_stream=stream,
    )
    assert "checking 01_adder" in seen[0]
    assert "checking 02_greeter" in stream.getvalue()


def test_no_progress_when_not_a_terminal(fake_course_copy: Path) -> None:
    course = load_course(fake_course_copy)
    stream = io.StringIO()
    student_check.check_exercises(
        course=course,
        folder=course.root / "exercises",
        ids=["01_adder"],
        lang="en",
        progress_stream=stream,
    )
    assert stream.getvalue() == ""


# -- 4, 5, 6. the report -------------------------------------------------------------------


def _stub_test(name: str, func: str = "add") -> TestResult:
    return TestResult(
        name=name,
        nodeid=f"test_adder.py::{name}",
        status=Status.FAILED,
        score=0.0,
        max_score=1.0,
        visibility=Visibility.PUBLIC,
        message=f"NotImplementedError: {func}\n--- in your code ---\n"
        f'  File "adder.py", line 3, in {func}\n'
        f'    raise NotImplementedError("{func}")\nNotImplementedError: {func}',
        detail=f"test_adder.py:9: in {name}\nE   NotImplementedError: {func}",
        reason=Reason.STUDENT_EXCEPTION,
        exception_type="NotImplementedError",
    )


def _exercise(tests: tuple[TestResult, ...], status: Status = Status.FAILED) -> ExerciseResult:
    passed = sum(test.status is Status.PASSED for test in tests)
    return ExerciseResult(
        id="01_adder",
        title="adder",
        status=status,
        score=float(passed),
        max_score=float(len(tests)),
        tests=tests,
        hidden_run=False,
    )


def _report(*exercises: ExerciseResult, hidden_run: bool = False) -> Report:
    return Report(
        grader_version="0",
        course_id="fake-course",
        submission="work",
        submission_sha256="0" * 64,
        timestamp="2026-12-07T00:00:00+00:00",
        containment=Containment(tier="process", mechanisms=()),
        exercises=exercises,
        hidden_run=hidden_run,
    )


def _text(report: Report, course: Course, lang: str = "en") -> str:
    stream = io.StringIO()
    shown = shown_report(report, HiddenDisplay.FULL)
    render(shown, course=course, stream=stream, lang=lang, width=200)
    return stream.getvalue()


def test_the_not_started_rule() -> None:
    stubs = (_stub_test("test_a"), _stub_test("test_b", "Accumulator.__init__"))
    assert not_started(_exercise(stubs))
    assert not not_started(_exercise(()))
    hidden = TestResult(
        name="test_h",
        nodeid="h::test_h",
        status=Status.FAILED,
        score=0,
        max_score=1,
        visibility=Visibility.HIDDEN,
        message="your code raised NotImplementedError",
        reason=Reason.STUDENT_EXCEPTION,
        exception_type="NotImplementedError",
    )
    assert not_started(_exercise((*stubs, hidden)))
    asserting = TestResult(
        name="test_c",
        nodeid="t::test_c",
        status=Status.FAILED,
        score=0,
        max_score=1,
        visibility=Visibility.PUBLIC,
        message="assert 4 == 5",
        reason=Reason.ASSERTION,
    )
    assert not not_started(_exercise((*stubs, asserting)))
    passing = TestResult("test_d", "t::test_d", Status.PASSED, 1, 1, Visibility.PUBLIC)
    assert not not_started(_exercise((*stubs, passing)))
    other = _stub_test("test_e")
    other = TestResult(
        **{
            **other.__dict__,
            "message": "ValueError: NotImplementedError",
            "exception_type": "ValueError",
        }
    )
    assert not not_started(_exercise((*stubs, other)))


def test_an_untouched_stub_is_one_line(fake_course: Course) -> None:
    report = _report(_exercise((_stub_test("test_a"), _stub_test("test_b"))))
    text = _text(report, fake_course)
    assert "not started: the stub still raises NotImplementedError" in text
    assert "--- in your code ---" not in text and "test_a" not in text
    assert "01_adder ─" not in text  # no details section
    zh = _text(report, fake_course, "zh")
    assert "尚未开始" in zh and "test_a" not in zh


def test_identical_failures_are_printed_once(fake_course: Course) -> None:
    tests = (
        *(_stub_test(f"test_{n}") for n in ("one", "two", "three")),
        TestResult("test_ok", "t::test_ok", Status.PASSED, 1, 1, Visibility.PUBLIC),
        _stub_test("test_four", "Accumulator.total"),
    )
    text = _text(_report(_exercise(tests)), fake_course)
    assert "✗ 3 tests: NotImplementedError: add" in text
    assert "test_one, test_two, test_three" in text
    assert text.count('raise NotImplementedError("add")') == 1
    assert text.count("E   NotImplementedError: add") == 1
    # A failure with its own first line stays on its own line.
    assert "✗ test_four: NotImplementedError: Accumulator.total" in text


def test_grouping_keeps_order_and_does_not_merge_empty_messages() -> None:
    a, b, c = _stub_test("a"), _stub_test("b", "sub"), _stub_test("c")
    groups = group_failures([a, b, c], ["x", "y", "x"])
    assert [[t.name for t in g.tests] for g in groups] == [["a", "c"], ["b"]]
    assert len(group_failures([a, c], ["", ""])) == 2


def test_a_public_only_run_never_shows_points_as_a_grade(fake_course: Course) -> None:
    half = (
        _stub_test("test_x"),
        TestResult("test_ok", "t::test_ok", Status.PASSED, 9, 9, Visibility.PUBLIC),
    )
    text = _text(_report(_exercise(half)), fake_course)
    assert "public tests 1/2" in text
    assert "Public tests: 1/2 passed. Your grade also counts hidden tests" in text
    assert "Total" not in text and "Score" not in text and "9/10" not in text
    passing = TestResult("test_ok", "t::test_ok", Status.PASSED, 9, 9, Visibility.PUBLIC)
    full = _text(_report(_exercise((passing,), Status.PASSED)), fake_course)
    assert "all public tests pass (1/1)" in full
    assert "All public tests pass (1/1). Your grade also counts hidden tests" in full
    assert "Well done" not in full and "Total" not in full
    zh = _text(_report(_exercise((passing,), Status.PASSED)), fake_course, "zh")
    assert "公开测试全部通过（1/1）" in zh and "总分" not in zh and "做得好" not in zh
    # A graded run keeps its total.
    graded = _text(_report(_exercise((passing,), Status.PASSED), hidden_run=True), fake_course)
    assert "Total: 1/1" in graded and "Well done" in graded


def test_grade_public_only_is_honest_too(tmp_path: Path) -> None:
    result = run_grader(
        "grade", FAKE_ROOT / "solutions", "--public-only", "--course", FAKE_COURSE, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Total" not in result.stdout and "Well done" not in result.stdout
    assert "All public tests pass" in result.stdout


# -- 7. the progress store -----------------------------------------------------------------


def _store(folder: Path) -> Path:
    return folder / ".grader" / "progress.json"


def test_check_records_progress(fake_course_copy: Path) -> None:
    folder = fake_course_copy.parent / "exercises"
    result = run_grader("check", "1", "--course", fake_course_copy, cwd=fake_course_copy.parent)
    assert result.returncode == 1
    data = json.loads(_store(folder).read_text(encoding="utf-8"))
    entry = data["exercises"]["01_adder"]
    course = load_course(fake_course_copy)
    assert entry["status"] == "not_started"
    assert (entry["passed"], entry["total"]) == (0, 2)
    assert entry["modules_sha256"] == progress.module_hash(folder, course.exercise("01_adder"))
    assert "02_greeter" not in data["exercises"]
    assert os.listdir(folder / ".grader") == ["progress.json"]  # no temporary left


def test_a_folder_that_cannot_hold_the_store_is_skipped_silently(
    fake_course_copy: Path,
) -> None:
    folder = fake_course_copy.parent / "exercises"
    (folder / ".grader").write_text("a file, not a folder", encoding="utf-8")
    result = run_grader("check", "2", "--course", fake_course_copy, cwd=folder)
    assert result.returncode == 1 and result.stderr == ""
    assert (folder / ".grader").read_text(encoding="utf-8") == "a file, not a folder"


def test_the_store_is_never_written_through_a_link(fake_course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    (folder / "01_adder").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / ".grader").symlink_to(elsewhere)
    report = _report(_exercise((_stub_test("a"),)))
    assert not progress.record(folder, fake_course, report, {"01_adder": "a" * 64})
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"version": 2, "exercises": {}}',
        b'{"version": 1, "exercises": []}',
        b'{"version": 1, "exercises": {"01_adder": {"status": "passed"}}}',
        b" " * (2 << 20),
        b"[" * 100_000,
    ],
)
def test_a_broken_store_is_ignored(fake_course: Course, tmp_path: Path, content: bytes) -> None:
    (tmp_path / ".grader").mkdir()
    _store(tmp_path).write_bytes(content)
    assert progress.load(tmp_path, fake_course) == {}


def test_hostile_entries_are_dropped_one_by_one(fake_course: Course, tmp_path: Path) -> None:
    good = {
        "status": "passed",
        "passed": 2,
        "total": 2,
        "modules_sha256": "b" * 64,
        "checked_at": "2026-12-07T00:00:00+00:00",
    }
    entries = {
        "01_adder": good,
        "02_greeter": {**good, "passed": 3},  # more passed than in all
        "99_unknown": good,
    }
    (tmp_path / ".grader").mkdir()
    _store(tmp_path).write_text(json.dumps({"version": 1, "exercises": entries}))
    loaded = progress.load(tmp_path, fake_course)
    assert list(loaded) == ["01_adder"] and loaded["01_adder"].passed == 2
    for bad in (
        {**good, "status": "[red]x"},
        {**good, "modules_sha256": "x"},
        {**good, "total": True},
    ):
        _store(tmp_path).write_text(json.dumps({"version": 1, "exercises": {"01_adder": bad}}))
        assert progress.load(tmp_path, fake_course) == {}


def test_a_linked_store_file_is_not_read(fake_course: Course, tmp_path: Path) -> None:
    good = {
        "version": 1,
        "exercises": {
            "01_adder": {
                "status": "passed",
                "passed": 2,
                "total": 2,
                "modules_sha256": "b" * 64,
                "checked_at": "x",
            }
        },
    }
    real = tmp_path / "real.json"
    real.write_text(json.dumps(good))
    (tmp_path / ".grader").mkdir()
    _store(tmp_path).symlink_to(real)
    assert progress.load(tmp_path, fake_course) == {}


def test_module_hash_changes_with_the_module_and_refuses_links(
    fake_course: Course, tmp_path: Path
) -> None:
    adder = fake_course.exercise("01_adder")
    (tmp_path / "01_adder").mkdir()
    missing = progress.module_hash(tmp_path, adder)
    (tmp_path / "01_adder" / "adder.py").write_text("x = 1\n")
    first = progress.module_hash(tmp_path, adder)
    (tmp_path / "01_adder" / "adder.py").write_text("x = 2\n")
    assert len({missing, first, progress.module_hash(tmp_path, adder)}) == 3
    (tmp_path / "01_adder" / "adder.py").unlink()
    (tmp_path / "01_adder" / "adder.py").symlink_to("/dev/zero")
    assert progress.module_hash(tmp_path, adder) is None
