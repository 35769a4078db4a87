"""Each module of an exercise is graded on its own, and an import failure is said once.

14_file_server has two modules: the tests of ``file_client`` (some against the trusted
reference server, ``tests/14_file_server/reference_file_server.py``) never need
``file_server.py`` to be there or to import, and the other way round. A module that is
missing fails its own tests as "not submitted: NAME.py"; one that cannot be imported
fails its own tests as "cannot import NAME.py (see above)", the why (file, line, error,
the caret) being said once, in the exercise's message.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from grader.course import Course
from grader.grading import grade
from grader.render import common
from grader.render.formats import FORMATS
from grader.render.sentences import exercise_message
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import (
    Containment,
    ExerciseResult,
    HiddenDisplay,
    Reason,
    Report,
    Status,
    TestResult,
)

from .conftest import SubmissionFactory, solution_source

FS = "14_file_server"
# The files whose tests grade one module only (the rest of 14's tests are in files
# marked for file_server, but for the big client transfers, marked one by one).
CLIENT_FILES = ("test_file_client.py", "test_14_2_client_hidden.py")
SERVER_FILES = ("test_file_server.py", "test_14_1_server_hidden.py")
CLIENT_ONLY = (
    "test_a_whole_client_session_against_the_reference_server",
    "test_client_get_of_a_big_file_streams_in_bounded_memory",
    "test_client_put_of_a_big_file_streams_in_bounded_memory",
)
SERVER_ONLY = (
    "test_a_whole_server_session_with_every_command",
    "test_server_get_of_a_big_file_streams_in_bounded_memory",
    "test_server_put_of_a_big_file_streams_in_bounded_memory",
)
BOTH = ("test_client_and_server_round_trip_a_big_file_in_bounded_memory",)
BROKEN_TAIL = "\n\ndef broken(:\n    pass\n"


def _module_of(test: TestResult) -> str:
    """Which module a 14 test grades: "client", "server" or "both"."""
    if test.name in BOTH:
        return "both"
    if test.name in CLIENT_ONLY or any(f"/{name}::" in test.nodeid for name in CLIENT_FILES):
        return "client"
    if test.name in SERVER_ONLY or any(f"/{name}::" in test.nodeid for name in SERVER_FILES):
        return "server"
    raise AssertionError(f"a 14 test this file does not know: {test.nodeid}")


def _grade_14(
    course: Course, make_submission: SubmissionFactory, files: dict[str, str]
) -> ExerciseResult:
    submission = make_submission({f"{FS}/{name}": text for name, text in files.items()})
    (result,) = grade(course=course, submission=submission, exercise_ids=[FS]).exercises
    assert not result.grader_error, exercise_message(result, "en")
    return result


def _by_module(result: ExerciseResult) -> dict[str, list[TestResult]]:
    found: dict[str, list[TestResult]] = {"client": [], "server": [], "both": []}
    for test in result.tests:
        found[_module_of(test)].append(test)
    return found


def test_only_file_server_grades_the_server_and_says_the_client_was_not_submitted(
    kit_course: Course, make_submission: SubmissionFactory
) -> None:
    result = _grade_14(
        kit_course, make_submission, {"file_server.py": solution_source(FS, "file_server.py")}
    )
    tests = _by_module(result)
    assert len(tests["server"]) >= 45 and len(tests["client"]) >= 25
    # The server's tests pass as they do with the reference client there.
    assert {t.name: t.status for t in tests["server"] if t.status is not Status.PASSED} == {}
    for test in tests["client"] + tests["both"]:
        assert test.status is Status.FAILED, test.name
        assert test.message == "not submitted: file_client.py"
        assert test.reason is Reason.NOT_SUBMITTED
        assert test.detail == ""
        # At once: nothing is asked of the student's process for a missing module.
        assert test.duration_s is not None and test.duration_s < 5, test.name
    earned = sum(t.max_score for t in tests["server"])
    assert result.score == pytest.approx(earned, abs=0.01)
    assert 0 < result.score < result.max_score
    assert result.status is Status.FAILED
    assert exercise_message(result, "en") == (
        f"{len(tests['server'])}/{len(result.tests)} tests passed (missing: file_client.py)"
    )
    # In Chinese through the renderers' shared wording.
    assert {common.test_message(t, "zh") for t in tests["client"]} == {"未提交：file_client.py"}
    assert common.exercise_note(result, "zh") == (
        f"通过 {len(tests['server'])}/{len(result.tests)} 个测试（未提交：file_client.py）"
    )


def test_only_file_client_passes_every_client_test(
    kit_course: Course, make_submission: SubmissionFactory
) -> None:
    result = _grade_14(
        kit_course, make_submission, {"file_client.py": solution_source(FS, "file_client.py")}
    )
    tests = _by_module(result)
    # Public client tests included: they run against a stand-in server of their own.
    assert {t.name: t.status for t in tests["client"] if t.status is not Status.PASSED} == {}
    assert any("test_file_client.py" in t.nodeid for t in tests["client"])
    for test in tests["server"] + tests["both"]:
        assert (test.status, test.message) == (Status.FAILED, "not submitted: file_server.py")
    assert exercise_message(result, "en").endswith(" tests passed (missing: file_server.py)")
    assert 0 < result.score < result.max_score


def test_a_server_with_a_syntax_error_leaves_the_client_tests_passing(
    kit_course: Course, make_submission: SubmissionFactory
) -> None:
    server = solution_source(FS, "file_server.py")
    broken_line = len((server + BROKEN_TAIL).splitlines()) - 1
    result = _grade_14(
        kit_course,
        make_submission,
        {
            "file_server.py": server + BROKEN_TAIL,
            "file_client.py": solution_source(FS, "file_client.py"),
        },
    )
    tests = _by_module(result)
    assert {t.name: t.status for t in tests["client"] if t.status is not Status.PASSED} == {}
    for test in tests["server"] + tests["both"]:
        assert test.status is Status.ERROR, test.name
        assert test.message == "cannot import file_server.py (see above)"
        assert test.detail == ""
    # Said once, for the exercise: the file and line, the error, the line and its caret.
    assert result.status is Status.ERROR
    assert exercise_message(result, "en").splitlines() == [
        f"cannot import file_server.py: file_server.py line {broken_line}: "
        "SyntaxError: invalid syntax",
        "    def broken(:",
        "               ^",
    ]
    assert result.score == pytest.approx(sum(t.max_score for t in tests["client"]), abs=0.01)
    # A platform still takes the client's points: the submission is gradable.
    report = Report(
        grader_version="test",
        course_id=kit_course.id,
        submission="s",
        submission_sha256="",
        timestamp="",
        containment=Containment(tier="test", mechanisms=()),
        exercises=(result,),
    )
    shown = json.loads(FORMATS["prairielearn"].render(report, common.RenderOptions()))
    assert shown["gradable"] is True
    assert shown["score"] == pytest.approx(result.score / result.max_score)


@pytest.fixture(scope="module")
def broken_pager(
    kit_course: Course, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Course, Report]:
    source = solution_source("03_pager", "pager.py") + BROKEN_TAIL
    root = tmp_path_factory.mktemp("broken-pager")
    (root / "03_pager").mkdir()
    (root / "03_pager" / "pager.py").write_text(source, encoding="utf-8")
    return kit_course, grade(course=kit_course, submission=root, exercise_ids=["03_pager"])


def _pager_line() -> int:
    """The line of ``def broken(:`` in the broken pager."""
    return len((solution_source("03_pager", "pager.py") + BROKEN_TAIL).splitlines()) - 1


def _text_report(course: Course, report: Report, lang: str) -> str:
    stream = io.StringIO()
    shown = shown_report(report, HiddenDisplay.FULL)
    render(shown, course=course, stream=stream, lang=lang, width=200)
    return stream.getvalue()


@pytest.mark.parametrize(
    ("lang", "each_test"),
    [("en", "cannot import pager.py (see above)"), ("zh", "无法导入 pager.py（原因见上文）")],
)
def test_a_syntax_error_is_said_once_in_the_text_report(
    broken_pager: tuple[Course, Report], lang: str, each_test: str
) -> None:
    course, report = broken_pager
    text = _text_report(course, report, lang)
    assert text.count("SyntaxError") == 1, text
    where = (
        f"pager.py 第 {_pager_line()} 行：" if lang == "zh" else f"pager.py line {_pager_line()}: "
    )
    assert text.count(f"{where}SyntaxError: invalid syntax") == 1
    assert text.count("def broken(:") == 1
    assert each_test in text
    assert "importlib" not in text and "Traceback" not in text


def test_the_json_report_carries_the_import_error_at_the_exercise_level(
    broken_pager: tuple[Course, Report],
) -> None:
    course, report = broken_pager
    data = json.loads(FORMATS["json"].render(report, common.RenderOptions.for_course(course, "en")))
    (exercise,) = data["exercises"]
    assert exercise["status"] == "error"
    assert exercise["score"] == 0
    assert exercise["message"].splitlines() == [
        f"cannot import pager.py: pager.py line {_pager_line()}: SyntaxError: invalid syntax",
        "    def broken(:",
        "               ^",
    ]
    assert exercise["tests"]
    for test in exercise["tests"]:
        assert test["status"] == "error"
        assert test["score"] == 0
        assert test["message"] == "cannot import pager.py (see above)"
        assert "detail" not in test


@pytest.mark.parametrize(
    "name",
    ["junit", "markdown", "html", "gradescope", "prairielearn", "github-classroom", "exercism"],
)
def test_other_formats_show_the_caret_line_once(
    broken_pager: tuple[Course, Report], name: str
) -> None:
    course, report = broken_pager
    shown = FORMATS[name].render(report, common.RenderOptions.for_course(course, "en"))
    assert shown.count("def broken(:") == 1, shown[:2000]


def test_a_module_given_up_on_does_not_stop_the_others(tmp_path: Path) -> None:
    """The student process on its own: after two failed imports of one module, that
    module fails at once, while another module of the exercise still imports."""
    from grader.remote.errors import CannotImport, NotSubmitted
    from grader.remote.process import IMPORT_ATTEMPTS, ProcessConfig, StudentProcess

    (tmp_path / "broken.py").write_text("x = 1\nraise RuntimeError('no')\n", encoding="utf-8")
    (tmp_path / "good.py").write_text("X = 1\n", encoding="utf-8")
    process = StudentProcess(
        ProcessConfig(
            workdir=tmp_path,
            allowed_modules=("broken", "good", "absent"),
            missing_modules=("absent",),
        )
    )
    try:
        for _ in range(IMPORT_ATTEMPTS + 1):
            with pytest.raises(CannotImport, match=r"^cannot import broken\.py \(see above\)$"):
                process.ensure_module("broken")
        starts = process.starts
        with pytest.raises(NotSubmitted, match=r"^not submitted: absent\.py$"):
            process.ensure_module("absent")
        assert process.starts == starts  # nothing is asked of a missing module
        process.ensure_module("good")
        assert list(process.cannot_import) == ["broken"]
        assert process.import_errors["broken"].splitlines()[0] == (
            "cannot import broken.py: broken.py line 2: RuntimeError: no"
        )
        assert process.importable_modules() == ("good",)
    finally:
        process.kill()
