"""Benchmark: grading a class on a Dask cluster against the local warm pool, in one run.

    python bench/bench_cluster.py [--students 6] [--exercise ID ...] [--cores 1 2]
                                  [--json FILE]

The class: that of bench_batch.py (half the students hand in the reference solutions,
the others a wrong variant of each exercise; default: the four design-card exercises
together). For each number of cores N (default 1 and 2), on the same class:

1. the baseline: ``grader grade-class --jobs N`` (this machine's warm pool);
2. ``grader grade-class --scheduler ADDRESS`` on a loopback cluster this script starts
   for it: ``dask scheduler`` (port chosen by the OS, ``--scheduler-file``) and ``dask
   worker --nworkers N --nthreads 2`` with DASK_GRADER__CORES=1 (each worker's
   gradings share one core, two of a socket exercise at once, as the local pool runs
   them: ``--threads-per-core``) and DASK_DISTRIBUTED__WORKER__DAEMON=False, the
   workers up and fresh (no warm pool yet) when the command starts, stopped after it.

Printed as the ratio (2)/(1) for the same N (target: under 1.10, i.e. Dask's overhead
under 10% of the local pool's time), with the per-job cost in worker-seconds and
whether both ways wrote the same grades.csv, and the CPU time Dask's own processes
took meanwhile (scheduler, nannies, workers: on loopback they share the cores with the
gradings). Then, on the last cluster: the same class
again on the workers now warm (what a second class or a regrade costs); the command's
loop per task (submit, run, take the result) with tasks that do nothing and with tasks
that return as much as a stored result; the sizes of the kit sent to each worker, of a
job's files and of a stored result; and the same command once more with every result
stored (the command's own share of a job: intake, result store, outputs). The targets
are the cluster issue's; docs/scaling.md reports what was measured.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_batch import DEFAULT_EXERCISES, make_class  # noqa: E402

from grader.batch.cluster import pack_kit, require_dask  # noqa: E402
from grader.course import load_course  # noqa: E402

STARTUP_S = 60.0  # the longest a scheduler or its workers may take to come up
# The `dask` command of this interpreter's installation (found with or without the
# virtual environment activated).
DASK = str(Path(sys.executable).with_name("dask"))
TRIVIAL_TASKS = 500


def _grader(*args: str) -> list[str]:
    return [sys.executable, "-m", "grader", *args, "--course", str(ROOT / "course.yaml")]


def grade_class(submissions: Path, out: Path, exercise_ids: list[str], *extra: str) -> float:
    """Seconds for one ``grade-class`` of the class into the folder ``out``."""
    return _grade_class(submissions, out, exercise_ids, "--quiet", *extra)[0]


def _grade_class(
    submissions: Path, out: Path, exercise_ids: list[str], *extra: str
) -> tuple[float, str]:
    command = _grader("grade-class", str(submissions), "--output-dir", str(out))
    command += [*(f"--exercise={e}" for e in exercise_ids), *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return seconds, done.stdout


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process this script started and everything in its process group (its own
    session: the nanny's workers and their warm pools), SIGTERM first, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _poll(what: str, ready: Any, deadline_s: float = STARTUP_S) -> Any:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        found = ready()
        if found:
            return found
        time.sleep(0.1)  # polling a condition, with a deadline
    raise SystemExit(f"{what}: not ready after {deadline_s:.0f} s")


@dataclass(frozen=True)
class LoopbackCluster:
    address: str
    pids: list[int]  # the scheduler's and the ``dask worker`` command's

    def dask_cpu_s(self) -> float:
        """CPU seconds used so far by Dask's own processes: the scheduler, the ``dask
        worker`` command (its nannies run in it) and its worker processes (not the warm
        pools and gradings below them, which a local run has too)."""
        psutil = importlib.import_module("psutil")  # comes with distributed

        seconds = 0.0
        level = [psutil.Process(pid) for pid in self.pids]
        for _ in range(2):  # the scheduler and the command (with its nannies), the workers
            below = []
            for process in level:
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    seconds += times.user + times.system
                    below += process.children()
            level = below
        return seconds


@contextlib.contextmanager
def loopback_cluster(
    workers: int, logs: Path, *, threads: bool = False, threads_per_core: int = 1
) -> Iterator[LoopbackCluster]:
    """A scheduler and ``workers`` worker processes of one core each (or, with
    ``threads``, one worker process of ``workers`` cores) on loopback, each with
    ``threads_per_core`` threads per core; its address. Everything is stopped on the way
    out."""
    Client = require_dask().Client

    scheduler_file = logs / f"scheduler-{workers}.json"
    started: list[subprocess.Popen[bytes]] = []
    cores_per_worker = workers if threads else 1
    env = {
        **os.environ,
        "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
        # The cores a worker's gradings share (grader.batch.cluster_worker), whatever
        # its threads: two threads per core grade two socket exercises per core.
        "DASK_GRADER__CORES": str(cores_per_worker),
    }
    try:
        with open(logs / f"scheduler-{workers}.log", "wb") as log:
            started.append(
                subprocess.Popen(
                    [
                        *(DASK, "scheduler", "--host", "127.0.0.1", "--port", "0"),
                        *("--no-dashboard", "--scheduler-file", str(scheduler_file)),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

        def address() -> str:
            try:
                return str(json.loads(scheduler_file.read_text(encoding="utf-8"))["address"])
            except (OSError, ValueError, KeyError):
                return ""

        found = _poll("the Dask scheduler", address)
        with open(logs / f"workers-{workers}.log", "wb") as log:
            started.append(
                subprocess.Popen(
                    [
                        *(DASK, "worker", "--scheduler-file", str(scheduler_file)),
                        # N worker processes of one core, or one of N cores (whose warm
                        # pool then has a process per thread): fewer of Dask's own
                        # processes.
                        *("--nworkers", "1" if threads else str(workers)),
                        *("--nthreads", str(cores_per_worker * threads_per_core)),
                        "--no-dashboard",
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    start_new_session=True,
                )
            )
        with Client(found, timeout=STARTUP_S) as client:
            client.wait_for_workers(1 if threads else workers, timeout=STARTUP_S)
        yield LoopbackCluster(found, [process.pid for process in started])
    finally:
        for process in reversed(started):
            _stop(process)


def _result_of(size: int) -> dict[str, str]:
    return {"result": "x" * size}


def command_round_trip(address: str, result_bytes: int, tasks: int = TRIVIAL_TASKS) -> float:
    """Seconds per task for the command's loop (as :class:`grader.batch.cluster.ClusterRun`
    does it: each task submitted, then each result taken as it ends) with tasks that do
    nothing but return ``result_bytes`` of JSON-like data."""
    distributed = require_dask()
    Client, as_completed = distributed.Client, distributed.as_completed

    with Client(address, timeout=STARTUP_S) as client:
        client.gather(client.map(abs, range(-10, 0), pure=False))  # connections made
        started = time.perf_counter()
        futures = [client.submit(_result_of, result_bytes, pure=False) for _ in range(tasks)]
        for future in as_completed(futures):
            future.result()
        return (time.perf_counter() - started) / tasks


def _grades(out: Path) -> str:
    return (out / "grades.csv").read_text(encoding="utf-8")


def _result_bytes(out: Path) -> float:
    sizes = [p.stat().st_size for p in (out / ".results").rglob("*.json")]
    return statistics.mean(sizes) if sizes else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--exercise", action="append", default=[])
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    parser.add_argument(
        "--threads",
        action="store_true",
        help="one worker process of N cores per run (default: N processes of one core)",
    )
    parser.add_argument(
        "--threads-per-core",
        type=int,
        default=2,
        help="each worker's threads per core (default 2: two socket exercises per core, "
        "as the local pool grades them)",
    )
    args = parser.parse_args()
    course = load_course(ROOT / "course.yaml")
    exercise_ids = args.exercise or list(DEFAULT_EXERCISES)
    kit_bytes = len(pack_kit(ROOT / "course.yaml").archive)
    jobs = args.students * len(exercise_ids)
    numbers: list[dict[str, Any]] = []
    work = Path(tempfile.mkdtemp(prefix="grader-bench-cluster-"))
    try:
        submissions = make_class(work / "class", course, exercise_ids, args.students, hostile=False)
        print(
            f"{args.students} students x {len(exercise_ids)} exercises = {jobs} jobs "
            f"({', '.join(exercise_ids)}); kit sent to each worker: {kit_bytes / 1024:.0f} KiB",
            flush=True,
        )
        extra: dict[str, Any] = {}
        for cores in args.cores:
            local_out = work / f"local-{cores}"
            local = grade_class(submissions, local_out, exercise_ids, "--jobs", str(cores))
            with loopback_cluster(
                cores, work, threads=args.threads, threads_per_core=args.threads_per_core
            ) as loopback:
                address = loopback.address
                cluster_out = work / f"cluster-{cores}"
                cpu_before = loopback.dask_cpu_s()
                cluster = grade_class(
                    submissions, cluster_out, exercise_ids, "--scheduler", address
                )
                dask_cpu = loopback.dask_cpu_s() - cpu_before
                if cores == args.cores[-1]:
                    extra["warm_cluster_s"] = grade_class(
                        submissions, work / f"warm-{cores}", exercise_ids, "--scheduler", address
                    )
                    sized = round(_result_bytes(cluster_out))
                    extra["round_trip_ms"] = command_round_trip(address, 0) * 1000
                    extra["sized_round_trip_ms"] = command_round_trip(address, sized) * 1000
                    extra["cores"] = cores
            same = _grades(local_out) == _grades(cluster_out)
            row = {
                "cores": cores,
                "jobs": jobs,
                "local_s": round(local, 2),
                "cluster_s": round(cluster, 2),
                "ratio": round(cluster / local, 3),
                "local_worker_s_per_job": round(local * cores / jobs, 3),
                "cluster_worker_s_per_job": round(cluster * cores / jobs, 3),
                "same_grades_csv": same,
                "dask_processes_cpu_s": round(dask_cpu, 2),
            }
            numbers.append(row)
            print(
                f"{cores} core(s): local pool {local:6.1f} s | cluster {cluster:6.1f} s "
                f"({cluster / local:4.2f}x of it, target < 1.10x) | per job "
                f"{local * cores / jobs:4.2f} vs {cluster * cores / jobs:4.2f} worker-s | "
                f"same grades.csv: {'yes' if same else 'NO'} | Dask's own processes "
                f"{dask_cpu:4.1f} CPU-s",
                flush=True,
            )
        last = work / f"cluster-{args.cores[-1]}"
        result_bytes = _result_bytes(last)
        # The same command again: everything is stored, nothing is sent to the cluster;
        # what is left is the command's own share of each job (intake, store, outputs).
        extra["rerun_s"], summary = _grade_class(submissions, last, exercise_ids, "--jobs", "1")
        if f"(0 gradings run, {jobs} kept" not in summary:
            # The kit's hash covers the grader's code: an edit meanwhile regrades all.
            print(f"(the command again graded something: {summary.strip()})")
            extra["rerun_s"] = float("nan")
        job_bytes = sum(p.stat().st_size for p in submissions.rglob("*.py")) / jobs
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = extra["cores"]
    print(
        f"the same class again on the {cores} warm worker(s): {extra['warm_cluster_s']:.1f} s "
        f"({extra['warm_cluster_s'] * cores / jobs:.2f} worker-s per job)"
    )
    print(
        f"the command's loop per task ({TRIVIAL_TASKS} tasks doing nothing, {cores} "
        f"worker(s)): {extra['round_trip_ms']:.2f} ms; returning a stored result's size "
        f"({result_bytes / 1024:.1f} KiB on average): {extra['sized_round_trip_ms']:.2f} ms; "
        f"a job's files: {job_bytes / 1024:.1f} KiB on average"
    )
    print(
        f"the command again with every result stored (nothing to grade): "
        f"{extra['rerun_s']:.1f} s, {extra['rerun_s'] * 1000 / jobs:.0f} ms per job"
    )
    numbers.append(
        {
            "kit_bytes": kit_bytes,
            "result_bytes_mean": round(result_bytes),
            "job_files_bytes_mean": round(job_bytes),
            "rerun_all_stored_s": round(extra["rerun_s"], 2),
            "warm_cluster_s": round(extra["warm_cluster_s"], 2),
            "warm_cluster_cores": cores,
            "command_loop_ms_per_task": round(extra["round_trip_ms"], 3),
            "command_loop_ms_per_sized_task": round(extra["sized_round_trip_ms"], 3),
        }
    )
    if args.json:
        Path(args.json).write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
