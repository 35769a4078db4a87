"""Class grading on a Dask cluster (``grader grade-class --scheduler ADDRESS``).

The same jobs as the local pool (:mod:`grader.batch.pool`), run by Dask workers that
have the grader installed (``pip install 'grader[dask]'``) but not the kit:

- The kit travels by content: the grading bundle's course.yaml, public folders and
  hidden suites (never solutions/, never the bundle's copy of the grader), zipped once
  and sent once to every worker. A worker unpacks it into a folder of its own and
  computes its hash with its own grader code (:func:`grader.batch.store.kit_hash`): a
  worker whose grader or kit differs from the command's refuses every job, and each
  result records the hash it was graded with, which the command checks.
- On a worker, each job is graded by a warm process pool of its own (the local pool's
  warm-up and runner, :mod:`grader.batch.cluster_worker`): student code never runs in
  the Dask worker process, only in the runner's confined child processes, as on the
  teacher's machine. Each result says the worker's containment tier.
- Submissions travel as bytes (the job's files); results come back as plain JSON (the
  result store's form), so the class outputs are those of a local run.

Faults: Dask runs again elsewhere the jobs of a worker that dies; a job that keeps
killing its workers (``distributed.scheduler.allowed-failures``), or whose warm pool
breaks :data:`MAX_ATTEMPTS` times, ends as a grader error and the class goes on. A
scheduler that goes away stops the command (:class:`ClusterLost`); what was finished is
in the store, so the same command grades only the rest.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.batch.cluster_worker import KitMismatch, WarmPoolBroke, grade_on_worker, worker_facts
from grader.batch.pool import MAX_ATTEMPTS, Job, Outcome
from grader.batch.store import (
    containment_from_json,
    exercise_from_json,
    kit_hash,
)
from grader.bundle import BundlePurpose, make_bundle
from grader.course import load_course
from grader.errors import BadInput, GraderError
from grader.results import Containment

# What of a grading bundle a worker needs: not the grader (it has its own, and the
# kit's hash says whether it is the same).
_KIT_TREES = ("course.yaml", "bundle.json", "exercises/", "tests/")


class ClusterLost(GraderError):
    """The scheduler went away (or was never there): the command stops; the results
    already stored are kept."""


def require_dask() -> Any:
    """The ``distributed`` module, or a one-line error saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise BadInput(
            "--scheduler needs Dask: pip install 'grader[dask]'",
            zh="--scheduler 需要 Dask：pip install 'grader[dask]'",
        ) from None
    return distributed


@dataclass(frozen=True)
class Kit:
    """What every worker receives once: the kit's hash and its zipped grading files."""

    sha256: str
    archive: bytes


def pack_kit(course_file: Path) -> Kit:
    """The grading bundle of ``course_file``'s kit, zipped (files in a fixed order, with
    fixed times: the same kit is the same bytes)."""
    with tempfile.TemporaryDirectory(prefix="grader-kit-") as folder:
        bundle = make_bundle(
            course_file=course_file, purpose=BundlePurpose.GRADING, out_dir=Path(folder) / "kit"
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in bundle.files:
                if name.startswith(_KIT_TREES) or name in _KIT_TREES:
                    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, (bundle.root / name).read_bytes())
        # The hash of what is sent, as a worker computes it once it is unpacked (this
        # machine's kit may hold more: caches, hidden files).
        sent = kit_hash(load_course(bundle.root / "course.yaml"))
    return Kit(sha256=sent, archive=buffer.getvalue())


# -- on the command's side -------------------------------------------------------------------


def _check_workers(client: Any, scheduler: str, timeout_s: float) -> None:
    """Wait for a first worker; refuse a cluster whose workers cannot start the grader's
    processes (a worker under a nanny runs as a daemon process, which may have no
    children)."""
    try:
        client.wait_for_workers(1, timeout=timeout_s)
    except TimeoutError:
        raise ClusterLost(f"no worker joined the Dask scheduler at {scheduler}") from None
    try:
        facts = client.run(worker_facts)
    except (OSError, TimeoutError) as exc:
        raise ClusterLost(f"the Dask scheduler at {scheduler} went away: {exc}") from None
    daemons = sorted(address for address, fact in facts.items() if fact.get("daemon"))
    if daemons:
        raise BadInput(
            f"{scheduler}: the workers {', '.join(daemons)} run as daemon processes, which "
            "cannot start the grader's processes; start them with "
            "DASK_DISTRIBUTED__WORKER__DAEMON=False (or dask worker --no-nanny)",
            zh=f"{scheduler}：worker {', '.join(daemons)} 以守护进程运行，无法启动评分进程；"
            "请用 DASK_DISTRIBUTED__WORKER__DAEMON=False（或 dask worker --no-nanny）启动它们",
        )


