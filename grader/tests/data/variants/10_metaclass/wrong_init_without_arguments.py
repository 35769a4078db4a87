# variant: wrong
# fails: test_positional_arguments_reach_init
# fails: test_keyword_arguments_reach_init
# passes: test_call_returns_the_instance_made_by_new_and_initialised_by_init
# passes: test_positional_and_keyword_arguments_reach_new
# WRONG: like the lesson's self.__init__(obj): __init__ is called without the
# caller's arguments (only __new__ gets them).
"""Deliberately WRONG variant of the 10_metaclass solution (grader test data).

A class is an object too, and the class of a class is its *metaclass*
(``type`` unless you say otherwise).  Two moments are under the metaclass's
control:

1. **creating the class** -- when the ``class`` statement finishes, Python
   calls ``Meta(name, bases, namespace)``, i.e. ``Meta.__new__`` then
   ``Meta.__init__``;
2. **calling the class** -- ``C(...)`` is ``type(C).__call__(C, ...)``,
   i.e. ``Meta.__call__``, which normally runs ``C.__new__`` and then
   ``C.__init__`` and *returns* the new object.

``LoggingMeta`` writes each of these steps into one shared log;
``SingletonMeta`` changes step 2 so that a class has only one instance.
"""

# 参考答案：元类控制两个时刻——创建类（Meta.__new__/__init__）和调用类（Meta.__call__）。

from typing import ClassVar


class LoggingMeta(type):
    """A metaclass that records class creation and instance creation.

    Every entry is appended when its step *starts*, to the one list
    ``LoggingMeta.log`` shared by all classes that use this metaclass.
    """

    # One list, on the metaclass.  Classes that use LoggingMeta can read it as
    # ``C.log`` too (attribute lookup on a class falls back to its metaclass),
    # but nobody ever assigns a new list: everyone appends to this one.
    log: ClassVar[list[str]] = []

    # -- 1. creating a class ------------------------------------------------------
    # ``**kwargs`` are the class keywords, e.g. ``class C(Base, flag=1)``: type
    # passes them on to ``__init_subclass__``, so we must pass them on as well.
    def __new__(mcs, name, bases, namespace, **kwargs):
        # ``name`` is the name of the class being created ("C"); ``mcs`` is
        # the metaclass itself -- logging ``mcs.__name__`` would say "LoggingMeta".
        LoggingMeta.log.append(f"LoggingMeta.__new__ {name}")
        return super().__new__(mcs, name, bases, namespace, **kwargs)

    def __init__(cls, name, bases, namespace, **kwargs):
        LoggingMeta.log.append(f"LoggingMeta.__init__ {name}")
        super().__init__(name, bases, namespace, **kwargs)

    # -- 2. calling a class: C(*args, **kwargs) -----------------------------------
    def __call__(cls, *args, **kwargs):
        # ``cls`` is the class being called (C, or a subclass of C).
        name = cls.__name__
        LoggingMeta.log.append(f"LoggingMeta.__call__ {name}")

        # Step 1: create the object.  ``__new__`` is a static method, so the
        # class is passed explicitly; it gets the same arguments as __init__.
        LoggingMeta.log.append(f"{name}.__new__")
        obj = cls.__new__(cls, *args, **kwargs)

        # Step 2: initialise it -- but only if __new__ really returned an
        # instance of cls.  A __new__ may return anything (a cached object, an
        # int, ...); then __init__ must not run, exactly as with ``type``.
        if isinstance(obj, cls):
            LoggingMeta.log.append(f"{name}.__init__")
            # type(obj), not cls: __new__ may have returned an instance of a
            # subclass, whose own __init__ is the one to run.
            type(obj).__init__(obj)

        # The lesson's MyType.__call__ forgot this line, so Foo() gave None.
        return obj


class SingletonMeta(type):
    """A metaclass whose classes have at most one instance each.

    The first call creates the instance (``__new__`` and ``__init__`` with the
    caller's arguments); every later call returns that same instance and does
    not run ``__init__`` again.  A subclass is a different class and gets its
    own single instance.
    """

    # Keyed by the class object itself, so A and its subclass B have
    # separate entries (a key like ``cls.__name__`` would mix up two classes
    # that happen to share a name).
    _instances: ClassVar[dict[type, object]] = {}

    def __call__(cls, *args, **kwargs):
        try:
            return SingletonMeta._instances[cls]
        except KeyError:
            # First call for this very class: the normal creation
            # (type.__call__ runs __new__ and __init__) -- once.
            instance = super().__call__(*args, **kwargs)
            SingletonMeta._instances[cls] = instance
            return instance
