"""The built-ins as they were before any student code ran, with checks the object under
test cannot fool.

Student code shares its interpreter with whatever answers a test's questions about it
(the student process in graded mode, pytest itself in direct mode), and it may replace
``builtins.isinstance``, ``builtins.vars``, ``builtins.property``... This module copies
the built-ins when it is imported, which in both modes happens before any student code
runs, and hands out copies of that snapshot: :func:`namespace` is what tests get as
``student_env.builtins``, :func:`exec_builtins` the ``__builtins__`` of test source run
with ``student_env.exec``.

Three entries are stricter than the originals, because the originals ask the object
under test for the answer (``__class__``, ``__instancecheck__``, ``__subclasscheck__``,
a class-level ``__dict__``):

* ``isinstance(obj, classinfo)`` is ``issubclass(type(obj), classinfo)``;
* ``issubclass(cls, classinfo)`` holds when a class of ``classinfo`` (a class, a tuple
  of them, or a ``X | Y`` union) is, by identity, in the real MRO of ``cls`` (abstract
  base classes count only as real bases, not through ``register`` or
  ``__subclasshook__``);
* ``vars(obj)`` reads the instance's real ``__dict__`` through the interpreter's own
  ``__dict__`` descriptor, and raises ``TypeError`` when a class of ``type(obj)``'s MRO
  defines ``__dict__`` as anything else (a property, a plain attribute...).

Nothing here calls code of the object under test, so a check cannot be answered by it.
The module uses the standard library only (the student process imports it) and binds
every built-in it needs at import time.
"""

from __future__ import annotations

import builtins as _builtins_module

# Bound now: student code that replaces builtins.type later does not reach these checks.
from builtins import TypeError, any, dict, len, str, tuple, type  # noqa: UP029
from collections.abc import Mapping
from types import GetSetDescriptorType, MemberDescriptorType, ModuleType, UnionType

# Only for the type checker: ``typing`` costs the student process's every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_SNAPSHOT: dict[str, Any] = dict(_builtins_module.__dict__)

# The interpreter's own descriptors on ``type``: reading through them bypasses anything a
# metaclass defines (a ``__mro__`` or ``__name__`` property, ``__dict__``...).
_mro_of = type.__dict__["__mro__"].__get__
_class_dict_of = type.__dict__["__dict__"].__get__
_name_of = type.__dict__["__name__"].__get__
_module_of = type.__dict__["__module__"].__get__
_MISSING = object()


def name_of(cls: type) -> str:
    """The real ``__name__`` of a class (never a metaclass's property)."""
    name: str = _name_of(cls)
    return name


def module_of(cls: type) -> object:
    """What a class's own namespace says its ``__module__`` is (any object: student
    classes set it freely; compare with :func:`is_builtin_class` for built-ins)."""
    return _module_of(cls)


def mro_of(cls: type) -> tuple[type, ...]:
    """The real MRO of a class (never a metaclass's ``__mro__`` property)."""
    mro: tuple[type, ...] = _mro_of(cls)
    return mro


def is_class(candidate: object) -> bool:
    return _in_mro(type, type(candidate))


def _in_mro(wanted: object, cls: type) -> bool:
    # By identity: ``in`` would ask a student metaclass's ``__eq__``.
    return any(klass is wanted for klass in _mro_of(cls))


def _classes(classinfo: object, function: str, depth: int = 0) -> tuple[object, ...]:
    if is_class(classinfo):
        return (classinfo,)
    kind = type(classinfo)
    if kind is UnionType:
        return _classes(classinfo.__args__, function, depth + 1)  # type: ignore[attr-defined]
    if kind is tuple and depth < 50:
        found: tuple[object, ...] = ()
        for item in classinfo:  # type: ignore[attr-defined]
            found += _classes(item, function, depth + 1)
        return found
    raise TypeError(f"{function}() arg 2 must be a type, a tuple of types, or a union")


