"""The sentences the trusted side says about student objects and calls that time out.

Built from facts only: the attribute names and calls a test made (known on the trusted
side), what the student process says an object is (:mod:`grader.remote.facts`: checked,
capped, never the object's ``repr``), and the line the student process said it was
running when a call neared its limit. Each sentence comes from an ``grader.i18n`` entry
(in English here; the report shows it in Chinese by matching the same entry, see
:func:`grader.render.localize.localized`).
"""

from __future__ import annotations

import re
from typing import Any

from grader.i18n import t

_NAME = re.compile(r"[^\s()\[\]{}'\"`;,]{1,120}")
_STUCK = re.compile(
    r"\[grader (?P<tag>\d{1,12})\] [0-9.]{1,12} s @ "
    r"(?P<file>[^\n:]{1,200}):(?P<line>\d{1,9}) (?P<function>[^\s]{1,200})\n"
)
_MAX_SUBJECT = 160


def _name(value: object) -> str:
    """A name the student process sent, kept only if it looks like one."""
    return value if type(value) is str and _NAME.fullmatch(value) else ""


def subject_of(origin: str) -> str:
    """How a message names the object: the expression the test used to get it."""
    if not origin:
        return t("subject.unknown", "en")
    if len(origin) > _MAX_SUBJECT:
        origin = "..." + origin[-_MAX_SUBJECT:]
    return f"`{origin}`"


def described(facts: Any) -> tuple[str, str]:
    """(what the object is, what to do about it) from :func:`facts.describe`'s answer."""
    if type(facts) is not dict:
        return t("describe.unknown", "en"), t("advice.plain", "en")
    kind, name, base = facts.get("kind"), _name(facts.get("name")), _name(facts.get("base"))
    if kind == "method" and name:
        attribute = name.rsplit(".", 1)[-1]
        return (
            t("describe.method", "en", name=name),
            t("advice.property", "en", attr=attribute),
        )
    if kind == "function" and name:
        return t("describe.function", "en", name=name), t("advice.call", "en")
    if kind == "class" and name:
        return t("describe.class", "en", name=name), t("advice.plain", "en")
    if kind == "module" and name:
        return t("describe.module", "en", name=name), t("advice.plain", "en")
    if kind == "instance" and name and base:
        return (
            t("describe.subclass", "en", name=name, base=base),
            t("advice.subclass", "en", base=base),
        )
    if kind == "instance" and name:
        return t("describe.instance", "en", name=name), t("advice.plain", "en")
    if kind == "object" and name:
        return t("describe.object", "en", name=name), t("advice.plain", "en")
    return t("describe.unknown", "en"), t("advice.plain", "en")


def compared(origin: str, facts: Any, op: str, other: str) -> str:
    """A student object was compared with a plain value."""
    what, advice = described(facts)
    return t(
        "not_plain.compared",
        "en",
        subject=subject_of(origin),
        described=what,
        op=op,
        other=other,
        advice=advice,
    )


def truth(origin: str, facts: Any) -> str:
    """A student object was asked for its truth value."""
    what, advice = described(facts)
    return t("not_plain.truth", "en", subject=subject_of(origin), described=what, advice=advice)


def stuck_at(output: str, tag: int) -> str:
    """ " (it was running at FILE line N, in F)" from the student process's own line for
    request ``tag`` on its output, or "" when it wrote none."""
    found = [m for m in _STUCK.finditer(output) if int(m["tag"]) == tag]
    if not found:
        return ""
    last = found[-1]
    return t(
        "timeout.where",
        "en",
        file=last["file"],
        line=int(last["line"]),
        function=last["function"],
    )


def timed_out(limit: float, origin: str, op: str, fn: str, where: str) -> str:
    """A request into student code ran out of time: what it was, where it was."""
    if op == "call" and origin:
        what = t("timeout.what_call", "en", name=origin)
    elif op == "getattr" and origin:
        what = t("timeout.what_attribute", "en", name=origin)
    elif origin:
        what = t("timeout.what_operation", "en", op=fn or op, name=origin)
    else:
        what = t("timeout.what_unknown", "en", op=fn or op)
    return t("timeout.call", "en", limit=f"{limit:g}", what=what, where=where)
