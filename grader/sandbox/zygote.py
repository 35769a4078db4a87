"""Warm trusted pytests: one per exercise in each class-grading worker, forked per job.

A job's trusted pytest spends most of its fixed cost before the first test: configuring
pytest, starting the session, collecting the suites. Those are the same for every job of
an exercise, so a worker keeps a *zygote* per exercise (and per run's options): a
trusted pytest forked from the warm worker that has done all of that, with no job, and
forks once per job (:mod:`grader.plugin.zygote` is its pytest side). Each job's process
is then what a fresh trusted pytest would be: it enters the job's namespace, takes the
job's log, folder, environment, job file and results pipe, starts the job's student
process, and runs the tests; nothing of one job reaches the next, since each is forked
from the zygote's state after collection, never from another job.

The supervisor (:func:`grader.sandbox.supervisor.run_supervised`) treats a job forked
by a zygote as its own: the zygote sends the job's pid, waits for it and sends how it
ended; the supervisor kills it and its tree on the exercise's wall clock as before.
The supervisor's sweeps spare the zygotes (:meth:`Zygotes.pids`). Whatever goes wrong with
a zygote (it does not start, dies, refuses a request) costs only speed: the job is
forked from the worker as without zygotes, and the zygote is not asked again.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import select
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from grader import bootstrap
from grader.plugin.zygote import JobRequest
from grader.sandbox.limits import trusted_environment
from grader.sandbox.supervisor import Forked

# How long a zygote may take to collect its suites, and to answer a request.
STARTUP_LIMIT_S = 60.0
REPLY_LIMIT_S = 10.0
# Zygotes kept per worker (one per exercise graded), the least recently used closed first.
MAX_ZYGOTES = 16


class ZygoteUnavailable(Exception):
    """This zygote cannot take a job (it did not start, died, or refused)."""


class Zygote:
    """A warm trusted pytest of one exercise, ready to fork a job."""

    def __init__(self, args: Sequence[str], *, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._control = ours
        try:
            main = partial(
                bootstrap.run_trusted_pytest,
                enter=None,
                args=[*args, "--grader-zygote", str(theirs.fileno())],
            )
            self._process = Forked(
                main, log=folder / "zygote.log", cwd=folder, env=env, pass_fds=(theirs.fileno(),)
            )
        finally:
            theirs.close()
        try:
            if self.receive(STARTUP_LIMIT_S) != {"ready": True}:
                raise ZygoteUnavailable("it did not say it was ready")
        except ZygoteUnavailable:
            self.close()
            raise

    @property
    def pid(self) -> int:
        return self._process.pid

    def receive(self, timeout: float) -> dict[str, Any]:
        ready, _, _ = select.select([self._control], [], [], max(0.0, timeout))
        if not ready:
            raise TimeoutError
        try:
            data = self._control.recv(4096)
        except OSError as exc:
            raise ZygoteUnavailable(str(exc)) from None
        if not data:
            raise ZygoteUnavailable("it ended")
        message = json.loads(data.decode("utf-8"))
        if type(message) is not dict:
            raise ZygoteUnavailable("it sent no message")
        return message

    def fork_job(self, request: JobRequest, *, log: Path, results_fd: int) -> ForkedJob:
        """Send one job; its process is running when this returns."""
        log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            socket.send_fds(self._control, [request.dumps()], [log_fd, results_fd])
            reply = self.receive(REPLY_LIMIT_S)
        except (OSError, TimeoutError) as exc:
            raise ZygoteUnavailable(str(exc) or type(exc).__name__) from None
        finally:
            os.close(log_fd)
        pid = reply.get("pid")
        if type(pid) is not int or pid <= 0:
            raise ZygoteUnavailable(str(reply.get("refused", "no pid in its reply")))
        return ForkedJob(self, pid)

    def close(self) -> None:
        """End the zygote (it exits when its control socket closes) and reap it."""
        self._control.close()
        try:
            self._process.wait(timeout=REPLY_LIMIT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            with contextlib.suppress(ChildProcessError):
                self._process.wait()
        except (ChildProcessError, ProcessLookupError):
            pass  # it died and a supervisor's sweep reaped it


class ForkedJob:
    """A job's trusted pytest forked by a zygote, waited for like a Popen."""

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self._zygote = zygote
        self.pid = pid
        self.returncode: int | None = None
        self.zygote_lost = False

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                remaining = 3600.0 if deadline is None else deadline - time.monotonic()
                try:
                    message = self._zygote.receive(remaining)
                except TimeoutError:
                    if deadline is None:
                        continue
                    raise subprocess.TimeoutExpired(["zygote job"], timeout or 0.0) from None
                except ZygoteUnavailable:
                    # The zygote died, and with it the job (killed with its parent).
                    self.zygote_lost = True
                    self.returncode = -9
                    break
                status = message.get("status")
                if type(status) is int:
                    self.returncode = status
                    break
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, 9)


