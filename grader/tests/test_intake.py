"""Class intake: each LMS's download read end to end, problems reported while the rest
of the class is read, bad downloads refused in one line."""

from __future__ import annotations

import datetime as dt
import gc
import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from grader.batch import ClassIntake, StudentSubmission, read_class
from grader.batch.intake_canvas import parse
from grader.batch.intake_common import MAX_ID_CHARS, safe_id
from grader.course import Course
from grader.errors import SubmissionError
from grader.submission import open_submission
from grader.tests.lms_fixtures import (
    OLD_PAGER,
    PAGER,
    PROVINCE,
    TEMPERATURE,
    canvas_download,
    canvas_file,
    git,
    git_available,
    git_clone,
    gradescope_metadata,
    make_zip,
    moodle_prefix,
    write_tree,
    zip_bytes,
)

CST = dt.timezone(dt.timedelta(hours=8))
needs_git = pytest.mark.skipif(not git_available(), reason="git is not installed")


def by_id(intake: ClassIntake) -> dict[str, StudentSubmission]:
    return {entry.student_id: entry for entry in intake.entries}


def problems(intake: ClassIntake) -> dict[str, str]:
    return {p.entry: p.problem for p in intake.problems}


def modules(entry: StudentSubmission, course: Course) -> dict[str, bytes]:
    """What grading would read of the entry: each exercise's module files."""
    found: dict[str, bytes] = {}
    with open_submission(entry.path, course) as opened:
        for exercise in course.exercises:
            for name, content in opened.files_for(exercise).modules.items():
                found[f"{exercise.id}/{name}"] = content
    return found


# -- a plain folder -----------------------------------------------------------------------


def test_a_plain_folder_names_each_student_by_its_entry(kit_course: Course, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "submissions",
        {
            "alice/03_pager/pager.py": PAGER,
            "carol/pager.py": PAGER,
            "dave/README.md": b"nothing yet",
            "notes.txt": b"marking notes",
            ".DS_Store": b"\0",
        },
    )
    make_zip(root / "bob.zip", {"bob/01_fields/province.py": PROVINCE})

    with read_class(root, kit_course) as intake:
        assert intake.layout == "folder"
        assert list(by_id(intake)) == ["alice", "bob", "carol"]
        alice, bob, carol = intake.entries
        assert alice.path == root / "alice"
        assert bob.path == root / "bob.zip"
        assert (alice.name, alice.submitted_at, alice.time_source, alice.late_flag) == (
            None,
            None,
            "",
            None,
        )
        assert modules(alice, kit_course) == {"03_pager/pager.py": PAGER}
        assert modules(bob, kit_course) == {"01_fields/province.py": PROVINCE}
        assert modules(carol, kit_course) == {"03_pager/pager.py": PAGER}
        assert problems(intake) == {
            "dave": "no course module (such as province.py) in it: not graded",
            "notes.txt": "neither a folder nor a .zip: not a submission",
        }


def test_a_zip_of_a_plain_folder_wrapped_in_one_folder_is_unpacked_until_closed(
    kit_course: Course, tmp_path: Path
) -> None:
    download = make_zip(
        tmp_path / "day8.zip",
        {
            "day8/alice/03_pager/pager.py": PAGER,
            "day8/bob/01_fields/province.py": PROVINCE,
            "__MACOSX/day8/._alice": b"",
        },
    )

    intake = read_class(download, kit_course)
    with intake:
        assert intake.layout == "folder"
        assert [e.student_id for e in intake.entries] == ["alice", "bob"]
        assert intake.problems == ()
        assert modules(intake.entries[0], kit_course) == {"03_pager/pager.py": PAGER}
        unpacked = intake.entries[0].path
        assert tmp_path not in unpacked.parents
    assert not unpacked.exists()


# -- Canvas -------------------------------------------------------------------------------


