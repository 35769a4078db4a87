"""Hidden tests for exercise 10_metaclass, part 2: what LoggingMeta's
__call__ returns and passes on (contract: README.md).

Classes that use the student's metaclass are defined inside the student's
process with ``student_env.exec``.  ``LoggingMeta.log`` is class-level state
shared by every class and every test, so each source starts by clearing it
there (clearing ``student.LoggingMeta.log`` from the test would only clear a
copy in graded mode).  The stub's ``LoggingMeta.__new__`` raises, so every test
here fails against it.  Test names state the expectation, because assertion
messages are not shown to students.
"""

import textwrap

import pytest

pytestmark = pytest.mark.student_module("meta")

PRELUDE = "from meta import LoggingMeta\nLoggingMeta.log.clear()\n"


def define(student_env, source):
    """Run ``source`` after importing LoggingMeta and clearing its log."""
    return student_env.exec(PRELUDE + textwrap.dedent(source))


def log_of(student):
    return list(student.LoggingMeta.log)


def call_entries(name):
    return [f"LoggingMeta.__call__ {name}", f"{name}.__new__", f"{name}.__init__"]


def logged(student, entries):
    """The log holds exactly ``entries``, in any order: a test whose name is not
    about the order (the order tests are in test_meta_hidden.py) checks which
    entries were written, not when."""
    return sorted(log_of(student)) == sorted(entries)


# A class whose __new__ and __init__ record what they receive in the class
# (``Rec.seen``), so the argument tests do not depend on what the call returns.
RECORDER = """
    class Rec(metaclass=LoggingMeta):
        seen = {}

        def __new__(cls, *args, **kwargs):
            Rec.seen["new"] = (args, kwargs)
            return super().__new__(cls)

        def __init__(self, *args, **kwargs):
            Rec.seen["init"] = (args, kwargs)
    LoggingMeta.log.clear()
"""


# --------------------------------------------------------------------------
# Calling a class: the return value
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_call_returns_the_instance_made_by_new_and_initialised_by_init(student, student_env):
    # Only which object comes back and that __init__ ran on it: the arguments that
    # __new__ and __init__ get have tests of their own (issue 11).
    b = student_env.builtins
    ns = define(student_env, """
        class Made(metaclass=LoggingMeta):
            made = None
            def __new__(cls, *args, **kwargs):
                obj = super().__new__(cls)
                Made.made = obj
                return obj

            def __init__(self, *args, **kwargs):
                self.initialised = True
    """)
    obj = ns.Made(1)
    assert obj is not None  # the lesson's MyType.__call__ returned None
    assert b.id(obj) == b.id(ns.Made.made)
    assert b.vars(obj).get("initialised") is True


@pytest.mark.points(2)
def test_each_call_returns_a_new_instance(student, student_env):
    b = student_env.builtins
    ns = define(student_env, """
        class Widget(metaclass=LoggingMeta):
            pass
    """)
    first = ns.Widget()
    second = ns.Widget()
    assert b.id(first) != b.id(second)
    assert b.id(b.type(first)) == b.id(b.type(second)) == b.id(ns.Widget)


# --------------------------------------------------------------------------
# Calling a class: arguments reach __new__ and __init__
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_positional_arguments_reach_init(student, student_env):
    ns = define(student_env, RECORDER)
    ns.Rec(1, "two", 3.0)
    assert ns.Rec.seen["init"] == ((1, "two", 3.0), {})


@pytest.mark.points(2)
def test_keyword_arguments_reach_init(student, student_env):
    ns = define(student_env, RECORDER)
    ns.Rec(color="red", size=2)
    assert ns.Rec.seen["init"] == ((), {"color": "red", "size": 2})


@pytest.mark.points(2)
def test_positional_and_keyword_arguments_reach_new(student, student_env):
    ns = define(student_env, RECORDER)
    ns.Rec(7, 8, mode="fast")
    assert ns.Rec.seen["new"] == ((7, 8), {"mode": "fast"})


def test_init_with_named_parameters_gets_its_arguments(student, student_env):
    ns = define(student_env, """
        class Person(metaclass=LoggingMeta):
            seen = []
            def __init__(self, name, age=0, *, city="?"):
                Person.seen.append((name, age, city))
    """)
    ns.Person("Alex", 18, city="Beijing")
    ns.Person(name="Bo")
    assert ns.Person.seen == [("Alex", 18, "Beijing"), ("Bo", 0, "?")]


def test_missing_init_argument_raises_type_error_like_type_after_the_init_entry(
        student, student_env):
    ns = define(student_env, """
        class Person(metaclass=LoggingMeta):
            def __init__(self, name):
                self.name = name
        LoggingMeta.log.clear()
    """)
    with pytest.raises(TypeError):
        ns.Person()
    assert logged(student, call_entries("Person")) is True


