"""How many gradings share the cores: the rule of the local pool and of a Dask worker
(grader/batch/cores.py), and a Dask worker's gradings held to it
(grader/batch/cluster_worker.py). The local pool's side is in test_batch.py."""

from __future__ import annotations

import concurrent.futures
import os
import threading
from pathlib import Path

import pytest

from grader.batch import cluster_worker
from grader.batch.cores import CoreBudget, available_cores, fits
from grader.batch.pool import Job
from grader.errors import BadInput
from grader.results import Containment, ExerciseResult, Status
from grader.submission import ExerciseFiles

FAKE_COURSE = Path(__file__).parent / "data" / "fakecourse" / "course.yaml"


@pytest.mark.parametrize(
    ("load", "share", "cores", "expected"),
    [
        (0.0, 1.0, 1, True),  # the first grading always starts
        (0.0, 2.0, 1, True),  # even one that counts for more than the cores
        (0.5, 0.5, 1, True),
        (1.0, 0.5, 1, False),
        (1.0, 1.0, 2, True),
        (2.0, 1.0, 2, False),
        (2 / 3, 1 / 3, 1, True),  # thirds add up to a core despite rounding
    ],
)
def test_a_grading_fits_within_the_cores(
    load: float, share: float, cores: int, expected: bool
) -> None:
    assert fits(load, share, cores) is expected


def test_the_available_cores_are_those_this_process_may_run_on() -> None:
    assert available_cores() == len(os.sched_getaffinity(0))


class _Holder:
    """A thread that takes a place of ``share`` in ``budget`` and holds it until let go."""

    def __init__(self, budget: CoreBudget, share: float) -> None:
        self.inside = threading.Event()
        self._go = threading.Event()
        self._thread = threading.Thread(target=self._hold, args=(budget, share))
        self._thread.start()

    def _hold(self, budget: CoreBudget, share: float) -> None:
        with budget.held(share):
            self.inside.set()
            self._go.wait()

    def let_go(self) -> None:
        self._go.set()
        self._thread.join(timeout=60)


# How long a holder that must not get in is watched: a budget that lets it in fails the
# test; one that keeps it out (as it must) only makes the test this much slower.
_WAIT_S = 0.5


@pytest.mark.parametrize(("share", "at_once"), [(1.0, 1), (0.5, 2), (0.25, 4)])
def test_a_budget_never_holds_more_than_its_cores(share: float, at_once: int) -> None:
    budget = CoreBudget(1)
    holders = [_Holder(budget, share) for _ in range(at_once)]
    extra: _Holder | None = None
    try:
        assert all(holder.inside.wait(timeout=60) for holder in holders)
        extra = _Holder(budget, share)
        assert not extra.inside.wait(timeout=_WAIT_S)
        holders[0].let_go()
        assert extra.inside.wait(timeout=60)  # a place freed is taken
    finally:
        for holder in [*holders, *([extra] if extra else [])]:
            holder.let_go()


def test_a_budget_serves_first_come_first() -> None:
    """A grading of a core waits behind half a core held; one of half a core that comes
    after it waits behind it, though it would fit."""
    budget = CoreBudget(1)
    first = _Holder(budget, 0.5)
    holders = [first]
    try:
        assert first.inside.wait(timeout=60)
        whole = _Holder(budget, 1.0)
        holders.append(whole)
        assert not whole.inside.wait(timeout=_WAIT_S)
        half = _Holder(budget, 0.5)
        holders.append(half)
        assert not half.inside.wait(timeout=_WAIT_S)
        first.let_go()
        assert whole.inside.wait(timeout=60)
        assert not half.inside.wait(timeout=_WAIT_S)
        whole.let_go()
        assert half.inside.wait(timeout=60)
    finally:
        for holder in holders:
            holder.let_go()


@pytest.mark.timeout(60)  # a budget that let one in at a time would block for ever
def test_two_half_core_gradings_share_one_core(tmp_path: Path) -> None:
    """Each opens the same FIFO, one to write and one to read: each open waits for the
    other's, so both end only if they hold their places at the same time."""
    fifo = tmp_path / "meet"
    os.mkfifo(fifo)
    budget = CoreBudget(1)

    def meet(mode: int) -> None:
        with budget.held(0.5):
            os.close(os.open(fifo, mode))

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(meet, [os.O_WRONLY, os.O_RDONLY]))


# -- a Dask worker ---------------------------------------------------------------------------


@pytest.mark.parametrize(("configured", "threads", "cores"), [(1, 4, 1.0), ("2.5", 4, 2.5)])
def test_a_workers_cores_come_from_dasks_config(
    configured: object, threads: int, cores: float
) -> None:
    dask = pytest.importorskip("dask")
    with dask.config.set({"grader.cores": configured}):
        assert cluster_worker.worker_cores(threads) == cores


