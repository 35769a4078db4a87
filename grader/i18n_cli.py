"""The command line in the student's language: which language, and ``--help`` in Chinese.

The language is chosen before the parser is built, so that ``grader --help`` and the
usage errors are already in it: ``--lang`` on the command line, else ``GRADER_LANG``,
else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when it names a language, else
the course's own language (course.yaml ``course.language``): a CI runner or an LMS
container whose locale is ``C.UTF-8`` speaks the course's language.

Help texts are written in English where the options are declared; their Chinese lives in
:data:`HELP_ZH`, keyed by the English text, as gettext keys messages (a test makes sure
that every help text of every command has its translation). argparse's own words
("usage:", "options", "the following arguments are required") are translated by giving
argparse our catalog while the command line is parsed and its help printed.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import yaml

from grader.render.formats import FORMATS

LANGUAGES = ("en", "zh")
_NO_LANGUAGE = {"", "c", "posix"}


def _language_of_locale(value: str) -> str | None:
    name = value.split(".", 1)[0].lower()
    if name in _NO_LANGUAGE:
        return None
    return "zh" if name.startswith("zh") else "en"


def _from_argv(argv: Sequence[str]) -> str | None:
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word.removeprefix("--lang=") in LANGUAGES:
            return word.removeprefix("--lang=")
    return None


def _course_file(argv: Sequence[str]) -> Path | None:
    for index, word in enumerate(argv):
        if word == "--course" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if word.startswith("--course="):
            return Path(word.removeprefix("--course="))
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "course.yaml").is_file():
            return folder / "course.yaml"
    return None


def course_language(course_file: Path | None) -> str | None:
    """course.yaml's ``course.language``, read leniently: a course file that cannot be
    read says nothing here (loading it later gives the real error)."""
    if course_file is None:
        return None
    try:
        with open(course_file, encoding="utf-8") as stream:
            data = yaml.safe_load(stream)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    course = data.get("course") if isinstance(data, dict) else None
    language = course.get("language") if isinstance(course, dict) else None
    return language if language in LANGUAGES else None


def environment_language() -> str | None:
    """The language ``GRADER_LANG`` or the locale names; None when they name none."""
    chosen = os.environ.get("GRADER_LANG", "")
    if chosen:
        return "zh" if chosen.lower().startswith("zh") else "en"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return _language_of_locale(value)
    return None


def choose_language(argv: Sequence[str]) -> str:
    """The language of this run of the command (see the module's docstring)."""
    return _from_argv(argv) or environment_language() or course_language(_course_file(argv)) or "en"


def _help_texts(parser: argparse.ArgumentParser) -> Iterator[tuple[object, str]]:
    """(owner, attribute) of every help text of ``parser`` and its sub-commands."""
    seen: set[int] = set()
    pending = [parser]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current, "description"
        for action in current._actions:
            yield action, "help"
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    yield choice, "help"
                pending.extend(action.choices.values())


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every English help text of the command line, each once."""
    texts: dict[str, None] = {}
    for owner, attribute in _help_texts(parser):
        text = getattr(owner, attribute)
        if isinstance(text, str) and text and text != argparse.SUPPRESS:
            texts[text] = None
    return list(texts)


def translate_parser(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put the Chinese help texts in place when ``lang`` is zh (unknown ones stay), and
    tell every (sub-)parser its language, for its usage errors."""
    for owner, attribute in _help_texts(parser):
        if isinstance(owner, argparse.ArgumentParser):
            owner.language = lang  # type: ignore[attr-defined]
        text = getattr(owner, attribute)
        if lang == "zh" and isinstance(text, str):
            translated = HELP_ZH.get(text, ARGPARSE_ZH.get(text))
            if translated is not None:
                setattr(owner, attribute, translated)
        if lang == "zh" and isinstance(owner, argparse.ArgumentParser):
            # The section titles are made when the parser is, in English.
            for group in owner._action_groups:
                if group.title in ARGPARSE_ZH:
                    group.title = ARGPARSE_ZH[group.title]


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """argparse's own words in ``lang`` while the command line is parsed."""
    if lang != "zh":
        yield
        return
    # argparse looks its gettext function up as the module global `_` at each call.
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_ZH.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


ERROR_PREFIX = {"en": "error", "zh": "错误"}
GRADER_ERROR_PREFIX = {"en": "grader error", "zh": "评分程序错误"}
SEE_HELP = {"en": "see --help", "zh": "参见 --help"}
INTERRUPTED = {"en": "interrupted", "zh": "已中断"}

ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "有歧义的选项：%(option)s 可以匹配 %(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出参数 %s 中的一个",
    "ignored explicit argument %r": "忽略了显式给出的参数 %r",
}

