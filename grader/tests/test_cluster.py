"""Grading a class on a Dask cluster (``grader grade-class --scheduler``), with real
``dask scheduler`` and ``dask worker`` processes started here on loopback (ports chosen
by the OS, addresses read from a scheduler file) and killed at the end of each test (or
of the module, for the cluster the tests share).

Every cluster run is compared with the local run of the same class of 30: the same
grades.csv, class.json and per-student reports, apart from times (timestamps, each
test's duration) and the one line of the containment that describes the grading
machine's kit (a worker is never sent solutions/). Faults: a worker SIGKILLed while it
grades, a job that kills its worker every time, a kit of another hash, the scheduler
killed midway and the same command run again, Dask missing, daemonic workers, TLS.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from grader.batch.cluster import ClusterRun, Kit, KitMismatch, pack_kit, require_dask
from grader.batch.outputs import write_outputs
from grader.batch.pool import Job
from grader.batch.run import STORE_FOLDER, grade_class
from grader.course import load_course
from grader.errors import BadInput
from grader.runner import RunOptions
from grader.sandbox.reaper import descendants
from grader.submission import ExerciseFiles

from .cluster_tasks import KILL_MARKER, kill_worker_on_marker
from .conftest import (
    FAKE_COURSE,
    FAKE_ROOT,
    FAKE_SUBMISSIONS,
    _described,
    _reap_ready,
    _resource_tracker,
    _wait_for_exiting,
)
from .test_batch import _class

distributed = pytest.importorskip("distributed")

DASK = Path(sys.executable).with_name("dask")
START_S = 60.0  # a scheduler or two workers start in 2-3 s; generous for a loaded machine
COMMAND_S = 240.0
STUDENTS = 30
SUMMARY = re.compile(r"^30 students graded \((\d+) gradings run, (\d+) kept from earlier runs\)")
GRADINGS = 52  # the 30 students' gradings: 22 of them with both exercises: see _variants
# The one line of a report's containment that says what the grading machine's kit holds
# beside the student's sandbox: a worker's kit has no solutions/ (never sent).
SOLUTIONS_NOTE = ", the reference solutions (solutions/)"


# -- the class ----------------------------------------------------------------------------


def _variants() -> list[dict[str, str]]:
    """Honest, partial and wrong submissions of the fake course (none that hangs)."""
    solution = FAKE_ROOT / "solutions"
    adder = (solution / "01_adder" / "adder.py").read_text("utf-8")
    greeter = (solution / "02_greeter" / "greeter.py").read_text("utf-8")
    return [
        {"01_adder/adder.py": adder, "02_greeter/greeter.py": greeter},
        {"01_adder/adder.py": (FAKE_SUBMISSIONS / "partial/01_adder/adder.py").read_text("utf-8")},
        {
            "01_adder/adder.py": (FAKE_SUBMISSIONS / "syntax_error/01_adder/adder.py").read_text(
                "utf-8"
            ),
            "02_greeter/greeter.py": 'def greet(name):\n    return "Hi " + name\n',
        },
        {
            "01_adder/adder.py": (FAKE_SUBMISSIONS / "import_raises/01_adder/adder.py").read_text(
                "utf-8"
            ),
            "02_greeter/greeter.py": greeter,
        },
    ]


def _students(count: int) -> dict[str, Path | dict[str, str]]:
    """``count`` students s00, s01, ...: the variants in turn, each made distinct by a
    comment naming its student (so that every one is a grading of its own)."""
    variants = _variants()
    return {
        f"s{i:02d}": {
            name: f"{text.rstrip()}\n# s{i:02d}\n"
            for name, text in variants[i % len(variants)].items()
        }
        for i in range(count)
    }


def _command(submissions: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "grader", "grade-class", str(submissions),
        "--course", str(FAKE_COURSE), "--output-dir", str(out), "--jobs", "2", *extra,
    ]  # fmt: skip


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=COMMAND_S, check=False)


@dataclass(frozen=True)
class LocalRun:
    submissions: Path
    out: Path


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> LocalRun:
    """The class of 30 graded on this machine's pool: what every cluster run must give."""
    root = tmp_path_factory.mktemp("local")
    submissions = _class(root / "class", _students(STUDENTS))
    out = root / "out"
    done = _run(_command(submissions, out, "--quiet"))
    assert done.returncode == 0, done.stderr
    return LocalRun(submissions, out)


