"""Hidden tests for exercise 10_metaclass, part 1: LoggingMeta, the
entries and their order (contract: README.md).

Classes that use the student's metaclass are defined inside the student's
process with ``student_env.exec``; what they are (their metaclass, name, bases,
class dict) is then read from the test with ``student_env.builtins`` and
``type``'s own descriptors, which the student's metaclass cannot answer for.
``LoggingMeta.log`` is class-level state
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


def real(student_env, name, cls):
    """``cls.<name>`` (``__name__``, ``__bases__``) read through ``type``'s own
    descriptor: a metaclass's property of that name is not asked."""
    return student_env.builtins.type.__dict__[name].__get__(cls)


def made_by(student_env, cls, metaclass):
    """Whether the real metaclass of ``cls`` is ``metaclass`` itself."""
    b = student_env.builtins
    return b.id(b.type(cls)) == b.id(metaclass)


def call_entries(name):
    return [f"LoggingMeta.__call__ {name}", f"{name}.__new__", f"{name}.__init__"]


def logged(student, entries):
    """The log holds exactly ``entries``, in any order: for tests whose name is
    about which entries are written, not about their order (the order has tests
    of its own)."""
    return sorted(log_of(student)) == sorted(entries)


# A class whose __new__ and __init__ record what they receive, and also write
# markers into the log so that the position of each entry can be checked.
RECORDER = """
    class Rec(metaclass=LoggingMeta):
        def __new__(cls, *args, **kwargs):
            LoggingMeta.log.append("new body")
            obj = super().__new__(cls)
            obj.new_args = args
            obj.new_kwargs = kwargs
            return obj

        def __init__(self, *args, **kwargs):
            LoggingMeta.log.append("init body")
            self.init_args = args
            self.init_kwargs = kwargs
    LoggingMeta.log.clear()
"""


# --------------------------------------------------------------------------
# Creating a class
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_creating_a_class_logs_metaclass_new_then_metaclass_init(student, student_env):
    define(student_env, """
        class Widget(metaclass=LoggingMeta):
            size = 3
    """)
    assert log_of(student) == ["LoggingMeta.__new__ Widget", "LoggingMeta.__init__ Widget"]


@pytest.mark.points(2)
def test_class_creation_entries_name_the_new_class_not_the_metaclass(student, student_env):
    define(student_env, """
        class Gadget(metaclass=LoggingMeta):
            pass
    """)
    log = log_of(student)
    assert "LoggingMeta.__new__ LoggingMeta" not in log
    assert log[0] == "LoggingMeta.__new__ Gadget"


def test_creating_a_class_logs_no_instance_creation_entries(student, student_env):
    define(student_env, """
        class Quiet(metaclass=LoggingMeta):
            def method(self):
                return 1
    """)
    assert len(log_of(student)) == 2


@pytest.mark.points(2)
def test_creating_a_subclass_logs_the_subclass_name(student, student_env):
    define(student_env, """
        class Parent(metaclass=LoggingMeta):
            pass
        class Kid(Parent):
            pass
    """)
    assert log_of(student) == [
        "LoggingMeta.__new__ Parent", "LoggingMeta.__init__ Parent",
        "LoggingMeta.__new__ Kid", "LoggingMeta.__init__ Kid",
    ]


def test_two_classes_are_logged_in_the_order_they_are_defined(student, student_env):
    define(student_env, """
        class First(metaclass=LoggingMeta):
            pass
        class Second(metaclass=LoggingMeta):
            pass
    """)
    assert log_of(student) == [
        "LoggingMeta.__new__ First", "LoggingMeta.__init__ First",
        "LoggingMeta.__new__ Second", "LoggingMeta.__init__ Second",
    ]


def test_calling_loggingmeta_directly_creates_and_logs_a_class(student, student_env):
    ns = define(student_env, """
        Dyn = LoggingMeta("Dyn", (), {"x": 1})
        LoggingMeta.log.append("created")
    """)
    assert log_of(student) == ["LoggingMeta.__new__ Dyn", "LoggingMeta.__init__ Dyn", "created"]
    assert made_by(student_env, ns.Dyn, student.LoggingMeta) is True
    assert real(student_env, "__name__", ns.Dyn) == "Dyn"
    assert ns.Dyn.x == 1


@pytest.mark.points(2)
def test_metaclass_new_entry_is_logged_before_the_class_object_is_built(student, student_env):
    # type.__new__ runs __init_subclass__ of the base while it builds the class:
    # the "LoggingMeta.__new__" entry must already be there at that moment.
    define(student_env, """
        class Base(metaclass=LoggingMeta):
            def __init_subclass__(cls, **kwargs):
                super().__init_subclass__(**kwargs)
                LoggingMeta.log.append("init_subclass " + cls.__name__)
        LoggingMeta.log.clear()
        class Derived(Base):
            pass
    """)
    assert log_of(student) == [
        "LoggingMeta.__new__ Derived", "init_subclass Derived", "LoggingMeta.__init__ Derived",
    ]


