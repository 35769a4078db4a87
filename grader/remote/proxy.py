"""Proxies that let ordinary pytest code use objects living in the student process.

A :class:`RemoteObject` forwards attribute access, calls, indexing, iteration, ``len``,
``str``/``repr``, arithmetic and comparisons *between student objects*. Plain results
come back as real values. Two things are refused, because a grade must never hinge on
behaviour the student controls: comparing a student object with a plain value, and
asking a student object for its truth value. Both fail the test with "not plain data",
saying what the object is (:mod:`grader.remote.messages`). A call that runs out of time
says what was called and where the student's code was (:mod:`grader.remote.facts`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, TypeVar

from grader.remote import messages, wire
from grader.remote.errors import (
    CallTimeout,
    NotPlainData,
    ProtocolViolation,
    StaleHandle,
    StudentCodeError,
)
from grader.remote.process import StudentProcess
from grader.said import Said, said_of

_T = TypeVar("_T")

# Attributes that pytest and the standard library probe on arbitrary objects; answering
# them locally keeps failure reports from calling into (possibly dead) student code.
_LOCAL_MISSES = frozenset(
    {
        "__dataclass_fields__",
        "__attrs_attrs__",
        "__pytest_wrapped__",
        "_pytestfixturefunction",
        "__array__",
        "__array_interface__",
        "__array_priority__",
        "__test__",
        "__wrapped__",
        "__signature__",
        "__length_hint__",
        "_fields",
    }
)

# pytest leaves this module's frames out of failure reports: students see their
# test line and their own code, not the grader's plumbing.
__tracebackhide__ = True


# Kept local: Python's own machinery (isinstance, copy, pickle) relies on them. Tests
# use `student_env.builtins.type(obj)` for the student object's class.
_KEEP_LOCAL = frozenset({"__class__"})
# Describing an object for a message is one short request; it must not cost a test the
# whole call timeout.
_DESCRIBE_LIMIT_S = 2.0
# How long, after a call timed out, to wait for the student process's last output (the
# line saying where it was): its pipes end when the killed process is gone.
_LAST_OUTPUT_S = 0.25


class Remote:
    """Encodes arguments and decodes answers for one student process."""

    def __init__(self, process: StudentProcess) -> None:
        self.process = process
        self._proxies: dict[tuple[int, int], RemoteObject] = {}
        self._proxies_generation = 0
        # How the test got each object (`Pager(...).start`), for messages only.
        self._origins: dict[tuple[int, int], str] = {}
        self._tags = itertools.count(1)

    def proxy(self, handle: int) -> RemoteObject:
        generation = self.process.generation
        if generation != self._proxies_generation:
            self._proxies.clear()
            self._origins.clear()
            self._proxies_generation = generation
        key = (generation, handle)
        obj = self._proxies.get(key)
        if obj is None:
            obj = RemoteObject(self, generation, handle)
            self._proxies[key] = obj
        return obj

    def forget_proxies(self) -> None:
        self._proxies.clear()
        self._origins.clear()

    def origin_of(self, obj: object) -> str:
        """The expression the test used to get ``obj`` (e.g. ``Pager(...).start``), or ""."""
        if not isinstance(obj, RemoteObject):
            return ""
        key = (
            object.__getattribute__(obj, "_grader_generation"),
            object.__getattribute__(obj, "_grader_id"),
        )
        return self._origins.get(key, "")

    def name(self, value: object, origin: str) -> None:
        """Remember how the test got ``value`` (the first way it did)."""
        if not isinstance(value, RemoteObject) or not origin:
            return
        key = (
            object.__getattribute__(value, "_grader_generation"),
            object.__getattribute__(value, "_grader_id"),
        )
        self._origins.setdefault(key, origin[-400:])

    def describe(self, obj: RemoteObject) -> Any:
        """What the student process says ``obj`` is (see grader.remote.facts), or None."""
        limit = min(_DESCRIBE_LIMIT_S, self.process.config.timeouts.call)
        try:
            return obj._grader_ask("describe", timeout=limit)
        except (StudentCodeError, ValueError, TypeError):
            return None

    def encode(self, value: object) -> Any:
        def handle_for(obj: object) -> int:
            if isinstance(obj, RemoteObject):
                return obj._grader_handle()
            raise wire.NotPlain(Said("engine.not_sendable", type=type(obj).__name__))

        try:
            return wire.encode(value, handle_for)
        except wire.NotPlain as exc:
            raise TypeError(said_of(exc)) from None

    def ask(self, op: str, **fields: Any) -> Any:
        timeout = fields.get("timeout")
        limit = float(timeout if timeout is not None else self.process.config.timeouts.call)
        tag = next(self._tags)
        try:
            answer = self.process.request(
                op, report_after=limit - min(0.5, limit * 0.3), report_tag=tag, **fields
            )
        except CallTimeout:
            message = self._timeout_message(op, fields, limit, tag)
            raise CallTimeout(message, limit_s=limit) from None
        try:
            return wire.decode(answer, self.proxy)
        except wire.ProtocolError as exc:
            self.process.kill()
            raise ProtocolViolation(Said("engine.invalid_value", problem=said_of(exc))) from None

    def _timeout_message(self, op: str, fields: dict[str, Any], limit: float, tag: int) -> str:
        target = fields.get("target")
        handle = target.get("H") if type(target) is dict else None
        origin = self._origins.get((self.process.generation, handle), "") if handle else ""
        if not origin and op == "binary":
            origin = self._origins.get((self.process.generation, _handle_in(fields.get("a"))), "")
        self.process.wait_for_output(_LAST_OUTPUT_S)
        where = messages.stuck_at(self.process.output.snapshot().text, tag)
        fn = fields.get("fn")
        return messages.timed_out(limit, origin, op, fn if type(fn) is str else "", where)


def _handle_in(encoded: object) -> int:
    handle = encoded.get("H") if type(encoded) is dict else None
    return handle if type(handle) is int else 0


class RemoteObject:
    """An object that lives in the student process."""

    __slots__ = ("_grader_generation", "_grader_id", "_grader_remote")

    def __init__(self, remote: Remote, generation: int, handle: int) -> None:
        object.__setattr__(self, "_grader_remote", remote)
        object.__setattr__(self, "_grader_generation", generation)
        object.__setattr__(self, "_grader_id", handle)

    def _grader_handle(self) -> int:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        generation = object.__getattribute__(self, "_grader_generation")
        if remote.process.generation != generation or not remote.process.alive:
            raise StaleHandle(Said("engine.stale_object"))
        handle: int = object.__getattribute__(self, "_grader_id")
        return handle

    def _grader_ask(self, op: str, **fields: Any) -> Any:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        return remote.ask(op, target={"H": self._grader_handle()}, **fields)

    def _grader_binary(self, fn: str, a: object, b: object) -> Any:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        return remote.ask("binary", fn=fn, a=remote.encode(a), b=remote.encode(b))

    # -- attributes and calls ------------------------------------------------------------
    def __getattribute__(self, name: str) -> Any:
        # Dunder names asked for explicitly (`cls.__doc__`, `obj.__eq__(x)`, `__module__`)
        # are the student's, not this proxy's: forward them. Implicit special-method use
        # (`len(obj)`, `obj == other`) goes through the type and never comes here.
        if name.startswith("__") and name.endswith("__") and name not in _KEEP_LOCAL:
            if name in _LOCAL_MISSES:
                raise AttributeError(name)
            named = object.__getattribute__(self, "_grader_named")
            return named(object.__getattribute__(self, "_grader_ask")("getattr", name=name), name)
        return object.__getattribute__(self, name)

    def __getattr__(self, name: str) -> Any:
        if name in _LOCAL_MISSES:
            raise AttributeError(name)
        return self._grader_named(self._grader_ask("getattr", name=name), name)

    def _grader_named(self, value: Any, attribute: str) -> Any:
        """``value``, remembered as this object's ``attribute`` (for messages)."""
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        origin = remote.origin_of(self)
        remote.name(value, f"{origin}.{attribute}" if origin else attribute)
        return value

    def __setattr__(self, name: str, value: object) -> None:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        self._grader_ask("setattr", name=name, value=remote.encode(value))

    def __delattr__(self, name: str) -> None:
        self._grader_ask("delattr", name=name)

    def __call__(self, *args: object, **kwargs: object) -> Any:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        result = self._grader_ask("call", args=remote.encode(args), kwargs=remote.encode(kwargs))
        origin = remote.origin_of(self)
        remote.name(result, f"{origin}(...)" if origin else "")
        return result

    def __getitem__(self, key: object) -> Any:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        result = self._grader_ask("getitem", key=remote.encode(key))
        origin = remote.origin_of(self)
        remote.name(result, f"{origin}[...]" if origin else "")
        return result

    def __setitem__(self, key: object, value: object) -> None:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        self._grader_ask("setitem", key=remote.encode(key), value=remote.encode(value))

    def __delitem__(self, key: object) -> None:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        self._grader_ask("delitem", key=remote.encode(key))

    # -- protocols --------------------------------------------------------------------
    def __len__(self) -> int:
        return _exact(self._grader_ask("unary", fn="len"), int, "len()")

    def __iter__(self) -> Iterator[Any]:
        iterator = self._grader_ask("unary", fn="iter")
        return _RemoteIteration(iterator)

    def __next__(self) -> Any:
        return self._grader_ask("unary", fn="next")

    def __reversed__(self) -> Iterator[Any]:
        return _RemoteIteration(self._grader_ask("unary", fn="reversed"))

    def __contains__(self, item: object) -> bool:
        return _exact(self._grader_binary("contains", self, item), bool, "in")

    def __str__(self) -> str:
        return _exact(self._grader_ask("unary", fn="str"), str, "str()")

    def __repr__(self) -> str:
        return _exact(self._grader_ask("unary", fn="repr"), str, "repr()")

    def __hash__(self) -> int:
        return _exact(self._grader_ask("unary", fn="hash"), int, "hash()")

    def __index__(self) -> int:
        return _exact(self._grader_ask("unary", fn="index"), int, "index()")

    def __int__(self) -> int:
        return _exact(self._grader_ask("unary", fn="int"), int, "int()")

    def __float__(self) -> float:
        return _exact(self._grader_ask("unary", fn="float"), float, "float()")

    def __dir__(self) -> list[str]:
        names = self._grader_ask("unary", fn="dir")
        return list(names) if type(names) is list else []

    def __bool__(self) -> bool:
        remote: Remote = object.__getattribute__(self, "_grader_remote")
        raise NotPlainData(messages.truth(remote.origin_of(self), remote.describe(self)))

    def __enter__(self) -> Any:
        return self._grader_ask("unary", fn="enter")

    def __exit__(self, *exc_info: object) -> None:
        self._grader_ask("unary", fn="exit")

    def __neg__(self) -> Any:
        return self._grader_ask("unary", fn="neg")

    def __pos__(self) -> Any:
        return self._grader_ask("unary", fn="pos")

    def __abs__(self) -> Any:
        return self._grader_ask("unary", fn="abs")

    def __invert__(self) -> Any:
        return self._grader_ask("unary", fn="invert")

    # -- comparisons: only between student objects -----------------------------------
    def _grader_compare(self, fn: str, other: object) -> Any:
        if not isinstance(other, RemoteObject):
            remote: Remote = object.__getattribute__(self, "_grader_remote")
            raise NotPlainData(
                messages.compared(
                    remote.origin_of(self), remote.describe(self), fn, type(other).__name__
                )
            )
        return self._grader_binary(fn, self, other)

    def __eq__(self, other: object) -> Any:
        return self._grader_compare("eq", other)

    def __ne__(self, other: object) -> Any:
        return self._grader_compare("ne", other)

    def __lt__(self, other: object) -> Any:
        return self._grader_compare("lt", other)

    def __le__(self, other: object) -> Any:
        return self._grader_compare("le", other)

    def __gt__(self, other: object) -> Any:
        return self._grader_compare("gt", other)

    def __ge__(self, other: object) -> Any:
        return self._grader_compare("ge", other)


