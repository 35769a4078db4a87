"""Exceptions raised by student code, as the trusted side sees them (graded mode)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.plugin.environments import RemoteEnvironment
from grader.remote.errors import RemoteError
from grader.remote.process import ProcessConfig

MODULE = """
class FileServerError(Exception):
    def __init__(self, code):
        super().__init__(f"server said {code}")
        self.code = code
        self.retry = False
        self.count = 3
        self.handler = object()       # not plain: stays in the student process
        self._secret = "private"      # private: stays too
        self.remote_type = "forged"   # would hide the real type name: never copied


def fail(code):
    raise FileServerError(code)


def fail_with_errno():
    err = OSError(2, "no such file")
    err.hint = "check the path"
    raise err
"""


@pytest.fixture
def env(tmp_path: Path) -> Iterator[RemoteEnvironment]:
    (tmp_path / "errors_module.py").write_text(MODULE, encoding="utf-8")
    environment = RemoteEnvironment(
        ProcessConfig(workdir=tmp_path, allowed_modules=("errors_module",))
    )
    yield environment
    environment.close()


def test_plain_attributes_of_a_student_exception_reach_the_test(env: RemoteEnvironment) -> None:
    with pytest.raises(RemoteError) as info:
        env.module("errors_module").fail("auth")
    error = info.value
    assert type(error).__name__ == "FileServerError"
    assert error.remote_type == "FileServerError"  # type: ignore[attr-defined]
    assert str(error).endswith("server said auth")
    assert (error.code, error.retry, error.count) == ("auth", False, 3)  # type: ignore[attr-defined]
    assert not hasattr(error, "handler")
    assert not hasattr(error, "_secret")


def test_built_in_exceptions_keep_their_own_attributes_and_gain_plain_extras(
    env: RemoteEnvironment,
) -> None:
    with pytest.raises(OSError) as info:
        env.module("errors_module").fail_with_errno()
    assert info.value.hint == "check the path"  # type: ignore[attr-defined]
