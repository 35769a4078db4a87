"""What the cluster tests send to real Dask workers in place of
:func:`grader.batch.cluster_worker.grade_on_worker` (through ``ClusterRun.task``).

The workers import this module by name: they run in the same virtual environment and
checkout as the tests, so ``grader.tests`` is importable there.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from grader.batch.cluster_worker import grade_on_worker
from grader.submission import ExerciseFiles

# A job whose files hold this kills the Dask worker process that runs it, every time.
KILL_MARKER = b"KILL-MY-DASK-WORKER"


def kill_worker_on_marker(
    kit_sha256: str,
    archive: bytes,
    key: tuple[str, str],
    exercise_id: str,
    files: ExerciseFiles,
    warm: tuple[str, ...] = (),
) -> dict[str, Any]:
    """``grade_on_worker``, except that a job with :data:`KILL_MARKER` in one of its
    files SIGKILLs the worker process running it (what no student code can do: it runs
    in the grader's confined child processes; this proves the bound on attempts)."""
    if any(KILL_MARKER in content for content in files.modules.values()):
        os.kill(os.getpid(), signal.SIGKILL)
    return grade_on_worker(kit_sha256, archive, key, exercise_id, files, warm)
