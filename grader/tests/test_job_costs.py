"""What keeps a grading job's fixed cost down, each checked for what it must not change:
the student process imports only what it needs, the trusted pytest looks only at the
suites it was given, and installed plugins stay out of it whatever the environment."""

from __future__ import annotations

import functools
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import grader.plugin as grader_plugin
from grader.bootstrap import GRADER_PARENT
from grader.remote.child import _takes_keyword

# Modules the student process used to import for one call or one annotation: each costs
# milliseconds at every start of a student process (a tenth of a small grading job).
HEAVY = ("inspect", "typing", "dataclasses", "ast", "pathlib")


def test_the_student_process_imports_no_heavy_module() -> None:
    program = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); import grader.remote.child; "
        f"print(json.dumps(sorted(set(sys.modules) & set({list(HEAVY)!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-B", "-c", program, str(GRADER_PARENT)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout) == []


class _Server:
    def serve_forever(self, poll_interval: float = 0.5) -> None: ...


class _OwnServer:
    def serve_forever(self) -> None: ...


class _KeywordOnly:
    def serve_forever(self, *, poll_interval: float = 0.5) -> None: ...


class _PositionalOnly:
    def serve_forever(self, poll_interval: float = 0.5, /) -> None: ...


class _AnyKeywords:
    def serve_forever(self, **options: Any) -> None: ...


def _plain(poll_interval: float) -> None: ...


@pytest.mark.parametrize(
    "function",
    [
        _Server().serve_forever,
        _OwnServer().serve_forever,
        _KeywordOnly().serve_forever,
        _PositionalOnly().serve_forever,
        _AnyKeywords().serve_forever,
        _plain,
        len,
        functools.partial(_plain),
        __import__("socketserver").TCPServer.serve_forever,
    ],
    ids=[
        "method",
        "own",
        "keyword-only",
        "positional-only",
        "kwargs",
        "function",
        "builtin",
        "partial",
        "socketserver",
    ],
)
def test_takes_keyword_agrees_with_inspect_where_it_matters(function: Any) -> None:
    """Where ``inspect.signature`` names a ``poll_interval`` that can be passed by
    keyword, so does the student process's check; it never claims one that cannot."""
    try:
        parameter = inspect.signature(function).parameters.get("poll_interval")
    except (TypeError, ValueError):
        parameter = None
    by_keyword = parameter is not None and parameter.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.KEYWORD_ONLY,
    )
    takes = _takes_keyword(function, "poll_interval")
    if isinstance(function, functools.partial):
        assert not takes  # a partial is served as it is: no keyword forced on it
    else:
        assert takes == by_keyword


def _config(roots: tuple[str, ...] | None) -> Any:
    stash = pytest.Stash()
    if roots is not None:
        stash[grader_plugin._COLLECTED_ROOTS_KEY] = roots
    return SimpleNamespace(stash=stash)


def test_graded_collection_ignores_what_lies_outside_the_given_suites(tmp_path: Path) -> None:
    suite = tmp_path / "tests" / "03_pager"
    config = _config((str(suite), str(tmp_path / "exercises" / "03_pager" / "test_pager.py")))
    ignore = grader_plugin.pytest_ignore_collect
    assert ignore(collection_path=tmp_path / "tests" / "04_goods", config=config) is True
    assert ignore(collection_path=tmp_path / "solutions", config=config) is True
    # A neighbour whose name starts like the suite's is still a neighbour.
    assert ignore(collection_path=tmp_path / "tests" / "03_pager_old", config=config) is True
    assert ignore(collection_path=suite / "test_pager_hidden.py", config=config) is None
    assert ignore(collection_path=suite / "helpers" / "data.py", config=config) is None
    given = tmp_path / "exercises" / "03_pager" / "test_pager.py"
    assert ignore(collection_path=given, config=config) is None
    # Direct mode (a student's own pytest run) is left to pytest.
    assert ignore(collection_path=tmp_path / "solutions", config=_config(None)) is None
