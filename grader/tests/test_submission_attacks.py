"""Submissions built to reach what is not theirs: symbolic links anywhere in a folder
(to the kit's solutions or hidden tests), a link as the submission itself, and folders
nested deep enough to crash a recursive walk. Each is refused with one line naming the
submission and the path, before anything is read through it."""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from grader.archives import MAX_DEPTH
from grader.course import Course
from grader.errors import SubmissionError
from grader.submission import open_submission
from grader.tests.conftest import FAKE_ROOT, SubmissionFactory

ADDER = (FAKE_ROOT / "solutions" / "01_adder" / "adder.py").read_bytes()
_SKIP = {"__pycache__", ".git", ".pytest_cache", ".mypy_cache", ".venv", "node_modules"}


def _refused(path: Path, course: Course) -> str:
    """The one-line error opening and reading every exercise of ``path`` ends with."""
    with pytest.raises(SubmissionError) as info, open_submission(path, course) as opened:
        for exercise in course.exercises:
            opened.files_for(exercise)
    message = str(info.value)
    assert "\n" not in message
    return message


# -- symbolic links -----------------------------------------------------------------------


def test_an_exercise_folder_linked_to_the_kits_solutions_is_refused(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"02_greeter/README.md": "mine"})
    os.symlink(FAKE_ROOT / "solutions" / "01_adder", folder / "01_adder")

    message = _refused(folder, fake_course)

    assert message == f"{folder}: 01_adder: symbolic links are not accepted"


def test_a_linked_folder_inside_an_exercise_lists_nothing_it_points_to(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER})
    os.symlink(FAKE_ROOT / "tests" / "01_adder", folder / "01_adder" / "notes")

    message = _refused(folder, fake_course)

    assert message == f"{folder}: 01_adder/notes: symbolic links are not accepted"
    assert "test_adder_hidden" not in message


@pytest.mark.parametrize("where", ["01_adder/data.txt", "01_adder/sub/deeper/x.py", "top.txt"])
def test_a_linked_file_anywhere_in_a_folder_is_refused(
    fake_course: Course, make_submission: SubmissionFactory, tmp_path: Path, where: str
) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("not the student's\n", encoding="utf-8")
    folder = make_submission({"01_adder/adder.py": ADDER, "01_adder/sub/deeper/keep.py": ""})
    os.symlink(target, folder / where)

    assert _refused(folder, fake_course) == f"{folder}: {where}: symbolic links are not accepted"


def test_a_dangling_link_is_refused_too(
    fake_course: Course, make_submission: SubmissionFactory, tmp_path: Path
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER})
    os.symlink(tmp_path / "nowhere", folder / "01_adder" / "gone.py")

    assert _refused(folder, fake_course).endswith(
        ": 01_adder/gone.py: symbolic links are not accepted"
    )


def test_a_link_given_as_the_submission_is_refused(
    fake_course: Course, make_submission: SubmissionFactory, tmp_path: Path
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER})
    linked_folder = tmp_path / "linked"
    os.symlink(folder, linked_folder)
    archive = tmp_path / "real.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("01_adder/adder.py", ADDER)
    linked_zip = tmp_path / "linked.zip"
    os.symlink(archive, linked_zip)

    for link in (linked_folder, linked_zip):
        message = _refused(link, fake_course)
        assert message.startswith(f"{link}: ")
        assert "symbolic link" in message


def test_a_link_name_with_a_line_break_stays_on_one_line(
    fake_course: Course, make_submission: SubmissionFactory, tmp_path: Path
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER})
    os.symlink(tmp_path, folder / "01_adder" / "x\n\x1b[2KTotal: 10")

    message = _refused(folder, fake_course)

    assert message == (f"{folder}: 01_adder/x\\n\\x1b[2KTotal: 10: symbolic links are not accepted")


def test_links_in_folders_never_read_do_not_matter(
    fake_course: Course, make_submission: SubmissionFactory, tmp_path: Path
) -> None:
    folder = make_submission({"01_adder/adder.py": ADDER, "01_adder/.venv/bin/activate": ""})
    os.symlink("/usr/bin/python3", folder / "01_adder" / ".venv" / "bin" / "python")

    with open_submission(folder, fake_course) as opened:
        files = opened.files_for(fake_course.exercise("01_adder"))
    assert files.modules == {"adder.py": ADDER}
    assert files.ignored == ()


def test_a_fifo_in_place_of_a_module_is_missing_and_never_blocks(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission({"01_adder/README.md": "mine"})
    os.mkfifo(folder / "01_adder" / "adder.py")

    with open_submission(folder, fake_course) as opened:
        files = opened.files_for(fake_course.exercise("01_adder"))
    assert files.missing == ("adder.py",)
    assert files.modules == {}


def _old_hash(root: Path) -> str:
    """The folder hash as the grader computed it before links were refused."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in _SKIP for part in relative.parts) or not path.is_file():
            continue
        digest.update(str(PurePosixPath(relative)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_the_hash_of_a_folder_without_links_is_unchanged(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    folder = make_submission(
        {
            "01_adder/adder.py": ADDER,
            "01_adder/a/b.py": "b",
            "01_adder/a.txt": "a",
            "01_adder/__pycache__/x.pyc": b"\0",
            "02_greeter/greeter.py": "g",
            "02_greeter/.git": "gitdir: elsewhere",
            "notes.md": "n",
        }
    )

    with open_submission(folder, fake_course) as opened:
        assert opened.sha256 == _old_hash(folder)


# -- depth --------------------------------------------------------------------------------


@pytest.fixture
def deep_folder(make_submission: SubmissionFactory) -> Iterator[Path]:
    """A submission with 1200 nested folders below 01_adder (deeper than a recursive walk
    survives), removed bottom-up afterwards (a recursive removal would not survive it)."""
    folder = make_submission({"01_adder/adder.py": ADDER})
    chain = [folder / "01_adder"]
    for _ in range(1200):
        chain.append(chain[-1] / "d")
        chain[-1].mkdir()
    (chain[-1] / "x.py").write_text("", encoding="utf-8")
    yield folder
    (chain[-1] / "x.py").unlink()
    for level in reversed(chain[1:]):
        level.rmdir()


def test_thousands_of_nested_folders_are_refused_in_one_line(
    fake_course: Course, deep_folder: Path
) -> None:
    message = _refused(deep_folder, fake_course)

    assert message.startswith(f"{deep_folder}: 01_adder/d/d/d/")
    assert message.endswith(f": folders nested more than {MAX_DEPTH} levels deep")
    assert len(message) < len(str(deep_folder)) + 300


def test_the_depth_limit_leaves_room_for_real_work(
    fake_course: Course, make_submission: SubmissionFactory
) -> None:
    inside = "/".join(["d"] * (MAX_DEPTH - 3))
    folder = make_submission({f"work/01_adder/{inside}/x.py": "", "work/01_adder/adder.py": ADDER})

    with open_submission(folder, fake_course) as opened:
        files = opened.files_for(fake_course.exercise("01_adder"))
    assert files.modules == {"adder.py": ADDER}
    assert files.ignored == (f"{inside}/x.py",)


def test_a_zip_path_nested_too_deep_is_refused(fake_course: Course, tmp_path: Path) -> None:
    archive = tmp_path / "deep.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("01_adder/adder.py", ADDER)
        bundle.writestr("01_adder/" + "d/" * 1800 + "x.py", "")

    message = _refused(archive, fake_course)

    assert message.startswith(f"{archive}: path in zip nested more than {MAX_DEPTH} levels deep")
    assert len(message) < len(str(archive)) + 300
