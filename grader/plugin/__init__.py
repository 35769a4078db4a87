"""The grader's pytest plugin: the ``student`` fixtures, the ``points`` marker, records.

Graded mode (``--grader-job FILE``, used by every ``grader`` command): student code runs
in a separate process and this process, which decides the grade, never imports it.
Direct mode (a student's own ``pytest exercises/ID``): the module is imported here.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from grader.bootstrap import enter_grading_namespace
from grader.harness.dead import DeadServer
from grader.harness.net import Net
from grader.plugin import zygote
from grader.plugin.environments import LocalEnvironment, RemoteEnvironment, StudentEnvironment
from grader.plugin.job import Job
from grader.plugin.recorder import Recorder, classify
from grader.records import Finished
from grader.remote.errors import SandboxFailed
from grader.said import Said, said_of
from grader.sandbox.hardening import become_subreaper, die_with_parent, forbid_inspection
from grader.sandbox.reaper import kill_descendants

_ENV_KEY = pytest.StashKey[Any]()
_RECORDER_KEY = pytest.StashKey[Recorder]()
_JOB_KEY = pytest.StashKey[Job]()
# "module:group" -> why that server stopped answering (see grader.harness.net).
_DEAD_SERVERS_KEY = pytest.StashKey[dict[str, DeadServer]]()
_FAILED_KEY = pytest.StashKey[bool]()  # set on a test item whose setup or call failed
_COLLECTED_ROOTS_KEY = pytest.StashKey[tuple[str, ...]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader", "course kit grader")
    group.addoption("--grader-job", help="graded mode: the runner's job file")
    group.addoption("--grader-results-fd", type=int, help="write result records to this fd")
    group.addoption(
        "--grader-zygote", type=int, help="class grading: fork per job sent on this socket"
    )
    group.addoption(
        "--student-dir",
        help="direct mode: folder holding the student's module (default: the test's folder)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): the test's weight in its exercise (default 1)")
    config.addinivalue_line(
        "markers", "student_module(name): the module the test (or its whole file) grades"
    )
    config.addinivalue_line("markers", "fresh_process: run the test on a freshly imported module")
    config.addinivalue_line(
        "markers", "show_ids: a hidden test whose parametrize ids reports may show"
    )
    job_path = config.getoption("--grader-job")
    zygote_fd = config.getoption("--grader-zygote")
    if job_path or zygote_fd is not None:
        config.stash[_COLLECTED_ROOTS_KEY] = tuple(
            os.path.abspath(arg.split("::", 1)[0]) for arg in config.args
        )
    fd = config.getoption("--grader-results-fd")
    if fd is not None:
        _register_recorder(config, os.fdopen(fd, "w", encoding="utf-8"))
    elif zygote_fd is not None:
        # What collection records waits for each job's results pipe.
        _register_recorder(config, zygote.buffered_stream())
        # Every job is forked from here: no student process (which may run as this
        # user) may read or change this process through /proc or ptrace.
        forbid_inspection()
    if job_path:
        _bind_job(config, Job.load(Path(job_path)))


def _register_recorder(config: pytest.Config, stream: IO[str]) -> None:
    recorder = Recorder(stream)
    config.stash[_RECORDER_KEY] = recorder
    config.pluginmanager.register(recorder, "grader-recorder")


def _bind_job(config: pytest.Config, job: Job) -> None:
    config.stash[_JOB_KEY] = job
    # Every process a student starts stays in this process's tree, so that
    # pytest_unconfigure can kill them all, daemons included; and none of them may
    # reach into this process through /proc or ptrace.
    become_subreaper()
    forbid_inspection()
    # The student's interpreter starts now (no student code runs before the first
    # import), so that its start-up overlaps what pytest does before the first test.
    _remote_environment(config, job).process.prestart()


@pytest.hookimpl(tryfirst=True, wrapper=True)
def pytest_runtestloop(session: pytest.Session) -> Generator[None, object, object]:
    """A zygote (``--grader-zygote``) forks here, once per job; each child binds itself
    to its job and runs the tests (see grader.plugin.zygote)."""
    control_fd = session.config.getoption("--grader-zygote")
    if control_fd is not None:
        zygote_pid = os.getpid()
        request, log_fd, results_fd = zygote.serve(
            socket.socket(fileno=control_fd), collected_cleanly=session.testsfailed == 0
        )
        _bind_forked_job(session.config, request, log_fd, results_fd, zygote_pid)
    return (yield)


def _bind_forked_job(
    config: pytest.Config, request: zygote.JobRequest, log_fd: int, results_fd: int, parent: int
) -> None:
    """In a job's process forked by a zygote: become what a trusted pytest started for
    this job is when it reaches its tests (grader.bootstrap.run_trusted_pytest, then
    pytest_configure above)."""
    zygote.redirect_output(config, log_fd)
    os.chdir(request.cwd)
    os.environ.clear()
    os.environ.update(request.env)
    if request.enter is not None:
        enter_grading_namespace(request.enter)
    die_with_parent(parent)
    zygote.bind_basetemp(config, Path(request.basetemp))
    job = Job.load(Path(request.job_file))
    config.stash[_RECORDER_KEY].bind(
        os.fdopen(results_fd, "w", encoding="utf-8"),
        workdir=str(job.process.workdir),
        kit_root=config.rootpath,
    )
    _bind_job(config, job)


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Graded mode: what lies outside the suites given on the command line is never
    looked at. pytest walks every folder from the kit's root down to them and would
    make a node of each neighbour (the other exercises, solutions/, ...) before
    dropping it: the same tests, at a cost that grew with the kit."""
    roots = config.stash.get(_COLLECTED_ROOTS_KEY, None)
    if roots is None:
        return None
    path = str(collection_path)
    if any(path == root or path.startswith(root + os.sep) for root in roots):
        return None
    return True


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_JOB_KEY, None) is not None:
        kill_descendants()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        item.stash[_FAILED_KEY] = True
    if call.excinfo is not None and call.excinfo.errisinstance(SandboxFailed):
        # The grader's failure, not the student's: stop here, so that the runner sees an
        # interrupted run (a grader error in which no test counts) and says why.
        item.session.shouldstop = Said("engine.grader_error", problems=said_of(call.excinfo.value))
    recorder = item.config.stash.get(_RECORDER_KEY, None)
    if recorder is not None and call.excinfo is not None and report.failed:
        recorder.classified(report.nodeid, report.when, classify(call.excinfo))
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    recorder = session.config.stash.get(_RECORDER_KEY, None)
    env = session.config.stash.get(_ENV_KEY, None)
    finished = Finished(exitstatus=int(exitstatus))
    if isinstance(env, RemoteEnvironment):
        env.close()
        # Kill what the student left running, so that the output pipes end and every
        # byte printed before the end is in the snapshot.
        kill_descendants()
        env.process.wait_for_output()
        output = env.process.output.snapshot()
        finished = Finished(
            exitstatus=int(exitstatus),
            output=output.text,
            output_bytes=output.total_bytes,
            output_truncated=output.truncated,
            # module -> why: given up on (cannot import), and every failed import.
            cannot_import=tuple(env.process.cannot_import.items()),
            import_errors=tuple(env.process.import_errors.items()),
            process_starts=env.process.starts,
        )
    elif isinstance(env, dict):
        for local in env.values():
            local.close()
    if recorder is not None:
        recorder.finished(finished)


