"""What the ``student`` and ``student_env`` fixtures hand to a test, in both modes.

* :class:`RemoteEnvironment` (graded mode): the student's code lives in another
  process; tests get proxies.
* :class:`LocalEnvironment` (direct mode, ``pytest exercises/ID``): the module is simply
  imported, so a student can debug with the tools they know.

Test files are written once against the shared interface below and run unchanged in both.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from grader.bootstrap import local_program_argv
from grader.remote import pristine, sequences
from grader.remote.child import Servers
from grader.remote.errors import (
    CannotImport,
    ProtocolViolation,
    StudentCodeError,
    exception_from_wire,
)
from grader.remote.process import ProcessConfig, StudentProcess
from grader.remote.proxy import Remote, RemoteObject
from grader.said import Said
from grader.sandbox.launch import StudentPopen
from grader.sandbox.scratch import make_scratch_dir

_source_names = itertools.count(1)

# pytest leaves this module's frames out of failure reports: students see their
# test line and their own code, not the grader's plumbing.
__tracebackhide__ = True


@dataclass(frozen=True)
class Outcome:
    """What one operation of ``each`` did: returned ``value``, or raised ``raised``."""

    value: Any = None
    raised: BaseException | None = None

    def raises(self, kind: type[BaseException]) -> bool:
        return isinstance(self.raised, kind)


class StudentEnvironment(Protocol):
    """The interface of the ``student_env`` fixture."""

    remote: bool

    @property
    def builtins(self) -> Any:
        """The built-ins of the student's interpreter as they were before any student
        code ran, with strict ``isinstance``/``issubclass``/``vars`` (see
        docs/writing-tests.md, "What a test can trust")."""

    def module(self, name: str) -> Any:
        """The student's module ``name`` (one of the exercise's files)."""

    def exec(self, source: str) -> Any:
        """Run test-supplied source next to the student's code; returns its namespace."""

    def each(self, target: Any, operations: Sequence[tuple[Any, ...]]) -> list[Outcome]:
        """Run ``operations`` (see :mod:`grader.remote.sequences`) on the student object
        ``target`` one after the other, in one exchange with the student's process
        (within one call timeout); one outcome per operation: what it returned or
        raised. The test compares them: nothing is judged on the student's side."""

    def serve(self, server: Any) -> None:
        """Run ``server.serve_forever`` in the background until the test ends."""

    def restart(self) -> None:
        """Start from a pristine interpreter (fresh import of the student's code)."""

    def begin_test(self, module: str | None) -> None:
        """A test starts; ``module`` is the one its file grades (``student_module``)."""

    def end_test(self) -> None:
        """Stop servers started by the test and forget its objects."""

    @property
    def call_timeout(self) -> float:
        """How long one call into student code may take."""

    def student_pid(self) -> int:
        """The pid of the process running the student's code, as that code sees it."""

    def student_host_pid(self) -> int:
        """The same process's pid as the trusted side sees it (for signals, /proc)."""

    def scratch_dir(self) -> Path:
        """A new folder the student's code may write and the test may read."""

    def start_program(self, module: str, args: list[str]) -> StudentPopen:
        """Run the student's ``module`` as a program; stdout and stderr are pipes."""


class RemoteEnvironment:
    remote = True

    # Servers get this long to stop once the test's clients are closed.
    STOP_GRACE = 1.0

    def __init__(self, config: ProcessConfig) -> None:
        self.process = StudentProcess(config)
        self._remote = Remote(self.process)
        self._serving = False
        self._test_module: str | None = None

    def _anchor(self) -> None:
        """Import a module of the student's before anything else runs in their process:
        the test's own module, else the first one submitted and importable. A test of
        one module never depends on another module of the exercise being there."""
        name = self._test_module
        if name is None:
            importable = self.process.importable_modules()
            name = importable[0] if importable else self.process.config.allowed_modules[0]
        self.module(name)

    def begin_test(self, module: str | None) -> None:
        self._test_module = module

    @property
    def builtins(self) -> Any:
        self._anchor()
        return self._remote.ask("builtins")

    def module(self, name: str) -> Any:
        _, handle = self.process.ensure_module(name)
        return self._remote.proxy(handle)

    def exec(self, source: str) -> Any:
        self._anchor()
        return self._remote.ask("exec", source=source, name=f"test_source_{next(_source_names)}")

    def each(self, target: Any, operations: Sequence[tuple[Any, ...]]) -> list[Outcome]:
        if (
            not isinstance(target, RemoteObject)
            or object.__getattribute__(target, "_grader_remote") is not self._remote
        ):
            raise TypeError(Said("engine.each_needs_object"))
        checked = [sequences.check(operation) for operation in operations]
        if len(checked) > sequences.MAX_OPERATIONS:
            raise ValueError(Said("engine.each_too_many", count=sequences.MAX_OPERATIONS))
        answers = target._grader_ask("each", operations=self._remote.encode(checked))
        if type(answers) is not list or len(answers) != len(checked):
            self.process.kill()
            raise ProtocolViolation(Said("engine.each_bad_answer"))
        outcomes = []
        for answer in answers:
            if type(answer) is not list or len(answer) != 2 or type(answer[0]) is not bool:
                self.process.kill()
                raise ProtocolViolation(Said("engine.each_bad_outcome"))
            returned, body = answer
            if returned:
                outcomes.append(Outcome(value=body))
                continue
            raised = exception_from_wire(body)
            if isinstance(raised, ProtocolViolation):
                self.process.kill()
                raise raised
            outcomes.append(Outcome(raised=raised))
        return outcomes

    def serve(self, server: Any) -> None:
        if not isinstance(server, RemoteObject):
            raise TypeError(Said("engine.serve_needs_server"))
        server._grader_ask("serve")
        self._serving = True

    def restart(self) -> None:
        self.process.kill()  # the next request starts a fresh process

    def end_test(self) -> None:
        self._remote.forget_proxies()
        if not self.process.alive:
            return
        if not self._serving:
            self.process.release_later()
            return
        # Servers stop now, not at the next request: their threads and ports must not
        # outlive the test. Whatever did not stop in time ends with the process.
        self._serving = False
        try:
            problems = self._remote.ask(
                "release", grace=self.STOP_GRACE, timeout=self.STOP_GRACE + 2.0
            )
        except StudentCodeError:
            problems = ["the servers could not be stopped"]
        # The answer comes from the student's process and could lie; a lie only keeps
        # that process (and whatever it leaves running) for its own next test, and the
        # exercise's cleanup kills everything at the end.
        if type(problems) is not list or problems:
            self.process.kill()

    @property
    def call_timeout(self) -> float:
        return self.process.config.timeouts.call

    def student_pid(self) -> int:
        self._anchor()
        pid = self.process.pid_seen_by_student
        if pid is None:
            raise StudentCodeError(Said("engine.not_running"))
        return pid

    def student_host_pid(self) -> int:
        self._anchor()
        pid = self.process.pid
        if pid is None:
            raise StudentCodeError(Said("engine.not_running"))
        return pid

    def scratch_dir(self) -> Path:
        confinement = self.process.config.confinement
        return make_scratch_dir(self.process.config.workdir, confinement.uid, confinement.gid)

    def start_program(self, module: str, args: list[str]) -> StudentPopen:
        if module not in self.process.config.allowed_modules:
            raise CannotImport(Said("engine.not_exercise_file", module=f"{module}.py"))
        path = self.process.config.workdir / f"{module}.py"
        return self.process.start_program(path, args)

    def close(self) -> None:
        self.process.kill()