def test_a_canvas_download_is_read_with_ids_names_and_late_markers(
    kit_course: Course, tmp_path: Path
) -> None:
    files = {
        canvas_file("smithbob", "340934", 208490284, "pager.py"): PAGER,
        canvas_file("smithbob", "340934", 208490285, "province.py"): PROVINCE,
        canvas_file("smithbob", "340934", 208490286, "report.pdf"): b"%PDF",
        # A second upload of pager.py: Canvas renamed it, and it is the later one.
        canvas_file("wellslane", "334244", 394803489, "pager.py", late=True): OLD_PAGER,
        canvas_file("wellslane", "334244", 394803490, "pager-1.py", late=True): PAGER,
        canvas_file("zhangsan", "123", 5550, "temperature-1.py"): TEMPERATURE,
        canvas_file(None, "anon_x7Yq2", 55501, "pager.py", late=True): PAGER,
        canvas_file("leeann", "88", 900, "day8.zip"): zip_bytes(
            tmp_path, {"day8/03_pager/pager.py": PAGER}
        ),
        "obrien_77_text.html": b"<p>I could not do it</p>",
        "grading-notes.txt": b"",
    }
    download = canvas_download(tmp_path, files)

    with read_class(download, kit_course) as intake:
        assert intake.layout == "canvas"
        entries = by_id(intake)
        assert list(entries) == ["123", "334244", "340934", "88", "anon_x7Yq2"]
        assert {i: (e.name, e.late_flag) for i, e in entries.items()} == {
            "123": ("zhangsan", False),
            "334244": ("wellslane", True),
            "340934": ("smithbob", False),
            "88": ("leeann", False),
            "anon_x7Yq2": (None, True),
        }
        assert all(e.submitted_at is None and e.time_source == "" for e in intake.entries)
        assert modules(entries["340934"], kit_course) == {
            "01_fields/province.py": PROVINCE,
            "03_pager/pager.py": PAGER,
        }
        assert modules(entries["334244"], kit_course) == {"03_pager/pager.py": PAGER}
        assert modules(entries["123"], kit_course) == {"02_methods/temperature.py": TEMPERATURE}
        assert entries["88"].path.name == "leeann_88_900_day8.zip"
        assert modules(entries["88"], kit_course) == {"03_pager/pager.py": PAGER}
        assert "wellslane_LATE_334244_394803489_pager.py" in entries["334244"].source
        wells = (
            "wellslane_LATE_334244_394803489_pager.py, wellslane_LATE_334244_394803490_pager-1.py"
        )
        assert problems(intake) == {
            wells: (
                "03_pager/pager.py given 2 times (wellslane_LATE_334244_394803489_pager.py, "
                "wellslane_LATE_334244_394803490_pager-1.py): the latest upload, "
                "wellslane_LATE_334244_394803490_pager-1.py, is graded"
            ),
            "obrien_77_text.html": "no course module (such as province.py) in it: not graded",
            "grading-notes.txt": (
                "not named as Canvas names a submitted file (name_userid_fileid_file): "
                "student unknown"
            ),
        }


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("smithbob_340934_208490284_pager.py", ("smithbob", False, "340934", 208490284)),
        ("wells_lane_LATE_334244_394803489_my_pager.py", ("wells_lane", True, "334244", 394803489)),
        ("LATE_anon_x7Yq2_55501_pager.py", (None, True, "anon_x7Yq2", 55501)),
        ("anon_x7Yq2_55501_pager.py", (None, False, "anon_x7Yq2", 55501)),
        ("张三_12_34_pager.py", ("张三", False, "12", 34)),
        ("obrien_77_text.html", ("obrien", False, "77", None)),
    ],
)
def test_canvas_file_names_are_split_as_canvas_joins_them(
    filename: str, expected: tuple[str | None, bool, str, int | None]
) -> None:
    parsed = parse(filename)
    assert parsed is not None
    assert (parsed.name, parsed.late, parsed.user, parsed.attachment) == expected


@pytest.mark.parametrize("filename", ["pager.py", "smithbob_pager.py", "a_1_b.py", "x_12_34_"])
def test_names_canvas_does_not_make_are_not_canvas_files(filename: str) -> None:
    assert parse(filename) is None


# -- Moodle -------------------------------------------------------------------------------


