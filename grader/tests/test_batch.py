"""Grading a class (``grader grade-class``): every output, the store that makes a rerun
grade only what changed, Ctrl-C, the late policy, a worker that dies, and hostile
submissions beside honest ones.

Most tests grade the fake course (two small exercises); the LMS layouts are graded on
the kit's 03_pager in ``test_batch_lms.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from grader.batch.class_json import class_schema
from grader.batch.model import ClassGrade
from grader.batch.outputs import read_submission_times, write_outputs
from grader.batch.pool import Job, run_jobs
from grader.batch.run import STORE_FOLDER, grade_class
from grader.course import Course, load_course
from grader.errors import BadInput
from grader.grading import grade
from grader.render.json_report import load_schema
from grader.render.sentences import exercise_message
from grader.results import ExerciseResult, Status
from grader.runner import RunOptions
from grader.submission import ExerciseFiles

from .conftest import ADVERSARIAL, DATA, FAKE_COURSE, edit_course_yaml

FAKE = DATA / "fakecourse"
SOLUTIONS = FAKE / "solutions"
SUBMISSIONS = FAKE / "submissions"


def _class(root: Path, students: dict[str, Path | dict[str, str]]) -> Path:
    """A plain class folder: each student a copy of a submission, or files to write."""
    for student, content in students.items():
        target = root / student
        if isinstance(content, Path):
            shutil.copytree(content, target)
        else:
            for relative, text in content.items():
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                (target / relative).write_text(text, encoding="utf-8")
    return root


def _graded(
    course: Course, course_file: Path, submissions: Path, out: Path, **kw: Any
) -> ClassGrade:
    return grade_class(
        course=course, course_file=course_file, submissions=submissions, out=out, jobs=2, **kw
    )


@pytest.fixture
def fake_class(tmp_path: Path) -> Path:
    return _class(
        tmp_path / "class",
        {
            "ann": SOLUTIONS,
            "bo": SUBMISSIONS / "partial",
            "cy": {"notes.txt": "nothing of the course here\n"},
        },
    )


def test_a_class_is_graded_into_every_output(fake_class: Path, tmp_path: Path) -> None:
    course = load_course(FAKE_COURSE)
    out = tmp_path / "out"
    graded = _graded(course, FAKE_COURSE, fake_class, out)
    written = write_outputs(graded, course=course, out=out, formats=("html", "json"), lang="en")

    assert [s.student_id for s in graded.students] == ["ann", "bo"]
    assert [p.split(":")[0] for p in graded.problems] == ["cy"]
    assert {p.relative_to(out).as_posix() for p in written} == {
        "students/ann/report.html",
        "students/ann/report.json",
        "students/bo/report.html",
        "students/bo/report.json",
        "grades.csv",
        "class.json",
        "class.html",
    }
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text("utf-8"))))
    assert [(r["id"], r["raw_total"], r["final_total"], r["max"]) for r in rows] == [
        ("ann", "24", "24", "24"),
        ("bo", f"{graded.students[1].raw_score:g}", f"{graded.students[1].raw_score:g}", "24"),
    ]
    assert 0 < graded.students[1].raw_score < 24
    assert rows[0]["flags"] == "" and rows[0]["late_credit"] == "1"

    data = json.loads((out / "class.json").read_text("utf-8"))
    jsonschema.validate(data, class_schema())
    for student in data["students"]:
        jsonschema.validate(student["report"], load_schema())
        on_disk = json.loads((out / "students" / student["id"] / "report.json").read_text())
        assert on_disk == student["report"]
    assert data["statistics"]["students"] == 2
    assert sum(b["count"] for b in data["statistics"]["histogram"]) == 2
    assert data["statistics"]["most_failed_tests"][0]["exercise"] == "01_adder"
    page = (out / "class.html").read_text("utf-8")
    assert 'href="students/ann/report.html"' in page and "cy: " in page


def test_a_second_run_grades_only_what_is_new_or_changed(fake_class: Path, tmp_path: Path) -> None:
    course = load_course(FAKE_COURSE)
    out = tmp_path / "out"
    first = _graded(course, FAKE_COURSE, fake_class, out)
    assert (first.graded_now, first.reused) == (3, 0)  # ann: two exercises, bo: one
    again = _graded(course, FAKE_COURSE, fake_class, out)
    assert (again.graded_now, again.reused) == (0, 3)
    assert [s.report.exercises for s in again.students] == [
        s.report.exercises for s in first.students
    ]
    # A changed submission is graded again, and only its changed exercise's file...
    adder = fake_class / "bo" / "01_adder" / "adder.py"
    adder.write_text((SOLUTIONS / "01_adder" / "adder.py").read_text("utf-8"), "utf-8")
    changed = _graded(course, FAKE_COURSE, fake_class, out)
    assert (changed.graded_now, changed.reused) == (1, 2)
    assert changed.students[1].raw_score == 18
    # ... and --regrade grades everything.
    forced = _graded(course, FAKE_COURSE, fake_class, out, regrade=True)
    assert (forced.graded_now, forced.reused) == (3, 0)


def test_a_changed_hidden_test_changes_the_kit_and_nothing_stale_is_reused(
    fake_class: Path, fake_course_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    course = load_course(fake_course_copy)
    first = _graded(course, fake_course_copy, fake_class, out)
    hidden = fake_course_copy.parent / "tests" / "01_adder" / "test_adder_hidden.py"
    hidden.write_text(hidden.read_text("utf-8") + "\n\ndef test_new(student):\n    pass\n")
    changed = _graded(load_course(fake_course_copy), fake_course_copy, fake_class, out)
    assert changed.kit_sha256 != first.kit_sha256
    assert (changed.graded_now, changed.reused) == (3, 0)
    assert len(changed.students[0].report.exercises[0].tests) == (
        len(first.students[0].report.exercises[0].tests) + 1
    )


def test_the_late_policy_gives_raw_credit_and_final_scores(
    fake_class: Path, fake_course_copy: Path, tmp_path: Path
) -> None:
    def schedule(data: dict[str, Any]) -> None:
        data["schedule"] = {
            "due": "2026-12-15T23:59:00+08:00",
            "late": [{"until": "2026-12-18T23:59:00+08:00", "credit": 0.5}],
        }

    course = load_course(edit_course_yaml(fake_course_copy, schedule))
    times = {
        "ann": dt.datetime.fromisoformat("2026-12-17T09:00:00+08:00"),  # late: half
        "bo": dt.datetime.fromisoformat("2026-12-15T23:59:00+08:00"),  # on time, exactly
    }
    out = tmp_path / "out"
    graded = _graded(course, fake_course_copy, fake_class, out, submitted_at=times)
    ann, bo = graded.students
    assert (ann.raw_score, ann.lateness.credit, ann.final_score, ann.flags) == (
        24,
        0.5,
        12,
        ("late",),
    )
    assert (bo.lateness.credit, bo.final_score, bo.flags) == (1.0, bo.raw_score, ())
    write_outputs(graded, course=course, out=out, formats=("json",), lang="en")
    row = next(csv.DictReader(io.StringIO((out / "grades.csv").read_text("utf-8"))))
    assert (row["raw_total"], row["late_credit"], row["final_total"]) == ("24", "0.5", "12")
    assert row["submitted_at"] == "2026-12-17T09:00:00+08:00" and row["flags"] == "late"


def test_submission_times_come_from_a_csv_with_one_line_errors(tmp_path: Path) -> None:
    good = tmp_path / "times.csv"
    good.write_text("id,submitted\nann,2026-12-17T09:00:00+08:00\nbo,2026-12-15T10:00:00Z\n")
    assert read_submission_times(good) == {
        "ann": dt.datetime.fromisoformat("2026-12-17T09:00:00+08:00"),
        "bo": dt.datetime(2026, 12, 15, 10, tzinfo=dt.timezone.utc),
    }
    for text, problem in (
        ("ann,yesterday\n", "times.csv:1: 'yesterday' is not an ISO 8601 time"),
        ("ann,2026-12-17T09:00:00\n", "times.csv:1: '2026-12-17T09:00:00' needs a UTC offset"),
        ("ann\n", "times.csv:1: expected id,time"),
        ("ann,2026-12-17T09:00Z\nann,2026-12-17T09:00Z\n", "times.csv:2: 'ann' appears twice"),
    ):
        bad = tmp_path / "times.csv"
        bad.write_text(text)
        with pytest.raises(BadInput) as raised:
            read_submission_times(bad)
        assert str(raised.value).startswith(str(tmp_path / problem.split(":")[0]))
        assert problem.split(": ", 1)[1] in str(raised.value)


def test_a_name_that_looks_like_a_formula_stays_text_in_the_gradebook(
    fake_class: Path, tmp_path: Path
) -> None:
    import dataclasses

    from grader.batch.gradebook import render_gradebook

    course = load_course(FAKE_COURSE)
    graded = _graded(course, FAKE_COURSE, fake_class, tmp_path / "out")
    hostile = dataclasses.replace(graded.students[0], name='=HYPERLINK("http://x","y")')
    text = render_gradebook(dataclasses.replace(graded, students=(hostile,)))
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"] == '\'=HYPERLINK("http://x","y")'


# -- the pool ---------------------------------------------------------------------------


def _dies_on_b(job: Job) -> ExerciseResult:
    if job.exercise_id == "b":
        os._exit(3)  # the worker dies, as a crash of the grader's own process would
    return ExerciseResult(id=job.exercise_id, title="", status=Status.PASSED, score=1, max_score=1)


def test_a_job_that_kills_its_worker_ends_as_an_error_and_the_others_complete() -> None:
    files = ExerciseFiles(modules={}, missing=(), ignored=())
    jobs = [
        Job(("sha", name), FAKE_COURSE, name, files, RunOptions()) for name in ("a", "b", "c", "d")
    ]
    outcomes = {
        job.exercise_id: (result, why)
        for job, result, why in run_jobs(jobs, workers=2, grade=_dies_on_b)
    }
    assert sorted(outcomes) == ["a", "b", "c", "d"]  # every job ends exactly once
    assert outcomes["b"] == (None, "its worker process died 3 times")
    assert all(outcomes[n][0] is not None for n in "acd")


def _rendezvous(job: Job) -> ExerciseResult:
    """Job "w" opens the FIFO named by its key for writing, job "r" for reading: each
    open blocks until the other's, so both end only if they run at the same time."""
    fifo = job.key[0]
    os.close(os.open(fifo, os.O_WRONLY if job.exercise_id == "w" else os.O_RDONLY))
    return ExerciseResult(id=job.exercise_id, title="", status=Status.PASSED, score=1, max_score=1)


