"""The report formats for people (html, markdown) and the rules every format obeys:
what is shown of hidden tests, timeouts with their limit, crashes, grader errors,
escaping of student text and capped output."""

from __future__ import annotations

import dataclasses
import html.parser
import io
import json
import re

import junitparser
import pytest
from markdown_it import MarkdownIt

from grader.course import ReportSettings
from grader.render.common import RenderOptions, apply_visibility
from grader.render.formats import FORMATS
from grader.render.markdown import code_block, escape
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import CapturedOutput, HiddenDisplay, Report, Status, Visibility

from .report_fixture import COURSE, FIELDS, HOSTILE, PAGER, REPORT, TEN_MB, options

SECRET = "EXPECTED-VALUE-42"
HUMAN = ("html", "markdown")


class _Page(html.parser.HTMLParser):
    """Tags, attributes and text of an HTML document."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.chunks)


def _text_report(report: Report, lang: str = "en", mode: HiddenDisplay = HiddenDisplay.FULL) -> str:
    stream = io.StringIO()
    render(shown_report(report, mode), course=COURSE, stream=stream, lang=lang, width=200)
    return stream.getvalue()


def _with_options(**settings: object) -> RenderOptions:
    return dataclasses.replace(options(), settings=ReportSettings(**settings))  # type: ignore[arg-type]


# -- html ---------------------------------------------------------------------------------


def test_html_page_shows_scores_tests_hints_and_the_footer() -> None:
    page = _Page(FORMATS["html"].render(REPORT, options()))
    text = " ".join(page.text.split())
    assert "Total: 20/60" in text
    assert "03_pager · Properties: a pager 4/10 failed" in text
    assert "public tests: 1 of 2 failed; hidden tests: 2 of 3 failed" in text
    assert "test_start_and_end (public) passed 2/2" in text
    assert "test_bool_is_rejected (hidden) failed 0/2 a result did not match" in text
    assert "E assert 30 == 25" in text  # the public failure's report
    assert "timed out after 5 s" in text and "timed out after 15 s" in text
    assert "killed by SIGSEGV" in text  # how the crashed process ended
    assert "Clamp end with min(end, total)." in text  # hint of a failed exercise
    assert "Use cls(...)" not in text  # no hints for a grader error: not the student's fault
    assert "the grader failed here, not your code; this score is not final" in text
    assert "10485760 bytes printed; the middle was left out" in text
    assert "Ignored files (never run): conftest.py" in text
    for fixed in ("0.1.0", "process (rlimits, own session)", "3" * 64):
        assert fixed in text


def test_html_student_text_is_never_markup_and_nothing_is_fetched() -> None:
    rendered = FORMATS["html"].render(REPORT, options())
    page = _Page(rendered)
    assert HOSTILE in page.text  # shown, as text
    assert "<script" not in rendered and "<img" not in rendered
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "base", "form"}
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        if tag == "a":
            assert (attrs["href"] or "").startswith("#")
        assert "url(" not in (attrs.get("style") or "")
    assert "http://" not in re.sub(r"http://e\.vil", "", page.text)
    (csp,) = [a for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in (csp["content"] or "")
    assert "\x00" not in rendered


def test_html_is_in_chinese_when_the_reader_is() -> None:
    rendered = FORMATS["html"].render(REPORT, options("zh"))
    page = _Page(rendered)
    assert ("html", {"lang": "zh-CN"}) in page.tags
    text = " ".join(page.text.split())
    assert "总分: 20/60" in text
    assert "公开测试：2 个中有 1 个未通过; 隐藏测试：3 个中有 2 个未通过" in text
    assert "5 秒后超时" in text
    assert "用 min(end, total) 截断 end。" in text


def test_html_for_print_has_print_styles_and_no_interactive_only_content() -> None:
    rendered = FORMATS["html"].render(REPORT, options())
    assert "@media print" in rendered
    assert "<details" not in rendered  # failure reports are always expanded


# -- markdown -----------------------------------------------------------------------------


def _markdown_html(text: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def test_markdown_renders_to_tables_without_student_markup() -> None:
    rendered = FORMATS["markdown"].render(REPORT, options())
    as_html = _markdown_html(rendered)
    page = _Page(as_html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "a", "iframe", "strong em"}
    assert "<script" not in as_html
    assert HOSTILE.replace("\n", " ") in page.text.replace("\xa0", " ")
    # Every table row keeps its number of cells: student text cannot add a column.
    for table in re.findall(r"<table>.*?</table>", as_html, flags=re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in rows}
        assert len(widths) == 1, table
    assert "**Total: 20/60**" in rendered
    assert "public tests\\: 1 of 2 failed\\; hidden tests\\: 2 of 3 failed" in rendered


def test_markdown_escape_and_code_blocks_keep_text_literal() -> None:
    hostile = "a|b <b>x</b> [l](http://x) `c` @team\n# title"
    page = _Page(_markdown_html(f"| x |\n|---|\n| {escape(hostile)} |\n"))
    assert " ".join(hostile.split()) in " ".join(page.text.split())
    assert {tag for tag, _ in page.tags} == {"table", "thead", "tbody", "tr", "th", "td"}
    block = code_block("```\n<script>\n````")
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    assert "<script>" not in _markdown_html(block).replace("&lt;script&gt;", "")


# -- what students see of hidden tests ----------------------------------------------------


def _report_with_secret() -> Report:
    """As the runner makes it with ``hidden_tests: full``: hidden details kept."""
    tests = tuple(
        dataclasses.replace(t, detail=f"E   assert {SECRET}", message=f"assert {SECRET}")
        if t.name == "test_bool_is_rejected"
        else t
        for t in PAGER.tests
    )
    return dataclasses.replace(REPORT, exercises=(dataclasses.replace(PAGER, tests=tests),))


@pytest.mark.parametrize("name", list(FORMATS))
def test_summary_never_shows_hidden_details(name: str) -> None:
    summary = dataclasses.replace(_report_with_secret())
    # The runner keeps only the generic message unless the course says full:
    tests = tuple(
        dataclasses.replace(t, message="a result did not match the specification")
        if t.visibility is Visibility.HIDDEN
        else t
        for t in summary.exercises[0].tests
    )
    summary = dataclasses.replace(
        summary, exercises=(dataclasses.replace(summary.exercises[0], tests=tests),)
    )
    rendered = FORMATS[name].render(summary, _with_options(hidden_display=HiddenDisplay.SUMMARY))
    assert SECRET not in rendered
    rendered = rendered.replace("\\", "")  # markdown escapes underscores
    if name != "csv":
        assert "test_bool_is_rejected" in rendered


@pytest.mark.parametrize("name", ["html", "markdown", "json", "junit", "gradescope"])
def test_full_shows_hidden_details(name: str) -> None:
    rendered = FORMATS[name].render(
        _report_with_secret(), _with_options(hidden_display=HiddenDisplay.FULL)
    )
    assert SECRET in rendered


@pytest.mark.parametrize("name", list(FORMATS))
def test_none_lists_no_hidden_test_but_counts_its_points(name: str) -> None:
    rendered = FORMATS[name].render(
        _report_with_secret(), _with_options(hidden_display=HiddenDisplay.NONE)
    )
    for hidden in ("test_total_pages_hidden", "test_bool_is_rejected", "test_huge_total", SECRET):
        assert hidden not in rendered
    if name in {"json", "gradescope", "github-classroom", "prairielearn"}:
        data = json.loads(rendered)
        tests = data["exercises"][0]["tests"] if name == "json" else data["tests"]
        points = "points" if name == "prairielearn" else "score"
        assert round(sum(t[points] for t in tests), 4) == 4.0
    if name in HUMAN:
        assert "3 hidden tests (not shown individually)" in rendered.replace("\\", "")


def test_none_folds_hidden_tests_into_one_row_and_keeps_every_score() -> None:
    shown = apply_visibility(REPORT, HiddenDisplay.NONE)
    assert shown.score == REPORT.score and shown.hidden_display is HiddenDisplay.NONE
    pager = shown.exercises[2]
    (combined,) = [t for t in pager.tests if t.visibility is Visibility.HIDDEN]
    assert (combined.combined, combined.score, combined.max_score) == (3, 2.0, 6.0)
    assert combined.status is Status.FAILED
    text = _text_report(REPORT, mode=HiddenDisplay.NONE)
    assert "public tests: 1 of 2 failed; hidden tests: not shown individually (2 of 6 points)" in (
        text
    )


def test_gradescope_visibility_of_hidden_tests_comes_from_the_course() -> None:
    for visibility in ("hidden", "after_published", "after_due_date", "visible"):
        results = json.loads(
            FORMATS["gradescope"].render(
                REPORT, _with_options(gradescope_hidden_visibility=visibility)
            )
        )
        by_name = {t["name"]: t for t in results["tests"]}
        assert by_name["03_pager: test_bool_is_rejected"]["visibility"] == visibility
        assert by_name["03_pager: test_last_page_is_partial"]["visibility"] == "visible"
        assert results["visibility"] == "visible"


# -- the same sentences in every format ---------------------------------------------------


def _partial() -> Report:
    """Every public test passes, hidden tests fail: the case students ask about most."""
    tests = tuple(
        dataclasses.replace(t, status=Status.PASSED, score=t.max_score, message="", detail="")
        if t.visibility is Visibility.PUBLIC
        else t
        for t in PAGER.tests
    )
    pager = dataclasses.replace(PAGER, tests=tests, score=6.0)
    return dataclasses.replace(REPORT, exercises=(pager,))


SENTENCE = "public tests: all passed; hidden tests: 2 of 3 failed"


@pytest.mark.parametrize(
    "name", ["html", "markdown", "gradescope", "github-classroom", "prairielearn"]
)
def test_public_and_hidden_sentence_in_every_human_readable_format(name: str) -> None:
    rendered = FORMATS[name].render(_partial(), options())
    readable = rendered.replace("\\", "") if name == "markdown" else rendered
    assert SENTENCE in readable
    assert SENTENCE in _text_report(_partial(), mode=HiddenDisplay.SUMMARY)


def test_the_json_report_carries_each_timeouts_limit() -> None:
    data = json.loads(FORMATS["json"].render(REPORT, options()))
    limits = {t["name"]: t.get("time_limit_s") for e in data["exercises"] for t in e["tests"]}
    assert limits["test_huge_total"] == 5.0 and limits["test_discount_loop"] == 15.0
    assert limits["test_start_and_end"] is None


@pytest.mark.parametrize("name", [n for n in FORMATS if n not in {"csv", "json"}])
def test_timeouts_say_after_how_many_seconds(name: str) -> None:
    rendered = FORMATS[name].render(REPORT, options())
    assert "timed out after 5 s" in rendered
    assert "timed out after 15 s" in rendered or name == "junit"  # junit: first line only
    if name == "junit":
        cases = {
            c.name: c
            for suite in junitparser.JUnitXml.fromstring(rendered)
            for c in suite
            if isinstance(suite, junitparser.TestSuite)
        }
        assert cases["test_discount_loop"].result[0].message.startswith("timed out after 15 s")


@pytest.mark.parametrize("name", [n for n in FORMATS if n not in {"csv", "junit"}])
def test_a_crash_says_how_the_process_ended(name: str) -> None:
    assert "killed by SIGSEGV" in FORMATS[name].render(REPORT, options())


@pytest.mark.parametrize("name", [n for n in FORMATS if n != "csv"])
def test_a_grader_error_is_the_graders_fault_and_not_final(name: str) -> None:
    rendered = FORMATS[name].render(REPORT, options())
    if name == "json":
        assert json.loads(rendered)["grader_errors"] == ["02_methods"]
        return
    lowered = rendered.lower()
    assert "not final" in lowered, name
    assert "grader" in lowered
    if name in {"github-classroom", "exercism"}:
        assert json.loads(rendered)["status"] == "error"


def test_prairielearn_grader_error_is_not_gradable_and_says_so() -> None:
    result = json.loads(FORMATS["prairielearn"].render(REPORT, options()))
    assert result["gradable"] is False
    assert (
        "not final" in result["format_errors"][0]
        or "no final score" in (result["format_errors"][0])
    )


# -- captured output: truncated with a marker, within each platform's limit ---------------


def test_ten_megabytes_of_output_stay_within_every_platforms_limit() -> None:
    raw = dataclasses.replace(  # public tests only: the output is shown
        FIELDS, output=CapturedOutput(text="y" * TEN_MB, total_bytes=TEN_MB, truncated=False)
    )
    report = dataclasses.replace(REPORT, exercises=(raw,))
    limits = {"prairielearn": 1_000_000, "gradescope": 1_000_000, "html": 200_000}
    limits |= {"markdown": 200_000, "exercism": 100_000, "junit": 200_000}
    limits |= {"github-classroom": 100_000, "csv": 1000}
    for name, limit in limits.items():
        rendered = FORMATS[name].render(report, options())
        assert len(rendered.encode()) < limit, name
    exercism = json.loads(FORMATS["exercism"].render(report, options()))
    first, *others = exercism["tests"]  # one stream per exercise: on its first test only
    assert len(first["output"]) <= 500 and "truncated" in first["output"]
    assert all(t["output"] is None for t in others)
    prairielearn = json.loads(FORMATS["prairielearn"].render(report, options()))
    assert "truncated" in prairielearn["output"]
    page = _Page(FORMATS["html"].render(report, options()))
    assert "[... truncated: 10485760 characters in all ...]" in page.text


def test_prairielearn_stays_under_one_megabyte_with_many_long_failures() -> None:
    failing = tuple(
        dataclasses.replace(
            PAGER.tests[1], name=f"test_{i}", message="名" * 5000, detail="d" * 6000
        )
        for i in range(100)
    )
    exercises = tuple(
        dataclasses.replace(PAGER, id=f"{n:02d}_x", tests=failing) for n in range(1, 15)
    )
    report = dataclasses.replace(REPORT, exercises=exercises)
    rendered = FORMATS["prairielearn"].render(report, options())
    assert len(rendered.encode()) < 1_000_000
    assert all("truncated" in t["output"] for t in json.loads(rendered)["tests"])