def test_a_moodle_download_in_folders_is_read_by_participant(
    kit_course: Course, tmp_path: Path
) -> None:
    download = make_zip(
        tmp_path / "PY101-Day 8 exercises-1234.zip",
        {
            moodle_prefix("Zhang San", 41) + "/pager.py": PAGER,
            "Zhang San_41_assignsubmission_onlinetext_/onlinetext.html": b"<p>done</p>",
            moodle_prefix("Ann Lee", 42) + "/exercises/03_pager/pager.py": PAGER,
            moodle_prefix("Ann Lee", 42) + "/exercises/01_fields/province.py": PROVINCE,
            moodle_prefix("Ann Lee", 42) + "/exercises/01_fields/test_province.py": b"",
            moodle_prefix("Participant", 43) + "/temperature.py": TEMPERATURE,
            "Bo Chen_44_assignsubmission_onlinetext_/onlinetext.html": b"<p>sorry</p>",
        },
    )

    with read_class(download, kit_course) as intake:
        assert intake.layout == "moodle"
        entries = by_id(intake)
        assert {i: e.name for i, e in entries.items()} == {
            "41": "Zhang San",
            "42": "Ann Lee",
            "43": None,
        }
        assert all(e.late_flag is None and e.submitted_at is None for e in intake.entries)
        assert modules(entries["41"], kit_course) == {"03_pager/pager.py": PAGER}
        assert modules(entries["42"], kit_course) == {
            "01_fields/province.py": PROVINCE,
            "03_pager/pager.py": PAGER,
        }
        assert modules(entries["43"], kit_course) == {"02_methods/temperature.py": TEMPERATURE}
        assert entries["41"].source == (
            "Zhang San_41_assignsubmission_file_, Zhang San_41_assignsubmission_onlinetext_"
        )
        assert problems(intake) == {
            "Bo Chen_44_assignsubmission_onlinetext_": (
                "no course module (such as province.py) in it: not graded"
            )
        }


def test_a_moodle_download_without_folders_is_read_from_prefixed_names(
    kit_course: Course, tmp_path: Path
) -> None:
    root = write_tree(
        tmp_path / "PY101-Day 8 exercises-1234",
        {
            moodle_prefix("Zhang San", 41) + "pager.py": PAGER,
            moodle_prefix("Zhang San", 41) + "province.py": PROVINCE,
            moodle_prefix("Ann Lee", 42) + "day8.zip": zip_bytes(
                tmp_path, {"02_methods/temperature.py": TEMPERATURE}
            ),
            moodle_prefix("Wu Fei", 45) + "pager.py": OLD_PAGER,
            moodle_prefix("Wu Fei", 45) + "03_pager.py": b"",
        },
    )

    with read_class(root, kit_course) as intake:
        assert intake.layout == "moodle"
        entries = by_id(intake)
        assert list(entries) == ["41", "42", "45"]
        assert modules(entries["41"], kit_course) == {
            "01_fields/province.py": PROVINCE,
            "03_pager/pager.py": PAGER,
        }
        assert entries["42"].path == root / "Ann Lee_42_assignsubmission_file_day8.zip"
        assert modules(entries["42"], kit_course) == {"02_methods/temperature.py": TEMPERATURE}
        assert modules(entries["45"], kit_course) == {"03_pager/pager.py": OLD_PAGER}
        assert intake.problems == ()


def test_one_module_given_twice_to_moodle_is_graded_from_its_exercise_folder_or_not_at_all(
    kit_course: Course, tmp_path: Path
) -> None:
    download = make_zip(
        tmp_path / "moodle.zip",
        {
            moodle_prefix("Ann Lee", 42) + "/pager.py": OLD_PAGER,
            moodle_prefix("Ann Lee", 42) + "/03_pager/pager.py": PAGER,
            moodle_prefix("Wu Fei", 45) + "/pager.py": OLD_PAGER,
            moodle_prefix("Wu Fei", 45) + "/v2/pager.py": PAGER,
            moodle_prefix("Wu Fei", 45) + "/province.py": PROVINCE,
        },
    )

    with read_class(download, kit_course) as intake:
        entries = by_id(intake)
        assert modules(entries["42"], kit_course) == {"03_pager/pager.py": PAGER}
        assert modules(entries["45"], kit_course) == {"01_fields/province.py": PROVINCE}
        assert problems(intake) == {
            "Ann Lee_42_assignsubmission_file_": (
                "03_pager/pager.py given 2 times (03_pager/pager.py, pager.py): "
                "the one in its exercise folder is graded"
            ),
            "Wu Fei_45_assignsubmission_file_": (
                "03_pager/pager.py given 2 times (pager.py, v2/pager.py) with different "
                "contents: none graded, since nothing tells which is final"
            ),
        }


