"""What the ``student`` and ``student_env`` fixtures hand to a test, in both modes.

* :class:`RemoteEnvironment` (graded mode): the student's code lives in another
  process; tests get proxies.
* :class:`LocalEnvironment` (direct mode, ``pytest exercises/ID``): the module is simply
  imported, so a student can debug with the tools they know.

Test files are written once against the shared interface below and run unchanged in both.
"""

from __future__ import annotations

import builtins
import importlib.util
import itertools
import sys
import types
from pathlib import Path
from typing import Any, Protocol

from grader.remote.child import Servers
from grader.remote.errors import CannotImport, StudentCodeError
from grader.remote.process import ProcessConfig, StudentProcess
from grader.remote.proxy import Remote, RemoteObject

_source_names = itertools.count(1)

# pytest leaves this module's frames out of failure reports: students see their
# test line and their own code, not the grader's plumbing.
__tracebackhide__ = True


class StudentEnvironment(Protocol):
    """The interface of the ``student_env`` fixture."""

    remote: bool

    @property
    def builtins(self) -> Any:
        """The ``builtins`` module of the student's interpreter."""

    def module(self, name: str) -> Any:
        """The student's module ``name`` (one of the exercise's files)."""

    def exec(self, source: str) -> Any:
        """Run test-supplied source next to the student's code; returns its namespace."""

    def serve(self, server: Any) -> None:
        """Run ``server.serve_forever`` in the background until the test ends."""

    def restart(self) -> None:
        """Start from a pristine interpreter (fresh import of the student's code)."""

    def end_test(self) -> None:
        """Stop servers started by the test and forget its objects."""


class RemoteEnvironment:
    remote = True

    def __init__(self, config: ProcessConfig) -> None:
        self.process = StudentProcess(config)
        self._remote = Remote(self.process)
        self._serving = False

    @property
    def builtins(self) -> Any:
        self.module(self.process.config.allowed_modules[0])
        return self._remote.ask("builtins")

    def module(self, name: str) -> Any:
        _, handle = self.process.ensure_module(name)
        return self._remote.proxy(handle)

    def exec(self, source: str) -> Any:
        self.module(self.process.config.allowed_modules[0])
        return self._remote.ask("exec", source=source, name=f"test_source_{next(_source_names)}")

    def serve(self, server: Any) -> None:
        if not isinstance(server, RemoteObject):
            raise TypeError("serve() needs a server object created by student code")
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
        # outlive the test.
        self._serving = False
        try:
            self.process.request("release")
        except StudentCodeError:
            self.process.kill()

    def close(self) -> None:
        self.process.kill()


class LocalEnvironment:
    remote = False

    def __init__(self, student_dir: Path, allowed_modules: tuple[str, ...] | None) -> None:
        self.student_dir = student_dir
        self.allowed_modules = allowed_modules
        self._modules: dict[str, types.ModuleType] = {}
        self._servers = Servers()

    @property
    def builtins(self) -> Any:
        return builtins

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
        exec(compile(source, f"<test source {name}>", "exec"), namespace.__dict__)
        return namespace

    def serve(self, server: Any) -> None:
        self._servers.serve(server)

    def restart(self) -> None:
        for name in self._modules:
            sys.modules.pop(name, None)
        self._modules.clear()

    def end_test(self) -> None:
        self._servers.stop_all()

    def close(self) -> None:
        self.end_test()
