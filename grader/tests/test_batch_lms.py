"""LMS downloads graded end to end by ``grade_class``: the ids, names and submission
times each carries, and the course's late policy applied to them (the kit's schedule:
due 2026-12-15 23:59 +08:00, then 80 % until 2026-12-18 23:59, 50 % until 2026-12-22
23:59, nothing after)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from grader.batch.model import ClassGrade
from grader.batch.run import grade_class
from grader.course import Course
from grader.late import Timing

from .conftest import KIT_ROOT
from .lms_fixtures import (
    OLD_PAGER,
    PAGER,
    canvas_download,
    canvas_file,
    git_available,
    git_clone,
    gradescope_metadata,
    make_zip,
    moodle_prefix,
)

CST = dt.timezone(dt.timedelta(hours=8))
WRONG_PAGER = (
    KIT_ROOT / "grader/tests/data/variants/03_pager/wrong_end_not_clamped.py"
).read_bytes()


def _grade(course: Course, download: Path, tmp_path: Path) -> ClassGrade:
    return grade_class(
        course=course,
        course_file=KIT_ROOT / "course.yaml",
        submissions=download,
        out=tmp_path / "out",
        jobs=2,
        exercise_ids=["03_pager"],
    )


def _summary(graded: ClassGrade) -> dict[str, tuple[object, ...]]:
    return {
        s.student_id: (s.name, s.lateness.timing, s.final_score, s.time_source, s.late_flag)
        for s in graded.students
    }


def test_a_canvas_download_is_graded_with_names_and_late_markers(
    kit_course: Course, tmp_path: Path
) -> None:
    download = canvas_download(
        tmp_path,
        {
            canvas_file("smithbob", "340934", 208490284, "pager.py"): PAGER,
            canvas_file("wellslane", "334244", 394803489, "pager.py", late=True): WRONG_PAGER,
        },
    )
    graded = _grade(kit_course, download, tmp_path)
    summary = _summary(graded)
    assert graded.layout == "canvas"
    assert summary["340934"] == ("smithbob", Timing.UNKNOWN, 10, "", False)
    name, timing, final, source, late = summary["334244"]
    assert (name, timing, source, late) == ("wellslane", Timing.UNKNOWN, "", True)
    assert 0 < final < 10  # graded as on time (no time known), and flagged
    assert "marked late by the LMS" in graded.students[0].flags


def test_a_moodle_download_is_graded_by_participant(kit_course: Course, tmp_path: Path) -> None:
    download = make_zip(
        tmp_path / "PY101-Day 8-1234.zip",
        {
            moodle_prefix("Zhang San", 41) + "/pager.py": PAGER,
            moodle_prefix("Ann Lee", 42) + "/exercises/03_pager/pager.py": WRONG_PAGER,
        },
    )
    graded = _grade(kit_course, download, tmp_path)
    assert graded.layout == "moodle"
    assert {i: (s[0], s[2] == 10) for i, s in _summary(graded).items()} == {
        "41": ("Zhang San", True),
        "42": ("Ann Lee", False),
    }


def test_a_gradescope_export_is_graded_with_its_times_and_the_late_policy(
    kit_course: Course, tmp_path: Path
) -> None:
    metadata = gradescope_metadata(
        {
            "submission_1": ("2026-12-15 15:52:07.938335000 Z", [("Alice Sun", "067", "a@x.edu")]),
            "submission_2": ("2026-12-16 04:04:59.089605000 Z", [("Bo Li", "068", "b@x.edu")]),
            "submission_3": ("2026-12-20 01:00:00.000000000 Z", [("Cy Ma", "069", "c@x.edu")]),
            "submission_4": ("2026-12-23 01:00:00.000000000 Z", [("Di Wu", "070", "d@x.edu")]),
        }
    )
    download = make_zip(
        tmp_path / "assignment_1_export.zip",
        {
            "assignment_1_export/submission_metadata.yml": metadata.encode(),
            **{f"assignment_1_export/submission_{n}/pager.py": PAGER for n in (1, 2, 3, 4)},
        },
    )
    graded = _grade(kit_course, download, tmp_path)
    assert graded.layout == "gradescope"
    assert {i: s[:4] for i, s in _summary(graded).items()} == {
        "067": ("Alice Sun", Timing.ON_TIME, 10, "lms"),  # 23:52 in +08:00: on time
        "068": ("Bo Li", Timing.LATE, 8, "lms"),
        "069": ("Cy Ma", Timing.LATE, 5, "lms"),
        "070": ("Di Wu", Timing.TOO_LATE, 0, "lms"),
    }
    assert [s.raw_score for s in graded.students] == [10, 10, 10, 10]


@pytest.mark.skipif(not git_available(), reason="git is not installed")
def test_github_classroom_clones_are_graded_with_their_last_commit_times(
    kit_course: Course, tmp_path: Path
) -> None:
    root = tmp_path / "day8-submissions"
    git_clone(
        root,
        "day8-alice",
        [
            ("2026-12-14T09:00:00+08:00", {"exercises/03_pager/pager.py": OLD_PAGER}),
            ("2026-12-17T22:30:00+08:00", {"exercises/03_pager/pager.py": PAGER}),
        ],
    )
    git_clone(
        root,
        "day8-bob",
        [("2026-12-15T08:15:00+08:00", {"exercises/03_pager/pager.py": WRONG_PAGER})],
    )
    graded = _grade(kit_course, root, tmp_path)
    assert graded.layout == "git"
    alice, bob = graded.students
    assert (alice.student_id, alice.lateness.timing, alice.final_score) == ("alice", Timing.LATE, 8)
    assert alice.lateness.submitted_at == dt.datetime(2026, 12, 17, 22, 30, tzinfo=CST)
    assert (bob.student_id, bob.lateness.timing, bob.time_source) == ("bob", Timing.ON_TIME, "git")
    assert bob.final_score == bob.raw_score < 10
