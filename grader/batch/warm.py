"""Making a class grading's worker warm before its first job.

Each job forks its trusted pytest from the worker (``RunOptions.fork_pytest``), so
whatever the worker holds in memory when it forks is free for every job: pytest, the
plugin and hypothesis imported, and the course's test modules imported once, with
pytest's assertion rewriting, exactly as a trusted pytest would import them; its
collection then finds them in ``sys.modules`` instead of reading, rewriting and running
them again. Only the grader's own code and the kit's tests run here, never student code
(which runs in processes started afresh, with nothing of this memory). A test module
must therefore not start threads when it is imported (a fork copies no thread): the
kit's do not.

Finally the worker's objects are moved out of the cyclic garbage collector's sight
(:func:`gc.freeze`): pytest collects garbage at the end of every session, and walking
every object of the warm worker in each job cost a quarter of a small job.
"""

from __future__ import annotations

import collections
import gc
import importlib
import os
import signal
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from grader.course import Course, Exercise
from grader.runner import PYTEST_INI, suite_paths

# What every trusted pytest imports.
_MODULES = ("pytest", "_pytest.assertion.rewrite", "pytest_timeout", "hypothesis", "grader.plugin")


def warm_up(course: Course | None = None, exercises: Iterable[Exercise] = ()) -> list[Path]:
    """Prepare this worker process; return the test files it imported."""
    # The owner of the pool handles Ctrl-C for the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for module in _MODULES:
        importlib.import_module(module)
    # As in each trusted pytest: no bytecode written into the kit (which may be
    # read-only, and whose hash would change).
    sys.dont_write_bytecode = True
    imported = preload_tests(course, list(exercises)) if course is not None else []
    gc.collect()
    gc.freeze()
    return imported


def preload_tests(course: Course, exercises: list[Exercise]) -> list[Path]:
    """Import the public and hidden test modules of ``exercises`` as the trusted pytest
    does (same ini, same import mode, assertion rewriting), leaving ``sys.path`` as it
    was. A file whose module name another test file of the course shares is left to
    each job's collection, which imports the one it needs."""
    import _pytest.config
    from _pytest.pathlib import import_path

    files = [
        path
        for exercise in exercises
        for suite in suite_paths(course, exercise, include_hidden=True)
        for path in ([suite] if suite.is_file() else sorted(suite.rglob("test_*.py")))
        if "__pycache__" not in path.parts
    ]
    names = collections.Counter(path.stem for path in files)
    unique = [path for path in files if names[path.stem] == 1 and path.stem not in sys.modules]
    if not unique:
        return []
    path_before = list(sys.path)
    autoload_before = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    with tempfile.TemporaryDirectory(prefix="grader-warm-") as folder:
        ini = Path(folder) / "pytest.ini"
        ini.write_text(PYTEST_INI, encoding="utf-8")
        # The options that decide how test files are imported and rewritten, as the
        # runner gives them; parsing them installs pytest's assertion-rewriting hook.
        config = _pytest.config._prepareconfig(
            [
                *("-c", str(ini), "--rootdir", str(course.root), "--noconftest"),
                *("--capture=no", "-p", "no:cacheprovider", "--assert=rewrite"),
            ]
        )
        imported = []
        try:
            for path in unique:
                try:
                    import_path(
                        path, mode="prepend", root=course.root, consider_namespace_packages=False
                    )
                except BaseException:
                    # A test file that does not import (a syntax error, a module-level
                    # skip) is left to the job's collection, which reports it.
                    continue
                imported.append(path)
        finally:
            config._ensure_unconfigure()
            sys.path[:] = path_before
            if autoload_before is None:
                del os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
            else:
                os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = autoload_before
    return imported
