"""A class grading's warm trusted pytests (grader.sandbox.zygote): each worker collects an
exercise's suites once and forks every job of that exercise from there; a job killed by
the wall clock leaves its zygote serving; a zygote that dies or cannot start costs
speed only, never a result."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from grader.batch.run import grade_class
from grader.bootstrap import GRADER_PARENT
from grader.course import load_course

from .conftest import DATA, edit_course_yaml

SOLUTIONS = DATA / "fakecourse" / "solutions"
SLOW_GREETER = DATA / "fakecourse" / "submissions" / "slow_greeter"

# A hidden test of 02_greeter that writes down which process ran it, and with
# KILL_ZYGOTE set, kills the zygote that forked it (once: the file FLAG says it did).
_WITNESS_TEST = """
import json, os, signal, sys

import pytest

pytestmark = pytest.mark.student_module("greeter")
FOLDER = {folder!r}
KILL_ZYGOTE = {kill!r}


def test_witness():
    forked_by_zygote = "--grader-zygote" in sys.argv
    record = {{"pid": os.getpid(), "ppid": os.getppid(), "zygote": forked_by_zygote}}
    with open(os.path.join(FOLDER, f"{{os.getpid()}}.json"), "w") as out:
        json.dump(record, out)
    flag = os.path.join(FOLDER, "killed")
    if KILL_ZYGOTE and forked_by_zygote and not os.path.exists(flag):
        open(flag, "w").close()
        os.kill(os.getppid(), signal.SIGKILL)
"""


def _course_with_witness(course_file: Path, folder: Path, *, kill: bool = False) -> Path:
    folder.mkdir()
    hidden = course_file.parent / "tests" / "02_greeter" / "test_witness_hidden.py"
    hidden.write_text(_WITNESS_TEST.format(folder=str(folder), kill=kill), encoding="utf-8")
    return course_file


def _witnessed(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def _grade(course_file: Path, submissions: Path, out: Path) -> dict[str, Any]:
    graded = grade_class(
        course=load_course(course_file),
        course_file=course_file,
        submissions=submissions,
        out=out,
        jobs=1,
        exercise_ids=["02_greeter"],
    )
    results = {}
    for student in graded.students:
        (greeter,) = [e for e in student.report.exercises if e.id == "02_greeter"]
        results[student.student_id] = greeter
    return results


def _class(root: Path, students: dict[str, Path]) -> Path:
    """Each student's own bytes (identical submissions would be graded once)."""
    for name, source in students.items():
        shutil.copytree(source, root / name)
        for module in (root / name).rglob("*.py"):
            module.write_text(f"{module.read_text(encoding='utf-8')}\n# {name}\n")
    return root


def test_every_job_of_an_exercise_is_forked_by_one_zygote_after_collection(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    witness = tmp_path / "witness"
    course_file = _course_with_witness(fake_course_copy, witness)
    submissions = _class(tmp_path / "class", {s: SOLUTIONS for s in ("ann", "bo", "cy")})
    results = _grade(course_file, submissions, tmp_path / "out")
    assert {name: r.score for name, r in results.items()} == {"ann": 6.0, "bo": 6.0, "cy": 6.0}
    records = _witnessed(witness)
    assert len(records) == 3
    assert all(record["zygote"] for record in records)
    assert len({record["pid"] for record in records}) == 3
    # One zygote forked them all: the same parent, which is not a job itself.
    (zygote,) = {record["ppid"] for record in records}
    assert zygote not in {record["pid"] for record in records}


def test_a_job_stopped_by_the_wall_clock_leaves_its_zygote_serving_the_next(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    def short_exercise(data: dict[str, Any]) -> None:
        # The slow greeter's 40 calls take 10 s: the exercise's clock (started before
        # the test's own) stops the job first.
        data["defaults"]["timeouts"].update({"test": 5, "exercise": 5})

    edit_course_yaml(fake_course_copy, short_exercise)
    witness = tmp_path / "witness"
    course_file = _course_with_witness(fake_course_copy, witness)
    submissions = _class(
        tmp_path / "class", {"a_ok": SOLUTIONS, "b_slow": SLOW_GREETER, "c_ok": SOLUTIONS}
    )
    results = _grade(course_file, submissions, tmp_path / "out")
    assert results["b_slow"].status.value == "timeout"
    assert results["a_ok"].score == results["c_ok"].score == 6.0
    forked = [record for record in _witnessed(witness) if record["zygote"]]
    # Both honest jobs (and the slow one, if its witness ran before the limit) came
    # from the same zygote: the killed job's tree went, its zygote stayed.
    assert len(forked) >= 2
    assert len({record["ppid"] for record in forked}) == 1


def test_a_job_whose_zygote_dies_is_graded_again_without_one(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    witness = tmp_path / "witness"
    course_file = _course_with_witness(fake_course_copy, witness, kill=True)
    submissions = _class(tmp_path / "class", {s: SOLUTIONS for s in ("ann", "bo", "cy")})
    results = _grade(course_file, submissions, tmp_path / "out")
    # The job that killed its zygote died with it; it was graded again from the worker,
    # and so were the later ones: every result is there, graded once.
    assert {name: r.score for name, r in results.items()} == {"ann": 6.0, "bo": 6.0, "cy": 6.0}
    assert (witness / "killed").exists()
    records = _witnessed(witness)
    assert [record["zygote"] for record in records].count(True) == 1
    assert [record["zygote"] for record in records].count(False) == 3


_CANNOT_START = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from grader.sandbox.zygote import Zygotes

root = Path(sys.argv[1])
zygotes = Zygotes()
calls = []

def args(folder):
    calls.append(str(folder))
    return ["--no-such-option"]

first = zygotes.start(("key",), args, root=root)
second = zygotes.start(("key",), args, root=root)
print(first, second, len(calls), zygotes.get(("key",)) is None, sorted(zygotes.pids()))
"""


def test_a_zygote_that_cannot_start_is_not_asked_again(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CANNOT_START, str(tmp_path), str(GRADER_PARENT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.split() == ["False", "False", "1", "True", "[]"]
