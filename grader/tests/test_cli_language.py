"""The command line speaks the student's language: --help, usage errors and errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.cli import build_parser, main
from grader.course import load_course
from grader.errors import CourseError
from grader.i18n_cli import ARGPARSE_ZH, HELP_ZH, choose_language, help_texts
from grader.tests.conftest import KIT_ROOT

CHINESE = re.compile(r"[\u4e00-\u9fff]")
DESCRIBED = re.compile(r"^ +\S.*?\S {2,}(\S.*)$")
LANGUAGE_VARIABLES = ("GRADER_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for variable in LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def test_every_help_text_of_every_command_has_its_chinese() -> None:
    missing = [
        text for text in help_texts(build_parser("en")) if text not in {**HELP_ZH, **ARGPARSE_ZH}
    ]
    assert not missing, f"add these to grader/i18n_cli.py HELP_ZH: {missing}"


@pytest.mark.parametrize("argv", [["--lang", "zh", "--help"], ["grade", "--lang=zh", "--help"]])
def test_help_in_chinese_has_no_english_sentence_left(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("用法：grader")
    assert "选项" in shown
    for english in ("usage:", "options:", "show this help", "positional arguments"):
        assert english not in shown
    # "  --json FILE   its help": every help text shown is in Chinese.
    helps = [m.group(1) for m in map(DESCRIBED.match, shown.splitlines()) if m]
    assert helps and all(CHINESE.search(text) for text in helps), shown


def test_a_usage_error_in_chinese_is_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["grade", "--lang", "zh"])
    assert exited.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == ["grader grade: 错误: 缺少必需的参数：submission (参见 --help)"]


def test_argparse_keeps_its_english_after_a_chinese_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["grade", "--lang", "zh"])
    with pytest.raises(SystemExit):
        main(["grade", "--lang", "en"])
    assert "the following arguments are required: submission" in capsys.readouterr().err


def test_an_error_a_student_meets_is_said_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["grade", str(KIT_ROOT / "solutions"), "--exercise", "nope", "--lang", "zh"])
    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("grader: 错误: 没有练习 'nope'")


def test_language_comes_from_the_command_line_first(no_locale: pytest.MonkeyPatch) -> None:
    no_locale.setenv("GRADER_LANG", "zh")
    assert choose_language(["check", "--lang", "en"]) == "en"
    assert choose_language(["check", "--lang=en"]) == "en"


def test_language_comes_from_grader_lang_then_the_locale(no_locale: pytest.MonkeyPatch) -> None:
    no_locale.setenv("LANG", "zh_CN.UTF-8")
    assert choose_language(["list"]) == "zh"
    no_locale.setenv("GRADER_LANG", "en")
    assert choose_language(["list"]) == "en"


def test_a_locale_without_a_language_leaves_the_choice_to_the_course(
    no_locale: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    course_file = tmp_path / "course.yaml"
    course_file.write_text("course: {id: c, title: C, language: zh}\n", encoding="utf-8")
    no_locale.setenv("LANG", "C.UTF-8")
    assert choose_language(["list", "--course", str(course_file)]) == "zh"
    assert choose_language(["list", f"--course={course_file}"]) == "zh"
    no_locale.chdir(tmp_path)
    assert choose_language(["list"]) == "zh"
    course_file.write_text("course: {id: c, title: C}\n", encoding="utf-8")
    assert choose_language(["list"]) == "en"
    course_file.write_text("course: [broken\n", encoding="utf-8")
    assert choose_language(["list"]) == "en"


def test_the_kit_speaks_chinese_where_the_locale_says_nothing() -> None:
    assert load_course(KIT_ROOT / "course.yaml").language == "zh"


def test_course_language_must_be_one_the_grader_speaks(tmp_path: Path) -> None:
    text = (KIT_ROOT / "course.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "course.yaml"
    broken.write_text(text.replace("language: zh", "language: fr"), encoding="utf-8")
    with pytest.raises(CourseError, match=r"course\.language: expected one of en, zh, got 'fr'"):
        load_course(broken, check_files=False)


def test_submission_errors_a_student_meets_are_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here"
    link = tmp_path / "link"
    link.symlink_to(KIT_ROOT / "solutions")
    text = tmp_path / "notes.txt"
    text.write_text("x", encoding="utf-8")
    expected = {
        missing: f"{missing}：没有这个文件或文件夹",
        link: f"{link}：提交是一个符号链接：不接受",
        text: f"{text}：提交应该是一个文件夹或一个 .zip 文件",
    }
    for submission, said in expected.items():
        assert main(["grade", str(submission), "--lang", "zh", "--public-only"]) == 2
        assert capsys.readouterr().err == f"grader: 错误: {said}\n"
