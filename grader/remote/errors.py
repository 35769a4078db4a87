"""Exceptions the trusted side raises on behalf of the student process.

Built-in exceptions raised by student code arrive as the same built-in type; a
student-defined exception arrives as a subclass of :class:`RemoteError` named after it
(and of its nearest built-in base, so ``pytest.raises(ValueError)`` still catches a
student's ``class PagerError(ValueError)``). The classes are made here from names only:
nothing the student sends is executed.
"""

from __future__ import annotations

import builtins
from typing import Any

from grader.said import Said

# Built-ins that must never be raised on the trusted side as themselves: they would
# stop pytest or confuse generators.
_NEVER_AS_IS = frozenset(
    {"SystemExit", "KeyboardInterrupt", "GeneratorExit", "BaseExceptionGroup", "ExceptionGroup"}
)
_MAX_NAME = 120


class StudentCodeError(Exception):
    """Base of every failure that comes from the student's process."""


class RemoteError(StudentCodeError):
    """An exception raised by student code whose type is not a plain built-in."""

    remote_type: str = "RemoteError"

    def __init__(self, message: str = "") -> None:
        BaseException.__init__(self, message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.remote_type}: {self.message}" if self.message else self.remote_type


class CallTimeout(StudentCodeError):
    """Student code did not answer within the per-call timeout; its process was killed."""

    def __init__(self, message: str = "", *, limit_s: float | None = None) -> None:
        super().__init__(message)
        self.limit_s = limit_s  # the limit that ran out, in seconds


class ChildDied(StudentCodeError):
    """The student process exited or crashed during a call."""


class ProtocolViolation(StudentCodeError):
    """The student process sent bytes that are not a valid answer; it was killed."""


class CannotImport(StudentCodeError):
    """The student's module could not be imported; the remaining tests fail at once."""


class NotSubmitted(CannotImport):
    """The test needs a module of the exercise that the submission does not have."""


class SandboxFailed(Exception):
    """The student process never started (its sandbox or interpreter failed before any
    student code ran): the grader's failure, never the student's."""


class StaleHandle(StudentCodeError):
    """A student object from an earlier (restarted) process or an earlier test was used."""


class NotPlainData(AssertionError):
    """A student object was compared with a plain value (or asked for its truth value)."""


_remote_classes: dict[tuple[str, str], type[RemoteError]] = {}


def _builtin_exception(name: str) -> type[BaseException] | None:
    candidate = getattr(builtins, name, None)
    if isinstance(candidate, type) and issubclass(candidate, BaseException):
        return candidate
    return None


def remote_error_class(type_name: str, bases: list[str]) -> type[RemoteError]:
    """A RemoteError subclass named ``type_name`` that also inherits the nearest
    built-in exception the student's class derives from (Exception at least)."""
    builtin_base: type[BaseException] = Exception
    for base in bases:
        found = _builtin_exception(base)
        if found is not None and base not in _NEVER_AS_IS and issubclass(found, Exception):
            builtin_base = found
            break
    key = (type_name, builtin_base.__name__)
    cls = _remote_classes.get(key)
    if cls is None:
        parents: tuple[type, ...] = (
            (RemoteError,) if builtin_base is Exception else (RemoteError, builtin_base)
        )
        try:
            cls = type(type_name, parents, {"remote_type": type_name})
        except TypeError:  # incompatible layouts (e.g. OSError subclasses): keep it simple
            cls = type(type_name, (RemoteError,), {"remote_type": type_name})
        _remote_classes[key] = cls
    return cls


def exception_from_wire(err: Any) -> BaseException:
    """Build the trusted-side exception for an error description from the student."""
    if type(err) is not dict:
        return ProtocolViolation(Said("engine.malformed_error"))
    type_name = err.get("type")
    message = err.get("message")
    module = err.get("module")
    bases = err.get("bases")
    if type(type_name) is not str or type(message) is not str or type(bases) is not list:
        return ProtocolViolation(Said("engine.malformed_error"))
    type_name = type_name[:_MAX_NAME] or "Exception"
    base_names = [b for b in bases if type(b) is str]
    exc: BaseException | None = None
    builtin_cls = _builtin_exception(type_name) if module == "builtins" else None
    if builtin_cls is not None and type_name not in _NEVER_AS_IS:
        try:
            exc = builtin_cls(message) if message else builtin_cls()
        except TypeError:  # e.g. UnicodeDecodeError needs five arguments
            exc = None
    if exc is None:
        exc = remote_error_class(type_name, base_names)(message)
    _copy_plain_attributes(exc, err.get("attributes"))
    traceback_text = err.get("traceback")
    exc.student_traceback = traceback_text if type(traceback_text) is str else ""  # type: ignore[attr-defined]
    exc.from_student = True  # type: ignore[attr-defined]
    return exc


_PLAIN_SCALARS = (type(None), bool, int, float, str)


def _copy_plain_attributes(exc: BaseException, attributes: object) -> None:
    """Set the student exception's plain attributes (e.g. ``code``) on ours, never
    replacing one the exception already has (``args``, ``remote_type``...)."""
    if type(attributes) is not dict:
        return
    for key, value in list(attributes.items())[:20]:
        if type(key) is not str or not key.isidentifier() or key.startswith("_"):
            continue
        if type(value) not in _PLAIN_SCALARS or hasattr(exc, key):
            continue
        setattr(exc, key, value)
