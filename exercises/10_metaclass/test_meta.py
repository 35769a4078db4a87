"""Public tests for exercise 10_metaclass.

Run them with ``pytest exercises/10_metaclass`` or ``grader check 10_metaclass``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``meta`` themselves.  Classes that use your metaclasses are
defined with ``student_env.exec(source)``: the source runs next to your code
(it can ``from meta import ...``) and its module-level names come back as
attributes of the returned namespace.  A test imports only the metaclass it
tests, so the tests of LoggingMeta run even before SingletonMeta exists (and
the other way round).  LoggingMeta's tests start by clearing ``LoggingMeta.log``,
because the log is shared by all classes and tests.
"""

import textwrap

import pytest

pytestmark = pytest.mark.student_module("meta")

PRELUDES = {
    "LoggingMeta": "from meta import LoggingMeta\nLoggingMeta.log.clear()\n",
    "SingletonMeta": "from meta import SingletonMeta\n",
}


def define(student, student_env, source, metaclass="LoggingMeta"):
    """Run ``source`` after importing ``metaclass`` (and clearing LoggingMeta's log)."""
    if student_env.builtins.hasattr(student, metaclass) is not True:
        pytest.fail(f"meta.py 中没有 {metaclass} / meta.py defines no {metaclass}")
    return student_env.exec(PRELUDES[metaclass] + textwrap.dedent(source))


def log_of(student):
    return list(student.LoggingMeta.log)


@pytest.mark.points(2)
def test_creating_a_class_logs_metaclass_new_then_init_with_the_class_name(
        student, student_env):
    define(student, student_env, """
        class Point(metaclass=LoggingMeta):
            pass
    """)
    assert log_of(student) == ["LoggingMeta.__new__ Point", "LoggingMeta.__init__ Point"]


@pytest.mark.points(2)
def test_calling_the_class_logs_call_then_new_then_init(student, student_env):
    ns = define(student, student_env, """
        class Point(metaclass=LoggingMeta):
            pass
        LoggingMeta.log.clear()
    """)
    ns.Point()
    assert log_of(student) == ["LoggingMeta.__call__ Point", "Point.__new__", "Point.__init__"]


@pytest.mark.points(2)
def test_calling_the_class_returns_the_instance_not_none(student, student_env):
    b = student_env.builtins
    ns = define(student, student_env, """
        class Point(metaclass=LoggingMeta):
            def __init__(self):
                self.ready = True
    """)
    p = ns.Point()
    assert p is not None  # the lesson's MyType.__call__ returned None here
    assert b.isinstance(p, ns.Point) is True
    assert p.ready is True


@pytest.mark.points(2)
def test_positional_and_keyword_arguments_reach_init(student, student_env):
    ns = define(student, student_env, """
        class Point(metaclass=LoggingMeta):
            def __init__(self, x, y=0):
                self.x = x
                self.y = y
    """)
    p = ns.Point(3, y=4)
    assert (p.x, p.y) == (3, 4)


@pytest.mark.points(2)
def test_new_returning_a_non_instance_skips_init(student, student_env):
    ns = define(student, student_env, """
        class Odd(metaclass=LoggingMeta):
            def __new__(cls):
                return 42
            def __init__(self):
                raise AssertionError("__init__ must not run")
        LoggingMeta.log.clear()
    """)
    assert ns.Odd() == 42
    # which entries, in any order (the order is the job of the test above)
    assert sorted(log_of(student)) == ["LoggingMeta.__call__ Odd", "Odd.__new__"]


@pytest.mark.points(2)
def test_singleton_returns_the_first_instance_and_runs_init_once(student, student_env):
    b = student_env.builtins
    ns = define(student, student_env, """
        class Config(metaclass=SingletonMeta):
            inits = 0
            def __init__(self, name):
                Config.inits += 1
                self.name = name
    """, metaclass="SingletonMeta")
    first = ns.Config("a")
    second = ns.Config("b")
    assert b.id(first) == b.id(second)
    assert second.name == "a"
    assert ns.Config.inits == 1


@pytest.mark.points(2)
def test_singleton_subclass_has_its_own_instance(student, student_env):
    b = student_env.builtins
    ns = define(student, student_env, """
        class Base(metaclass=SingletonMeta):
            pass
        class Child(Base):
            pass
    """, metaclass="SingletonMeta")
    base = ns.Base()
    child = ns.Child()
    assert b.id(base) != b.id(child)
    assert b.id(b.type(child)) == b.id(ns.Child)  # an instance of Child itself
    assert b.id(ns.Child()) == b.id(child)
