"""Developer sessions: `nox -s tests lint typecheck verify bench`."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "verify"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite: the engine's tests, the kit's self-check, mode parity."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", ".")
    # The scope .ci/run checks: the kit's exercises keep their authors' layout.
    session.run("ruff", "format", "--check", "grader", "bench", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".", "mypy", "types-PyYAML")
    session.run("mypy")


@nox.session
def verify(session: nox.Session) -> None:
    """The kit checks itself: solutions full marks, stubs 0, nothing missing or stray."""
    session.install("-e", ".")
    session.run("grader", "verify")


@nox.session
def bench(session: nox.Session) -> None:
    """Grading overhead of the split vs a bare pytest run, as a ratio."""
    session.install("-e", ".")
    session.run("python", "bench/bench_pager.py", *session.posargs)
    session.run("python", "bench/bench_sockets.py")


@nox.session
def bench_batch(session: nox.Session) -> None:
    """Class grading against one grading per submission and a bare pytest, as ratios."""
    session.install("-e", ".")
    session.run("python", "bench/bench_batch.py", *session.posargs)


@nox.session
def bench_cluster(session: nox.Session) -> None:
    """grade-class on a loopback Dask cluster against the local warm pool, as ratios."""
    session.install("-e", ".[dask]")
    session.run("python", "bench/bench_cluster.py", *session.posargs)