# -- Gradescope ---------------------------------------------------------------------------


def test_a_gradescope_export_gives_each_submitter_with_the_submission_time(
    kit_course: Course, tmp_path: Path
) -> None:
    metadata = gradescope_metadata(
        {
            "submission_216975964": (
                "2026-12-15 15:52:07.938335000 Z",
                [("Alice Sun", "06758767", "alice@example.edu")],
            ),
            "submission_216996427": (
                "2026-12-16 04:04:59.089605000 Z",
                [
                    ("Naveen V", "06828527", "naveen@example.edu"),
                    ("Yulin Deng", "", "dengy@example.edu"),
                ],
            ),
            "submission_217000001": (
                "2026-12-14 01:00:00.000000000 Z",
                [("Missing Folder", "06000001", "m@example.edu")],
            ),
        }
    )
    download = make_zip(
        tmp_path / "assignment_2931_export.zip",
        {
            "assignment_2931_export/submission_metadata.yml": metadata.encode(),
            "assignment_2931_export/submission_216975964/pager.py": PAGER,
            "assignment_2931_export/submission_216996427/03_pager/pager.py": PAGER,
            "assignment_2931_export/submission_216996427/01_fields/province.py": PROVINCE,
            "assignment_2931_export/submission_217999999/pager.py": PAGER,
        },
    )

    with read_class(download, kit_course) as intake:
        assert intake.layout == "gradescope"
        entries = by_id(intake)
        assert {i: (e.name, e.submitted_at, e.time_source) for i, e in entries.items()} == {
            "06758767": (
                "Alice Sun",
                dt.datetime(2026, 12, 15, 15, 52, 7, 938335, tzinfo=dt.timezone.utc),
                "lms",
            ),
            "06828527": (
                "Naveen V",
                dt.datetime(2026, 12, 16, 4, 4, 59, 89605, tzinfo=dt.timezone.utc),
                "lms",
            ),
            "dengy@example.edu": (
                "Yulin Deng",
                dt.datetime(2026, 12, 16, 4, 4, 59, 89605, tzinfo=dt.timezone.utc),
                "lms",
            ),
        }
        assert entries["06828527"].path == entries["dengy@example.edu"].path
        assert entries["06828527"].source == "submission_216996427 (06828527)"
        assert all(e.late_flag is None for e in intake.entries)
        assert modules(entries["06758767"], kit_course) == {"03_pager/pager.py": PAGER}
        assert modules(entries["06828527"], kit_course) == {
            "01_fields/province.py": PROVINCE,
            "03_pager/pager.py": PAGER,
        }
        assert problems(intake) == {
            "submission_217000001": (
                "listed in submission_metadata.yml but not a folder of the export"
            ),
            "submission_217999999": "not listed in submission_metadata.yml: student unknown",
        }


def test_a_student_in_two_gradescope_submissions_is_graded_on_the_later(
    kit_course: Course, tmp_path: Path
) -> None:
    root = tmp_path / "assignment_2931_export"
    metadata = gradescope_metadata(
        {
            "submission_1": ("2026-12-14 10:00:00.000000000 Z", [("Alice", "7", "a@x.edu")]),
            "submission_2": (
                "2026-12-15 10:00:00.000000000 Z",
                [("Alice", "7", "a@x.edu"), ("Bob", "8", "b@x.edu")],
            ),
        }
    )
    write_tree(
        root,
        {
            "submission_metadata.yml": metadata.encode(),
            "submission_1/pager.py": OLD_PAGER,
            "submission_2/pager.py": PAGER,
        },
    )

    with read_class(root, kit_course) as intake:
        entries = by_id(intake)
        assert entries["7"].path == root / "submission_2"
        assert entries["8"].path == root / "submission_2"
        assert problems(intake) == {
            "submission_1 (7)": (
                "student 7 also submitted submission_2 (7), later "
                "(2026-12-15 10:00:00 +0000): that one is graded"
            )
        }


