"""The report formats, by name (``grader grade --format NAME``).

Every format renders the report only after :func:`apply_visibility` and
:func:`safe_report`, so each obeys course.yaml's ``reports.hidden_tests`` and shows
student text without control characters or forged lines by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from grader.render.classroom import render_github_classroom
from grader.render.common import RenderOptions, apply_visibility, safe_report
from grader.render.csv_report import render_csv
from grader.render.gradescope import render_gradescope
from grader.render.html import render_html
from grader.render.json_report import render_json
from grader.render.junit import render_junit
from grader.render.markdown import render_markdown
from grader.render.platforms import render_exercism, render_prairielearn
from grader.results import Report


@dataclass(frozen=True)
class Format:
    name: str
    renderer: Callable[[Report, RenderOptions], str]
    default_file: str
    reader: str

    def render(self, report: Report, options: RenderOptions | None = None) -> str:
        options = options or RenderOptions()
        shown = apply_visibility(report, options.settings.hidden_tests)
        return self.renderer(safe_report(shown), options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
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
