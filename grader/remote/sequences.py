"""Operation sequences: several operations on one student object in one exchange.

A test that makes thousands of small calls into student code (a property test comparing
a student's sequence with ``list`` over hundreds of examples) pays a round trip to the
student process for each. With ``student_env.each(obj, operations)`` it sends them all
at once and gets one outcome per operation back (``Outcome``, in
:mod:`grader.plugin.environments`): the value it returned, or the exception it raised.
Only the operations run on the student's side; every comparison stays with the test, on
the trusted side.

An operation is a tuple of plain data (student objects allowed as arguments):

=================================  ===============================================
``("getitem", key)``               ``obj[key]``
``("getitem_as_list", key)``       ``list(obj[key])``
``("setitem", key, value)``        ``obj[key] = value`` (returns None)
``("delitem", key)``               ``del obj[key]`` (returns None)
``("call", name, *args)``          ``obj.name(*args)``
``("len",)``                       ``len(obj)``
``("list",)``                      ``list(obj)``
``("reversed_as_list",)``          ``list(reversed(obj))``
``("contains", item)``             ``item in obj``
``("new", *args)``                 ``obj = obj(*args)``: the operations after it
                                   apply to the object made (it returns that
                                   object); when it raises, they do not run and
                                   each has its exception
=================================  ===============================================

``("new", ...)`` first, on a class, makes the object and works on it in the same
exchange (a property test's every example: one round trip, not three).

``list``, ``len`` and ``reversed`` are the interpreter's own, bound when this module is
imported (before any student code runs in the student process), so student code that
replaces the built-ins does not answer for them. This module uses the standard library
only: the student process imports it.
"""

from __future__ import annotations

# Bound now (see the module's docstring).
from builtins import getattr, len, list, reversed, str, tuple, type  # noqa: UP029

# Only for the type checker: ``typing`` costs the student process's every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

OPERATIONS = (
    "getitem",
    "getitem_as_list",
    "setitem",
    "delitem",
    "call",
    "len",
    "list",
    "reversed_as_list",
    "contains",
    "new",
)
# How many operations one exchange may carry.
MAX_OPERATIONS = 1000


class BadOperation(ValueError):
    """An operation that is not one of :data:`OPERATIONS` with its arguments."""


def check(operation: object) -> tuple[Any, ...]:
    """``operation`` as a tuple, once its name and number of arguments are right."""
    if type(operation) is not tuple or not operation or type(operation[0]) is not str:
        raise BadOperation(f"an operation is a tuple starting with its name: {operation!r}")
    name, arity = operation[0], len(operation) - 1
    expected = {"setitem": 2, "len": 0, "list": 0, "reversed_as_list": 0}.get(name, 1)
    if name not in OPERATIONS or (
        arity < 1 if name == "call" else name != "new" and arity != expected
    ):
        raise BadOperation(f"not an operation: {operation!r} (see grader.remote.sequences)")
    if name == "call" and type(operation[1]) is not str:
        raise BadOperation(f"a call names its method with a str: {operation!r}")
    return operation


def apply(target: Any, operation: tuple[Any, ...]) -> Any:
    """Run one checked operation on ``target``; what it returns, or raise what it raised."""
    name, args = operation[0], operation[1:]
    if name == "getitem":
        return target[args[0]]
    if name == "getitem_as_list":
        return list(target[args[0]])
    if name == "setitem":
        target[args[0]] = args[1]
        return None
    if name == "delitem":
        del target[args[0]]
        return None
    if name == "call":
        return getattr(target, args[0])(*args[1:])
    if name == "len":
        return len(target)
    if name == "list":
        return list(target)
    if name == "reversed_as_list":
        return list(reversed(target))
    if name == "new":
        return target(*args)
    return args[0] in target


def run(
    target: Any,
    operations: list[tuple[Any, ...]],
    returned: Callable[[Any], Any],
    raised: Callable[[BaseException], Any],
    settle: Callable[[], object],
) -> list[Any]:
    """Run checked ``operations`` on ``target`` one after the other; one outcome each,
    made by ``returned(value)`` or ``raised(exception)`` (see the table above for
    ``new``). ``settle()`` runs right after each operation, in the same expression: in
    the student process it removes the hooks student code may have set, before a line
    of this function could run one of them (a trace hook can rewrite a frame's local
    variables, not a value on the way to a call)."""
    outcomes = []
    unmade = None  # the outcome of a "new" that raised: that of every operation after it
    for operation in operations:
        if unmade is not None:
            outcomes.append(unmade)
            continue
        try:
            done = (apply(target, operation), settle())
        except BaseException as exc:
            settle()
            outcome = raised(exc)
            if operation[0] == "new":
                unmade = outcome
        else:
            outcome = returned(done[0])
            if operation[0] == "new":
                target = done[0]
        outcomes.append(outcome)
    return outcomes
