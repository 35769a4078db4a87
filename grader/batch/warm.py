"""Making a class grading's worker warm before its first job.

Each job's trusted pytest is forked from the worker (``RunOptions.fork_pytest``: through
the worker's zygote for that exercise, itself forked from the worker, see
:mod:`grader.sandbox.zygote`), so whatever the worker holds in memory when it forks is
free for every job: pytest, the
plugin and hypothesis imported, and the course's test modules imported once, with
pytest's assertion rewriting, as a job's trusted pytest would import them; its
collection then finds them in ``sys.modules`` instead of reading, rewriting and running
them again (:func:`preload_tests` says when an exercise is left out). Only the
grader's own code and the kit's tests run here, never student code (which runs in
processes started afresh, with nothing of this memory). A test module must therefore
not start threads when it is imported (a fork copies no thread): the kit's do not.

Finally the worker's objects are moved out of the cyclic garbage collector's sight
(:func:`gc.freeze`): pytest collects garbage at the end of every session, and walking
every object of the warm worker in each job cost a quarter of a small job.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import importlib
import os
import signal
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from grader.course import Course, Exercise
from grader.results import Suites
from grader.runner import PYTEST_INI, suite_paths
from grader.sandbox.limits import trusted_environment

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
    """Import the public and hidden test modules of ``exercises`` as each job's trusted
    pytest would (same ini, options, environment and import mode, assertion rewriting),
    leaving ``sys.path`` as it was.

    An exercise is left to its jobs' own collection when a module name its test folders
    offer (a test file, a helper module, a package) is offered by another exercise too,
    appears twice in its own folders, or is imported already: a module kept in the
    worker would otherwise stand in for another file of the same name. Whatever fails
    (a test file that does not import, options pytest refuses) is left to the jobs'
    collection too, which reports it."""
    files = {exercise.id: _test_files(course, exercise) for exercise in exercises}
    offered = {exercise_id: _offered_names(paths) for exercise_id, paths in files.items()}
    counts = collections.Counter(name for names in offered.values() for name in names)
    clear = [
        files[exercise.id]
        for exercise in exercises
        if not any(counts[name] > 1 or name in sys.modules for name in offered[exercise.id])
        and len(offered[exercise.id]) == len(set(offered[exercise.id]))
    ]
    if not clear:
        return []
    try:
        with _as_a_job_runs(), tempfile.TemporaryDirectory(prefix="grader-warm-") as folder:
            return _import_tests(course, clear, Path(folder))
    except Exception:
        return []


def _test_files(course: Course, exercise: Exercise) -> list[Path]:
    return [
        path
        for suite in suite_paths(course, exercise, Suites.ALL)
        for path in ([suite] if suite.is_file() else sorted(suite.rglob("test_*.py")))
        if "__pycache__" not in path.parts
    ]


def _offered_names(test_files: list[Path]) -> list[str]:
    """What ``import NAME`` finds in the folders of an exercise's test files (each of
    which pytest puts on ``sys.path``): modules and packages, repeated if repeated."""
    names: list[str] = []
    for folder in sorted({path.parent for path in test_files}):
        for entry in sorted(folder.iterdir()):
            if entry.suffix == ".py":
                names.append(entry.stem)
            elif entry.is_dir() and (entry / "__init__.py").is_file():
                names.append(entry.name)
    return names


@contextlib.contextmanager
def _as_a_job_runs() -> Iterator[None]:
    """This process's environment as a job's trusted pytest gets it (no user options
    such as PYTEST_ADDOPTS, plugin autoload off) for as long as the block runs."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(trusted_environment())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _import_tests(course: Course, suites: list[list[Path]], folder: Path) -> list[Path]:
    """Import each exercise's test files (``suites``), restoring ``sys.path`` after each."""
    import _pytest.config
    from _pytest.pathlib import import_path

    ini = folder / "pytest.ini"
    ini.write_text(PYTEST_INI, encoding="utf-8")
    # The options that decide how test files are imported and rewritten, as the runner
    # gives them; parsing them installs pytest's assertion-rewriting hook.
    config = _pytest.config._prepareconfig(
        [
            *("-c", str(ini), "--rootdir", str(course.root), "--noconftest"),
            *("--capture=no", "-p", "no:cacheprovider", "--assert=rewrite"),
        ]
    )
    mode = config.getoption("importmode")
    namespaces = bool(config.getini("consider_namespace_packages"))
    imported: list[Path] = []
    try:
        for test_files in suites:
            path_before = list(sys.path)
            try:
                for path in test_files:
                    try:
                        import_path(
                            path,
                            mode=mode,
                            root=course.root,
                            consider_namespace_packages=namespaces,
                        )
                    except BaseException:
                        # A syntax error, a module-level skip...: the job's collection
                        # imports the file again and reports it.
                        continue
                    imported.append(path)
            finally:
                sys.path[:] = path_before
    finally:
        config._ensure_unconfigure()
    return imported