def _counts_peers(job: Job) -> ExerciseResult:
    """Scores the number of jobs running when it started (itself included)."""
    folder = Path(job.key[0])
    mine = folder / job.exercise_id
    mine.touch(exist_ok=False)
    running = len(list(folder.iterdir()))
    mine.unlink()
    return ExerciseResult(
        id=job.exercise_id, title="", status=Status.PASSED, score=running, max_score=running
    )


@pytest.mark.timeout(120)  # a pool that ran them one at a time would block for ever
def test_gradings_of_an_exercise_that_mostly_waits_run_two_per_core(tmp_path: Path) -> None:
    files = ExerciseFiles(modules={}, missing=(), ignored=())
    fifo = tmp_path / "meet"
    os.mkfifo(fifo)
    jobs = [Job((str(fifo), n), FAKE_COURSE, n, files, RunOptions(), 0.5) for n in ("w", "r")]
    outcomes = list(run_jobs(jobs, workers=1, grade=_rendezvous))
    assert sorted(job.exercise_id for job, result, _ in outcomes if result) == ["r", "w"]


@pytest.mark.parametrize(("share", "at_once"), [(1.0, 1), (0.5, 2), (0.25, 4)])
def test_never_more_than_the_cores_worth_of_gradings_run_at_once(
    tmp_path: Path, share: float, at_once: int
) -> None:
    files = ExerciseFiles(modules={}, missing=(), ignored=())
    names = [f"j{n}" for n in range(3 * at_once)]
    jobs = [Job((str(tmp_path), n), FAKE_COURSE, n, files, RunOptions(), share) for n in names]
    seen = [
        result.score for _, result, _ in run_jobs(jobs, workers=1, grade=_counts_peers) if result
    ]
    assert len(seen) == len(names)
    assert max(seen) <= at_once


