"""The Markdown report: the HTML report's content for a GitHub Actions step summary
(``$GITHUB_STEP_SUMMARY``) or a GitLab merge-request comment.

Student text is escaped: every ASCII punctuation character is backslash-escaped and
``<``, ``>``, ``&`` become entities, so it cannot open a tag, a link, a mention or
break a table; multi-line text goes into fenced code blocks whose fence is longer than
any run of backticks inside.
"""

from __future__ import annotations

import re
import string

from grader.render.common import RenderOptions
from grader.render.page import ExerciseView, PageView, page_view
from grader.results import Report

_PUNCTUATION = frozenset(string.punctuation) - {"<", ">", "&"}
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MARK = {"passed": "✅", "failed": "❌", "error": "❗", "timeout": "⏱️", "skipped": "➖"}


def _clean(text: str) -> str:
    return "".join(c if c in "\t\n" or ord(c) >= 0x20 else "\ufffd" for c in text)


def escape(text: str) -> str:
    """``text`` as literal inline Markdown on one line (safe in a table cell)."""
    out = []
    for char in _clean(text.replace("\r\n", "\n")):
        if char in _PUNCTUATION:
            out.append("\\" + char)
        elif char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in "\n\t":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def _cell(text: str) -> str:
    """Several lines in one table cell, joined by ``<br>`` (our markup, not theirs)."""
    return "<br>".join(escape(line) for line in text.splitlines()) or " "


def code_block(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{_clean(text).rstrip()}\n{fence}"


def _exercise(ex: ExerciseView, page: PageView) -> list[str]:
    w = page.words
    lines = [
        f"### {_MARK[ex.status]} {escape(ex.id)} · {escape(ex.title)}: "
        f"{ex.score}/{ex.max_score} ({escape(ex.status_word)})",
        "",
    ]
    if ex.note:
        lines += [escape(ex.note), ""]
    if ex.grader_error:
        lines += [code_block(ex.grader_error), ""]
    if ex.summary:
        lines += [f"**{escape(ex.summary)}**", ""]
    details = []
    if ex.tests:
        lines += [
            f"| {w['test']} | {w['status']} | {w['points']} | {w['message']} |",
            "|---|---|--:|---|",
        ]
        for test in ex.tests:
            lines.append(
                f"| {escape(test.name)} ({escape(test.visibility_word)}) "
                f"| {_MARK[test.status]} {escape(test.status_word)} | {test.points} "
                f"| {_cell(test.message)} |"
            )
            if test.detail:
                details.append((test.name, test.detail))
        lines.append("")
    for name, detail in details:
        lines += [f"{escape(name)}:", "", code_block(detail), ""]
    if ex.hints:
        lines += [f"**{escape(w['hints'])}**", ""]
        lines += [f"- {escape(hint)}" for hint in ex.hints]
        lines.append("")
    if ex.output_note:
        lines += [f"{escape(ex.output_note)}:", "", code_block(ex.output), ""]
    if ex.ignored:
        lines += [f"{escape(w['ignored'])}: {escape(ex.ignored)}", ""]
    return lines


def render_markdown(report: Report, options: RenderOptions | None = None) -> str:
    page = page_view(report, options or RenderOptions())
    w = page.words
    lines = [
        f"## {escape(page.title)}: {escape(page.course_title)}",
        "",
        f"{escape(w['submission'])}: {escape(page.submission)}",
        "",
        f"**{escape(w['total'])}: {page.score}/{page.max_score}** ({page.percent}%)",
        "",
    ]
    for note in page.notes:
        lines += [f"> **{escape(note)}**", ""]
    if page.all_passed:
        lines += [escape(w["all_passed"]), ""]
    lines += [
        f"| {w['exercise']} | | {w['score']} | {w['status']} | {w['tests']} |",
        "|---|---|--:|---|---|",
    ]
    for ex in page.exercises:
        lines.append(
            f"| {escape(ex.id)} | {escape(ex.title)} | {ex.score}/{ex.max_score} "
            f"| {_MARK[ex.status]} {escape(ex.status_word)} | {_cell(ex.note)} |"
        )
    lines.append("")
    for ex in page.exercises:
        lines += _exercise(ex, page)
    lines.append("---")
    lines.append("")
    lines += [f"{escape(label)}: {escape(value)}  " for label, value in page.footer]
    return "\n".join(lines).rstrip() + "\n"