def _rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "grades.csv").read_text("utf-8"))))


def _timeless(data: Any) -> Any:
    """``data`` without its times: when it was made, when each report was, how long each
    test took."""
    if isinstance(data, dict):
        return {
            key: _timeless(value)
            for key, value in data.items()
            if key not in ("generated_at", "timestamp", "duration_s")
        }
    if isinstance(data, list):
        return [_timeless(value) for value in data]
    return data


def _as_on_a_worker(report: dict[str, Any]) -> dict[str, Any]:
    """A local report as a worker gives it: its containment's note on the kit without
    solutions/, which a worker never receives."""
    notes = report["containment"]["notes"]
    assert any(SOLUTIONS_NOTE in note for note in notes), notes
    report["containment"]["notes"] = [note.replace(SOLUTIONS_NOTE, "") for note in notes]
    return report


def _report(out: Path, student: str) -> dict[str, Any]:
    data = json.loads((out / "students" / student / "report.json").read_text("utf-8"))
    return _timeless(data)  # type: ignore[no-any-return]


def assert_same_reports(local: Path, cluster: Path, students: list[str]) -> None:
    for student in students:
        assert _report(cluster, student) == _as_on_a_worker(_report(local, student)), student


def assert_same_outputs(local: Path, cluster: Path, *, reused: int = 0) -> None:
    """The cluster run's outputs are the local run's, apart from times and the
    containment's note on the kit (and the count of gradings ``reused`` from an
    interrupted run)."""
    assert (cluster / "grades.csv").read_bytes() == (local / "grades.csv").read_bytes()
    ids = [row["id"] for row in _rows(cluster)]
    assert len(ids) == len(set(ids)) == STUDENTS  # each student once
    assert sorted(p.name for p in (cluster / "students").iterdir()) == sorted(ids)
    assert_same_reports(local, cluster, ids)
    mine = _timeless(json.loads((cluster / "class.json").read_text("utf-8")))
    theirs = _timeless(json.loads((local / "class.json").read_text("utf-8")))
    for student in theirs["students"]:
        _as_on_a_worker(student["report"])
    assert theirs["gradings"] == {"graded_now": GRADINGS, "reused": 0}
    theirs["gradings"] = {"graded_now": GRADINGS - reused, "reused": reused}
    assert mine == theirs


# -- real Dask processes --------------------------------------------------------------------


def _group_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[2])


def _in_groups(groups: set[int]) -> set[int]:
    """The processes of ``groups`` and their descendants (a worker's warm pytests start
    sessions of their own)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _group_of(int(entry.name)) in groups:
            found.add(int(entry.name))
    return found.union(*(descendants(pid) for pid in found))


def _poll(condition: Callable[[], Any], what: str, timeout_s: float = START_S) -> Any:
    """``condition()`` once it is true, polled until ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout_s:g} s: {what}")


@dataclass
class DaskCluster:
    """A ``dask scheduler`` and its workers, each started in a process group of its own
    (the workers' nannies, worker processes and warm pools are in the worker's)."""

    folder: Path
    tls: list[str] = field(default_factory=list)  # the TLS options of every process
    security: Any = None
    scheduler: subprocess.Popen[bytes] | None = None
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    address: str = ""
    _logs: list[Any] = field(default_factory=list)

    @property
    def scheduler_file(self) -> Path:
        return self.folder / "scheduler.json"

    def _start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        self._logs.append(log)
        return subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            cwd=self.folder,
            start_new_session=True,
        )

    def start_scheduler(self, **env: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.scheduler_file.unlink(missing_ok=True)
        self.scheduler = self._start(
            f"scheduler{len(self._logs)}",
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(self.scheduler_file),
                *self.tls,
            ],
            env,
        )
        self.address = _poll(self._address, "the scheduler's address in its file")

    def _address(self) -> str | None:
        assert self.scheduler is not None
        assert self.scheduler.poll() is None, self.log("scheduler")
        try:
            return str(json.loads(self.scheduler_file.read_text())["address"])
        except (OSError, ValueError, KeyError):
            return None  # not written yet, or half written

    def start_workers(self, *, daemon: bool = False, count: int = 2) -> None:
        """``count`` worker processes under one ``dask worker`` and its nannies."""
        env = {} if daemon else {"DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
        self.workers.append(
            self._start(
                f"workers{len(self._logs)}",
                [
                    str(DASK),
                    "worker",
                    "--scheduler-file",
                    str(self.scheduler_file),
                    "--nworkers",
                    str(count),
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    *self.tls,
                ],
                env,
            )
        )
        with self.client() as client:
            client.wait_for_workers(count, timeout=START_S)

    def client(self) -> Any:
        return distributed.Client(self.address, security=self.security, timeout=START_S)

    def log(self, name: str) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-3000:] for path in self.folder.glob(f"{name}*.log")
        )

    def groups(self) -> set[int]:
        started = [p for p in (self.scheduler, *self.workers) if p is not None]
        return {p.pid for p in started}

    def processes(self) -> set[int]:
        """Every process of this cluster now (its groups' members)."""
        return _in_groups(self.groups())

    def kill_scheduler(self) -> None:
        assert self.scheduler is not None
        _kill_groups([self.scheduler])

    def stop(self) -> None:
        """SIGKILL every process of the cluster; wait until none is left."""
        started = [p for p in (self.scheduler, *self.workers) if p is not None]
        _kill_groups(started)
        for log in self._logs:
            log.close()


