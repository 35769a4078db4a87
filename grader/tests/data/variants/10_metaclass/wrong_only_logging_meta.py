# variant: wrong
# fails: test_singleton_returns_the_first_instance_and_runs_init_once
# fails: test_singleton_second_call_returns_the_same_instance_as_the_first
# passes: test_creating_a_class_logs_metaclass_new_then_init_with_the_class_name
# passes: test_calling_the_class_logs_call_then_new_then_init
# passes: test_calling_the_class_returns_the_instance_not_none
# passes: test_positional_and_keyword_arguments_reach_init
# passes: test_new_returning_a_non_instance_skips_init
# passes: test_call_returns_the_instance_made_by_new_and_initialised_by_init
# passes: test_log_is_one_list_shared_by_all_classes
# WRONG: unfinished: LoggingMeta is done, SingletonMeta is missing. Only the tests of
# SingletonMeta may fail; LoggingMeta's, public and hidden, must run and pass (issue 11).
"""Deliberately WRONG variant of the 10_metaclass solution (grader test data)."""

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
            type(obj).__init__(obj, *args, **kwargs)

        # The lesson's MyType.__call__ forgot this line, so Foo() gave None.
        return obj
