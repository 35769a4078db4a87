"""The HTML report: one self-contained page for the student (``report.html``).

Rendered from ``templates/report.html.j2`` with autoescaping on, so student output and
messages are always text; the page loads nothing from the network and its
Content-Security-Policy forbids scripts.
"""

from __future__ import annotations

from functools import cache

import jinja2

from grader.render.common import RenderOptions, clean_text
from grader.render.page import page_view
from grader.render.visibility import ShownReport


def _clean(text: str) -> str:
    """Control characters (NUL, escape sequences...), bidi overrides and lone surrogates
    shown as U+FFFD."""
    return clean_text(text, "\t\n\r")


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("grader.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.finalize = lambda value: _clean(value) if isinstance(value, str) else value
    return environment


def template(name: str) -> jinja2.Template:
    """One of the package's page templates, rendered with the settings above."""
    return _environment().get_template(name)


def render_html(shown: ShownReport, options: RenderOptions | None = None) -> str:
    options = options or RenderOptions()
    return template("report.html.j2").render(page=page_view(shown, options))