def test_class_created_with_loggingmeta_has_its_name_bases_and_attributes(student, student_env):
    ns = define(student_env, """
        class Base:
            greeting = "hi"
        class Thing(Base, metaclass=LoggingMeta):
            '''doc of Thing'''
            size = 3
            def double(self):
                return 2 * self.size
            @classmethod
            def kind(cls):
                return cls.__name__
    """)
    b = student_env.builtins
    thing = ns.Thing
    class_dict = b.vars(thing)
    bases = real(student_env, "__bases__", thing)
    assert made_by(student_env, thing, student.LoggingMeta) is True
    assert real(student_env, "__name__", thing) == "Thing"
    assert len(bases) == 1
    assert b.id(bases[0]) == b.id(ns.Base)
    assert class_dict["__doc__"] == "doc of Thing"
    assert (thing.size, thing.greeting, thing.kind()) == (3, "hi", "Thing")
    assert "double" in class_dict


def test_subclass_of_a_loggingmeta_class_also_has_loggingmeta_as_metaclass(student, student_env):
    ns = define(student_env, """
        class Parent(metaclass=LoggingMeta):
            pass
        class Kid(Parent):
            pass
    """)
    assert made_by(student_env, ns.Kid, student.LoggingMeta) is True


def test_class_keywords_are_passed_on_to_init_subclass(student, student_env):
    ns = define(student_env, """
        class Plugin(metaclass=LoggingMeta):
            def __init_subclass__(cls, tag=None, **kwargs):
                super().__init_subclass__(**kwargs)
                cls.tag = tag
        class Csv(Plugin, tag="csv"):
            pass
        result = Csv.tag
    """)
    assert ns.result == "csv"
    assert log_of(student)[-2:] == ["LoggingMeta.__new__ Csv", "LoggingMeta.__init__ Csv"]


# --------------------------------------------------------------------------
# Calling a class: the three entries, in order
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_calling_a_class_logs_call_then_new_then_init(student, student_env):
    ns = define(student_env, """
        class Widget(metaclass=LoggingMeta):
            def __init__(self):
                self.ok = True
        LoggingMeta.log.clear()
    """)
    ns.Widget()
    assert log_of(student) == call_entries("Widget")


@pytest.mark.points(3)
def test_log_entries_are_written_when_each_step_starts(student, student_env):
    ns = define(student_env, RECORDER)
    ns.Rec()
    assert log_of(student) == [
        "LoggingMeta.__call__ Rec", "Rec.__new__", "new body", "Rec.__init__", "init body",
    ]


def test_class_without_new_and_init_is_logged_and_instantiated(student, student_env):
    b = student_env.builtins
    ns = define(student_env, """
        class Plain(metaclass=LoggingMeta):
            pass
        LoggingMeta.log.clear()
    """)
    obj = ns.Plain()
    assert b.id(b.type(obj)) == b.id(ns.Plain)
    assert logged(student, call_entries("Plain")) is True


@pytest.mark.points(2)
def test_every_call_adds_three_entries_to_the_same_log(student, student_env):
    ns = define(student_env, """
        class A(metaclass=LoggingMeta):
            pass
        class B(metaclass=LoggingMeta):
            pass
        LoggingMeta.log.clear()
    """)
    ns.A()
    ns.B()
    ns.A()
    assert logged(student, call_entries("A") + call_entries("B") + call_entries("A")) is True


@pytest.mark.points(2)
def test_subclass_call_logs_the_subclass_own_name(student, student_env):
    ns = define(student_env, """
        class Animal(metaclass=LoggingMeta):
            def __init__(self, *args):
                pass
        class Dog(Animal):
            pass
        LoggingMeta.log.clear()
    """)
    ns.Dog("rex")
    assert logged(student, call_entries("Dog")) is True


def test_nested_class_entries_use_its_name_not_its_qualified_name(student, student_env):
    ns = define(student_env, """
        class Outer:
            class Inner(metaclass=LoggingMeta):
                pass
        LoggingMeta.log.clear()
    """)
    ns.Outer.Inner()
    assert logged(student, call_entries("Inner")) is True


@pytest.mark.points(2)
def test_instances_created_inside_init_are_logged_after_the_outer_init_entry(student, student_env):
    ns = define(student_env, """
        class Engine(metaclass=LoggingMeta):
            pass
        class Car(metaclass=LoggingMeta):
            def __init__(self):
                self.engine = Engine()
        LoggingMeta.log.clear()
    """)
    ns.Car()
    assert log_of(student) == call_entries("Car") + call_entries("Engine")


def test_class_with_its_own_log_attribute_still_logs_to_loggingmeta_log(student, student_env):
    ns = define(student_env, """
        class Journal(metaclass=LoggingMeta):
            log = ["journal entry"]
        LoggingMeta.log.clear()
        Journal()
        result = list(Journal.log)
    """)
    assert logged(student, call_entries("Journal")) is True
    assert ns.result == ["journal entry"]


def test_log_is_one_list_shared_by_all_classes(student, student_env):
    ns = define(student_env, """
        class One(metaclass=LoggingMeta):
            pass
        class Two(metaclass=LoggingMeta):
            pass
        One()
        Two()
        result = type(LoggingMeta.log) is list
    """)
    assert ns.result is True
    assert logged(student, [
        "LoggingMeta.__new__ One", "LoggingMeta.__init__ One",
        "LoggingMeta.__new__ Two", "LoggingMeta.__init__ Two",
        *call_entries("One"), *call_entries("Two"),
    ]) is True