def strict_issubclass(cls: object, classinfo: object) -> bool:
    """``issubclass`` decided by the real MRO of ``cls`` alone."""
    if not is_class(cls):
        raise TypeError("issubclass() arg 1 must be a class")
    return any(_in_mro(c, cls) for c in _classes(classinfo, "issubclass"))  # type: ignore[arg-type]


def strict_isinstance(obj: object, classinfo: object) -> bool:
    """``isinstance`` decided by the real type of ``obj`` (never its ``__class__``)."""
    kind = type(obj)
    return any(_in_mro(c, kind) for c in _classes(classinfo, "isinstance"))


def strict_vars(*args: object) -> Any:
    """``vars(obj)`` read through the interpreter's own ``__dict__`` descriptor."""
    if len(args) != 1:
        raise TypeError("vars() needs exactly one argument here")
    (obj,) = args
    kind = type(obj)
    for klass in _mro_of(kind):
        descriptor = _class_dict_of(klass).get("__dict__", _MISSING)
        if descriptor is _MISSING:
            continue
        # Compared by identity: `in (...)` would ask a student metaclass's __eq__.
        real_kind = type(descriptor)
        if (
            (real_kind is GetSetDescriptorType or real_kind is MemberDescriptorType)
            and descriptor.__name__ == "__dict__"
            and _in_mro(descriptor.__objclass__, kind)
        ):
            return descriptor.__get__(obj, kind)
        raise TypeError(
            f"vars() refused: class {name_of(klass)!r} defines __dict__ as a "
            f"{name_of(type(descriptor))}, not as the instance's real attribute dictionary"
        )
    raise TypeError("vars() argument must have __dict__ attribute")


strict_isinstance.__name__ = strict_isinstance.__qualname__ = "isinstance"
strict_issubclass.__name__ = strict_issubclass.__qualname__ = "issubclass"
strict_vars.__name__ = strict_vars.__qualname__ = "vars"

_STRICT = {"isinstance": strict_isinstance, "issubclass": strict_issubclass, "vars": strict_vars}


def exec_builtins(modules: Mapping[str, ModuleType] | None = None) -> dict[str, Any]:
    """A fresh ``__builtins__`` mapping for one piece of test source. ``modules``: the
    student's modules as the grader imported them; ``import NAME`` in the test source
    gets those objects, whatever student code later put into ``sys.modules``."""
    fresh = dict(_SNAPSHOT)
    fresh.update(_STRICT)
    if modules:
        fresh["__import__"] = _importer(dict(modules), _SNAPSHOT["__import__"])
    return fresh


def _importer(modules: dict[str, ModuleType], real_import: Any) -> Any:
    def __import__(
        name: str,
        globals: Any = None,
        locals: Any = None,
        fromlist: Any = (),
        level: int = 0,
    ) -> Any:
        if level == 0 and type(name) is str and name in modules:
            return modules[name]
        return real_import(name, globals, locals, fromlist, level)

    return __import__


def namespace() -> ModuleType:
    """A fresh namespace of the snapshot (``student_env.builtins``)."""
    module = ModuleType("builtins", "The built-ins before any student code ran (strict checks).")
    entries = exec_builtins()
    for key in ("__name__", "__doc__", "__spec__", "__loader__", "__package__"):
        entries.pop(key, None)
    module.__dict__.update(entries)
    return module


def is_builtin_class(cls: type) -> bool:
    """Whether ``cls`` is itself one of the built-in classes (``ValueError``, ``int``...),
    not a student class that took its name or claims ``__module__ = "builtins"``."""
    return _SNAPSHOT.get(name_of(cls)) is cls


__all__ = [
    "exec_builtins",
    "is_builtin_class",
    "is_class",
    "module_of",
    "mro_of",
    "name_of",
    "namespace",
    "strict_isinstance",
    "strict_issubclass",
    "strict_vars",
]
