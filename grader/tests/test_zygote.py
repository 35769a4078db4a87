"""A class grading's warm trusted pytests (grader.sandbox.zygote): each worker collects an
exercise's suites once and forks every job of that exercise from there; a job killed by
the wall clock leaves its zygote serving; a zygote that dies or cannot start costs
speed only, never a result."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from grader.batch.run import grade_class
from grader.bootstrap import GRADER_PARENT
from grader.course import load_course
from grader.sandbox.containment import machine_support

from .conftest import DATA, edit_course_yaml, run_program
from .test_adversarial_neighbours import UNPRIVILEGED_UID, _unprivileged_python, shared_dir

__all__ = ["shared_dir"]  # the fixture, used below

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
    printed = run_program(_CANNOT_START, str(tmp_path), str(GRADER_PARENT))
    assert printed.split() == ["False", "False", "1", "True", "[]"]


_START_FOR_COURSE = """
import json, sys
from functools import partial
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from grader.course import load_course
from grader.runner import RunOptions, _shared_pytest_args, _zygote_args
from grader.sandbox.zygote import Zygotes

course = load_course(Path(sys.argv[1]))
root = Path(sys.argv[2])
shared = _shared_pytest_args(course, course.exercise("02_greeter"), RunOptions(work_root=root))
zygotes = Zygotes()
started = zygotes.start(tuple(shared), partial(_zygote_args, shared), root=root)
alive = sorted(zygotes.pids())
zygotes.discard(tuple(shared), failed=False)
left = sorted(p.name for p in root.iterdir())
print(json.dumps({"started": started, "alive": len(alive), "left": left}))
"""


def _start_zygote_for(course_file: Path, root: Path) -> dict[str, Any]:
    root.mkdir()
    printed = run_program(_START_FOR_COURSE, str(course_file), str(root), str(GRADER_PARENT))
    facts: dict[str, Any] = json.loads(printed)
    return facts


def test_a_zygote_whose_collection_failed_is_not_kept(
    fake_course_copy: Path, tmp_path: Path
) -> None:
    # Collected cleanly: a zygote is kept, and its folder goes with it when it is closed.
    assert _start_zygote_for(fake_course_copy, tmp_path / "good") == {
        "started": True,
        "alive": 1,
        "left": [],
    }
    # A test file that does not import: each job collects (and reports) it on its own.
    broken = fake_course_copy.parent / "tests" / "02_greeter" / "test_broken_hidden.py"
    broken.write_text("def broken(:\n", encoding="utf-8")
    assert _start_zygote_for(fake_course_copy, tmp_path / "broken") == {
        "started": False,
        "alive": 0,
        "left": [],
    }


_SPARED_SWEEP = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from grader.sandbox.reaper import kill_descendants

def child():
    pid = os.fork()
    if pid == 0:
        time.sleep(600)
        os._exit(0)
    return pid

spared, victim = child(), child()
killed = kill_descendants(spare={spared})
alive = os.waitpid(spared, os.WNOHANG) == (0, 0)
os.kill(spared, 9)
os.waitpid(spared, 0)
print(killed, alive)
"""


def test_a_sweep_that_spares_a_child_neither_kills_nor_waits_for_it() -> None:
    # A sweep that waited for the spared child would not end before the timeout.
    printed = run_program(_SPARED_SWEEP, str(GRADER_PARENT), timeout=60)
    assert printed.split() == ["1", "True"]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root (to grade as another user)")
def test_an_unprivileged_teacher_grades_a_class_through_zygotes_in_namespaces(
    shared_dir: Path,
) -> None:
    """As a normal user the gradings enter user namespaces of their own: the job forked
    from a (non-dumpable) zygote must still be able to write its own id maps."""
    if not machine_support().bubblewrap:
        pytest.skip("bubblewrap is not installed")
    python = _unprivileged_python(shared_dir)
    course = shared_dir / "fakecourse"
    shutil.copytree(
        DATA / "fakecourse", course, ignore=shutil.ignore_patterns("submissions", "__pycache__")
    )
    submissions = _class(shared_dir / "class", {s: SOLUTIONS for s in ("ann", "bo")})
    out = shared_dir / "out"
    subprocess.run(["chmod", "-R", "a+rwX", str(shared_dir)], check=True)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(shared_dir),
        "TMPDIR": str(shared_dir / "tmp"),
        "LANG": "C.UTF-8",
    }
    argv = [str(python), "-m", "grader", "grade-class", str(submissions), "--course"]
    argv += [str(course / "course.yaml"), "--output-dir", str(out), "--jobs", "1", "--quiet"]
    argv += ["--exercise", "02_greeter", "--format", "json"]
    done = subprocess.run(
        argv,
        env=env,
        cwd=shared_dir,
        capture_output=True,
        text=True,
        timeout=300,
        user=UNPRIVILEGED_UID,
        group=UNPRIVILEGED_UID,
        extra_groups=[],
    )
    assert done.returncode == 0, done.stderr
    for student in ("ann", "bo"):
        report = json.loads((out / "students" / student / "report.json").read_text())
        assert report["score"] == 6.0, report["exercises"][0]["message"]
        assert report["containment"]["tier"] == "namespaces"
