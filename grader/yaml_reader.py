"""Typed reading of a parsed YAML file: each problem is a one-line :class:`CourseError`
naming the file, the key path and what is wrong, in English and in Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from grader.errors import CourseError


class Reader:
    """Walks the parsed YAML, remembering the key path for error messages."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str, *, zh: str) -> CourseError:
        """The file, the key path and the problem; ``zh`` is the problem in Chinese."""
        return CourseError(f"{self.path}: {where}: {problem}", zh=f"{self.path}：{where}：{zh}")

    def wrong(self, where: str, value: object, expected: str, expected_zh: str) -> CourseError:
        """``expected a number, got str``: ``expected`` is ``a number``, in Chinese ``数字``."""
        got = kind(value)
        return self.fail(
            where, f"expected {expected}, got {got}", zh=f"应为{expected_zh}，实际是 {got}"
        )

    def mapping(self, value: object, where: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong(where, value, "a mapping", "映射（键: 值）")
        for key in value:
            if not isinstance(key, str):
                raise self.fail(
                    where,
                    f"keys must be strings, got {key!r}",
                    zh=f"键必须是字符串，实际是 {key!r}",
                )
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise self.fail(
                    f"{where}.{key}",
                    f"unknown key (allowed: {names})",
                    zh=f"未知的键（允许：{names}）",
                )
        return value

    def required(self, data: Mapping[str, Any], key: str, where: str) -> Any:
        if key not in data:
            raise self.fail(where, f"missing required key {key!r}", zh=f"缺少必需的键 {key!r}")
        return data[key]

    def string(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.wrong(where, value, "a non-empty string", "非空字符串")
        return value

    def at_least(self, value: float, where: str, minimum: float) -> None:
        if value < minimum:
            raise self.fail(
                where, f"must be >= {minimum}, got {value}", zh=f"必须 >= {minimum}，实际是 {value}"
            )

    def number(self, value: object, where: str, *, minimum: float = 0.0) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.wrong(where, value, "a number", "数字")
        self.at_least(value, where, minimum)
        return float(value)

    def integer(self, value: object, where: str, *, minimum: int = 1) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong(where, value, "an integer", "整数")
        self.at_least(value, where, minimum)
        return value

    def string_list(self, value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.wrong(where, value, "a list", "列表")
        return tuple(self.string(v, f"{where}[{i}]") for i, v in enumerate(value))

    def when(self, value: object, where: str) -> dt.datetime:
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime.combine(value, dt.time(23, 59))
        elif isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                raise self.fail(
                    where,
                    f"not an ISO 8601 date-time: {value!r}",
                    zh=f"不是 ISO 8601 格式的日期时间：{value!r}",
                ) from None
        else:
            raise self.wrong(where, value, "a date-time", "日期时间")
        if moment.tzinfo is None:
            raise self.fail(
                where,
                "date-time needs a UTC offset, e.g. 2026-12-01T23:59:00+08:00",
                zh="日期时间需要带 UTC 时差，例如 2026-12-01T23:59:00+08:00",
            )
        return moment

    def choice(self, value: object, where: str, allowed: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) else kind(value)
            names = ", ".join(allowed)
            raise self.fail(
                where,
                f"expected one of {names}, got {shown}",
                zh=f"应为 {names} 之一，实际是 {shown}",
            )
        return value


def kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__
