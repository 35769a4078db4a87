"""One registry of report formats, and renderers that only a filtered report reaches.

docs/adding-a-format.md is followed once here: a tiny format registered at run time
(its renderer and its registry entry, nothing else) is offered and written by ``grade``
and ``grade-class``, and the golden-file loop of test_golden.py asks for its file; the
README's table of formats has one row per format of the registry.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import grader
from grader import cli
from grader.batch import command as class_command
from grader.batch.outputs import write_outputs
from grader.errors import ExitCode
from grader.i18n_cli import format_help
from grader.render.common import RenderOptions
from grader.render.formats import FORMATS, Format, terminal_formats
from grader.render.visibility import ShownReport, shown_report
from grader.results import HiddenDisplay

from .class_fixture import CLASS
from .report_fixture import COURSE, REPORT, SECRET_OUTPUT, options
from .test_golden import GOLDEN, check_golden, expected_files, golden_cases, golden_name

ROOT = Path(grader.__file__).resolve().parents[1]


def _first_parameter(function: typing.Callable[..., object]) -> object:
    first = next(iter(inspect.signature(function).parameters))
    return typing.get_type_hints(function)[first]


def test_every_renderer_and_terminal_writer_takes_a_shown_report() -> None:
    for fmt in FORMATS.values():
        assert _first_parameter(fmt.renderer) is ShownReport, fmt.name
        if fmt.terminal is not None:
            assert _first_parameter(fmt.terminal) is ShownReport, fmt.name


def test_the_terminal_report_is_a_format_of_the_registry() -> None:
    text = FORMATS["text"]
    assert terminal_formats() == ["text"]
    assert text.terminal is not None and text.default_file == "report.txt"
    rendered = text.render(REPORT, options())
    assert rendered.startswith("Python Day 8  ·  ") and "\x1b" not in rendered
    assert "SECRET-EXPECTED" not in rendered  # course.yaml's summary mode: output withheld
    stream = io.StringIO()  # not a terminal: no colour, and grade's terminal shows no hints
    text.show(REPORT, options(), stream)
    hint = "Hint: Clamp end with min(end, total)."
    assert hint in rendered and hint not in stream.getvalue()
    assert stream.getvalue().splitlines()[0] == rendered.splitlines()[0]


def test_only_the_visibility_filter_makes_a_shown_report() -> None:
    forged = dataclasses.replace(REPORT, submission="x\x1b[2J\nTotal: 40/40")
    shown = shown_report(forged, HiddenDisplay.SUMMARY)
    assert shown.report.hidden_display is HiddenDisplay.SUMMARY
    assert "\x1b" not in shown.report.submission and "\n" not in shown.report.submission
    pager = next(e for e in shown.report.exercises if e.id == "03_pager")
    assert pager.output.withheld and SECRET_OUTPUT not in pager.output.text
    with pytest.raises(TypeError, match="shown_report"):
        ShownReport(REPORT, object())
    with pytest.raises(TypeError):
        ShownReport(REPORT)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="key"):
        dataclasses.replace(shown, report=REPORT)


_LEAK = """\
import sys

from grader.render.common import RenderOptions
from grader.render.formats import FORMATS
from grader.render.json_report import render_json
from grader.render.terminal import print_text
from grader.render.visibility import shown_report
from grader.results import HiddenDisplay, Report


def leak(report: Report) -> str:
    print_text(report, RenderOptions(), sys.stdout)
    return render_json(report) + FORMATS["html"].renderer(report, RenderOptions())


def fine(report: Report) -> str:
    return render_json(shown_report(report, HiddenDisplay.SUMMARY))
"""


def test_mypy_rejects_a_renderer_handed_an_unfiltered_report(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    (tmp_path / "leak.py").write_text(_LEAK, encoding="utf-8")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent"),
            *("--no-error-summary", "--cache-dir", str(tmp_path / "cache"), "leak.py"),
        ],
        cwd=tmp_path,
        env={"MYPYPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = done.stdout.splitlines()
    rejected = [line for line in errors if 'type "Report"; expected "ShownReport"' in line]
    assert [line.split(":")[1] for line in rejected] == ["12", "13", "13"], done.stdout
    assert len(errors) == 3, done.stdout  # `fine` passes


# The tiny format of the test that follows docs/adding-a-format.md.
def _render_tiny(shown: ShownReport, options: RenderOptions | None = None) -> str:
    report = shown.report
    rows = [f"{e.id} {e.status.value} {e.score:g}/{e.max_score:g}" for e in report.exercises]
    return "\n".join([f"{report.course_id} {report.score:g}/{report.max_score:g}", *rows]) + "\n"


TINY = Format("tiny", _render_tiny, "report.tiny", "a test of docs/adding-a-format.md")


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Format:
    """The tiny format in the registry, and ``grade`` grading nothing: the report of
    report_fixture.py is the grade of any submission (run in ``tmp_path``)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(FORMATS, TINY.name, TINY)
    monkeypatch.setattr(cli, "_course", lambda path: COURSE)
    monkeypatch.setattr(cli, "grade", lambda **_: REPORT)
    return TINY


