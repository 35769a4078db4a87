"""The machine-readable formats of a report, by name (``grader grade --format NAME``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from grader.render.csv_report import render_csv
from grader.render.gradescope import render_gradescope
from grader.render.json_report import render_json
from grader.render.junit import render_junit
from grader.render.platforms import (
    render_exercism,
    render_github_classroom,
    render_prairielearn,
)
from grader.results import Report


@dataclass(frozen=True)
class Format:
    name: str
    render: Callable[[Report], str]
    default_file: str
    reader: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", render_json, "report.json", "our own, grader/schemas/report.schema.json"),
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