def _remote_environment(config: pytest.Config, job: Job) -> RemoteEnvironment:
    env = config.stash.get(_ENV_KEY, None)
    if not isinstance(env, RemoteEnvironment):
        env = RemoteEnvironment(job.process)
        config.stash[_ENV_KEY] = env
    return env


def _environment(request: pytest.FixtureRequest) -> StudentEnvironment:
    config = request.config
    job = config.stash.get(_JOB_KEY, None)
    if job is not None:
        return _remote_environment(config, job)
    env = config.stash.get(_ENV_KEY, None)
    # Direct mode: one environment per student folder.
    option = config.getoption("--student-dir")
    folder = Path(option).resolve() if option else request.path.parent
    envs: dict[Path, LocalEnvironment] = env if isinstance(env, dict) else {}
    config.stash[_ENV_KEY] = envs
    if folder not in envs:
        envs[folder] = LocalEnvironment(folder, None)
    return envs[folder]


def _declared_module(request: pytest.FixtureRequest) -> str | None:
    """The module named by the test's closest ``student_module`` marker (a test's own
    marker wins over its file's ``pytestmark``), if any."""
    marker = request.node.get_closest_marker("student_module")
    if marker is None or not marker.args or not isinstance(marker.args[0], str):
        return None
    return marker.args[0]


def _module_name(request: pytest.FixtureRequest) -> str:
    name = _declared_module(request)
    if name is None:
        raise pytest.UsageError(
            f"{request.node.nodeid}: declare `pytestmark = pytest.mark.student_module(NAME)`"
        )
    return name


@pytest.fixture
def student_env(request: pytest.FixtureRequest) -> Iterator[StudentEnvironment]:
    """The student's interpreter: ``builtins``, ``module()``, ``exec()``, ``serve()``."""
    env = _environment(request)
    if request.node.get_closest_marker("fresh_process") is not None:
        env.restart()
    # Test source and the interpreter's built-ins come with the test's own module: a
    # test of file_client.py never needs file_server.py to be there or to import.
    env.begin_test(_declared_module(request))
    yield env
    env.end_test()


@pytest.fixture
def student(request: pytest.FixtureRequest, student_env: StudentEnvironment) -> Any:
    """The student's module named by the file's ``student_module`` marker."""
    return student_env.module(_module_name(request))


@pytest.fixture
def net(request: pytest.FixtureRequest, student_env: StudentEnvironment) -> Iterator[Net]:
    """The socket test harness: student servers, clients, programs (grader/harness/)."""
    dead = request.config.stash.setdefault(_DEAD_SERVERS_KEY, {})
    harness = Net(student_env, test_name=request.node.name, dead=dead, key=_module_name(request))
    yield harness
    # Only a failed test's timeouts call for a probe: a test may expect silence.
    harness.close(test_failed=request.node.stash.get(_FAILED_KEY, False))
