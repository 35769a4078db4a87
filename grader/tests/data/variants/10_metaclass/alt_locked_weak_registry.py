# variant: alternative
# CORRECT alternative: SingletonMeta is thread-safe (double-checked locking)
# and keeps instances in a WeakKeyDictionary keyed by class, creating them
# with super().__call__.  LoggingMeta's __call__ is split into two helper
# methods on the metaclass (one per step) and logs through a classmethod.
"""Alternative solution of 10_metaclass (grader test data)."""

import threading
import weakref
from typing import ClassVar


class LoggingMeta(type):
    log: ClassVar[list[str]] = []

    @classmethod
    def _entry(mcs, text):
        LoggingMeta.log.append(text)

    def __new__(mcs, name, bases, namespace, /, **kwargs):
        mcs._entry(f"LoggingMeta.__new__ {name}")
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        return cls

    def __init__(cls, name, bases, namespace, /, **kwargs):
        type(cls)._entry(f"LoggingMeta.__init__ {name}")
        super().__init__(name, bases, namespace, **kwargs)

    def _allocate(cls, args, kwargs):
        LoggingMeta._entry(f"{cls.__name__}.__new__")
        return cls.__new__(cls, *args, **kwargs)

    def _initialise(cls, obj, args, kwargs):
        LoggingMeta._entry(f"{cls.__name__}.__init__")
        type(obj).__init__(obj, *args, **kwargs)

    def __call__(cls, *args, **kwargs):
        LoggingMeta._entry(f"LoggingMeta.__call__ {cls.__name__}")
        # Called through LoggingMeta, not cls: a class's own attribute of the
        # same name would otherwise shadow the metaclass method.
        obj = LoggingMeta._allocate(cls, args, kwargs)
        if isinstance(obj, cls):
            LoggingMeta._initialise(cls, obj, args, kwargs)
        return obj


class SingletonMeta(type):
    _lock = threading.RLock()
    _registry: ClassVar[weakref.WeakKeyDictionary] = weakref.WeakKeyDictionary()

    def __call__(cls, *args, **kwargs):
        registry = SingletonMeta._registry
        if cls not in registry:
            with SingletonMeta._lock:
                if cls not in registry:
                    registry[cls] = super().__call__(*args, **kwargs)
        return registry[cls]
