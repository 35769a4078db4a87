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
The supervisor's sweeps spare the zygotes (:meth:`Zygotes.pids`). Whatever goes wrong
with a zygote costs only speed, and it is not asked again: one that does not start or
refuses a request leaves the job to a child forked from the worker as without zygotes;
one that dies or stops answering once it has the job takes the job with it, and the job
is graded again afresh from the worker.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import select
import shutil
import signal
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
    """This zygote cannot take a job (it did not start, died, or refused): nothing was
    forked, the job can be forked from the worker instead."""


class ZygoteLost(Exception):
    """The zygote stopped answering after it was sent a job, which it may have forked
    already with the job's log and results pipe: the job is to be graded again afresh."""


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
        # Opened while the zygote is surely this process's unreaped child: signals and
        # liveness go through it, never through a pid that may be reused once a
        # supervisor's sweep has reaped a dead zygote.
        self._pidfd = os.pidfd_open(self._process.pid)
        try:
            if self.receive(STARTUP_LIMIT_S) != {"ready": True}:
                raise ZygoteUnavailable("it did not say it was ready")
        except (ZygoteUnavailable, TimeoutError) as exc:
            self.close()
            raise ZygoteUnavailable(str(exc) or "it did not start in time") from None

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def alive(self) -> bool:
        ended, _, _ = select.select([self._pidfd], [], [], 0)
        return not ended

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
        try:
            message = json.loads(data.decode("utf-8"))
        except ValueError:
            raise ZygoteUnavailable("it sent no message") from None
        if type(message) is not dict:
            raise ZygoteUnavailable("it sent no message")
        return message

    def fork_job(self, request: JobRequest, *, log: Path, results_fd: int) -> ForkedJob:
        """Send one job; its process is running when this returns."""
        log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            try:
                socket.send_fds(self._control, [request.dumps()], [log_fd, results_fd])
            except OSError as exc:
                raise ZygoteUnavailable(str(exc)) from None
            try:
                reply = self.receive(REPLY_LIMIT_S)
            except (ZygoteUnavailable, TimeoutError) as exc:
                raise ZygoteLost(str(exc) or "no answer") from None
        finally:
            os.close(log_fd)
        pid = reply.get("pid")
        if type(pid) is int and pid > 0:
            return ForkedJob(self, pid)
        if "refused" in reply:
            raise ZygoteUnavailable(str(reply["refused"]))
        raise ZygoteLost("no pid in its reply")

    def close(self) -> None:
        """End the zygote (it exits when its control socket closes; killed if it does
        not), reap it, remove its folder."""
        self._control.close()
        ended, _, _ = select.select([self._pidfd], [], [], REPLY_LIMIT_S)
        if not ended:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            select.select([self._pidfd], [], [], REPLY_LIMIT_S)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, os.WNOHANG)  # unless a supervisor's sweep reaped it
        os.close(self._pidfd)
        shutil.rmtree(self.folder, ignore_errors=True)


class ForkedJob:
    """A job's trusted pytest forked by a zygote, waited for like a Popen. The zygote
    reaps it only when it is sent the next job, so that its pid stays its own for as
    long as the supervisor may signal it."""

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self._zygote = zygote
        self.pid = pid
        self.returncode: int | None = None
        self.zygote_lost = False

    def wait(self, timeout: float | None = None) -> int:
        """Its returncode once it has ended. Without ``timeout`` (the supervisor waits
        so only for a job it has killed) the zygote has ``REPLY_LIMIT_S`` to report the
        end, or is taken as lost (a stopped or stuck zygote must not stop the worker)."""
        if self.returncode is None:
            limit = REPLY_LIMIT_S if timeout is None else timeout
            deadline = time.monotonic() + limit
            while True:
                try:
                    message = self._zygote.receive(deadline - time.monotonic())
                except TimeoutError:
                    if timeout is not None:
                        raise subprocess.TimeoutExpired(["zygote job"], timeout) from None
                    self._lost()
                    break
                except ZygoteUnavailable:
                    # The zygote died, and with it the job (killed with its parent).
                    self._lost()
                    break
                status = message.get("status")
                if type(status) is int:
                    self.returncode = status
                    break
        assert self.returncode is not None
        return self.returncode

    def _lost(self) -> None:
        self.zygote_lost = True
        self.returncode = -signal.SIGKILL

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


class LostJob:
    """A job whose zygote stopped answering once it was sent: it is graded again."""

    pid = -1  # no process of its own: nothing to signal
    returncode = -signal.SIGKILL
    zygote_lost = True

    def wait(self, timeout: float | None = None) -> int:
        return self.returncode

    def kill(self) -> None:
        pass


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
        self._job: ForkedJob | LostJob | None = None

    @property
    def zygote_lost(self) -> bool:
        """Whether the job's zygote died or stopped answering while it had the job
        (which it takes with it): the job is to be graded again, without a zygote."""
        return self._job is not None and self._job.zygote_lost

    def start(
        self, *, log: Path, cwd: Path, env: dict[str, str], pass_fds: Sequence[int]
    ) -> Forked | ForkedJob | LostJob:
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
            except ZygoteLost:
                self.registry.discard(self.key)
                self._job = LostJob()
                return self._job
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
            zygote = self._live[key]
            if zygote.alive and zygote.folder.is_dir():
                self._live.move_to_end(key)
                return True
            # Dead between jobs (which nothing of the grader does) is a failure; a
            # folder gone with its kit is not.
            self.discard(key, failed=not zygote.alive)
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
        """The live zygotes' pids (a dead one's pid may be another process's by now)."""
        return frozenset(zygote.pid for zygote in self._live.values() if zygote.alive)


# The zygotes of this process (a class grading's worker).
ZYGOTES = Zygotes()
