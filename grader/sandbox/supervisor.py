"""Runs one trusted pytest process for one exercise and leaves nothing behind.

The trusted pytest makes itself a child subreaper (see ``grader.plugin``), so every
process a student starts, double-forked daemons included, stays in its tree; it kills
that tree when it finishes. When the exercise's wall-clock limit passes first, the
supervisor kills that tree itself (still intact: pytest is alive and adopting), then
pytest. Finally it sweeps anything that was re-parented to the grader's own process,
which happens only if pytest died abnormally.

One exercise is supervised at a time per grader process; parallel grading runs several
grader worker processes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.sandbox.hardening import forbid_inspection
from grader.sandbox.reaper import become_subreaper, kill_descendants


@dataclass(frozen=True)
class Supervised:
    returncode: int
    wall_timeout: bool
    duration_s: float
    leftover_processes: int


def run_supervised(
    argv: Sequence[str],
    *,
    wall_s: float,
    log: Path,
    cwd: Path,
    env: dict[str, str],
    pass_fds: Sequence[int] = (),
) -> Supervised:
    become_subreaper()
    forbid_inspection()
    started = time.monotonic()
    with log.open("wb") as log_stream:
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log_stream,
            stderr=subprocess.STDOUT,
            pass_fds=tuple(pass_fds),
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
    for fd in pass_fds:
        os.close(fd)
    wall_timeout = False
    leftovers = 0
    try:
        returncode = process.wait(timeout=wall_s)
    except subprocess.TimeoutExpired:
        wall_timeout = True
        # Freeze pytest first: past the limit it must record nothing more (it would
        # report the student process killed next as a crash, not as a timeout).
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGSTOP)
        leftovers += kill_descendants(process.pid)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        returncode = process.wait()
    except BaseException:
        kill_descendants(process.pid)
        process.kill()
        process.wait()
        raise
    leftovers += kill_descendants()
    return Supervised(
        returncode=returncode,
        wall_timeout=wall_timeout,
        duration_s=round(time.monotonic() - started, 4),
        leftover_processes=leftovers,
    )