def test_gradescope_metadata_that_is_not_yaml_refuses_the_export(
    kit_course: Course, tmp_path: Path
) -> None:
    root = write_tree(tmp_path / "export", {"submission_metadata.yml": b"a: [unclosed\n"})

    with pytest.raises(SubmissionError) as info:
        read_class(root, kit_course)
    message = str(info.value)
    assert message.startswith(f"{root}: submission_metadata.yml: line ")
    assert "invalid YAML" in message
    assert "\n" not in message


def test_gradescope_metadata_cannot_name_a_path_outside_the_export(
    kit_course: Course, tmp_path: Path
) -> None:
    write_tree(tmp_path / "outside", {"pager.py": PAGER})
    root = tmp_path / "export"
    metadata = gradescope_metadata(
        {
            "../outside": ("2026-12-15 10:00:00.000000000 Z", [("Eve", "66", "e@x.edu")]),
            "submission_1": ("2026-12-15 10:00:00.000000000 Z", [("Ann", "7", "a@x.edu")]),
        }
    )
    # Gradescope's YAML may carry Ruby objects: they are read as plain data.
    metadata += "submission_2:\n  :submitters: !ruby/array:Submitters\n  - :sid: '8'\n"
    write_tree(
        root,
        {
            "submission_metadata.yml": metadata.encode(),
            "submission_1/pager.py": PAGER,
            "submission_2/pager.py": PAGER,
        },
    )

    with read_class(root, kit_course) as intake:
        assert {e.student_id: e.time_source for e in intake.entries} == {"7": "lms", "8": ""}
        assert problems(intake) == {
            "submission_metadata.yml: '../outside'": "not a folder name: refused",
            "submission_2": "no readable :created_at: submission time unknown",
        }


# -- git clones ---------------------------------------------------------------------------


@needs_git
def test_github_classroom_clones_are_read_with_their_last_commit_time(
    kit_course: Course, tmp_path: Path
) -> None:
    root = tmp_path / "day8-exercises-submissions"
    git_clone(
        root,
        "day8-exercises-alice",
        [
            ("2026-12-14T09:00:00+08:00", {"exercises/03_pager/pager.py": OLD_PAGER}),
            ("2026-12-15T22:30:00+08:00", {"exercises/03_pager/pager.py": PAGER}),
        ],
    )
    git_clone(
        root,
        "day8-exercises-bob-smith",
        [("2026-12-16T08:15:00+08:00", {"exercises/01_fields/province.py": PROVINCE})],
    )
    git_clone(root, "day8-exercises-carol", [("2026-12-13T10:00:00+08:00", {"README.md": b""})])
    write_tree(root / "stray-folder", {"pager.py": PAGER})

    with read_class(root, kit_course) as intake:
        assert intake.layout == "git"
        entries = by_id(intake)
        assert {i: (e.submitted_at, e.time_source) for i, e in entries.items()} == {
            "alice": (dt.datetime(2026, 12, 15, 22, 30, tzinfo=CST), "git"),
            "bob-smith": (dt.datetime(2026, 12, 16, 8, 15, tzinfo=CST), "git"),
        }
        assert entries["alice"].path == root / "day8-exercises-alice" / "exercises"
        assert entries["alice"].source == "day8-exercises-alice"
        assert modules(entries["alice"], kit_course) == {"03_pager/pager.py": PAGER}
        assert problems(intake) == {
            "day8-exercises-carol": "no course module (such as province.py) in it: not graded",
            "stray-folder": "not a git clone (no .git): not graded",
        }


@needs_git
def test_a_renamed_clone_folder_takes_the_prefix_all_repositories_share(
    kit_course: Course, tmp_path: Path
) -> None:
    root = tmp_path / "clones"
    for user in ("alice", "bob"):
        git_clone(
            root, f"day8-{user}", [("2026-12-15T10:00:00+08:00", {"03_pager/pager.py": PAGER})]
        )
    download = make_zip(
        tmp_path / "clones.zip",
        {
            str(path.relative_to(tmp_path)): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        },
    )

    with read_class(download, kit_course) as intake:
        assert intake.layout == "git"
        assert [e.student_id for e in intake.entries] == ["alice", "bob"]
        assert intake.entries[0].path.name == "day8-alice"
        assert intake.entries[0].submitted_at == dt.datetime(2026, 12, 15, 10, tzinfo=CST)
        assert modules(intake.entries[0], kit_course) == {"03_pager/pager.py": PAGER}


