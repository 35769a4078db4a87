"""The report formats, by name (``grader grade --format NAME``): one registry.

Every format renders a :class:`ShownReport`, which only
:func:`grader.render.visibility.shown_report` makes (:func:`apply_visibility` then
:func:`safe_report`), so each obeys course.yaml's ``reports.hidden_tests`` and shows
student text without control characters or forged lines by construction; mypy rejects
a renderer handed a plain :class:`Report`. To add one, see docs/adding-a-format.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from grader.render.classroom import render_github_classroom
from grader.render.common import RenderOptions
from grader.render.csv_report import render_csv
from grader.render.gradescope import render_gradescope
from grader.render.html import render_html
from grader.render.json_report import render_json
from grader.render.junit import render_junit
from grader.render.markdown import render_markdown
from grader.render.platforms import render_exercism, render_prairielearn
from grader.render.terminal import print_report, render_text
from grader.render.visibility import ShownReport, shown_report
from grader.results import Report

Renderer = Callable[[ShownReport, RenderOptions], str]
TerminalWriter = Callable[[ShownReport, RenderOptions, TextIO], None]


@dataclass(frozen=True)
class Format:
    """``name``: for ``--format``; ``renderer``: the report as this format's text;
    ``default_file``: its file's name in ``--output-dir``; ``reader``: who reads it (in
    ``--help``, and in Chinese in grader/i18n_cli.py); ``terminal``: set for a format
    that ``grade`` writes to the terminal (stdout, in colour there) rather than to a
    file, and shows when no ``--format`` is given."""

    name: str
    renderer: Renderer
    default_file: str
    reader: str
    terminal: TerminalWriter | None = None

    def render(self, report: Report, options: RenderOptions | None = None) -> str:
        options = options or RenderOptions()
        return self.renderer(shown_report(report, options.settings.hidden_display), options)

    def show(self, report: Report, options: RenderOptions, stream: TextIO) -> None:
        """The report on a terminal: the format's own way there, else its text."""
        shown = shown_report(report, options.settings.hidden_display)
        if self.terminal is None:
            stream.write(self.renderer(shown, options))
        else:
            self.terminal(shown, options, stream)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", render_text, "report.txt", "terminal, the default", terminal=print_report),
        Format("json", render_json, "report.json", "our own, grader/schemas/report.schema.json"),
        Format("html", render_html, "report.html", "students: a page to open or print"),
        Format(
            "markdown",
            render_markdown,
            "report.md",
            "a GitHub step summary or a merge-request comment",
        ),
        Format("gradescope", render_gradescope, "results.json", "Gradescope autograders"),
        Format("junit", render_junit, "junit.xml", "GitLab, Jenkins and other CI systems"),
        Format("csv", render_csv, "grades.csv", "gradebooks (Canvas, Moodle)"),
        Format(
            "github-classroom",
            render_github_classroom,
            "classroom.json",
            "the GitHub Classroom grading reporter",
        ),
        Format("prairielearn", render_prairielearn, "prairielearn.json", "PrairieLearn"),
        Format("exercism", render_exercism, "exercism.json", "exercism test runners"),
    )
}


def terminal_formats() -> list[str]:
    """The formats ``grade`` shows when no ``--format`` is given."""
    return [name for name, f in FORMATS.items() if f.terminal is not None]
