"""Hidden tests for exercise 10_metaclass, part 2: SingletonMeta (contract: README.md).

Every test defines fresh classes (with names used by no other test) inside the
student's process with ``student_env.exec``, so singletons left by earlier
tests never interfere.  Identity is compared with ``builtins.id`` in the
student's process, classes by identity too (``type(obj)`` is the class itself,
never judged by a name the student's metaclass could fake), from the test after
the student's code has run.  The stub's ``SingletonMeta.__call__`` raises, so
every test here fails against it.
"""

import textwrap

import pytest

pytestmark = pytest.mark.student_module("meta")


def define(student_env, source):
    return student_env.exec("from meta import SingletonMeta\n" + textwrap.dedent(source))


def same(student_env, a, b):
    ids = student_env.builtins.id
    return ids(a) == ids(b)


def is_exactly(student_env, obj, cls):
    """Whether the real class of ``obj`` is ``cls`` itself."""
    return same(student_env, student_env.builtins.type(obj), cls)


# A singleton class that counts how often __new__ and __init__ run and keeps
# the arguments of the call that initialised it.
COUNTED = """
    class {name}(metaclass=SingletonMeta):
        news = 0
        inits = 0
        def __new__(cls, *args, **kwargs):
            {name}.news += 1
            return super().__new__(cls)
        def __init__(self, *args, **kwargs):
            {name}.inits += 1
            self.args = args
            self.kwargs = kwargs
"""


def counted(student_env, name):
    return getattr(define(student_env, COUNTED.format(name=name)), name)


# --------------------------------------------------------------------------
# One instance per class
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_singleton_second_call_returns_the_same_instance_as_the_first(student_env):
    Settings = counted(student_env, "SettingsA")
    first = Settings()
    second = Settings()
    third = Settings()
    assert same(student_env, first, second)
    assert same(student_env, first, third)


@pytest.mark.points(3)
def test_singleton_init_runs_only_on_the_first_call(student_env):
    Settings = counted(student_env, "SettingsB")
    Settings(1)
    Settings(2)
    Settings(3)
    assert Settings.inits == 1
    assert Settings.news == 1


@pytest.mark.points(2)
def test_singleton_first_call_passes_its_arguments_to_init(student_env):
    Settings = counted(student_env, "SettingsC")
    obj = Settings("db", port=5432)
    assert obj.args == ("db",)
    assert obj.kwargs == {"port": 5432}


@pytest.mark.points(3)
def test_singleton_later_calls_with_other_arguments_return_the_first_instance_unchanged(
        student_env):
    Settings = counted(student_env, "SettingsD")
    first = Settings("first", level=1)
    later = Settings("second", level=2, extra=True)
    assert same(student_env, first, later)
    assert later.args == ("first",)
    assert later.kwargs == {"level": 1}


@pytest.mark.points(2)
def test_singleton_later_call_without_arguments_returns_the_first_instance(student_env):
    ns = define(student_env, """
        class Connection(metaclass=SingletonMeta):
            def __init__(self, host, port):
                self.host = host
                self.port = port
    """)
    first = ns.Connection("example.org", 80)
    later = ns.Connection()  # __init__ would need two arguments: it must not run
    assert same(student_env, first, later)
    assert (later.host, later.port) == ("example.org", 80)


def test_singleton_instance_is_an_instance_of_its_class(student_env):
    b = student_env.builtins
    ns = define(student_env, """
        class Registry(metaclass=SingletonMeta):
            def __init__(self):
                self.items = []
            def add(self, item):
                self.items.append(item)
                return len(self.items)
    """)
    reg = ns.Registry()
    assert b.isinstance(reg, ns.Registry) is True
    assert is_exactly(student_env, reg, ns.Registry)
    assert reg.add("a") == 1
    assert ns.Registry().add("b") == 2
    assert reg.items == ["a", "b"]


def test_singleton_state_set_through_one_reference_is_seen_through_another(student_env):
    ns = define(student_env, """
        class Counter(metaclass=SingletonMeta):
            def __init__(self):
                self.value = 0
        Counter().value += 5
        Counter().value += 1
        result = Counter().value
    """)
    assert ns.result == 6


# --------------------------------------------------------------------------
# Each class separately
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_two_unrelated_singleton_classes_have_separate_instances(student_env):
    ns = define(student_env, """
        class Logger(metaclass=SingletonMeta):
            pass
        class Cache(metaclass=SingletonMeta):
            pass
    """)
    logger = ns.Logger()
    cache = ns.Cache()
    assert not same(student_env, logger, cache)
    assert is_exactly(student_env, logger, ns.Logger)
    assert is_exactly(student_env, cache, ns.Cache)
    assert same(student_env, ns.Logger(), logger)
    assert same(student_env, ns.Cache(), cache)


