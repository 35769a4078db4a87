"""Facts the student process states about its objects and its own progress, for messages.

Runs on the untrusted side (imported by :mod:`grader.remote.child` before any student
code, standard library only, everything bound at import time). Nothing here calls code
of the object it describes: a description reads the interpreter's own descriptors
(``type``, a function's code object, a bound method's ``__func__``), never ``repr``,
``__name__`` through the object's class, or a metaclass property.

The trusted side treats every fact as text to show the student, checked and capped:
a student who makes them lie only confuses their own report.

* :func:`describe` says what kind of object a handle names (a bound method, a
  function, a class, an instance of a student class...) and its name.
* :class:`Watchdog` notes where the main thread is when a request runs close to its
  time limit: one line on the process's output, which the trusted side reads after it
  stops the process: ``[grader N] 4.5 s @ FILE:LINE FUNCTION`` (no sentence, so no
  language: the message the trusted side makes of it is in the reader's).
"""

from __future__ import annotations

from _thread import TIMEOUT_MAX, allocate_lock, get_ident, start_new_thread
from builtins import BaseException, float, int, len, str, type  # noqa: UP029
from os import getcwd
from os import sep as _sep
from os import write as _write
from sys import _current_frames
from time import monotonic
from types import (
    BuiltinFunctionType,
    CodeType,
    CoroutineType,
    FunctionType,
    GeneratorType,
    MethodType,
    ModuleType,
)

from grader.remote import pristine

# Only for the type checker: ``typing`` costs the student process's every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_MAX_NAME = 200
_MAX_FRAMES = 300
_code_of = FunctionType.__dict__["__code__"].__get__
_func_of = MethodType.__dict__["__func__"].__get__
_self_of = MethodType.__dict__["__self__"].__get__
_qualname_of_code = CodeType.__dict__["co_qualname"].__get__
_builtin_name_of = BuiltinFunctionType.__dict__["__name__"].__get__


def _text(value: object) -> str:
    return str.__str__(value)[:_MAX_NAME] if type(value) is str else "?"


def _function_name(function: object) -> str:
    if type(function) is FunctionType:
        return _text(_qualname_of_code(_code_of(function)))
    if type(function) is BuiltinFunctionType:
        return _text(_builtin_name_of(function))
    return "?"


def describe(obj: object) -> dict[str, str]:
    """``{"kind": ..., "name": ..., "base": ...}`` for ``obj``: kind is ``method``,
    ``function``, ``class``, ``module``, ``instance`` (of a student class; ``base`` names
    its nearest built-in base when that is not ``object``) or ``object`` (anything else,
    named by its type)."""
    kind = type(obj)
    if kind is MethodType:
        return {"kind": "method", "name": _function_name(_func_of(obj))}
    if kind is FunctionType:
        return {"kind": "function", "name": _function_name(obj)}
    if kind is BuiltinFunctionType:
        return {"kind": "function", "name": _function_name(obj)}
    if pristine.is_class(obj):
        return {"kind": "class", "name": _text(pristine.name_of(obj))}  # type: ignore[arg-type]
    if kind is ModuleType:
        return {"kind": "module", "name": _text(pristine.strict_vars(obj).get("__name__"))}
    if kind is GeneratorType or kind is CoroutineType or pristine.is_builtin_class(kind):
        return {"kind": "object", "name": _text(pristine.name_of(kind))}
    base = ""
    for klass in pristine.mro_of(kind):
        if pristine.is_builtin_class(klass):
            base = _text(pristine.name_of(klass))
            break
    return {
        "kind": "instance",
        "name": _text(pristine.name_of(kind)),
        "base": "" if base == "object" else base,
    }


class Watchdog:
    """Writes, once per request that runs longer than its ``after`` seconds, where the
    main thread is: the innermost frame of a file in the student's folder.

    A thread started with ``_thread`` (so ``threading.enumerate()`` never lists it)
    that nothing of runs student code. A request is armed and disarmed by plain
    attribute writes: the thread is not woken per request (each wake-up of a thread is
    a context switch, and tests make thousands of requests), it looks at the request
    in progress at least every ``after`` seconds (the smallest yet), and at the moment
    a request comes due; it is woken only by a request due sooner than it would look.
    """

    def __init__(self, fd: int = 1) -> None:
        self._fd = fd
        self._main = get_ident()
        self._folder = getcwd() + _sep
        self._wake = allocate_lock()
        self._wake.acquire()
        # (request number, started, after, tag) of the request in progress, or None.
        self._current: tuple[int, float, float, int] | None = None
        self._requests = 0
        self._reported = 0  # the number of the last request reported
        self._period = 0.0  # the smallest ``after`` yet; 0: none armed yet
        self._closed = False
        # Started now, before any student code: its thread is there from the start, so
        # the threads a test sees come and go are all the student's.
        try:
            start_new_thread(self._run, ())
            self._started = True
        except BaseException:
            self._started = False  # no report of where the code was; nothing else changes

    def arm(self, after: object, tag: object) -> Any:
        """Start watching one request; returns the token :meth:`disarm` takes."""
        if not self._started or type(after) is not float or type(tag) is not int:
            return None
        if not after > 0:
            return None
        self._requests += 1
        number = self._requests
        self._current = (number, monotonic(), after, tag)
        if self._period == 0.0 or after < self._period:
            self._period = after
            try:
                self._wake.release()  # it would look too late
            except RuntimeError:
                pass  # already woken: it reads the newest request
        return number

    def disarm(self, token: Any) -> None:
        current = self._current
        if token is not None and current is not None and current[0] == token:
            self._current = None

    def close(self) -> None:
        """End the thread (the student process never needs to: it ends with it)."""
        self._closed = True
        self._current = None
        try:
            self._wake.release()
        except RuntimeError:
            pass

    def _run(self) -> None:
        while not self._closed:
            period = self._period
            wait = period if period > 0.0 else -1  # -1: until the first request
            current = self._current
            if current is not None and current[0] != self._reported:
                number, started, after, tag = current
                remaining = started + after - monotonic()
                if remaining <= 0:
                    self._reported = number
                    try:
                        self._report(tag, monotonic() - started)
                    except BaseException:
                        pass  # only a message: the request itself is unaffected
                    continue
                wait = remaining if wait < 0 else min(wait, remaining)
            self._wake.acquire(timeout=min(wait, TIMEOUT_MAX))

    def _report(self, tag: int, elapsed: float) -> None:
        frame: Any = _current_frames().get(self._main)
        for _ in range(_MAX_FRAMES):
            if frame is None:
                return
            filename = frame.f_code.co_filename
            if type(filename) is str and filename.startswith(self._folder):
                where = filename[len(self._folder) :]
                name = _qualname_of_code(frame.f_code)
                line = frame.f_lineno
                text = (
                    f"\n[grader {tag}] {float(elapsed):.1f} s @ "
                    f"{_text(where)}:{int(line) if type(line) is int else 0} {_text(name)}\n"
                )
                _write(self._fd, text.encode("utf-8", "replace"))
                return
            frame = frame.f_back
