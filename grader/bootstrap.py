"""Where the grader's code is, and how every process the grader starts begins.

Each kind of child process gets its interpreter flags and a small program from here;
callers ask for the whole argv and never build a ``-c`` string themselves:

======================  ===============  =============================================
child                   flags            what its program does
======================  ===============  =============================================
trusted pytest          ``-I -B``        puts the grader's folder first on the path,
                                         enters the grading's namespace, runs pytest
                                         (:func:`run_trusted_pytest`, also called in
                                         place by a child forked from a warm worker)
student process         ``-I -S -B -u``  ``grader.remote.child.main()``
student program         ``-I -S -B``     ``grader.remote.program.main()``: the
                                         student's file run as ``python FILE ARGS``
probes                  ``-I -S -B``     try one thing in a throw-away process
direct-mode program     (none)           the student's file as ``__main__``, as the
                                         student's own shell would run it
======================  ===============  =============================================

Why these flags:

* ``-I`` (isolated): ``PYTHON*`` environment variables are ignored, the user's
  site-packages is not used, and neither the working folder nor a script's folder is
  put on the path, so nothing a student can place decides what a trusted process
  imports. It also means that ``python -I -m grader.something`` would not find a grader
  run from a source checkout rather than installed: every program here puts
  :data:`GRADER_PARENT` (passed as an argument, never pasted into the source) first on
  its path itself.
* ``-B``: no bytecode is written into the kit or the grader's folder.
* ``-S`` (the student side and the probes): no ``site`` module, so no ``.pth`` file of
  site-packages runs before the sandbox is in place and site-packages is not on the
  student's path; the student side needs only the standard library and
  ``grader.remote``. The trusted pytest keeps ``site``: pytest and its plugins are
  installed there.
* ``-u`` (the student process only): unbuffered output, so what the student printed is
  captured even though the process is ended with SIGKILL or ``os._exit`` (neither
  flushes stdio buffers). A student program keeps block-buffered output on a pipe, as
  in the student's own shell pipeline, so a ``LISTENING`` line must be flushed.

The student side drops the grader's folder from its path again before any student code
runs (:mod:`grader.remote.child`, :mod:`grader.remote.program`), and finds its own
folder from its own file; it never imports this module (the bubblewrap sandbox holds
only :data:`STUDENT_SIDE_FILES` of the grader).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

# The ``grader`` package, and the folder that must be on sys.path for ``import grader``
# (a source checkout or site-packages).
GRADER_PACKAGE = Path(__file__).resolve().parent
GRADER_PARENT = GRADER_PACKAGE.parent

# The grader's files that the student side imports (grader.remote.child, program, wire),
# relative to GRADER_PARENT: all that the bubblewrap sandbox shows of the grader.
STUDENT_SIDE_FILES = ("grader/__init__.py", "grader/remote")

TRUSTED_FLAGS = ("-I", "-B")
STUDENT_FLAGS = ("-I", "-S", "-B")
PROBE_FLAGS = ("-I", "-S", "-B")

# argv: GRADER_PARENT, the grading namespace to enter (JSON, null for none), pytest's
# arguments.
TRUSTED_PYTEST = """\
import json, sys
sys.path.insert(0, sys.argv[1])
from grader.bootstrap import run_trusted_pytest
sys.exit(run_trusted_pytest(enter=json.loads(sys.argv[2]), args=sys.argv[3:]))
"""

# argv: the configuration (JSON), GRADER_PARENT. No name is left behind in __main__
# (`import __main__; __main__.main.__globals__` would be the child's module again).
STUDENT_PROCESS = (
    "import sys; sys.path.insert(0, sys.argv[2]); "
    "__import__('grader.remote.child', fromlist=['main']).main()"
)

# argv: the sandbox (JSON), GRADER_PARENT, the student's file, its arguments.
STUDENT_PROGRAM = (
    "import sys; sys.path.insert(0, sys.argv[2]); from grader.remote.program import main; main()"
)

# argv: the student's file, its arguments. Direct mode: no sandbox, only the signal
# disposition a shell would give.
LOCAL_PROGRAM = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[:] = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)

# argv: GRADER_PARENT, the grader's Python version ("3.11"). Succeeds when the student
# side of the grader can start here; exits with 3 for another Python version.
STUDENT_SIDE_PROBE = """\
import sys
sys.path.insert(0, sys.argv[1])
import grader.remote.child
wanted = tuple(int(part) for part in sys.argv[2].split("."))
sys.exit(0 if sys.version_info[:2] == wanted else 3)
"""

# argv: GRADER_PARENT, an empty folder. Succeeds when a grading namespace can be entered.
NAMESPACE_PROBE = """\
import os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from grader.sandbox import namespaces
folder = Path(sys.argv[2])
(folder / "kept.txt").write_text("kept")
namespaces.enter(student_dir=folder, size_mb=1, uid=os.geteuid(), gid=os.getegid())
import socket
with socket.create_server(("127.0.0.1", 0)) as server:
    socket.create_connection(server.getsockname(), timeout=2).close()