@pytest.mark.points(3)
def test_singleton_subclass_called_after_its_parent_gets_its_own_instance(student_env):
    ns = define(student_env, """
        class ParentE(metaclass=SingletonMeta):
            def __init__(self, tag):
                self.tag = tag
        class ChildE(ParentE):
            pass
    """)
    parent = ns.ParentE("parent")
    child = ns.ChildE("child")
    assert not same(student_env, parent, child)
    assert is_exactly(student_env, child, ns.ChildE)
    assert child.tag == "child"
    assert parent.tag == "parent"
    assert same(student_env, ns.ChildE("again"), child)
    assert same(student_env, ns.ParentE("again"), parent)


@pytest.mark.points(2)
def test_singleton_parent_called_after_its_subclass_gets_its_own_instance(student_env):
    ns = define(student_env, """
        class ParentF(metaclass=SingletonMeta):
            def __init__(self, tag):
                self.tag = tag
        class ChildF(ParentF):
            pass
    """)
    child = ns.ChildF("child")
    parent = ns.ParentF("parent")
    assert not same(student_env, parent, child)
    assert is_exactly(student_env, parent, ns.ParentF)
    assert parent.tag == "parent"
    assert same(student_env, ns.ChildF("again"), child)


@pytest.mark.points(2)
def test_singleton_init_runs_once_per_class_for_parent_and_subclass(student_env):
    ns = define(student_env, """
        class ParentG(metaclass=SingletonMeta):
            calls = []
            def __init__(self):
                ParentG.calls.append(type(self).__name__)
        class ChildG(ParentG):
            pass
        class GrandChildG(ChildG):
            pass
        for cls in (ParentG, ChildG, GrandChildG, ChildG, ParentG, GrandChildG):
            cls()
        result = list(ParentG.calls)
    """)
    assert ns.result == ["ParentG", "ChildG", "GrandChildG"]


@pytest.mark.points(2)
def test_sibling_subclasses_have_separate_instances(student_env):
    ns = define(student_env, """
        class ShapeH(metaclass=SingletonMeta):
            pass
        class CircleH(ShapeH):
            pass
        class SquareH(ShapeH):
            pass
    """)
    circle = ns.CircleH()
    square = ns.SquareH()
    assert not same(student_env, circle, square)
    assert is_exactly(student_env, circle, ns.CircleH)
    assert is_exactly(student_env, square, ns.SquareH)


def test_two_different_classes_with_the_same_name_have_separate_instances(student_env):
    ns = define(student_env, """
        def make():
            class Config(metaclass=SingletonMeta):
                pass
            return Config
        First = make()
        Second = make()
        a = First()
        b = Second()
    """)
    assert not same(student_env, ns.a, ns.b)
    assert is_exactly(student_env, ns.a, ns.First)
    assert is_exactly(student_env, ns.b, ns.Second)
    assert same(student_env, ns.First(), ns.a)
    assert same(student_env, ns.Second(), ns.b)


# --------------------------------------------------------------------------
# Everything else behaves as with type
# --------------------------------------------------------------------------

def test_singleton_class_keeps_its_name_attributes_and_methods(student_env):
    b = student_env.builtins
    ns = define(student_env, """
        class AppJ(metaclass=SingletonMeta):
            version = "1.0"
            def __init__(self, name="app"):
                self.name = name
            def describe(self):
                return self.name + " " + self.version
    """)
    meta = student_env.module("meta")
    assert is_exactly(student_env, ns.AppJ, meta.SingletonMeta)
    assert b.type.__dict__["__name__"].__get__(ns.AppJ) == "AppJ"  # not a metaclass's property
    assert ns.AppJ.version == "1.0"
    app = ns.AppJ("demo")
    assert app.describe() == "demo 1.0"
    assert b.isinstance(ns.AppJ, student_env.module("meta").SingletonMeta) is True


def test_singleton_first_call_error_in_init_propagates(student_env):
    ns = define(student_env, """
        class StrictK(metaclass=SingletonMeta):
            def __init__(self, value):
                if value < 0:
                    raise ValueError("negative")
                self.value = value
    """)
    with pytest.raises(ValueError):
        ns.StrictK(-1)