# -- Ctrl-C -------------------------------------------------------------------------------


def test_ctrl_c_stops_cleanly_and_the_next_run_grades_only_the_rest(
    tmp_path: Path,
) -> None:
    """One student's exercise hangs until its time limit; Ctrl-C arrives as soon as the
    first other grading is stored. Nothing is left running, what finished is kept, and
    the same command run again grades only the rest."""
    students: dict[str, Path | dict[str, str]] = {"slow": SUBMISSIONS / "hang_call"}
    for n in range(3):  # three different submissions: six gradings
        students[f"s{n}"] = {
            f"{e}/{m}": (SOLUTIONS / e / m).read_text("utf-8") + f"\n# student {n}\n"
            for e, m in (("01_adder", "adder.py"), ("02_greeter", "greeter.py"))
        }
    submissions = _class(tmp_path / "class", students)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "grader", "grade-class", str(submissions)]
    command += ["--course", str(FAKE_COURSE), "--output-dir", str(out), "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    store = out / STORE_FOLDER
    deadline = time.monotonic() + 120
    while not list(store.glob("**/*.json")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)  # polling for a file to appear: there is no event to wait on
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130, errors
    assert b"interrupted" in errors
    kept = len(list(store.glob("**/*.json")))
    assert 1 <= kept < 8
    assert not (out / "class.json").exists()
    again = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    data = json.loads((out / "class.json").read_text("utf-8"))
    assert data["gradings"] == {"graded_now": 7 - kept, "reused": kept}
    assert [s["id"] for s in data["students"]] == ["s0", "s1", "s2", "slow"]


# -- hostile submissions beside honest ones -----------------------------------------------


def test_honest_submissions_in_a_hostile_batch_get_their_reports_alone(tmp_path: Path) -> None:
    attacker = (SOLUTIONS / "01_adder" / "adder.py").read_text("utf-8")
    for fragment in ("prelude", "kill", "plant", "steal", "leftovers", "tasks"):
        text = (ADVERSARIAL / f"neighbour_{fragment}.py").read_text("utf-8")
        attacker += "\n\n" + text.replace("__TAG__", f"grader-batch-{os.getpid()}")
    students: dict[str, Path | dict[str, str]] = {
        "honest": SOLUTIONS,
        "partial": SUBMISSIONS / "partial",
        "hang": SUBMISSIONS / "hang_call",
        "segv": SUBMISSIONS / "crash_segv",
        "flood": SUBMISSIONS / "flood",
        "attacker": {"01_adder/adder.py": attacker},
    }
    submissions = _class(tmp_path / "class", students)
    course = load_course(FAKE_COURSE)
    graded = _graded(course, FAKE_COURSE, submissions, tmp_path / "out")
    by_id = {s.student_id: s for s in graded.students}
    for student in ("honest", "partial"):
        alone = grade(course=course, submission=submissions / student)
        batch = by_id[student].report
        assert [
            (
                e.id,
                e.status,
                e.score,
                exercise_message(e, "en"),
                [(t.name, t.status, t.message) for t in e.tests],
            )
            for e in batch.exercises
        ] == [
            (
                e.id,
                e.status,
                e.score,
                exercise_message(e, "en"),
                [(t.name, t.status, t.message) for t in e.tests],
            )
            for e in alone.exercises
        ]
    assert by_id["hang"].report.exercises[0].status in (Status.TIMEOUT, Status.FAILED)
    assert graded.grader_errors == ()


# -- the command line -----------------------------------------------------------------------


def _grade_class_command(submissions: Path, course_file: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "grader", "grade-class", str(submissions),
        "--course", str(course_file), "--output-dir", str(out), "--jobs", "2",
    ]  # fmt: skip


def test_a_grader_error_exits_3_with_the_list_and_problems_are_named(
    fake_class: Path, fake_course_copy: Path, tmp_path: Path
) -> None:
    hidden = fake_course_copy.parent / "tests" / "02_greeter"
    next(hidden.glob("test_*.py")).write_text("def broken(:\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [*_grade_class_command(fake_class, fake_course_copy, out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    # Each grader error with its reason: a broken hidden test is the kit's to fix.
    line = next(x for x in done.stderr.splitlines() if x.startswith("grader: grader error: ann:"))
    assert line.startswith("grader: grader error: ann: 02_greeter: "), line
    assert "collect" in line, line
    assert "grader: problem: cy: " in done.stderr
    assert done.stdout == ""  # --quiet: no progress bar, no summary
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text("utf-8"))))
    ann = next(r for r in rows if r["id"] == "ann")
    assert (ann["02_greeter"], ann["final_total"], ann["flags"]) == ("grader error",) * 3


def test_bad_input_is_one_line_and_exit_2(fake_class: Path, tmp_path: Path) -> None:
    times = tmp_path / "times.csv"
    times.write_text("ann,next tuesday\n", encoding="utf-8")
    for extra, message in (
        (["--submitted-at", str(times)], f"{times}:1: 'next tuesday' is not an ISO 8601 time"),
        (["--jobs", "0"], "--jobs must be at least 1, got 0"),
    ):
        done = subprocess.run(
            [*_grade_class_command(fake_class, FAKE_COURSE, tmp_path / "out"), *extra],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2
        assert done.stderr == f"grader: error: {message}\n"
    not_a_download = tmp_path / "notes.txt"
    not_a_download.write_text("x")
    done = subprocess.run(
        _grade_class_command(not_a_download, FAKE_COURSE, tmp_path / "out"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"grader: error: {not_a_download}")