def test_a_workers_cores_are_its_threads_at_most_the_machines() -> None:
    dask = pytest.importorskip("dask")
    with dask.config.set({"grader": {}}):
        assert cluster_worker.worker_cores(1) == 1.0
        assert cluster_worker.worker_cores(10_000) == float(available_cores())


@pytest.mark.parametrize("configured", [0, -1, "many", float("nan"), float("inf"), [1]])
def test_a_bad_cores_setting_is_one_clear_line(configured: object) -> None:
    dask = pytest.importorskip("dask")
    with dask.config.set({"grader.cores": configured}), pytest.raises(BadInput) as raised:
        cluster_worker.worker_cores(2)
    assert str(raised.value).startswith("Dask config grader.cores: ")
    assert "\n" not in str(raised.value)


def _course_with_shares(folder: Path, share: float) -> Path:
    """The fake course, every exercise with ``share``."""
    text = FAKE_COURSE.read_text(encoding="utf-8")
    text = text.replace("  - id: ", f"  - cpu_share: {share}\n    id: ")
    course = folder / "course.yaml"
    course.write_text(text, encoding="utf-8")
    for tree in ("exercises", "tests", "solutions"):
        if (FAKE_COURSE.parent / tree).exists():
            (folder / tree).symlink_to(FAKE_COURSE.parent / tree)
    return course


def _worker_with(
    folder: Path, monkeypatch: pytest.MonkeyPatch, share: float, grading: object
) -> concurrent.futures.ThreadPoolExecutor:
    """A Dask worker's side as it is on a worker of 4 threads whose gradings share one
    core (Dask's config is set by the caller), with the fake course's exercises
    counting for ``share`` and each grading done by ``grading`` in a thread; the
    threads that call grade_on_worker as Dask's would."""
    course = _course_with_shares(folder, share)
    pool = concurrent.futures.ThreadPoolExecutor(4)
    kit = cluster_worker._WorkerKit(
        root=course.parent,
        executor=pool,  # type: ignore[arg-type]
        work_root=folder,
        containment=Containment(tier="test", mechanisms=()),
    )
    monkeypatch.setattr(cluster_worker, "_worker_kit", lambda sha256, archive: kit)
    monkeypatch.setattr(cluster_worker, "_worker_threads", lambda: 4)
    monkeypatch.setattr(cluster_worker, "grade_job", grading)
    monkeypatch.setattr(cluster_worker, "_BUDGET", [])
    return pool


def _graded(job: Job) -> ExerciseResult:
    return ExerciseResult(id=job.exercise_id, title="", status=Status.PASSED, score=1, max_score=1)


def _on_worker(name: str) -> dict[str, object]:
    files = ExerciseFiles(modules={}, missing=(), ignored=())
    return cluster_worker.grade_on_worker("sha", b"", (name, "01_adder"), "01_adder", files)


@pytest.mark.timeout(60)  # a worker that graded one at a time would block for ever
def test_a_worker_grades_two_half_core_exercises_at_once_on_one_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dask = pytest.importorskip("dask")
    fifo = tmp_path / "meet"
    os.mkfifo(fifo)

    def meet(job: Job) -> ExerciseResult:
        os.close(os.open(fifo, os.O_WRONLY if job.key[0] == "w" else os.O_RDONLY))
        return _graded(job)

    pool = _worker_with(tmp_path, monkeypatch, 0.5, meet)
    with (
        dask.config.set({"grader.cores": 1}),
        concurrent.futures.ThreadPoolExecutor(2) as dask_threads,
    ):
        payloads = list(dask_threads.map(_on_worker, ["w", "r"]))
    pool.shutdown()
    assert [payload["result"]["status"] for payload in payloads] == ["passed", "passed"]  # type: ignore[index]


def test_a_worker_grades_one_exercise_of_a_core_at_a_time_on_one_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first grading holds the core until the test lets it end; the second, asked
    meanwhile by another of the worker's threads, starts only after."""
    dask = pytest.importorskip("dask")
    started = {name: threading.Event() for name in ("first", "second")}
    release = threading.Event()

    def held(job: Job) -> ExerciseResult:
        started[job.key[0]].set()
        if job.key[0] == "first":
            release.wait()
        return _graded(job)

    pool = _worker_with(tmp_path, monkeypatch, 1.0, held)
    with (
        dask.config.set({"grader.cores": 1}),
        concurrent.futures.ThreadPoolExecutor(2) as dask_threads,
    ):
        try:
            first = dask_threads.submit(_on_worker, "first")
            assert started["first"].wait(timeout=60)
            second = dask_threads.submit(_on_worker, "second")
            # A worker without the bound starts it at once; waiting longer only slows
            # the test when the bound holds (which it must): it can never make it fail.
            second_started_meanwhile = started["second"].wait(timeout=0.5)
        finally:
            release.set()
        assert first.result(timeout=60)["result"]["status"] == "passed"  # type: ignore[index]
        assert second.result(timeout=60)["result"]["status"] == "passed"  # type: ignore[index]
    pool.shutdown()
    assert not second_started_meanwhile
    assert started["second"].is_set()