def _kill_groups(started: list[subprocess.Popen[bytes]]) -> None:
    groups = {p.pid for p in started}
    deadline = time.monotonic() + START_S
    while True:
        for group in groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for process in started:
            process.wait(timeout=START_S)
        # Processes of a killed group re-parented here (this process is a subreaper).
        _reap_ready()
        left = {pid for pid in _in_groups(groups) if not _zombie_elsewhere(pid)}
        if not left:
            return
        assert time.monotonic() < deadline, [_described(pid) for pid in left]
        time.sleep(0.02)


def _zombie_elsewhere(pid: int) -> bool:
    """A zombie whose parent is not this process (its parent reaps it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return True
    return fields[0] == "Z" and int(fields[1]) != os.getpid()


@pytest.fixture
def new_cluster(tmp_path: Path) -> Iterator[Callable[..., DaskCluster]]:
    """Start clusters of this test's own (killed at its end)."""
    made: list[DaskCluster] = []

    def make(name: str = "cluster") -> DaskCluster:
        cluster = DaskCluster(folder=tmp_path / name)
        made.append(cluster)
        return cluster

    try:
        yield make
    finally:
        for cluster in made:
            cluster.stop()


# The cluster the module's tests share, while it runs (pytest keeps it from the first
# test that asks for it to the module's end, whichever tests run between).
_SHARED: list[DaskCluster] = []


@pytest.fixture(scope="module")
def shared_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    """One scheduler and two worker processes, for the tests that kill nothing."""
    cluster = DaskCluster(folder=tmp_path_factory.mktemp("shared-cluster"))
    _SHARED.append(cluster)
    try:
        cluster.start_scheduler()
        cluster.start_workers()
        yield cluster
    finally:
        cluster.stop()
        _SHARED.remove(cluster)
    assert not cluster.processes()


@pytest.fixture(autouse=True)
def no_leftover_processes() -> Iterator[None]:
    """The suite's check (conftest), except for the processes of the cluster this
    module's tests share while it runs (its own teardown checks they are gone)."""
    yield
    _reap_ready()

    def left() -> set[int]:
        kept = set().union(*(cluster.processes() for cluster in _SHARED))
        return {p for p in descendants(os.getpid()) if not _resource_tracker(p)} - kept

    _wait_for_exiting(left())
    remaining = left()
    assert not remaining, f"processes left behind: {[_described(p) for p in sorted(remaining)]}"


def _results_stored(out: Path) -> int:
    return sum(1 for _ in (out / STORE_FOLDER).rglob("*.json"))


# -- the tests ------------------------------------------------------------------------------