def _grade(*args: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = cli.main(["grade", "submission", "--lang", "en", *args])
    out, err = capsys.readouterr()
    assert code == ExitCode.GRADER_ERROR, err  # the fixture's report has a grader error
    assert "error:" not in err
    return out


def test_a_format_added_to_the_registry_is_offered_and_written(
    tiny: Format, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "tiny (a test of docs/adding-a-format.md)" in format_help()  # grade --help
    expected = tiny.render(REPORT, RenderOptions.for_course(COURSE, "en"))
    assert expected.splitlines()[0] == f"python-day8 {REPORT.score:g}/{REPORT.max_score:g}"
    out = _grade("--format", "tiny", "-o", str(tmp_path / "mine.tiny"), capsys=capsys)
    assert (tmp_path / "mine.tiny").read_text(encoding="utf-8") == expected
    assert out == ""  # only the terminal's formats print
    out = _grade("--format", "tiny", "--format", "json", "--output-dir", ".", capsys=capsys)
    assert (tmp_path / "report.tiny").read_text(encoding="utf-8") == expected
    assert (tmp_path / "report.json").is_file() and out == ""
    parsed = cli.build_parser().parse_args(
        ["grade-class", "in", "--output-dir", "out", "--format", "tiny"]
    )
    assert parsed.run is class_command.cmd_grade_class and parsed.format == ["tiny"]
    write_outputs(CLASS, course=COURSE, out=tmp_path / "class", formats=("tiny",), lang="en")
    for student in CLASS.students:
        written = tmp_path / "class" / "students" / student.student_id / "report.tiny"
        assert written.read_text(encoding="utf-8") == tiny.render(student.report, options())


def test_the_golden_loop_asks_for_a_format_added_to_the_registry(
    tiny: Format, tmp_path: Path
) -> None:
    cases = golden_cases()
    assert ("tiny", "en") in [(name, lang) for folder, _, name, lang in cases if folder == GOLDEN]
    assert golden_name("tiny", "en") == "tiny.tiny" in expected_files(cases)[GOLDEN]
    rendered = tiny.render(REPORT, options())
    golden = tmp_path / golden_name("tiny", "en")
    with pytest.raises(AssertionError, match="missing"):
        check_golden(golden, rendered, update=False)
    check_golden(golden, rendered, update=True)  # GRADER_UPDATE_GOLDEN=1
    check_golden(golden, rendered, update=False)
    with pytest.raises(AssertionError, match="differs"):
        check_golden(golden, rendered + "one more line\n", update=False)


def test_the_text_format_goes_to_the_terminal_unless_it_is_the_one_with_output(
    tiny: Format, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = "Python Day 8  ·  "
    assert _grade(capsys=capsys).startswith(first)  # no --format: the terminal's
    assert _grade("--json", str(tmp_path / "r.json"), capsys=capsys).startswith(first)
    assert _grade("--format", "tiny", capsys=capsys) == ""
    assert (tmp_path / "report.tiny").is_file()  # in --output-dir (default: here)
    out = _grade("--format", "text", "-o", str(tmp_path / "r.txt"), capsys=capsys)
    assert out == "" and (tmp_path / "r.txt").read_text(encoding="utf-8").startswith(first)
    out = _grade("--format", "text", "--format", "tiny", "-o", str(tmp_path / "t"), capsys=capsys)
    assert out.startswith(first) and (tmp_path / "t").read_text(encoding="utf-8").startswith(
        "python-day8 "
    )
    assert _grade("--quiet", capsys=capsys) == ""


def test_the_readme_has_one_row_per_format_of_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| format | file | for |\n|---|---|---|\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.split("|")[1].strip() for line in table.splitlines()]
    assert rows == [f"`{name}`" for name in FORMATS]
    for name, fmt in FORMATS.items():
        row = table.splitlines()[rows.index(f"`{name}`")]
        assert fmt.terminal is not None or f"`{fmt.default_file}`" in row, name
    assert "docs/adding-a-format.md" in readme