HELP_ZH: dict[str, str] = {
    "Course kit and autograder for Python Day 8.": "Python之路 Day8 课程练习包与自动评分程序。",
    "the exercises in order": "按顺序列出练习",
    "run the public tests on your work (students)": "在你的作业上运行公开测试（学生使用）",
    "public and hidden tests on a submission": "在一份提交上运行公开测试和隐藏测试",
    "copy what a platform needs to grade (never solutions/ or .git)": (
        "复制平台评分所需的文件（从不包含 solutions/ 和 .git）"
    ),
    "check the kit: solutions full marks, stubs 0": "检查练习包：参考答案满分，空白模板 0 分",
    "mutation testing: how many small changes of a solution the hidden suite catches": (
        "变异测试：隐藏测试能发现参考答案的多少处小改动"
    ),
    "grade a whole class (a folder, a zip or an LMS download) in parallel": (
        "并行评分整个班级（一个文件夹、一个 zip 或教学平台的下载包）"
    ),
    "course.yaml (default: nearest one)": "course.yaml（默认：最近的一个）",
    "language of the report (default: from LANG)": (
        "报告语言（默认：GRADER_LANG 或 LANG，否则用课程的语言）"
    ),
    "as JSON": "输出为 JSON",
    "exercise ids (default: all)": "练习编号（默认：全部）",
    "your exercises folder (default: exercises/)": "你的练习文件夹（默认：exercises/）",
    "a submission folder or .zip": "一份提交：文件夹或 .zip",
    "grade only this exercise (repeatable)": "只评这个练习（可重复）",
    "check only this exercise, and that no folder is stray (repeatable)": (
        "只检查这个练习，以及有没有多余的文件夹（可重复）"
    ),
    "also write the JSON report here": "同时把 JSON 报告写到这里",
    "file for the one --format given (default: its usual name)": (
        "唯一一个 --format 的输出文件（默认：该格式的常用文件名）"
    ),
    "folder for --format files, made if missing (default: the working folder)": (
        "--format 文件的输出文件夹，不存在时会创建（默认：当前文件夹）"
    ),
    "no terminal report": "不在终端显示报告",
    "run the public tests only (CI that students control cannot keep hidden tests secret)": (
        "只运行公开测试（学生能控制的 CI 无法保密隐藏测试）"
    ),
    "when the submission was made (ISO 8601 with a UTC offset, e.g. "
    "2026-12-16T10:00:00+08:00): apply the late policy of course.yaml's schedule; "
    "every report then shows the raw score, the credit and the final score": (
        "提交时间（ISO 8601，带 UTC 时差，例如 2026-12-16T10:00:00+08:00）：按 course.yaml 的"
        " schedule 应用迟交规则；每份报告都会显示原始分、计分比例和最终得分"
    ),
    "grading: with the hidden tests (Gradescope, PrairieLearn, teacher runs); "
    "public: without them (GitHub Actions, GitLab CI)": (
        "grading：包含隐藏测试（Gradescope、PrairieLearn、教师评分）；"
        "public：不含隐藏测试（GitHub Actions、GitLab CI）"
    ),
    "a new or empty folder": "一个新的或空的文件夹",
    "exercise id": "练习编号",
    "parallel graders (default: one per core)": "并行评分进程数（默认：每个 CPU 核一个）",
    "grade with the public tests too (default: hidden suite only)": (
        "同时用公开测试评分（默认：只用隐藏测试）"
    ),
    "print the source of mutant N (repeatable)": "打印第 N 个变异体的源代码（可重复）",
    "a folder of submissions (folders or zips named by student id), a zip of one, or a "
    "Canvas, Moodle or Gradescope download or a folder of git clones": (
        "一个提交文件夹（每个学生一个以学号命名的文件夹或 zip）、它的 zip，"
        "或 Canvas、Moodle、Gradescope 的下载包，或一个装着 git 克隆的文件夹"
    ),
    "where the results go (made if missing)": "结果的输出位置（不存在时会创建）",
    "cores to fill with gradings (default: all; cpu_share 0.5 is two per core)": (
        "用于评分的 CPU 核数（默认：全部；cpu_share 为 0.5 的练习每核同时评两份）"
    ),
    "each student's report formats in OUT/students/ID/ (repeatable; default: html and json)": (
        "每个学生在 OUT/students/ID/ 中的报告格式（可重复；默认：html 和 json）"
    ),
    "only this exercise": "只评这个练习",
    "a CSV of id,time (ISO 8601) for submissions whose download carries no time": (
        "一个 id,time（ISO 8601）的 CSV 文件，给下载包中没有提交时间的提交使用"
    ),
    "grade everything again, ignoring stored results": "忽略已保存的结果，全部重新评分",
    "no progress bar or summary": "不显示进度条和汇总",
    "grade on the workers of this Dask scheduler (tcp://HOST:8786 or tls://...; needs "
    "pip install 'grader[dask]') instead of this machine's processes": (
        "在这个 Dask 调度器的 worker 上评分（tcp://HOST:8786 或 tls://...；需要 "
        "pip install 'grader[dask]'），而不是用本机的进程"
    ),
    "with tls://: the certificate authority that signed the scheduler's certificate": (
        "使用 tls:// 时：签发调度器证书的 CA 证书"
    ),
    "with tls://: this command's certificate (PEM)": "使用 tls:// 时：本命令的证书（PEM）",
    "with tls://: this command's private key (PEM)": "使用 tls:// 时：本命令的私钥（PEM）",
    "exit 2 (after writing the reports) when no exercise module was found or a file of the "
    "submission was not used (each is listed with a 'did you mean')": (
        "找不到任何练习模块，或提交中有文件没有用到时（每个都会列出并给出“你是不是想写”），"
        "在写完报告后以状态 2 退出"
    ),
}

_READERS_ZH = {
    "text": "终端，默认",
    "json": "本项目自己的格式，grader/schemas/report.schema.json",
    "html": "给学生：可打开或打印的网页",
    "markdown": "GitHub 步骤摘要或合并请求评论",
    "gradescope": "Gradescope 自动评分",
    "junit": "GitLab、Jenkins 等 CI 系统",
    "csv": "成绩册（Canvas、Moodle）",
    "github-classroom": "GitHub Classroom 评分报告器",
    "prairielearn": "PrairieLearn",
    "exercism": "exercism 测试运行器",
}


def format_help() -> str:
    """The help of ``grade --format``: every format and who reads it."""
    return "report format (repeatable): " + ", ".join(
        f"{f.name} ({f.reader})" for f in FORMATS.values()
    )


HELP_ZH[format_help()] = "报告格式（可重复）：" + "、".join(
    f"{f.name}（{_READERS_ZH.get(f.name, f.reader)}）" for f in FORMATS.values()
)