def test_arguments_to_a_class_without_new_and_init_raise_type_error_after_the_new_entry(
        student, student_env):
    ns = define(student_env, """
        class Plain(metaclass=LoggingMeta):
            pass
        LoggingMeta.log.clear()
    """)
    with pytest.raises(TypeError):
        ns.Plain(1)
    assert logged(student, ["LoggingMeta.__call__ Plain", "Plain.__new__"]) is True


# --------------------------------------------------------------------------
# __new__ returning something that is not an instance of the class
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_new_returning_a_non_instance_is_returned_without_init_and_without_init_entry(
        student, student_env):
    ns = define(student_env, """
        class Odd(metaclass=LoggingMeta):
            init_ran = False
            def __new__(cls, *args, **kwargs):
                return "not an Odd"
            def __init__(self, *args, **kwargs):
                Odd.init_ran = True
        LoggingMeta.log.clear()
    """)
    assert ns.Odd(1, k=2) == "not an Odd"
    assert logged(student, ["LoggingMeta.__call__ Odd", "Odd.__new__"]) is True
    assert ns.Odd.init_ran is False


@pytest.mark.points(2)
def test_new_returning_an_object_of_another_class_does_not_run_any_init(student, student_env):
    b = student_env.builtins
    ns = define(student_env, """
        class Other:
            def __init__(self, *args, **kwargs):
                self.touched = "by Other.__init__"
        SHARED = Other()
        SHARED.touched = "untouched"
        class Factory(metaclass=LoggingMeta):
            def __new__(cls, *args, **kwargs):
                return SHARED
            def __init__(self, *args, **kwargs):
                self.touched = "by Factory.__init__"
        LoggingMeta.log.clear()
    """)
    obj = ns.Factory(5, flag=True)
    assert b.id(obj) == b.id(ns.SHARED)
    assert obj.touched == "untouched"
    assert logged(student, ["LoggingMeta.__call__ Factory", "Factory.__new__"]) is True


def test_new_returning_none_gives_none_without_init(student, student_env):
    ns = define(student_env, """
        class Nothing(metaclass=LoggingMeta):
            def __new__(cls):
                return None
            def __init__(self):
                raise AssertionError("__init__ must not run")
        LoggingMeta.log.clear()
    """)
    assert ns.Nothing() is None
    assert logged(student, ["LoggingMeta.__call__ Nothing", "Nothing.__new__"]) is True


def test_new_returning_a_subclass_instance_runs_the_subclass_init(student, student_env):
    # As with type: isinstance(obj, C) holds, so type(obj).__init__ runs.
    b = student_env.builtins
    ns = define(student_env, """
        class Shape(metaclass=LoggingMeta):
            def __new__(cls, *args):
                if cls is Shape:
                    return object.__new__(Square)
                return object.__new__(cls)
            def __init__(self, *args):
                self.made_by = "Shape.__init__"
        class Square(Shape):
            def __init__(self, *args):
                self.made_by = "Square.__init__"
        LoggingMeta.log.clear()
    """)
    obj = ns.Shape(4)
    assert b.id(b.type(obj)) == b.id(ns.Square)
    assert obj.made_by == "Square.__init__"
    assert logged(student, call_entries("Shape")) is True


def test_new_returning_an_existing_instance_runs_init_again_like_type(student, student_env):
    b = student_env.builtins
    ns = define(student_env, """
        class Cached(metaclass=LoggingMeta):
            _one = None
            inits = 0
            def __new__(cls):
                if Cached._one is None:
                    Cached._one = super().__new__(cls)
                return Cached._one
            def __init__(self):
                Cached.inits += 1
        LoggingMeta.log.clear()
    """)
    first = ns.Cached()
    second = ns.Cached()
    assert b.id(first) == b.id(second)
    assert ns.Cached.inits == 2
    assert logged(student, call_entries("Cached") * 2) is True


# --------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_exception_in_new_propagates_after_the_new_entry(student, student_env):
    ns = define(student_env, """
        class Broken(metaclass=LoggingMeta):
            def __new__(cls):
                raise ValueError("no")
            def __init__(self):
                LoggingMeta.log.append("init body")
        LoggingMeta.log.clear()
    """)
    with pytest.raises(ValueError):
        ns.Broken()
    assert log_of(student) == ["LoggingMeta.__call__ Broken", "Broken.__new__"]


@pytest.mark.points(2)
def test_exception_in_init_propagates_after_the_init_entry(student, student_env):
    ns = define(student_env, """
        class Fragile(metaclass=LoggingMeta):
            def __init__(self, value):
                if value < 0:
                    raise ValueError("negative")
                self.value = value
        LoggingMeta.log.clear()
    """)
    with pytest.raises(ValueError):
        ns.Fragile(-1)
    assert log_of(student) == call_entries("Fragile")