def _arithmetic(fn: str, reflected: bool) -> Any:
    if reflected:

        def method(self: RemoteObject, other: object) -> Any:
            return self._grader_binary(fn, other, self)
    else:

        def method(self: RemoteObject, other: object) -> Any:
            return self._grader_binary(fn, self, other)

    return method


for _name, _fn in {
    "add": "add",
    "sub": "sub",
    "mul": "mul",
    "truediv": "truediv",
    "floordiv": "floordiv",
    "mod": "mod",
    "pow": "pow",
    "matmul": "matmul",
    "and": "and_",
    "or": "or_",
    "xor": "xor",
    "lshift": "lshift",
    "rshift": "rshift",
}.items():
    setattr(RemoteObject, f"__{_name}__", _arithmetic(_fn, reflected=False))
    setattr(RemoteObject, f"__r{_name}__", _arithmetic(_fn, reflected=True))


class _RemoteIteration:
    """A trusted-side iterator over a student iterator, one item per request."""

    def __init__(self, iterator: Any) -> None:
        self._iterator = iterator

    def __iter__(self) -> _RemoteIteration:
        return self

    def __next__(self) -> Any:
        if not isinstance(self._iterator, RemoteObject):
            raise TypeError(Said("engine.non_iterator"))
        return next(self._iterator)


def _exact(value: Any, kind: type[_T], what: str) -> _T:
    if type(value) is not kind:
        raise TypeError(Said("engine.wrong_type", kind=kind.__name__, what=what))
    result: _T = value
    return result
