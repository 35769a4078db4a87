"""The pytest side of a warm trusted pytest (``--grader-zygote FD``).

A class grading's worker starts one such pytest per exercise it grades
(:mod:`grader.sandbox.zygote`). It configures pytest, starts the session and collects the
exercise's suites once, as each job's trusted pytest would, with no job yet: what it
records meanwhile (the collected tests, collection errors) is kept. When pytest reaches
its test loop, :func:`serve` takes jobs on the control socket and forks once per job; the
child binds itself to its job (:func:`bind`: its log, working folder, environment,
namespace, job file, results pipe, temporary folder, student process) and runs the test
loop, the session's end and pytest's exit exactly as a trusted pytest started for that
job alone would. The parent waits for the child, says how it ended, and takes the next
job. Student code never runs here: only in each job's student processes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# The largest request (paths, the trusted environment, the namespace's arguments).
MAX_REQUEST_BYTES = 1 << 16
# Descriptors sent with a request: the job's log, then its results pipe.
REQUEST_FDS = 2


@dataclass(frozen=True)
class JobRequest:
    """One job, as the worker sends it: where the forked trusted pytest writes and works."""

    job_file: str
    basetemp: str
    cwd: str
    env: dict[str, str]
    # The arguments of grader.sandbox.namespaces.enter, when the job has a namespace.
    enter: dict[str, Any] | None

    def dumps(self) -> bytes:
        return json.dumps(dataclasses.asdict(self)).encode("utf-8")

    @classmethod
    def loads(cls, data: bytes) -> JobRequest:
        fields = json.loads(data.decode("utf-8"))
        return cls(
            job_file=str(fields["job_file"]),
            basetemp=str(fields["basetemp"]),
            cwd=str(fields["cwd"]),
            env={str(k): str(v) for k, v in dict(fields["env"]).items()},
            enter=None if fields["enter"] is None else dict(fields["enter"]),
        )


def buffered_stream() -> io.StringIO:
    """Where the recorder writes until a job gives it its results pipe."""
    return io.StringIO()


def send(control: socket.socket, message: dict[str, Any]) -> None:
    control.send(json.dumps(message).encode("utf-8"))


def serve(control: socket.socket, *, collected_cleanly: bool) -> tuple[JobRequest, int, int]:
    """Say ready, then fork once per job request; return only in a job's child, with its
    request, log descriptor and results descriptor. The zygote itself exits when the
    worker closes the control socket (or dies). A collection that failed is not kept:
    the zygote says it is not ready and exits (each job then collects on its own)."""
    if not collected_cleanly:
        send(control, {"ready": False})
        os._exit(0)
    # Nothing of the set-up is garbage-collected again in each job (see grader.batch.warm).
    gc.collect()
    gc.freeze()
    send(control, {"ready": True})
    previous: int | None = None
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, MAX_REQUEST_BYTES, REQUEST_FDS)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)
        # The last job stayed a zombie until now, so that its pid, which the worker may
        # still signal, could not be anybody else's.
        if previous is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(previous, 0)
            previous = None
        if len(fds) != REQUEST_FDS:
            for fd in fds:
                os.close(fd)
            send(control, {"refused": "a job request carries its log and results pipe"})
            continue
        try:
            request = JobRequest.loads(data)
        except (ValueError, KeyError, TypeError) as exc:
            for fd in fds:
                os.close(fd)
            send(control, {"refused": f"malformed job request: {exc}"})
            continue
        # Nothing this process wrote may be written again by the child.
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            control.close()
            return request, fds[0], fds[1]
        for fd in fds:
            os.close(fd)
        send(control, {"pid": pid})
        send(control, {"status": _ended(pid)})
        previous = pid


def _ended(pid: int) -> int:
    """How child ``pid`` ended, as a Popen's returncode, once it has; it is left to reap."""
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    if info is None:  # only with WNOHANG
        return -9
    if info.si_code == os.CLD_EXITED:
        return int(info.si_status)
    return -int(info.si_status)


def redirect_output(config: pytest.Config, log_fd: int) -> None:
    """This process's standard streams (as pytest captures them) to the job's log,
    stdin from /dev/null, its own session: what a trusted pytest started for the job
    has from its start."""
    from _pytest.faulthandler import fault_handler_stderr_fd_key

    os.setsid()
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        # What the zygote's collection printed is the zygote's, not this job's.
        capture.read_global_capture()
        capture.stop_global_capturing()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    # pytest's fault handler writes to its own copy of stderr: the job's log too.
    faulthandler_fd = config.stash.get(fault_handler_stderr_fd_key, None)
    if faulthandler_fd is not None:
        os.dup2(2, faulthandler_fd)
    if capture is not None:
        capture.start_global_capturing()
        capture.suspend_global_capture()


def bind_basetemp(config: pytest.Config, basetemp: Path) -> None:
    """pytest's temporary folders (``tmp_path``) in the job's own folder."""
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is not None:
        factory._given_basetemp = basetemp
        factory._basetemp = None