@dataclass
class ClusterRun:
    """Grading jobs on the cluster of ``scheduler``; what it learnt on the way."""

    scheduler: str
    security: Any = None  # a distributed.Security, or None: Dask's configuration
    timeout_s: float = 30.0
    # What a worker runs for each job: grade_on_worker, or in the tests a stand-in with
    # its signature (one that kills its worker, to prove the bound on attempts).
    task: Callable[..., dict[str, Any]] = grade_on_worker
    # Each finished job's worker containment, by job key.
    containments: dict[tuple[str, str], Containment] = field(default_factory=dict)
    workers: set[str] = field(default_factory=set)

    def run(self, jobs: Iterable[Job], *, kit: Kit) -> Generator[Outcome, None, None]:
        """Grade ``jobs``; yield each as it ends (see :func:`grader.batch.pool.run_jobs`)."""
        distributed = require_dask()
        try:
            client = distributed.Client(
                self.scheduler, security=self.security, timeout=self.timeout_s
            )
        except (OSError, TimeoutError) as exc:
            raise ClusterLost(
                f"cannot reach the Dask scheduler at {self.scheduler}: {exc}"
            ) from None
        try:
            _check_workers(client, self.scheduler, self.timeout_s)
            yield from self._graded(client, distributed, list(jobs), kit)
        finally:
            client.close()

    def _check_scheduler(self, client: Any) -> None:
        """:class:`ClusterLost` unless the scheduler still answers (a connection to a
        worker that died fails too, and its jobs just run again)."""
        # A client that lost its scheduler is reconnecting (or closed) at once.
        if client.status != "running":
            raise ClusterLost(f"the Dask scheduler at {self.scheduler} went away")
        try:
            client.nthreads(callback_timeout=self.timeout_s)
        except (OSError, TimeoutError) as exc:
            raise ClusterLost(f"the Dask scheduler at {self.scheduler} went away: {exc}") from None

    def _graded(
        self, client: Any, distributed: Any, jobs: list[Job], kit: Kit
    ) -> Generator[Outcome, None, None]:
        if not jobs:
            return
        archive: list[Any] = []  # the kit's scattered bytes (a Dask future), once
        attempts: dict[tuple[str, str], int] = {}
        # What a worker's warm pool imports first: the tests of the exercises graded.
        warm = tuple(sorted({job.exercise_id for job in jobs}))

        def kit_on_the_workers() -> Any:
            # Scattered data has no recipe: when every worker that held it has died
            # (the only one there when the class began, say), Dask forgets it and
            # cancels every job that needs it. It is sent again before a job is.
            if not archive or archive[0].status != "finished":
                try:
                    archive[:] = [client.scatter(kit.archive, broadcast=True, hash=False)]
                except (OSError, TimeoutError) as exc:
                    raise ClusterLost(
                        f"the Dask scheduler at {self.scheduler} went away: {exc}"
                    ) from None
            return archive[0]

        def submit(job: Job) -> Any:
            attempts[job.key] = attempts.get(job.key, 0) + 1
            return client.submit(
                self.task,
                kit.sha256,
                kit_on_the_workers(),
                job.key,
                job.exercise_id,
                job.files,
                warm=warm,
                pure=False,
                retries=0,
            )

        pending = {submit(job): job for job in jobs}
        finished = distributed.as_completed(list(pending))
        try:
            for future in finished:
                job = pending.pop(future)
                outcome = self._outcome(job, future, distributed, kit, client)
                if outcome is None:  # lost on the way: once more, elsewhere maybe
                    if attempts[job.key] < MAX_ATTEMPTS:
                        again = submit(job)
                        pending[again] = job
                        finished.add(again)
                        continue
                    outcome = (job, None, f"its result was lost {MAX_ATTEMPTS} times")
                yield outcome
        except (OSError, TimeoutError, distributed.comm.CommClosedError) as exc:
            raise ClusterLost(f"the Dask scheduler at {self.scheduler} went away: {exc}") from None
        finally:
            client.cancel(list(pending), force=True)

    def _outcome(
        self, job: Job, future: Any, distributed: Any, kit: Kit, client: Any
    ) -> Outcome | None:
        """The job's outcome; None when it must run again (its warm pool broke, or its
        result was lost with a worker that died before handing it over)."""
        if future.status == "cancelled":
            # A client cancels its futures when it loses the scheduler.
            self._check_scheduler(client)
            return None
        try:
            payload = future.result()
        except distributed.KilledWorker:
            return job, None, "it killed its Dask worker every time it ran"
        except WarmPoolBroke:
            return None
        except KitMismatch as exc:
            return job, None, str(exc)
        except (OSError, TimeoutError):  # connections: Dask's CommClosedError among them
            self._check_scheduler(client)
            return None
        except Exception as exc:  # the worker's grader failed: said, never a zero
            return job, None, f"the worker failed: {type(exc).__name__}: {exc}"
        if not isinstance(payload, dict) or payload.get("kit") != kit.sha256:
            return job, None, "the worker graded with another kit"
        try:
            where = containment_from_json(payload["containment"])
            result = exercise_from_json(payload["result"])
        except (KeyError, TypeError, ValueError):
            return job, None, "the worker's answer is not a result"
        self.containments[job.key] = where
        self.workers.add(str(payload.get("worker", "")))
        return job, result, ""
