"""The sentences the trusted side says about student objects and calls that time out.

Built from facts only: the attribute names and calls a test made (known on the trusted
side), what the student process says an object is (:mod:`grader.remote.facts`: checked,
capped, never the object's ``repr``), and the line the student process said it was
running when a call neared its limit. Each sentence is a :class:`grader.said.Said` of a
``grader.i18n`` entry: its English as text, its key and values as data for a report in
another language.
"""

from __future__ import annotations

import re
from typing import Any

from grader.said import Said

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
        return Said("subject.unknown")
    if len(origin) > _MAX_SUBJECT:
        origin = "..." + origin[-_MAX_SUBJECT:]
    return f"`{origin}`"


def described(facts: Any) -> tuple[str, str]:
    """(what the object is, what to do about it) from :func:`facts.describe`'s answer."""
    if type(facts) is not dict:
        return Said("describe.unknown"), Said("advice.plain")
    kind, name, base = facts.get("kind"), _name(facts.get("name")), _name(facts.get("base"))
    if kind == "method" and name:
        attribute = name.rsplit(".", 1)[-1]
        return (
            Said("describe.method", name=name),
            Said("advice.property", attr=attribute),
        )
    if kind == "function" and name:
        return Said("describe.function", name=name), Said("advice.call")
    if kind == "class" and name:
        return Said("describe.class", name=name), Said("advice.plain")
    if kind == "module" and name:
        return Said("describe.module", name=name), Said("advice.plain")
    if kind == "instance" and name and base:
        return (
            Said("describe.subclass", name=name, base=base),
            Said("advice.subclass", base=base),
        )
    if kind == "instance" and name:
        return Said("describe.instance", name=name), Said("advice.plain")
    if kind == "object" and name:
        return Said("describe.object", name=name), Said("advice.plain")
    return Said("describe.unknown"), Said("advice.plain")


def compared(origin: str, facts: Any, op: str, other: str) -> str:
    """A student object was compared with a plain value."""
    what, advice = described(facts)
    return Said(
        "not_plain.compared",
        subject=subject_of(origin),
        described=what,
        op=op,
        other=other,
        advice=advice,
    )


def truth(origin: str, facts: Any) -> str:
    """A student object was asked for its truth value."""
    what, advice = described(facts)
    return Said("not_plain.truth", subject=subject_of(origin), described=what, advice=advice)


def stuck_at(output: str, tag: int) -> str:
    """ " (it was running at FILE line N, in F)" from the student process's own line for
    request ``tag`` on its output, or "" when it wrote none."""
    found = [m for m in _STUCK.finditer(output) if int(m["tag"]) == tag]
    if not found:
        return ""
    last = found[-1]
    return Said(
        "timeout.where",
        file=last["file"],
        line=int(last["line"]),
        function=last["function"],
    )


def timed_out(limit: float, origin: str, op: str, fn: str, where: str) -> str:
    """A request into student code ran out of time: what it was, where it was."""
    if op == "call" and origin:
        what = Said("timeout.what_call", name=origin)
    elif op == "getattr" and origin:
        what = Said("timeout.what_attribute", name=origin)
    elif origin:
        what = Said("timeout.what_operation", op=fn or op, name=origin)
    else:
        what = Said("timeout.what_unknown", op=fn or op)
    return Said("timeout.call", limit=f"{limit:g}", what=what, where=where)