@needs_git
def test_a_clones_own_git_config_runs_nothing_while_its_time_is_read(
    kit_course: Course, tmp_path: Path
) -> None:
    root = tmp_path / "day8-submissions"
    repo = git_clone(
        root, "day8-mallory", [("2026-12-15T10:00:00+08:00", {"exercises/pager.py": PAGER})]
    )
    marker = tmp_path / "ran"
    program = tmp_path / "program.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    program.chmod(0o755)
    # A commit carrying a signature, so that log.showSignature has something to verify.
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    signed = tmp_path / "commit"
    signed.write_text(
        f"tree {tree}\nauthor M <m@x> 1765764000 +0800\ncommitter M <m@x> 1765764000 +0800\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAd\n -----END PGP SIGNATURE-----\n"
        "\nsigned\n"
    )
    commit = git(repo, "hash-object", "-t", "commit", "-w", str(signed)).strip()
    git(repo, "update-ref", "HEAD", commit)
    for setting in ("log.showSignature=true", f"gpg.program={program}"):
        key, value = setting.split("=")
        git(repo, "config", key, value)
    git(repo, "config", "core.fsmonitor", str(program))
    git(repo, "config", "core.pager", str(program))
    git(repo, "log", "-1", "--format=%cI")
    assert marker.exists(), "the planted program runs under a plain git log"
    marker.unlink()

    with read_class(root, kit_course) as intake:
        assert intake.entries[0].student_id == "mallory"
        assert intake.entries[0].submitted_at == dt.datetime(2025, 12, 15, 10, tzinfo=CST)
    assert not marker.exists()


@needs_git
def test_a_git_file_or_linked_git_folder_is_refused(kit_course: Course, tmp_path: Path) -> None:
    root = tmp_path / "day8-submissions"
    elsewhere = git_clone(
        tmp_path, "teacher-repo", [("2026-12-15T10:00:00+08:00", {"exercises/pager.py": PAGER})]
    )
    write_tree(root / "day8-alice", {".git": b"gitdir: ../../teacher-repo/.git\n"})
    write_tree(root / "day8-alice", {"exercises/pager.py": PAGER})
    write_tree(root / "day8-bob", {"exercises/pager.py": PAGER})
    (root / "day8-bob" / ".git").symlink_to(elsewhere / ".git")
    git_clone(root, "day8-carol", [("2026-12-15T10:00:00+08:00", {"exercises/pager.py": PAGER})])

    with read_class(root, kit_course) as intake:
        assert [e.student_id for e in intake.entries] == ["carol"]
        assert problems(intake) == {
            "day8-alice": ".git is not a folder (a link or a file): refused",
            "day8-bob": ".git is not a folder (a link or a file): refused",
        }