def _returned(value: Any) -> Outcome:
    return Outcome(value=value)


def _nothing_to_settle() -> None:
    pass  # direct mode: the student's hooks are pytest's own process's anyway


def _raised(exc: BaseException) -> Outcome:
    if isinstance(exc, KeyboardInterrupt):
        raise exc
    return Outcome(raised=exc)  # as in graded mode: SystemExit is an outcome too


class LocalEnvironment:
    remote = False

    def __init__(self, student_dir: Path, allowed_modules: tuple[str, ...] | None) -> None:
        self.student_dir = student_dir
        self.allowed_modules = allowed_modules
        self._modules: dict[str, types.ModuleType] = {}
        self._servers = Servers()
        self._scratch: list[Path] = []

    @property
    def builtins(self) -> Any:
        return pristine.namespace()

    def module(self, name: str) -> Any:
        if self.allowed_modules is not None and name not in self.allowed_modules:
            raise CannotImport(f"{name}.py is not a file of this exercise")
        loaded = self._modules.get(name)
        if loaded is None:
            loaded = self._import(name)
        return loaded

    def _import(self, name: str) -> types.ModuleType:
        path = self.student_dir / f"{name}.py"
        if not path.is_file():
            raise CannotImport(
                f"cannot import {name}.py: no such file in {self.student_dir} "
                "(point --student-dir at the folder holding it)"
            )
        # Loaded by path, not by name: the test file's own folder (perhaps holding the
        # stub) is on sys.path too, and must not win.
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        previous = sys.modules.get(name)
        sys.modules[name] = module
        sys.path.insert(0, str(self.student_dir))
        try:
            spec.loader.exec_module(module)
        except BaseException:
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
            raise
        finally:
            sys.path.remove(str(self.student_dir))
        self._modules[name] = module
        return module

    def exec(self, source: str) -> Any:
        for name in self.allowed_modules or ():
            self.module(name)
        name = f"test_source_{next(_source_names)}"
        namespace = types.ModuleType(name)
        namespace.__dict__["__builtins__"] = pristine.exec_builtins(self._modules)
        exec(compile(source, f"<test source {name}>", "exec"), namespace.__dict__)
        return namespace

    def each(self, target: Any, operations: Sequence[tuple[Any, ...]]) -> list[Outcome]:
        checked = [sequences.check(operation) for operation in operations]
        return sequences.run(target, checked, _returned, _raised, _nothing_to_settle)

    def serve(self, server: Any) -> None:
        self._servers.serve(server)

    def begin_test(self, module: str | None) -> None:
        pass  # direct mode imports what each call needs

    def restart(self) -> None:
        for name in self._modules:
            sys.modules.pop(name, None)
        self._modules.clear()

    def end_test(self) -> None:
        # Direct mode cannot kill leftovers without killing pytest itself; the servers'
        # threads are daemons and end with it.
        self._servers.stop_all()

    @property
    def call_timeout(self) -> float:
        return 5.0

    def student_pid(self) -> int:
        return os.getpid()

    def student_host_pid(self) -> int:
        return os.getpid()

    def scratch_dir(self) -> Path:
        path = Path(tempfile.mkdtemp(prefix="grader-scratch-"))
        self._scratch.append(path)
        return path

    def start_program(self, module: str, args: list[str]) -> StudentPopen:
        path = self.student_dir / f"{module}.py"
        if not path.is_file():
            raise CannotImport(f"cannot run {module}.py: no such file in {self.student_dir}")
        popen = subprocess.Popen(
            local_program_argv(path=path, args=args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.student_dir,
            # As in graded mode: standard output is block-buffered on a pipe.
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
            start_new_session=True,
        )
        return StudentPopen(popen, sandboxed=False)

    def close(self) -> None:
        self.end_test()
        for path in self._scratch:
            shutil.rmtree(path, ignore_errors=True)
        self._scratch.clear()
