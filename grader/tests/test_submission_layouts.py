"""Submissions laid out other than as ``ID/module.py``: no silent zeros.

A repository (``exercises/ID/...``, a whole kit clone) is read from its ``exercises/``;
every file the grader does not use is listed with a "did you mean" (never used in the
module's place); nothing found is a warning (exit 2 with ``--strict``); a class's folder
given to ``grader grade`` is a one-line error pointing to ``grader grade-class``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest

from grader.batch import read_class
from grader.batch.class_json import class_schema
from grader.batch.outputs import write_outputs
from grader.batch.run import grade_class
from grader.course import Course, load_course
from grader.errors import SubmissionError
from grader.grading import grade
from grader.render.formats import FORMATS
from grader.render.json_report import load_schema
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.results import NothingSubmitted, Status, Unrecognised, UnrecognisedFile
from grader.submission import open_submission
from grader.tests.conftest import FAKE_COURSE, FAKE_ROOT, SubmissionFactory, only
from grader.tests.lms_fixtures import canvas_download, canvas_file
from grader.tests.report_fixture import COURSE, HOSTILE, REPORT, options
from grader.tests.test_cli import one_line_error, run_grader

SOLUTIONS = FAKE_ROOT / "solutions"
ADDER = (SOLUTIONS / "01_adder" / "adder.py").read_bytes()
GREETER = (SOLUTIONS / "02_greeter" / "greeter.py").read_bytes()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, content in members.items():
            bundle.writestr(name, content)
    return path


def _listed(path: Path, course: Course) -> tuple[UnrecognisedFile, ...]:
    with open_submission(path, course) as opened:
        return opened.unrecognised(course)


def _rename(path: str, suggestion: str, exercise: str) -> UnrecognisedFile:
    return UnrecognisedFile(path, Unrecognised.RENAME, suggestion, exercise)


# -- a repository: exercises/ID/... ---------------------------------------------------------


def test_a_repository_is_read_from_its_exercises_folder(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission(
        {
            "exercises/01_adder/adder.py": ADDER,
            "exercises/01_adder/test_adder.py": "def test_mine():\n    pass\n",
            "exercises/02_greeter/greeter.py": GREETER,
            "README.md": "my repository\n",
            ".github/workflows/grade.yml": "on: push\n",
        }
    )

    with open_submission(folder, fake_course) as opened:
        assert opened.root == (folder / "exercises").resolve()
        assert opened.unrecognised(fake_course) == ()  # the repository's own files
    report = grade(course=fake_course, submission=folder)
    assert report.score == 24.0
    assert report.nothing_submitted is None


def test_a_zip_of_a_whole_kit_clone_in_its_folder_is_read_from_exercises(
    fake_course: Course, tmp_path: Path
) -> None:
    archive = _zip(
        tmp_path / "kit-main.zip",
        {
            "kit-main/course.yaml": b"course: {}\n",
            "kit-main/grader/cli.py": b"",
            "kit-main/exercises/01_adder/adder.py": ADDER,
            "kit-main/exercises/01_adder/README.md": b"spec\n",
            "kit-main/exercises/02_greeter/greeter.py": GREETER,
        },
    )

    report = grade(course=fake_course, submission=archive)

    assert report.score == 24.0
    assert report.unrecognised_files == ()


def test_a_misnamed_file_in_a_repository_is_shown_with_its_whole_path(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission(
        {"exercises/01_adder/Adder.py": ADDER, "exercises/02_greeter/greeter.py": GREETER}
    )

    assert _listed(folder, fake_course) == (
        _rename("exercises/01_adder/Adder.py", "exercises/01_adder/adder.py", "01_adder"),
    )


# -- did you mean -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"adder (1).py": ADDER}, _rename("adder (1).py", "adder.py", "01_adder")),
        ({"Adder.py": ADDER}, _rename("Adder.py", "adder.py", "01_adder")),
        ({"adder.txt": ADDER}, _rename("adder.txt", "adder.py", "01_adder")),
        ({"adder.py.txt": ADDER}, _rename("adder.py.txt", "adder.py", "01_adder")),
        (
            {"01_adder/Adder.py": ADDER},
            _rename("01_adder/Adder.py", "01_adder/adder.py", "01_adder"),
        ),
        (
            {"1_adder/adder.py": ADDER, "02_greeter/greeter.py": GREETER},
            _rename("1_adder/adder.py", "01_adder/adder.py", "01_adder"),
        ),
        (
            {"greeter (2).py": GREETER, "01_adder/adder.py": ADDER},
            _rename("greeter (2).py", "02_greeter/greeter.py", "02_greeter"),
        ),
        (
            {"work.zip": b"PK"},
            UnrecognisedFile("work.zip", Unrecognised.ZIP),
        ),
        (
            {"01_adder/adder.zip": b"PK"},
            UnrecognisedFile("01_adder/adder.zip", Unrecognised.ZIP, "", "01_adder"),
        ),
        ({"essay.pdf": b"%PDF"}, UnrecognisedFile("essay.pdf", Unrecognised.UNKNOWN)),
    ],
    ids=[
        "browser-copy",
        "wrong-case",
        "txt",
        "py-txt",
        "wrong-case-in-folder",
        "folder-without-zero",
        "top-level-beside-folders",
        "zip-in-folder",
        "zip-in-exercise-folder",
        "unknown",
    ],
)
def test_each_file_not_used_is_listed_with_a_did_you_mean(
    fake_course: Course,
    make_submission: SubmissionFactory,
    files: dict[str, str | bytes],
    expected: UnrecognisedFile,
) -> None:
    folder = make_submission(files)

    assert _listed(folder, fake_course) == (expected,)


def test_a_misnamed_module_is_never_graded_in_its_place(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"Adder.py": ADDER, "01_adder/adder (1).py": ADDER})

    report = grade(course=fake_course, submission=folder, exercise_ids=["01_adder"])

    assert only(report, "01_adder").status is Status.SKIPPED
    assert report.score == 0
    assert {item.path: item.suggestion for item in report.unrecognised_files} == {
        "Adder.py": "01_adder/adder.py",
        "01_adder/adder (1).py": "01_adder/adder.py",
    }


def test_expected_companions_are_not_listed(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission(
        {
            "01_adder/adder.py": ADDER,
            "01_adder/README.md": "spec\n",
            "01_adder/README.zh-CN.md": "说明\n",
            "01_adder/test_adder.py": "def test_mine():\n    pass\n",
            "01_adder/notes.txt": "listed as the exercise's ignored file\n",
            "manifest.json": "{}\n",
            ".grader/state.json": "{}\n",
            "__MACOSX/01_adder/._adder.py": b"\0",
            ".DS_Store": b"\0",
        }
    )

    assert _listed(folder, fake_course) == ()
    with open_submission(folder, fake_course) as opened:
        assert opened.files_for(fake_course.exercise("01_adder")).ignored == ("notes.txt",)


def test_module_files_at_the_top_with_their_tests_are_not_listed(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"adder.py": ADDER, "test_adder.py": "", "README.md": ""})

    assert _listed(folder, fake_course) == ()


# -- nothing submitted, a class's folder ----------------------------------------------------


def test_nothing_found_is_reported_with_what_was_expected_and_found(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"Adder.py": ADDER, "stuff/notes.md": "hi\n"})

    report = grade(course=fake_course, submission=folder)

    assert report.nothing_submitted == NothingSubmitted(
        expected="01_adder/adder.py", found=("Adder.py", "stuff/")
    )
    greeter_only = make_submission({"02_greeter/greeter.py": GREETER})
    graded = grade(course=fake_course, submission=greeter_only)
    assert graded.nothing_submitted is None
    selected = grade(course=fake_course, submission=greeter_only, exercise_ids=["01_adder"])
    assert selected.nothing_submitted == NothingSubmitted(
        expected="01_adder/adder.py", found=("02_greeter/",)
    )


def test_a_class_folder_is_refused_pointing_to_grade_class(
    fake_course: Course, tmp_path: Path
) -> None:
    root = tmp_path / "class"
    (root / "ann" / "01_adder").mkdir(parents=True)
    (root / "ann" / "01_adder" / "adder.py").write_bytes(ADDER)
    (root / "bo" / "work" / "02_greeter").mkdir(parents=True)
    (root / "bo" / "work" / "02_greeter" / "greeter.py").write_bytes(GREETER)
    _zip(root / "cy.zip", {"adder.py": ADDER})

    with pytest.raises(SubmissionError) as raised, open_submission(root, fake_course):
        pass

    assert str(raised.value) == (
        f"{root}: holds 3 submissions (ann/, bo/, cy.zip), not one: "
        "grade a class's submissions with `grader grade-class`"
    )


def test_one_zip_in_a_folder_is_not_a_class(fake_course: Course, tmp_path: Path) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    _zip(root / "work.zip", {"01_adder/adder.py": ADDER})

    report = grade(course=fake_course, submission=root)

    assert report.unrecognised_files == (UnrecognisedFile("work.zip", Unrecognised.ZIP),)
    assert report.nothing_submitted is not None


# -- every format lists them ---------------------------------------------------------------

_LISTED = (
    UnrecognisedFile("pager (1).py", Unrecognised.RENAME, "03_pager/pager.py", "03_pager"),
    UnrecognisedFile("work.zip", Unrecognised.ZIP),
    UnrecognisedFile(f"{HOSTILE}\x1b[2J.py"),
)
_SHOWN = dataclasses.replace(
    REPORT,
    unrecognised_files=_LISTED,
    nothing_submitted=NothingSubmitted(expected="01_fields/province.py", found=("work.zip",)),
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_format_that_lists_ignored_files_lists_them(lang: str) -> None:
    html = FORMATS["html"].render(_SHOWN, options(lang))
    markdown = FORMATS["markdown"].render(_SHOWN, options(lang))
    data = json.loads(FORMATS["json"].render(_SHOWN, options(lang)))
    gradescope = json.loads(FORMATS["gradescope"].render(_SHOWN, options(lang)))
    stream = io.StringIO()
    render(
        shown_report(_SHOWN, COURSE.reports.hidden_display),
        course=COURSE,
        stream=stream,
        lang=lang,
        width=200,
    )
    text = stream.getvalue()

    said = "did you mean" if lang == "en" else "是否应命名为"
    for page in (html, markdown.replace("\\", ""), text, gradescope["output"]):
        assert said in page and "03_pager/pager.py" in page
        assert "01_fields/province.py" in page  # nothing found, and what was expected
    assert "<script>" not in html and "\x1b" not in text
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["unrecognised_files"][0] == {
        "path": "pager (1).py",
        "kind": "rename",
        "suggestion": "03_pager/pager.py",
        "exercise": "03_pager",
    }
    assert data["nothing_submitted"] == {
        "expected": "01_fields/province.py",
        "found": ["work.zip"],
        "more": 0,
    }


# -- end to end: grader grade ---------------------------------------------------------------


def test_grade_reads_a_repository_end_to_end(
    tmp_path: Path, make_submission: SubmissionFactory
) -> None:
    folder = make_submission(
        {"exercises/01_adder/adder.py": ADDER, "exercises/02_greeter/greeter.py": GREETER}
    )
    out = tmp_path / "r.json"

    done = run_grader(
        "grade", folder, "--course", FAKE_COURSE, "--json", out, "--strict", cwd=tmp_path
    )

    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["score"] == 24 and data["unrecognised_files"] == []
    assert "Total: 24/24" in done.stdout


def test_grade_says_did_you_mean_and_strict_exits_2(
    tmp_path: Path, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER, "greeter (1).py": GREETER})
    out = tmp_path / "r.json"

    lenient = run_grader("grade", folder, "--course", FAKE_COURSE, cwd=tmp_path)
    strict = run_grader(
        "grade", folder, "--course", FAKE_COURSE, "--json", out, "--strict", cwd=tmp_path
    )

    assert lenient.returncode == 0, lenient.stderr
    sentence = "greeter (1).py: not used: did you mean 02_greeter/greeter.py (exercise 02_greeter)?"
    assert sentence in lenient.stdout
    assert one_line_error(strict) == (
        f"grader: error: {folder}: 1 file(s) not used, such as greeter (1).py (--strict)"
    )
    data = json.loads(out.read_text(encoding="utf-8"))  # the reports are written first
    assert data["score"] == 18
    assert [f["suggestion"] for f in data["unrecognised_files"]] == ["02_greeter/greeter.py"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nothing_submitted_warns_on_stderr_and_strict_exits_2(
    tmp_path: Path, make_submission: SubmissionFactory, lang: str
) -> None:
    folder = make_submission({"Adder.py": ADDER})

    lenient = run_grader("grade", folder, "--course", FAKE_COURSE, cwd=tmp_path, lang=lang)
    strict = run_grader(
        "grade", folder, "--course", FAKE_COURSE, "--strict", cwd=tmp_path, lang=lang
    )

    assert lenient.returncode == 0, lenient.stderr
    if lang == "en":
        assert lenient.stderr.strip() == (
            f"grader: warning: no exercise module found in {folder}: expected ID/module.py "
            "such as 01_adder/adder.py; found: Adder.py"
        )
        assert "Adder.py: not used: did you mean adder.py (exercise 01_adder)?" in lenient.stdout
    else:
        assert "没有找到任何练习模块" in lenient.stderr and "01_adder/adder.py" in lenient.stderr
    assert strict.returncode == 2
    assert strict.stderr.strip().splitlines()[-1].startswith(f"grader: error: {folder}: ")


def test_grade_on_a_class_folder_is_one_line_pointing_to_grade_class(tmp_path: Path) -> None:
    root = tmp_path / "class"
    for student in ("ann", "bo"):
        shutil.copytree(SOLUTIONS, root / student)

    done = run_grader("grade", root, "--course", FAKE_COURSE, cwd=tmp_path)

    assert "`grader grade-class`" in one_line_error(done)


# -- class grading carries them --------------------------------------------------------------


def test_class_reports_carry_the_files_not_used(tmp_path: Path) -> None:
    course = load_course(FAKE_COURSE)
    root = tmp_path / "class"
    shutil.copytree(SOLUTIONS, root / "ann")
    (root / "bo" / "01_adder").mkdir(parents=True)
    (root / "bo" / "01_adder" / "adder.py").write_bytes(ADDER)
    (root / "bo" / "greeter (1).py").write_bytes(GREETER)
    out = tmp_path / "out"

    graded = grade_class(course=course, course_file=FAKE_COURSE, submissions=root, out=out, jobs=1)
    write_outputs(graded, course=course, out=out, formats=("json",), lang="en")

    ann, bo = graded.students
    assert ann.report.unrecognised_files == ()
    assert bo.report.unrecognised_files == (
        _rename("greeter (1).py", "02_greeter/greeter.py", "02_greeter"),
    )
    assert "files not used" in bo.flags and "files not used" not in ann.flags
    data = json.loads((out / "class.json").read_text("utf-8"))
    jsonschema.validate(data, class_schema())
    report = json.loads((out / "students" / "bo" / "report.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(report)
    assert report["unrecognised_files"][0]["path"] == "greeter (1).py"


def test_an_lms_students_other_uploads_are_listed_never_read(
    kit_course: Course, tmp_path: Path
) -> None:
    files = {
        canvas_file("smithbob", "340934", 208490285, "province.py"): b"class Province: ...\n",
        canvas_file("smithbob", "340934", 208490286, "Pager.py"): b"class Pager: ...\n",
        canvas_file("smithbob", "340934", 208490287, "report.pdf"): b"%PDF",
    }

    with read_class(canvas_download(tmp_path, files), kit_course) as intake:
        (entry,) = intake.entries
        assert sorted(p.name for p in entry.path.iterdir() if p.is_file()) == [
            "Pager.py",
            "report.pdf",
        ]
        assert (entry.path / "Pager.py").read_bytes() == b""  # the name only, never read
        assert _listed(entry.path, kit_course) == (
            _rename("Pager.py", "03_pager/pager.py", "03_pager"),
            UnrecognisedFile("report.pdf", Unrecognised.UNKNOWN),
        )