@needs_git
def test_a_clone_whose_time_git_cannot_read_is_still_graded(
    kit_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "day8-submissions"
    git_clone(root, "day8-alice", [("2026-12-15T10:00:00+08:00", {"exercises/pager.py": PAGER})])
    write_tree(root / "day8-bob", {".git/HEAD": b"garbage", "exercises/pager.py": PAGER})

    with read_class(root, kit_course) as intake:
        entries = by_id(intake)
        assert entries["bob"].submitted_at is None
        assert entries["bob"].time_source == ""
        assert entries["alice"].time_source == "git"
        (only,) = intake.problems
        assert only.entry == "day8-bob"
        assert only.problem.startswith("git log failed: ")
        assert only.problem.endswith(": submission time unknown")

    monkeypatch.setattr("grader.batch.intake_git.shutil.which", lambda name: None)
    with read_class(root, kit_course) as intake:
        assert [e.submitted_at for e in intake.entries] == [None, None]
        assert problems(intake) == {str(root): "git is not installed: submission times unknown"}


# -- problems reported while the rest of the class is read --------------------------------


def test_links_are_refused_and_never_followed(kit_course: Course, tmp_path: Path) -> None:
    secret = write_tree(tmp_path / "kit-solutions", {"03_pager/pager.py": PAGER})
    root = write_tree(
        tmp_path / "submissions",
        {"alice/03_pager/pager.py": PAGER, "bob/01_fields/province.py": PROVINCE},
    )
    (root / "mallory").symlink_to(secret)
    (root / "bob" / "03_pager").symlink_to(secret / "03_pager")

    with read_class(root, kit_course) as intake:
        assert [e.student_id for e in intake.entries] == ["alice"]
        assert problems(intake) == {
            "bob": "03_pager: symbolic link: refused, not followed",
            "mallory": "symbolic link: refused, not followed",
        }


def test_an_unsafe_zip_is_reported_and_the_class_still_read(
    kit_course: Course, tmp_path: Path
) -> None:
    root = write_tree(tmp_path / "submissions", {"alice/03_pager/pager.py": PAGER})
    make_zip(root / "mallory.zip", {"../../03_pager/pager.py": PAGER})
    with zipfile.ZipFile(root / "trudy.zip", "w") as bundle:
        link = zipfile.ZipInfo("03_pager/pager.py")
        link.external_attr = 0o120777 << 16
        bundle.writestr(link, "/etc/passwd")
    (root / "broken.zip").write_bytes(b"PK\3\4 not really")

    with read_class(root, kit_course) as intake:
        assert [e.student_id for e in intake.entries] == ["alice"]
        found = problems(intake)
        assert found["mallory.zip"] == "unsafe path in zip: '../../03_pager/pager.py': refused"
        assert found["trudy.zip"] == "symbolic link in zip: '03_pager/pager.py': refused"
        assert found["broken.zip"].startswith("not a readable zip file")


def test_the_kind_most_entries_have_decides_the_layout(kit_course: Course, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "submissions",
        {
            "alice/03_pager/pager.py": PAGER,
            "bob/03_pager/pager.py": PAGER,
            canvas_file("smithbob", "340934", 208490284, "pager.py"): PAGER,
        },
    )

    with read_class(root, kit_course) as intake:
        assert intake.layout == "folder"
        assert [e.student_id for e in intake.entries] == ["alice", "bob"]
        assert problems(intake) == {
            "smithbob_340934_208490284_pager.py": "neither a folder nor a .zip: not a submission"
        }


def test_two_entries_for_one_student_without_times_grade_neither(
    kit_course: Course, tmp_path: Path
) -> None:
    root = write_tree(
        tmp_path / "submissions",
        {"alice/03_pager/pager.py": PAGER, "Alice/03_pager/pager.py": OLD_PAGER},
    )
    make_zip(root / "bob.zip", {"03_pager/pager.py": PAGER})
    write_tree(root / "bob", {"03_pager/pager.py": PAGER})
    write_tree(root / "carol", {"03_pager/pager.py": PAGER})

    with read_class(root, kit_course) as intake:
        assert [e.student_id for e in intake.entries] == ["carol"]
        assert problems(intake) == {
            "Alice": (
                "student Alice has 2 submissions (Alice, alice): none graded, since nothing "
                "tells which is final"
            ),
            "alice": (
                "student alice has 2 submissions (Alice, alice): none graded, since nothing "
                "tells which is final"
            ),
            "bob": (
                "student bob has 2 submissions (bob, bob.zip): none graded, since nothing "
                "tells which is final"
            ),
            "bob.zip": (
                "student bob has 2 submissions (bob, bob.zip): none graded, since nothing "
                "tells which is final"
            ),
        }


def test_unsafe_ids_become_safe_folder_names_and_keep_the_original_in_source(
    kit_course: Course, tmp_path: Path
) -> None:
    root = write_tree(
        tmp_path / "submissions",
        {
            "-rf/pager.py": PAGER,
            "a\x1b[31mb/pager.py": PAGER,
            "___/pager.py": PAGER,
        },
    )

    with read_class(root, kit_course) as intake:
        assert {e.student_id: e.source for e in intake.entries} == {
            "_rf": "-rf",
            "a_31mb": "a\\x1b[31mb",
        }
        assert problems(intake) == {"___": "no usable student id in this name: not graded"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("alice", "alice"),
        ("  06758767 ", "06758767"),
        ("a/b", "a_b"),
        ("../x", "_._x"),
        ("..", None),
        ("", None),
        ("a\nb\tc", "a_b_c"),
        ("Zhang San", "Zhang_San"),
        ("张三", "张三"),
        ("e\u0301", "\u00e9"),
        ("alice@example.edu", "alice@example.edu"),
        ("con", "_con"),
        ("NUL.txt", "_NUL.txt"),
        ("-rf", "_rf"),
        (".hidden", "_hidden"),
        ("a\u202eb", "a_b"),
    ],
)
def test_safe_id_is_one_safe_file_name_component(raw: str, expected: str | None) -> None:
    assert safe_id(raw) == expected