assert (folder / "kept.txt").read_text() == "kept"
"""

# No argv: prints the interpreter's installation folders (its standard library).
INSTALLATION_PROBE = "import sys; print(sys.base_prefix); print(sys.base_exec_prefix)"


def _grader_path() -> str:
    return str(GRADER_PARENT)


def student_side_paths() -> tuple[str, ...]:
    """The grader's files and folders the student side needs to see."""
    return tuple(str(GRADER_PARENT / name) for name in STUDENT_SIDE_FILES)


# -- the trusted pytest ---------------------------------------------------------------
def trusted_pytest_argv(*, enter: Mapping[str, object] | None) -> list[str]:
    """``python -I -B`` running pytest (its arguments follow), first entering the
    grading's namespace when ``enter`` (the arguments of
    :func:`grader.sandbox.namespaces.enter`) is given."""
    return [
        sys.executable,
        *TRUSTED_FLAGS,
        "-c",
        TRUSTED_PYTEST,
        _grader_path(),
        json.dumps(None if enter is None else dict(enter)),
    ]


def enter_grading_namespace(enter: Mapping[str, object]) -> None:
    """Enter the grading's namespace from the arguments of
    :func:`grader.sandbox.namespaces.enter` as they travel (JSON: the runner's, to a
    fresh trusted pytest or to a zygote's job)."""
    from grader.sandbox import namespaces

    namespaces.enter(
        student_dir=Path(str(enter["student_dir"])),
        size_mb=int(str(enter["size_mb"])),
        uid=int(str(enter["uid"])),
        gid=int(str(enter["gid"])),
    )


def run_trusted_pytest(*, enter: Mapping[str, object] | None, args: Sequence[str]) -> int:
    """Run pytest in this process as the trusted pytest: what a fresh one started by
    :func:`trusted_pytest_argv` runs, and what a child forked from a warm worker runs in
    place. No code but the grader's is on the path (the working folder is not), no
    bytecode is written, and the grading's namespace is entered before pytest starts
    any thread."""
    sys.dont_write_bytecode = True
    parent = os.getppid()
    here, grader = os.getcwd(), _grader_path()
    sys.path[:] = [grader, *(p for p in sys.path if p and p not in (here, grader))]
    sys.argv[:] = ["pytest", *args]
    if enter is not None:
        enter_grading_namespace(enter)
    # Killed with the process that started it (a warm pool's process, a cluster's
    # worker): a grading never outlives its grader. Set after entering the namespace,
    # whose change of user clears it; the student processes die with it (bubblewrap's
    # --die-with-parent, and the reaper of its normal end).
    from grader.sandbox.hardening import die_with_parent

    die_with_parent(parent)
    import pytest
    import pytest_timeout  # type: ignore[import-untyped]

    from grader import plugin as grader_plugin

    # No installed plugin runs here but these two, whatever the caller's environment
    # says; they come as objects rather than ``-p NAME``, which pytest would first look
    # up among the entry points of every installed distribution, in every job.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return int(pytest.main(list(args), plugins=[pytest_timeout, grader_plugin]))


# -- the student side -----------------------------------------------------------------
def student_process_argv(*, interpreter: str, fd: int, sandbox: Mapping[str, Any]) -> list[str]:
    """The student process: talks to the trusted side over the socket ``fd``, in the
    folder and under the limits of ``sandbox``."""
    config = {"fd": fd, "grader_path": _grader_path(), **sandbox}
    return [
        interpreter,
        *STUDENT_FLAGS,
        "-u",
        "-c",
        STUDENT_PROCESS,
        json.dumps(config),
        _grader_path(),
    ]


def student_program_argv(
    *, interpreter: str, sandbox: Mapping[str, Any], path: Path, args: Sequence[str]
) -> list[str]:
    """The student's file ``path`` run as a program with ``args``, in the folder and
    under the limits of ``sandbox``."""
    return [
        interpreter,
        *STUDENT_FLAGS,
        "-c",
        STUDENT_PROGRAM,
        json.dumps(dict(sandbox)),
        _grader_path(),
        str(path),
        *args,
    ]


def local_program_argv(*, path: Path, args: Sequence[str]) -> list[str]:
    """Direct mode (the student runs the tests themselves): their file as a program,
    with no flags, as ``python FILE ARGS`` in their shell."""
    return [sys.executable, "-c", LOCAL_PROGRAM, str(path), *args]


# -- probes ---------------------------------------------------------------------------
def student_side_probe_argv(*, interpreter: str) -> list[str]:
    """Whether the student side of the grader starts with ``interpreter`` (run as the
    student's user, or inside bubblewrap)."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return [interpreter, *PROBE_FLAGS, "-c", STUDENT_SIDE_PROBE, _grader_path(), version]


def namespace_probe_argv(*, folder: Path) -> list[str]:
    """Whether a grading namespace can be entered (``folder``: empty, throw-away)."""
    return [sys.executable, *PROBE_FLAGS, "-c", NAMESPACE_PROBE, _grader_path(), str(folder)]


def installation_probe_argv(*, interpreter: str) -> list[str]:
    """Prints ``interpreter``'s installation folders, one a line."""
    return [interpreter, *PROBE_FLAGS, "-c", INSTALLATION_PROBE]
