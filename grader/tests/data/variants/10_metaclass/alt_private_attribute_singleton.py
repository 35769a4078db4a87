# variant: alternative
# CORRECT alternative: SingletonMeta keeps each class's instance in that
# class's own __dict__ (a name-mangled private attribute, checked with
# cls.__dict__ so that a subclass never sees its parent's instance) and builds
# it by hand with __new__/__init__.  LoggingMeta calls type.__new__ and
# type.__init__ explicitly and writes its entries through one helper.
"""Alternative solution of 10_metaclass (grader test data)."""

from typing import ClassVar


def _record(entry):
    # Always the list on LoggingMeta, whatever the class defines itself.
    LoggingMeta.log.append(entry)


class LoggingMeta(type):
    log: ClassVar[list[str]] = []

    def __new__(metacls, name, bases, namespace, **kwds):
        _record("LoggingMeta.__new__ " + name)
        return type.__new__(metacls, name, bases, namespace, **kwds)

    def __init__(self, name, bases, namespace, **kwds):
        _record("LoggingMeta.__init__ " + name)
        type.__init__(self, name, bases, namespace, **kwds)

    def __call__(self, *args, **kwds):
        _record("LoggingMeta.__call__ " + self.__name__)
        _record(self.__name__ + ".__new__")
        instance = self.__new__(self, *args, **kwds)
        if not isinstance(instance, self):
            return instance
        _record(self.__name__ + ".__init__")
        init = type(instance).__init__
        init(instance, *args, **kwds)
        return instance


class SingletonMeta(type):
    def __call__(cls, *args, **kwargs):
        # Look in this class's own namespace only: getattr(cls, ...) would
        # also find an instance stored on a parent class.
        if "_SingletonMeta__instance" not in cls.__dict__:
            obj = cls.__new__(cls, *args, **kwargs)
            if isinstance(obj, cls):
                type(obj).__init__(obj, *args, **kwargs)
            cls.__instance = obj          # stored as cls._SingletonMeta__instance
        return cls.__dict__["_SingletonMeta__instance"]