def test_a_class_graded_on_the_cluster_equals_the_local_run(
    local_run: LocalRun, shared_cluster: DaskCluster, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = _run(_command(local_run.submissions, out, "--scheduler", shared_cluster.address))

    assert done.returncode == 0, done.stderr
    summary = SUMMARY.match(done.stdout)
    assert summary is not None, done.stdout
    assert summary.groups() == (str(GRADINGS), "0")
    assert_same_outputs(local_run.out, out)
    tiers = json.loads((out / "class.json").read_text("utf-8"))["containment"]["tiers_used"]
    assert tiers == sorted(
        {
            json.loads(p.read_text())["containment"]["tier"]
            for p in out.glob("students/*/report.json")
        }
    )


def test_a_worker_killed_while_grading_loses_nothing(
    local_run: LocalRun, new_cluster: Callable[..., DaskCluster], tmp_path: Path
) -> None:
    cluster = new_cluster()
    cluster.start_scheduler()
    cluster.start_workers()
    _grade_killing_a_busy_worker(local_run, cluster, tmp_path / "out")


def _grade_killing_a_busy_worker(local_run: LocalRun, cluster: DaskCluster, out: Path) -> None:
    """Grade the class on ``cluster``, SIGKILL a worker as soon as one is processing a
    job (its nanny starts another in its place); the outputs must be the local run's,
    each grading stored once."""
    command = subprocess.Popen(
        _command(local_run.submissions, out, "--scheduler", cluster.address, "--quiet"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with cluster.client() as client:
            busy = _poll(
                lambda: [w for w, keys in client.processing().items() if keys],
                "a worker processing a job",
            )[0]
            pid = client.run(os.getpid)[busy]
            os.kill(pid, signal.SIGKILL)
            _poll(lambda: busy not in client.scheduler_info()["workers"], "the worker removed")
        _, stderr = command.communicate(timeout=COMMAND_S)
    finally:
        command.kill()
        command.wait()

    assert command.returncode == 0, stderr
    assert_same_outputs(local_run.out, out)
    assert _results_stored(out) == GRADINGS  # each grading stored once


def test_the_kit_is_sent_again_when_the_only_worker_holding_it_dies(
    local_run: LocalRun, new_cluster: Callable[..., DaskCluster], tmp_path: Path
) -> None:
    """One worker: the kit's bytes live only in its memory. Killed mid-class, its nanny
    starts another that has nothing: Dask forgets the kit and cancels every job that
    needs it; the command sends the kit again and grades the rest, each once."""
    cluster = new_cluster()
    cluster.start_scheduler()
    cluster.start_workers(count=1)
    _grade_killing_a_busy_worker(local_run, cluster, tmp_path / "out")


def test_a_job_that_keeps_killing_its_worker_is_a_grader_error(
    local_run: LocalRun, new_cluster: Callable[..., DaskCluster], tmp_path: Path
) -> None:
    cluster = new_cluster()
    # One worker death allowed, two and the job is given up. One job at a time on each
    # worker (its single thread), so no other job is on a worker when the killer is.
    cluster.start_scheduler(
        DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1",
        DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION="1.0",
    )
    cluster.start_workers()
    students = dict(list(_students(STUDENTS).items())[:8])
    adder = (FAKE_ROOT / "solutions/01_adder/adder.py").read_text("utf-8")
    students["killer"] = {"01_adder/adder.py": f"{adder}\n# {KILL_MARKER.decode()}\n"}
    submissions = _class(tmp_path / "class", students)
    course = load_course(FAKE_COURSE)
    run = ClusterRun(scheduler=cluster.address, task=kill_worker_on_marker)
    out = tmp_path / "out"

    graded = grade_class(
        course=course,
        course_file=FAKE_COURSE,
        submissions=submissions,
        out=out,
        jobs=2,
        cluster=run,
    )
    write_outputs(graded, course=course, out=out, formats=("json",), lang="en")

    assert graded.grader_errors == ("killer: 01_adder",)
    (killer,) = [s for s in graded.students if s.student_id == "killer"]
    assert killer.report.exercises[0].problems == ("it killed its Dask worker every time it ran",)
    # The rest of the class: as on this machine.
    local = {row["id"]: row for row in _rows(local_run.out)}
    rows = {row["id"]: row for row in _rows(out)}
    assert {i: r for i, r in rows.items() if i != "killer"} == {
        i: local[i] for i in students if i != "killer"
    }
    assert_same_reports(local_run.out, out, [i for i in students if i != "killer"])


def test_a_kit_of_another_hash_grades_nothing(
    shared_cluster: DaskCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = load_course(FAKE_COURSE)
    real = pack_kit(FAKE_COURSE)
    wrong = "0" * 64
    monkeypatch.setattr(
        "grader.batch.run.pack_kit", lambda _: Kit(sha256=wrong, archive=real.archive)
    )
    submissions = _class(tmp_path / "class", dict(list(_students(3).items())))

    graded = grade_class(
        course=course,
        course_file=FAKE_COURSE,
        submissions=submissions,
        out=tmp_path / "out",
        jobs=2,
        cluster=ClusterRun(scheduler=shared_cluster.address),
    )

    assert graded.grader_errors == (
        "s00: 01_adder",
        "s00: 02_greeter",
        "s01: 01_adder",
        "s02: 01_adder",
        "s02: 02_greeter",
    )
    for student in graded.students:
        for exercise in student.report.exercises:
            if exercise.grader_error:
                (why,) = exercise.problems
                assert (
                    f"this worker's kit hash is {real.sha256[:16]}, the command's {wrong[:16]}"
                    in why
                )
    assert _results_stored(tmp_path / "out") == 0  # nothing graded, nothing stored


class _Finished:
    """A Dask future that finished with ``payload``."""

    status = "finished"

    def __init__(self, payload: Any) -> None:
        self.payload = payload

    def result(self) -> Any:
        return self.payload


class _Failed(_Finished):
    status = "error"

    def result(self) -> Any:
        raise self.payload


def test_a_result_graded_with_another_kit_is_refused() -> None:
    kit = Kit(sha256="1" * 64, archive=b"")
    job = Job(
        key=("2" * 64, "01_adder"),
        course_file=FAKE_COURSE,
        exercise_id="01_adder",
        files=ExerciseFiles(modules={"adder.py": b""}, missing=(), ignored=()),
        options=RunOptions(),
    )
    run = ClusterRun(scheduler="tcp://127.0.0.1:1")
    payload = {"kit": "3" * 64, "worker": "w", "containment": {}, "result": {}}

    assert run._outcome(job, _Finished(payload), distributed, kit, None) == (
        job,
        None,
        "the worker graded with another kit",
    )
    assert run._outcome(job, _Finished("not a payload"), distributed, kit, None) == (
        job,
        None,
        "the worker graded with another kit",
    )
    mismatch = KitMismatch("this worker's kit hash is 4444, the command's 1111")
    assert run._outcome(job, _Failed(mismatch), distributed, kit, None) == (
        job,
        None,
        str(mismatch),
    )
    assert not run.containments and not run.workers


def test_the_scheduler_killed_midway_then_the_same_command_grades_the_rest(
    local_run: LocalRun, new_cluster: Callable[..., DaskCluster], tmp_path: Path
) -> None:
    first = new_cluster("first")
    first.start_scheduler()
    first.start_workers()
    out = tmp_path / "out"
    command = subprocess.Popen(
        _command(local_run.submissions, out, "--scheduler", first.address, "--quiet"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _poll(lambda: _results_stored(out), "a result stored", COMMAND_S)
        first.kill_scheduler()
        stdout, stderr = command.communicate(timeout=COMMAND_S)
    finally:
        command.kill()
        command.wait()

    assert command.returncode == 3, stderr
    assert stdout == ""
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"grader: error: the Dask scheduler at {first.address} went away")
    assert stderr.endswith(
        f"the gradings finished are kept in {out}: the same command grades the rest\n"
    )
    kept = _results_stored(out)
    assert 1 <= kept < GRADINGS
    first.stop()

    second = new_cluster("second")
    second.start_scheduler()
    second.start_workers()
    done = _run(_command(local_run.submissions, out, "--scheduler", second.address))

    assert done.returncode == 0, done.stderr
    summary = SUMMARY.match(done.stdout)
    assert summary is not None, done.stdout
    assert summary.groups() == (str(GRADINGS - kept), str(kept))
    assert_same_outputs(local_run.out, out, reused=kept)


def test_without_dask_scheduler_is_one_line_and_exit_2(
    local_run: LocalRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = "--scheduler needs Dask: pip install 'grader[dask]'"
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "distributed", None)  # import distributed: ImportError
        with pytest.raises(BadInput, match=re.escape(message)):
            require_dask()

    # The command, where distributed cannot be imported.
    shim = tmp_path / "shim" / "distributed"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text('raise ImportError("no Dask here")\n', encoding="utf-8")
    done = subprocess.run(
        _command(local_run.submissions, tmp_path / "out", "--scheduler", "tcp://127.0.0.1:1"),
        capture_output=True,
        text=True,
        timeout=COMMAND_S,
        check=False,
        env={**os.environ, "PYTHONPATH": str(shim.parent)},
    )
    assert (done.returncode, done.stderr) == (2, f"grader: error: {message}\n")

    cert = tmp_path / "client.pem"
    cert.write_text("not used\n", encoding="utf-8")
    done = _run(_command(local_run.submissions, tmp_path / "out", "--tls-cert", str(cert)))
    assert (done.returncode, done.stderr) == (
        2,
        "grader: error: --tls-ca-file, --tls-cert and --tls-key need --scheduler\n",
    )


def test_daemonic_workers_are_refused_in_one_line(
    local_run: LocalRun, new_cluster: Callable[..., DaskCluster], tmp_path: Path
) -> None:
    cluster = new_cluster()
    cluster.start_scheduler()
    cluster.start_workers(daemon=True)  # plain `dask worker`: daemonic, under its nanny
    with cluster.client() as client:
        workers = sorted(client.scheduler_info()["workers"])
    assert len(workers) == 2

    done = _run(
        _command(local_run.submissions, tmp_path / "out", "--scheduler", cluster.address, "--quiet")
    )

    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"grader: error: {cluster.address}: the workers {', '.join(workers)} run as daemon "
        "processes, which cannot start the grader's processes; start them with "
        "DASK_DISTRIBUTED__WORKER__DAEMON=False (or dask worker --no-nanny)\n"
    )
    assert _results_stored(tmp_path / "out") == 0


# -- TLS --------------------------------------------------------------------------------------


def _openssl(*args: str, folder: Path) -> None:
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)


def _certificates(folder: Path) -> dict[str, tuple[Path, Path]]:
    """A CA and, signed by it, a certificate and key for each of the scheduler, the
    workers and the command (loopback only); the CA's certificate under "ca"."""
    folder.mkdir()
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test CA",
        "-keyout", "ca.key", "-out", "ca.pem",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        folder=folder,
    )  # fmt: skip
    (folder / "leaf.ext").write_text(
        "basicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth,clientAuth\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n"
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
        encoding="utf-8",
    )
    made = {"ca": (folder / "ca.pem", folder / "ca.key")}
    for name in ("scheduler", "worker", "client"):
        _openssl(
            "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}",
            "-keyout", f"{name}.key", "-out", f"{name}.csr",
            folder=folder,
        )  # fmt: skip
        _openssl(
            "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "leaf.ext", "-out", f"{name}.pem",
            folder=folder,
        )  # fmt: skip
        made[name] = (folder / f"{name}.pem", folder / f"{name}.key")
    return made


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl to make certificates")
def test_a_class_graded_over_tls_equals_the_local_run(
    local_run: LocalRun, new_cluster: Callable[..., DaskCluster], tmp_path: Path
) -> None:
    certs = _certificates(tmp_path / "certs")
    ca = str(certs["ca"][0])
    students = sorted(_students(3))
    submissions = tmp_path / "class"
    for student in students:
        shutil.copytree(local_run.submissions / student, submissions / student)

    cluster = new_cluster()

    def tls(name: str) -> list[str]:
        cert, key = certs[name]
        return [
            "--protocol",
            "tls",
            "--tls-ca-file",
            ca,
            "--tls-cert",
            str(cert),
            "--tls-key",
            str(key),
        ]

    cluster.tls = tls("scheduler")
    cluster.security = distributed.Security(
        tls_ca_file=ca,
        tls_client_cert=str(certs["client"][0]),
        tls_client_key=str(certs["client"][1]),
        require_encryption=True,
    )
    cluster.start_scheduler()
    assert cluster.address.startswith("tls://127.0.0.1:")
    cluster.tls = tls("worker")
    cluster.start_workers()
    out = tmp_path / "out"

    client_cert, client_key = certs["client"]
    done = _run(
        _command(
            submissions,
            out,
            "--scheduler",
            cluster.address,
            "--tls-ca-file",
            ca,
            "--tls-cert",
            str(client_cert),
            "--tls-key",
            str(client_key),
            "--quiet",
        )
    )

    assert done.returncode == 0, done.stderr
    local = {row["id"]: row for row in _rows(local_run.out)}
    assert _rows(out) == [local[student] for student in students]
    assert_same_reports(local_run.out, out, students)
    # Without certificates (given or in Dask's configuration): said in one line.
    refused = _run(
        _command(submissions, tmp_path / "refused", "--scheduler", cluster.address, "--quiet")
    )
    assert (refused.returncode, refused.stderr) == (
        2,
        f"grader: error: {cluster.address}: a tls:// scheduler needs --tls-ca-file, "
        "--tls-cert and --tls-key (or Dask's TLS configuration)\n",
    )
