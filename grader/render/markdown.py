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

from grader.i18n import t
from grader.render.common import RenderOptions, clean_text
from grader.render.page import Caps, ExerciseView, PageView, page_view
from grader.render.visibility import ShownReport

_PUNCTUATION = frozenset(string.punctuation) - {"<", ">", "&"}
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MARK = {"passed": "✅", "failed": "❌", "error": "❗", "timeout": "⏱️", "skipped": "➖"}


def _clean(text: str) -> str:
    return clean_text(text, "\t\n")


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
    if ex.more:
        lines += [code_block(ex.more), ""]
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
    if ex.output_note and ex.output:
        lines += [f"{escape(ex.output_note)}:", "", code_block(ex.output), ""]
    elif ex.output_note:
        lines += [f"*{escape(ex.output_note)}*", ""]
    if ex.ignored:
        lines += [f"{escape(w['ignored'])}: {escape(ex.ignored)}", ""]
    return lines


# GitHub drops a step summary over 1 MiB; GitLab a comment over 1,000,000 characters.
MARKDOWN_LIMIT_BYTES = 900_000
# Tried in order until the page fits: shorter messages, failure reports and output.
_STAGES = (Caps(), Caps(500, 1500, 2000), Caps(200, 300, 500), Caps(100, 0, 0))


def render_markdown(shown: ShownReport, options: RenderOptions | None = None) -> str:
    """The page, within :data:`MARKDOWN_LIMIT_BYTES`: student texts shrink first; a page
    still too long (thousands of tests) is cut with a visible marker."""
    options = options or RenderOptions()
    for caps in _STAGES:
        text = _render(page_view(shown, options, caps))
        if len(text.encode()) <= MARKDOWN_LIMIT_BYTES:
            return text
    return _cut(text, MARKDOWN_LIMIT_BYTES, options.lang)


def _cut(text: str, limit: int, lang: str) -> str:
    """The first whole lines of ``text`` that fit, a code block left open closed, and a
    visible marker saying the page was cut."""
    marker = "\n---\n\n**" + escape(t("report_cut", lang, total=len(text.encode()))) + "**\n"
    budget = limit - len(marker.encode()) - 64
    kept: list[str] = []
    size = 0
    fence = ""
    for line in text.split("\n"):
        size += len(line.encode()) + 1
        if size > budget:
            break
        kept.append(line)
        if fence:
            fence = "" if line == fence else fence
        elif line.startswith("```"):
            fence = line[: len(line) - len(line.lstrip("`"))]
    if fence:
        kept.append(fence)
    return "\n".join(kept) + "\n" + marker


def _render(page: PageView) -> str:
    w = page.words
    lines = [
        f"## {escape(page.title)}: {escape(page.course_title)}",
        "",
        f"{escape(w['submission'])}: {escape(page.submission)}",
        "",
        f"**{escape(w['total'])}: {page.score}/{page.max_score}** ({page.percent}%)",
        "",
    ]
    if page.late:
        lines += [f"> **{escape(page.late)}**", ""]
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
