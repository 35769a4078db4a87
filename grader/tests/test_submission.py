"""Reading submissions: folders and zips, what is used, what is ignored, what is refused."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.archives import MAX_MODULE_BYTES
from grader.course import Course
from grader.errors import BadInput, SubmissionError
from grader.grading import grade
from grader.results import Status
from grader.submission import open_submission
from grader.tests.conftest import FAKE_ROOT, FAKE_SUBMISSIONS, SubmissionFactory, only

SOLUTIONS = FAKE_ROOT / "solutions"
ADDER = (SOLUTIONS / "01_adder" / "adder.py").read_bytes()
GREETER = (SOLUTIONS / "02_greeter" / "greeter.py").read_bytes()
PARTIAL_ADDER = (FAKE_SUBMISSIONS / "partial" / "01_adder" / "adder.py").read_bytes()


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, content in members.items():
            bundle.writestr(name, content)
    return path


# -- folders ------------------------------------------------------------------------------


def test_a_folder_submission_yields_the_whitelisted_modules(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER})

    with open_submission(folder, fake_course) as opened:
        assert opened.root == folder.resolve()
        assert opened.label == str(folder)
        adder = opened.files_for(fake_course.exercise("01_adder"))
        greeter = opened.files_for(fake_course.exercise("02_greeter"))

    assert adder.modules == {"adder.py": ADDER}
    assert adder.missing == ()
    assert adder.ignored == ()
    assert adder.submitted is True
    assert greeter.modules == {}
    assert greeter.missing == ("greeter.py",)
    assert greeter.submitted is False


def test_a_folder_wrapping_the_exercises_in_one_folder_is_accepted(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"my-work/01_adder/adder.py": ADDER})

    with open_submission(folder, fake_course) as opened:
        assert opened.root == (folder / "my-work").resolve()
        assert opened.files_for(fake_course.exercise("01_adder")).modules == {"adder.py": ADDER}


def test_a_too_large_module_is_refused_by_name(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"01_adder/adder.py": b"#" * (MAX_MODULE_BYTES + 1)})

    with open_submission(folder, fake_course) as opened, pytest.raises(SubmissionError) as info:
        opened.files_for(fake_course.exercise("01_adder"))
    assert str(info.value).startswith(f"{folder}: 01_adder/adder.py: file of ")
    assert "too large" in str(info.value)


def test_a_symlinked_module_is_refused(
    fake_course: Course, make_submission: SubmissionFactory, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.py"
    target.write_bytes(ADDER)
    folder = make_submission({"01_adder/README.md": "mine"})
    os.symlink(target, folder / "01_adder" / "adder.py")

    with pytest.raises(SubmissionError) as info:
        grade(course=fake_course, submission=folder)
    assert str(info.value) == f"{folder}: 01_adder/adder.py: symbolic links are not accepted"


def test_files_besides_the_modules_are_listed_as_ignored_and_never_used(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    conftest = (
        "import pytest\n\n\n"
        "@pytest.hookimpl(hookwrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    outcome = yield\n"
        "    outcome.get_result().outcome = 'passed'\n"
    )
    folder = make_submission(
        {
            "01_adder/adder.py": PARTIAL_ADDER,
            "01_adder/conftest.py": conftest,
            "01_adder/pytest.ini": "[pytest]\naddopts = -p no:grader.plugin\n",
            "01_adder/pytest.py": "raise SystemExit('the student pytest.py was imported')\n",
            "01_adder/sub/helper.py": "X = 1\n",
            "01_adder/README.md": "my notes\n",
            "01_adder/test_adder.py": "def test_mine():\n    pass\n",
            "01_adder/__pycache__/adder.cpython-311.pyc": b"\x00",
        }
    )

    report = grade(course=fake_course, submission=folder, exercise_ids=["01_adder"])

    adder = only(report, "01_adder")
    assert adder.ignored_files == ("conftest.py", "pytest.ini", "pytest.py", "sub/helper.py")
    # The honest score of the partial adder: the conftest did not turn failures into passes.
    assert adder.score == 10.0
    assert adder.status is Status.FAILED
    assert adder.grader_error is False
    assert "test_mine" not in {t.name for t in adder.tests}


def test_the_hash_of_a_folder_depends_on_content_only(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    files: dict[str, str | bytes] = {"01_adder/adder.py": ADDER, "02_greeter/greeter.py": GREETER}
    first = make_submission(files)
    second = make_submission(files)
    (second / "01_adder" / "__pycache__").mkdir()
    (second / "01_adder" / "__pycache__" / "adder.pyc").write_bytes(b"junk")
    changed = make_submission({**files, "01_adder/adder.py": ADDER + b"\n"})
    renamed = make_submission({"01_adder/adder.py": ADDER, "02_greeter/other.py": GREETER})

    def sha(folder: Path) -> str:
        with open_submission(folder, fake_course) as opened:
            return opened.sha256

    assert sha(first) == sha(first)
    assert sha(first) == sha(second)
    assert len(sha(first)) == 64
    assert sha(changed) != sha(first)
    assert sha(renamed) != sha(first)


# -- zips ---------------------------------------------------------------------------------


def test_a_zip_with_one_top_level_folder_is_graded(fake_course: Course, tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "work.zip",
        {"my-work/01_adder/adder.py": ADDER, "my-work/02_greeter/greeter.py": GREETER},
    )

    report = grade(course=fake_course, submission=archive)

    assert report.score == 24.0
    assert report.submission == str(archive)
    assert report.submission_sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert {e.status for e in report.exercises} == {Status.PASSED}


def test_a_flat_zip_is_graded(fake_course: Course, tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "flat.ZIP", {"02_greeter/greeter.py": GREETER})

    report = grade(course=fake_course, submission=archive, exercise_ids=["02_greeter"])

    assert only(report, "02_greeter").score == 6.0


def test_the_unpacked_zip_is_removed_afterwards(fake_course: Course, tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "w.zip", {"01_adder/adder.py": ADDER})
    with open_submission(archive, fake_course) as opened:
        unpacked = opened.root
        assert (unpacked / "01_adder" / "adder.py").read_bytes() == ADDER
    assert not unpacked.exists()


def _symlink_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("01_adder/README.md", "x")
        link = zipfile.ZipInfo("01_adder/adder.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(link, "/etc/passwd")
    return path


@pytest.mark.parametrize(
    ("build", "problem"),
    [
        (
            lambda p: make_zip(p, {"../evil/01_adder/adder.py": ADDER}),
            "unsafe path in zip: '../evil",
        ),
        (lambda p: make_zip(p, {"01_adder/../../x.py": b""}), "unsafe path in zip"),
        (lambda p: make_zip(p, {"/abs/01_adder/adder.py": ADDER}), "unsafe path in zip: '/abs"),
        (lambda p: make_zip(p, {"01_adder\\adder.py": ADDER}), "unsafe path in zip"),
        (_symlink_zip, "symbolic link in zip: '01_adder/adder.py'"),
        (lambda p: p.write_bytes(b"this is not a zip"), "not a readable zip file"),
        (lambda p: p.write_bytes(b""), "not a readable zip file"),
    ],
    ids=["dotdot", "dotdot-inside", "absolute", "backslash", "symlink", "not-a-zip", "empty"],
)
def test_a_bad_zip_is_refused_naming_the_file(
    fake_course: Course, tmp_path: Path, build: Callable[[Path], object], problem: str
) -> None:
    archive = tmp_path / "submission.zip"
    build(archive)

    with pytest.raises(SubmissionError) as info:
        grade(course=fake_course, submission=archive)

    message = str(info.value)
    assert message.startswith(f"{archive}: ")
    assert problem in message
    assert "\n" not in message
    assert not (tmp_path / "evil").exists()
    assert not (tmp_path.parent / "x.py").exists()


def test_a_missing_path_is_refused_naming_it(fake_course: Course, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SubmissionError, match="no such file or folder") as info:
        grade(course=fake_course, submission=missing)
    assert str(info.value).startswith(f"{missing}: ")


def test_a_file_that_is_not_a_zip_is_refused(fake_course: Course, tmp_path: Path) -> None:
    loose = tmp_path / "adder.py"
    loose.write_bytes(ADDER)
    with pytest.raises(SubmissionError) as info:
        grade(course=fake_course, submission=loose)
    assert str(info.value) == f"{loose}: a submission is a folder or a .zip file"


def test_submission_errors_are_bad_input() -> None:
    assert issubclass(SubmissionError, BadInput)


# -- flat submissions: module files at the top, mapped by name -------------------------------


def test_module_files_at_the_top_go_to_their_exercises_by_name(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"adder.py": ADDER, "greeter.py": GREETER, "notes.txt": "hi"})

    with open_submission(folder, fake_course) as opened:
        assert opened.flat is True
        adder = opened.files_for(fake_course.exercise("01_adder"))
        greeter = opened.files_for(fake_course.exercise("02_greeter"))
    assert adder.modules == {"adder.py": ADDER} and adder.missing == ()
    assert greeter.modules == {"greeter.py": GREETER}

    report = grade(course=fake_course, submission=folder)
    assert report.score == 24.0


def test_a_flat_zip_of_module_files_is_graded(fake_course: Course, tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "s2023001.zip", {"greeter.py": GREETER})

    report = grade(course=fake_course, submission=archive)

    assert only(report, "02_greeter").score == 6.0
    assert only(report, "01_adder").status is Status.SKIPPED
    assert report.submission_name == "s2023001"


def test_exercise_folders_win_over_files_at_the_top(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER, "greeter.py": GREETER})

    with open_submission(folder, fake_course) as opened:
        assert opened.flat is False
        assert not opened.files_for(fake_course.exercise("02_greeter")).submitted


def test_a_top_level_module_name_two_exercises_share_is_refused(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    second = dataclasses.replace(fake_course.exercises[1], modules=("adder.py",))
    course = dataclasses.replace(fake_course, exercises=(fake_course.exercises[0], second))
    folder = make_submission({"adder.py": ADDER})

    with pytest.raises(SubmissionError) as raised, open_submission(folder, course):
        pass
    message = str(raised.value)
    assert "\n" not in message
    assert message == (
        f"{folder}: adder.py at the top level could belong to 01_adder, 02_greeter: "
        "put it in its exercise folder"
    )


@pytest.mark.parametrize(
    ("relative", "name"), [("s2023001.zip", "s2023001"), ("alice.smith", "alice.smith")]
)
def test_the_submission_name_is_its_folder_or_zip_stem(
    fake_course: Course, tmp_path: Path, relative: str, name: str
) -> None:
    path = tmp_path / relative
    if relative.endswith(".zip"):
        make_zip(path, {"01_adder/adder.py": ADDER})
    else:
        (path / "01_adder").mkdir(parents=True)
        (path / "01_adder" / "adder.py").write_bytes(ADDER)
    with open_submission(path, fake_course) as opened:
        assert opened.name == name
