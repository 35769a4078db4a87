"""What every format says of a submission's layout: the files the grader did not use,
each with its "did you mean", and the warning when nothing of the course was found.

The sentences are plain text in the reader's language (English or Chinese); each format
escapes them. Paths come from the submission: reports are made safe first
(:func:`grader.render.common.safe_report`).
"""

from __future__ import annotations

from grader.results import NothingSubmitted, Report, Unrecognised, UnrecognisedFile

# Files listed one by one; the rest are counted.
MAX_LISTED = 20

_WORDS: dict[str, dict[str, str]] = {
    "heading": {
        "en": "Files not used (not graded):",
        "zh": "未使用的文件（不评分）：",
    },
    Unrecognised.RENAME.value: {
        "en": "{path}: not used: did you mean {suggestion} (exercise {exercise})?",
        "zh": "{path}：未使用：是否应命名为 {suggestion}（练习 {exercise}）？",
    },
    Unrecognised.ZIP.value: {
        "en": "{path}: a zip inside the submission is not opened: submit its contents",
        "zh": "{path}：提交内容中的 zip 文件不会被打开：请直接提交其中的文件",
    },
    Unrecognised.UNKNOWN.value: {
        "en": "{path}: not used: not a module or exercise folder of this course",
        "zh": "{path}：未使用：不是本课程的练习模块或练习文件夹",
    },
    "more": {"en": "… {count} more files not used", "zh": "… 另有 {count} 个未使用的文件"},
    "nothing": {
        "en": "No exercise module found in {submission}: expected ID/module.py such as "
        "{expected}; found: {found}",
        "zh": "在 {submission} 中没有找到任何练习模块：应为 ID/模块.py，例如 {expected}；"
        "实际找到：{found}",
    },
    "found_nothing": {"en": "nothing", "zh": "空（没有文件）"},
    "found_more": {"en": "… {count} more", "zh": "… 另有 {count} 项"},
    "strict_nothing": {
        "en": "no exercise module found (--strict)",
        "zh": "没有找到任何练习模块（--strict）",
    },
    "strict_unrecognised": {
        "en": "{count} file(s) not used, such as {path} (--strict)",
        "zh": "有 {count} 个文件未被使用，例如 {path}（--strict）",
    },
}


def _say(key: str, lang: str, **values: object) -> str:
    entry = _WORDS[key]
    return (entry["zh"] if lang == "zh" else entry["en"]).format(**values)


def heading(lang: str) -> str:
    return _say("heading", lang)


def unrecognised_line(item: UnrecognisedFile, lang: str) -> str:
    """One file not used, with its suggestion, e.g. "pager (1).py: not used: did you mean
    pager.py (exercise 03_pager)?"."""
    kind = item.kind
    if kind is Unrecognised.RENAME and not item.suggestion:
        kind = Unrecognised.UNKNOWN
    return _say(
        kind.value, lang, path=item.path, suggestion=item.suggestion, exercise=item.exercise
    )


def unrecognised_lines(report: Report, lang: str, limit: int = MAX_LISTED) -> list[str]:
    """A line per file not used (the first ``limit``), then how many more."""
    files = report.unrecognised_files
    lines = [unrecognised_line(item, lang) for item in files[:limit]]
    if len(files) > limit:
        lines.append(_say("more", lang, count=len(files) - limit))
    return lines


def nothing_line(report: Report, lang: str) -> str:
    """The warning when no module of the graded exercises was found; empty otherwise."""
    nothing: NothingSubmitted | None = report.nothing_submitted
    if nothing is None:
        return ""
    found = ", ".join(nothing.found) or _say("found_nothing", lang)
    if nothing.more:
        found += ", " + _say("found_more", lang, count=nothing.more)
    return _say(
        "nothing",
        lang,
        submission=report.submission,
        expected=nothing.expected,
        found=found,
    )


def layout_notes(report: Report, lang: str) -> list[str]:
    """The sentences a format shows about the submission's layout, most important first."""
    said = nothing_line(report, lang)
    return ([said] if said else []) + unrecognised_lines(report, lang)


def strict_problem(report: Report, lang: str = "en") -> str:
    """Why ``grader grade --strict`` refuses the submission (empty when it does not):
    nothing of the course found, or a file not used."""
    if report.nothing_submitted is not None:
        return _say("strict_nothing", lang)
    if report.unrecognised_files:
        first = report.unrecognised_files[0].path
        return _say("strict_unrecognised", lang, count=len(report.unrecognised_files), path=first)
    return ""
