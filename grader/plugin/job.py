"""The job the runner hands to the trusted pytest process (``job.json``).

The job holds the student process's configuration as the runner built it (its
:class:`~grader.remote.process.ProcessConfig`, with the exercise's course.yaml
``timeouts`` and ``limits`` objects themselves), written and read by one generic pair
of functions over the dataclasses' own fields: a field added to any of them travels
without a line here. Reading is strict: a key missing or unknown, or a value of the
wrong type, is a :class:`JobFileError` (the runner and the trusted pytest disagree).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from grader.errors import GraderError
from grader.remote.process import ProcessConfig

_T = TypeVar("_T")


class JobFileError(GraderError):
    """job.json does not describe a job: the runner and the trusted pytest disagree."""


@dataclass(frozen=True)
class Job:
    exercise_id: str
    # The student process: its folder, modules, timeouts, confinement and limits.
    process: ProcessConfig

    def dumps(self) -> str:
        return json.dumps(encode(self))

    @classmethod
    def loads(cls, text: str) -> Job:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise JobFileError(f"job file: not JSON: {exc}") from None
        return decode(cls, data)

    @classmethod
    def load(cls, path: Path) -> Job:
        return cls.loads(path.read_text(encoding="utf-8"))


def encode(value: object) -> Any:
    """``value`` (a dataclass, or a field's value) as JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a job cannot hold {type(value).__name__}")


def decode(kind: type[_T], data: object, where: str = "job") -> _T:
    """The dataclass ``kind`` from what :func:`encode` made of one: every field given,
    no other key, each value of its field's type."""
    if not isinstance(data, dict):
        raise _wrong(where, data, "an object")
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(names))
    missing = [name for name in names if name not in data]
    if unknown or missing:
        problems = [*(f"unknown key {k!r}" for k in unknown)]
        problems += [f"missing key {k!r}" for k in missing]
        raise JobFileError(f"job file: {where}: {', '.join(problems)}")
    hints = typing.get_type_hints(kind)
    return kind(**{name: _value(hints[name], data[name], f"{where}.{name}") for name in names})


def _value(kind: Any, data: object, where: str) -> Any:
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return decode(kind, data, where)
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(data, list):
            raise _wrong(where, data, "a list")
        return tuple(_value(args[0], item, f"{where}[{i}]") for i, item in enumerate(data))
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        if data is None:
            return None
        (other,) = (arg for arg in args if arg is not type(None))
        return _value(other, data, where)
    if kind is Path:
        return Path(_value(str, data, where))
    if kind is float and type(data) in (int, float):
        return float(typing.cast(float, data))
    if kind in (str, int, bool) and type(data) is kind:
        return data
    if kind in (str, int, float, bool):
        raise _wrong(where, data, kind.__name__)
    raise TypeError(f"{where}: a job cannot hold {kind!r}")


def _wrong(where: str, data: object, expected: str) -> JobFileError:
    return JobFileError(f"job file: {where}: expected {expected}, got {type(data).__name__}")
