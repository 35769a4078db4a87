"""A Dask worker's side of class grading on a cluster (:mod:`grader.batch.cluster`).

Each job arrives with the kit (its hash and zipped grading files, unpacked once per
worker and checked against its hash with this worker's own grader) and is graded by a
warm process pool of this worker's: student code never runs in the Dask worker process,
only in the runner's confined child processes, as on the teacher's machine.

The worker's gradings share its cores as the local pool's do (:mod:`grader.batch.cores`):
each of its threads takes a place of its exercise's ``cpu_share`` before grading. The
cores are Dask's config ``grader.cores`` (``DASK_GRADER__CORES=2``), else the worker's
threads, at most the cores it may run on; so a worker given twice as many threads as
cores grades two socket exercises per core, and never more CPU-bound ones than cores.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import io
import math
import multiprocessing
import os
import shutil
import tempfile
import threading
import zipfile
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from grader.batch.cores import CoreBudget, available_cores
from grader.batch.pool import Job, course_of, grade_job, warm_pool_initializer
from grader.batch.store import containment_to_json, exercise_to_json, kit_hash
from grader.course import load_course
from grader.errors import BadInput, GraderError
from grader.results import Containment
from grader.runner import RunOptions
from grader.sandbox.containment import describe, machine_support
from grader.sandbox.hardening import die_with_parent

_MAX_KIT_BYTES = 256 * 1024 * 1024


class KitMismatch(GraderError):
    """A worker's kit (its grader, or the kit it was sent) is not the command's."""


class WarmPoolBroke(GraderError):
    """A process of a worker's warm pool died: the job is tried again."""


@dataclass
class _WorkerKit:
    root: Path
    executor: concurrent.futures.ProcessPoolExecutor | None = None
    work_root: Path | None = None
    containment: Containment | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_KITS: dict[str, _WorkerKit] = {}
_KITS_LOCK = threading.Lock()


def _unpack(sha256: str, archive: bytes) -> Path:
    """The kit unpacked into a new folder of this worker; :class:`KitMismatch` unless its
    hash, computed here with this worker's grader, is ``sha256``."""
    if len(archive) > _MAX_KIT_BYTES:
        raise KitMismatch(f"the kit sent is over {_MAX_KIT_BYTES} bytes")
    root = Path(tempfile.mkdtemp(prefix=f"grader-kit-{sha256[:12]}-"))
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
            for info in bundle.infolist():
                name = PurePosixPath(info.filename)
                if name.is_absolute() or ".." in name.parts or info.is_dir():
                    continue  # never outside the folder (the command made it: be sure)
                target = root.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(bundle.read(info))
        found = kit_hash(load_course(root / "course.yaml"))
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    if found != sha256:
        shutil.rmtree(root, ignore_errors=True)
        raise KitMismatch(
            f"this worker's kit hash is {found[:16]}, the command's {sha256[:16]}: "
            "its grader is not the command's (install the same grader version on every "
            "worker)"
        )
    return root


def _worker_kit(sha256: str, archive: bytes) -> _WorkerKit:
    with _KITS_LOCK:
        kit = _KITS.get(sha256)
        if kit is None:
            kit = _KITS[sha256] = _WorkerKit(root=_unpack(sha256, archive))
            atexit.register(_forget, kit)
        return kit


def _forget(kit: _WorkerKit) -> None:
    if kit.executor is not None:
        kit.executor.shutdown(wait=False, cancel_futures=True)
    for folder in (kit.work_root, kit.root):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _executor(
    kit: _WorkerKit, workers: int, warm: tuple[str, ...]
) -> concurrent.futures.ProcessPoolExecutor:
    """This worker's warm pool for ``kit`` (made on first use, and again if it broke)."""
    with kit.lock:
        if kit.executor is None:
            course_file = kit.root / "course.yaml"
            known = {e.id for e in course_of(course_file).exercises}
            ids = tuple(i for i in warm if i in known)
            kit.executor = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_pool_process_start,
                initargs=(os.getpid(), course_file, ids),
            )
        if kit.work_root is None:
            kit.work_root = Path(tempfile.mkdtemp(prefix="grader-class-"))
            kit.work_root.chmod(0o711)
        if kit.containment is None:
            kit.containment = describe(machine_support(), kit.root)
        return kit.executor


def _pool_process_start(worker: int, course_file: Path, ids: tuple[str, ...]) -> None:
    """First in each process of a worker's warm pool: die with the Dask worker (killed,
    its pool would be left running), then import the course's tests."""
    die_with_parent(worker)
    warm_pool_initializer(course_file, ids)


def grade_on_worker(
    kit_sha256: str,
    archive: bytes,
    key: tuple[str, str],
    exercise_id: str,
    files: Any,
    warm: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Run by a Dask worker: grade one job with this worker's warm pool; the result as
    plain data, with the kit hash it was graded with and the worker's containment."""
    kit = _worker_kit(kit_sha256, archive)
    threads = max(1, _worker_threads())
    executor = _executor(kit, threads, warm or (exercise_id,))
    assert kit.work_root is not None and kit.containment is not None
    course_file = kit.root / "course.yaml"
    job = Job(
        key=key,
        course_file=course_file,
        exercise_id=exercise_id,
        files=files,
        options=RunOptions(work_root=kit.work_root, fork_pytest=True),
    )
    try:
        with _core_budget(threads).held(course_of(course_file).exercise(exercise_id).cpu_share):
            result = executor.submit(grade_job, job).result()
    except BrokenProcessPool:
        with kit.lock:
            if kit.executor is executor:
                kit.executor = None
        raise WarmPoolBroke("a process of this worker's warm pool died") from None
    return {
        "kit": kit_sha256,
        "worker": _worker_name(),
        "containment": containment_to_json(kit.containment),
        "result": exercise_to_json(result),
    }


_BUDGET: list[CoreBudget] = []
_BUDGET_LOCK = threading.Lock()


def _core_budget(threads: int) -> CoreBudget:
    """This worker's cores, shared by its gradings (made at its first job)."""
    with _BUDGET_LOCK:
        if not _BUDGET:
            _BUDGET.append(CoreBudget(worker_cores(threads)))
        return _BUDGET[0]


def worker_cores(threads: int) -> float:
    """How many cores this worker's ``threads`` gradings share: Dask's config
    ``grader.cores`` when set, else the threads, at most the cores it may run on."""
    import dask

    configured = dask.config.get("grader.cores", None)
    if configured is None:
        return float(min(threads, available_cores()))
    try:
        cores = float(configured)
    except (TypeError, ValueError):
        cores = math.nan
    if not (math.isfinite(cores) and cores > 0):
        raise BadInput(
            f"Dask config grader.cores: {configured!r} is not a positive number of cores",
            zh=f"Dask 配置 grader.cores：{configured!r} 不是正的核数",
        )
    return cores


def worker_facts() -> dict[str, Any]:
    """Run on each worker before any job: what the command must know of it."""
    return {"daemon": bool(multiprocessing.current_process().daemon)}


def _worker_threads() -> int:
    try:
        from distributed import get_worker

        return int(get_worker().state.nthreads)
    except (ImportError, ValueError, AttributeError):
        return 1


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().name)
    except (ImportError, ValueError, AttributeError):
        return ""
