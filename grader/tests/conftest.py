"""Shared fixtures of the engine's own tests."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from grader.course import Course, load_course
from grader.grading import grade
from grader.results import ExerciseResult, Report, Status, TestResult
from grader.sandbox.containment import CEILING_VARIABLE, machine_support, support_under
from grader.sandbox.hardening import become_subreaper
from grader.sandbox.reaper import descendants

KIT_ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
FAKE_COURSE = DATA / "fakecourse" / "course.yaml"
# How long a test's dying processes get to finish exiting before they count as left.
EXIT_WAIT_S = 10.0


@pytest.fixture(scope="session", autouse=True)
def _adopt_orphans() -> None:
    """Make the test process a subreaper: a process that escapes the grader's cleanup
    is re-parented here, where ``no_leftover_processes`` finds it."""
    become_subreaper()


def _reap_ready() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _resource_tracker(pid: int) -> bool:
    """multiprocessing's resource tracker: started once by the first process pool of
    this (test) process and alive as long as it is, by design (a class grading run from
    the command line ends it with the command)."""
    try:
        return b"multiprocessing.resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.fixture(autouse=True)
def no_leftover_processes() -> Iterator[None]:
    """Every test ends with no process of its own still running."""
    yield
    _reap_ready()
    left = {pid for pid in descendants(os.getpid()) if not _resource_tracker(pid)}
    _wait_for_exiting(left)
    left = {pid for pid in descendants(os.getpid()) if not _resource_tracker(pid)}
    assert not left, f"processes left behind: {[_described(pid) for pid in sorted(left)]}"


def _exiting(pid: int) -> bool:
    """Whether ``pid`` is on its way out: a process that has given back its memory (an
    empty command line) but is not a zombie yet. A command that SIGKILLed its processes
    and exited can leave them in this state for a moment, re-parented here."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes() == b""
    except OSError:
        return False


def _wait_for_exiting(pids: set[int]) -> None:
    """Wait (boundedly) for dying processes to end, then reap them; live ones stay."""
    for pid in pids:
        if not _exiting(pid):
            continue
        try:
            handle = os.pidfd_open(pid)
        except OSError:
            continue
        try:
            select.select([handle], [], [], EXIT_WAIT_S)
        finally:
            os.close(handle)
    _reap_ready()


def _described(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").strip()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return f"{pid} (gone)"
    return f"{pid} {state} {command.decode(errors='replace')[:120]}"


@pytest.fixture(scope="session")
def kit_course() -> Course:
    return load_course(KIT_ROOT / "course.yaml")


@pytest.fixture(scope="session")
def fake_course() -> Course:
    return load_course(FAKE_COURSE)


SubmissionFactory = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_submission(tmp_path: Path) -> SubmissionFactory:
    """Write ``{"ID/file.py": source}`` into a fresh submission folder."""
    counter = iter(range(1_000_000))

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / f"submission{next(counter)}"
        root.mkdir()
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


def solution_source(exercise_id: str, module: str) -> str:
    return (KIT_ROOT / "solutions" / exercise_id / module).read_text(encoding="utf-8")


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def only(report: Report, exercise_id: str) -> ExerciseResult:
    (result,) = [e for e in report.exercises if e.id == exercise_id]
    return result


def statuses(result: ExerciseResult) -> dict[str, Status]:
    return {t.name: t.status for t in result.tests}


# -- added for the fake-course tests ------------------------------------------------------

FAKE_ROOT = FAKE_COURSE.parent
FAKE_SUBMISSIONS = FAKE_ROOT / "submissions"


@pytest.fixture
def fake_course_copy(tmp_path: Path) -> Path:
    """A private copy of the fake course (its submissions left out); returns its course.yaml."""
    root = tmp_path / "fakecourse"
    shutil.copytree(FAKE_ROOT, root, ignore=shutil.ignore_patterns("submissions", "__pycache__"))
    return root / "course.yaml"


def run_program(
    program: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> str:
    """What ``python -c PROGRAM ARGS...`` printed, run in a new process of its own (which
    must succeed within ``timeout``)."""
    done = subprocess.run(
        [sys.executable, "-c", program, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return done.stdout


def edit_course_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """Load ``path``, let ``change`` modify the data in place, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def student_runs_as_root() -> bool:
    """True when student code runs with root's powers here (no unprivileged user usable)."""
    return os.geteuid() == 0 and not machine_support().identity.drops_privileges


def _offered_tiers() -> list[Any]:
    """The containment ceilings whose tiers this machine offers to a grader running as
    this process's user: ``namespaces`` (the best available) and, where the best holds
    more than a user id of its own, ``uid`` too."""
    best = support_under("namespaces")
    tiers: list[Any] = [pytest.param("namespaces", id=best.tier)]
    if best.identity.drops_privileges and best.tier != "process+uid":
        tiers.append(pytest.param("uid", id="process+uid"))
    return tiers


@pytest.fixture(params=_offered_tiers())
def containment_tier(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs the test once in each containment tier this machine offers (as root: with
    namespaces and with a user id of its own only); the tier's name."""
    monkeypatch.setenv(CEILING_VARIABLE, request.param)
    return machine_support().tier


# -- added for the adversarial tests ------------------------------------------------------

ADVERSARIAL = DATA / "adversarial"
SERVER_COURSE = DATA / "servercourse" / "course.yaml"


@dataclass(frozen=True)
class Timed:
    """One exercise's result and the wall-clock time its grading took."""

    result: ExerciseResult
    seconds: float

    def test(self, name: str) -> TestResult:
        (found,) = [t for t in self.result.tests if t.name == name]
        return found


def grade_timed(course: Course, submission: Path, exercise_id: str) -> Timed:
    started = time.monotonic()
    report = grade(course=course, submission=submission, exercise_ids=[exercise_id])
    return Timed(only(report, exercise_id), time.monotonic() - started)


def with_attack(base_source: str, attack: str) -> str:
    """``base_source`` with the attack fragment ``data/adversarial/ATTACK`` appended."""
    fragment = (ADVERSARIAL / attack).read_text(encoding="utf-8")
    return base_source.rstrip("\n") + "\n\n\n" + fragment


__all__ = ["DATA", "KIT_ROOT", "copy_tree", "grade", "only", "solution_source", "statuses"]