def test_a_long_id_is_cut_and_stays_apart_from_a_similar_one() -> None:
    first = safe_id("x" * 200 + "1")
    second = safe_id("x" * 200 + "2")
    assert first is not None and second is not None
    assert len(first) == len(second) == MAX_ID_CHARS
    assert first != second


# -- downloads refused as a whole ---------------------------------------------------------


def test_a_download_that_is_not_a_folder_or_a_zip_is_refused(
    kit_course: Course, tmp_path: Path
) -> None:
    text = tmp_path / "grades.csv"
    text.write_text("id,total\n")
    broken = tmp_path / "class.zip"
    broken.write_bytes(b"not a zip")
    link = tmp_path / "link"
    link.symlink_to(tmp_path)

    messages = []
    for path in (tmp_path / "missing", text, broken, link):
        with pytest.raises(SubmissionError) as info:
            read_class(path, kit_course)
        messages.append(str(info.value))
    assert messages[0] == f"{tmp_path / 'missing'}: no such file or folder"
    assert messages[1] == f"{text}: a class's submissions are a folder or a .zip file"
    assert messages[2].startswith(f"{broken}: not a readable zip file")
    assert messages[3] == f"{link}: the download is a symbolic link: not accepted"
    assert all("\n" not in m for m in messages)


def test_a_download_zip_with_an_unsafe_path_is_refused_before_unpacking(
    kit_course: Course, tmp_path: Path
) -> None:
    download = make_zip(
        tmp_path / "class.zip", {"alice/pager.py": PAGER, "../escaped.py": b"print()"}
    )

    with pytest.raises(SubmissionError) as info:
        read_class(download, kit_course)
    assert str(info.value) == f"{download}: unsafe path in zip: '../escaped.py': refused"
    assert not (tmp_path.parent / "escaped.py").exists()


def test_one_students_submission_is_not_taken_for_a_class(
    kit_course: Course, tmp_path: Path
) -> None:
    single = write_tree(tmp_path / "alice", {"03_pager/pager.py": PAGER})

    with pytest.raises(SubmissionError) as info:
        read_class(single, kit_course)
    assert str(info.value) == (
        f"{single}: holds one submission (03_pager at its top), not a class's submissions: "
        "grade it with `grader grade`"
    )


def test_entries_kept_without_their_intake_keep_their_files(
    kit_course: Course, tmp_path: Path
) -> None:
    download = make_zip(tmp_path / "class.zip", {"alice/03_pager/pager.py": PAGER})

    entries = read_class(download, kit_course).entries
    gc.collect()

    assert modules(entries[0], kit_course) == {"03_pager/pager.py": PAGER}
    folder = entries[0].path
    del entries
    gc.collect()
    assert not folder.exists()


def test_the_scratch_folder_goes_when_reading_fails(
    kit_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", None)
    download = make_zip(tmp_path / "class.zip", {"alice/03_pager/pager.py": PAGER})
    single = make_zip(tmp_path / "one.zip", {"03_pager/pager.py": PAGER})

    with read_class(download, kit_course):
        assert len(os.listdir(tmp_path / "tmp")) == 1
    with pytest.raises(SubmissionError):
        read_class(single, kit_course)
    assert os.listdir(tmp_path / "tmp") == []