class ZygoteLaunch:
    """How the supervisor starts one job: forked by the zygote of ``key``, or when that
    fails, by ``fallback`` in a child forked from this worker as without zygotes."""

    def __init__(
        self,
        registry: Zygotes,
        key: tuple[str, ...],
        *,
        job_file: Path,
        basetemp: Path,
        enter: dict[str, object] | None,
        fallback: Callable[[], int],
    ) -> None:
        self.registry = registry
        self.key = key
        self.job_file = job_file
        self.basetemp = basetemp
        self.enter = enter
        self.fallback = fallback
        self._job: ForkedJob | None = None

    @property
    def zygote_lost(self) -> bool:
        """Whether the job's zygote died while the job ran (which killed the job: it is
        to be graded again, without a zygote)."""
        return self._job is not None and self._job.zygote_lost

    def start(
        self, *, log: Path, cwd: Path, env: dict[str, str], pass_fds: Sequence[int]
    ) -> Forked | ForkedJob:
        zygote = self.registry.get(self.key)
        if zygote is not None and len(pass_fds) == 1:
            request = JobRequest(
                job_file=str(self.job_file),
                basetemp=str(self.basetemp),
                cwd=str(cwd),
                env=env,
                enter=self.enter,
            )
            try:
                self._job = zygote.fork_job(request, log=log, results_fd=pass_fds[0])
                return self._job
            except ZygoteUnavailable:
                self.registry.discard(self.key)
        return Forked(self.fallback, log=log, cwd=cwd, env=env, pass_fds=pass_fds)


class Zygotes:
    """This worker's zygotes, by the arguments their pytest was started with."""

    def __init__(self) -> None:
        self._live: collections.OrderedDict[tuple[str, ...], Zygote] = collections.OrderedDict()
        self._failed: set[tuple[str, ...]] = set()

    def start(
        self, key: tuple[str, ...], make_args: Callable[[Path], list[str]], *, root: Path
    ) -> bool:
        """Have a zygote for ``key``: if there is none, start one in a new folder under
        ``root`` with the arguments ``make_args`` gives for that folder. Whether there
        is one (a key whose zygote failed once is not tried again)."""
        if key in self._live:
            if self._live[key].folder.is_dir():
                self._live.move_to_end(key)
                return True
            self.discard(key, failed=False)  # its folder went with its kit
        if key in self._failed:
            return False
        while len(self._live) >= MAX_ZYGOTES:
            _, oldest = self._live.popitem(last=False)
            oldest.close()
        try:
            folder = Path(tempfile.mkdtemp(prefix="grader-zygote-", dir=root))
            self._live[key] = Zygote(make_args(folder), folder=folder, env=trusted_environment())
        except (ZygoteUnavailable, OSError):
            self._failed.add(key)
            return False
        return True

    def get(self, key: tuple[str, ...]) -> Zygote | None:
        return self._live.get(key)

    def discard(self, key: tuple[str, ...], *, failed: bool = True) -> None:
        zygote = self._live.pop(key, None)
        if zygote is not None:
            if failed:
                self._failed.add(key)
            zygote.close()

    def pids(self) -> frozenset[int]:
        return frozenset(zygote.pid for zygote in self._live.values())


# The zygotes of this process (a class grading's worker).
ZYGOTES = Zygotes()
