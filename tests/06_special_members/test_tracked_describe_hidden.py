"""Hidden tests for exercise 06_special_members: Tracked (__del__) and describe().

In graded mode every object the test holds stays alive in the student process
until the test ends, so ``del`` in the test would never reach ``__del__``.
The Tracked tests therefore create and delete objects *inside* the student's
interpreter with ``student_env.exec`` and read back plain results.  Each one
collects garbage left by earlier tests and clears ``Tracked.released`` first.
"""

import textwrap

import pytest

pytestmark = pytest.mark.student_module("polynomial")


def run_tracked(student_env, source):
    """Run ``source`` with a clean, empty ``Tracked.released``."""
    return student_env.exec(
        "import gc\n"
        "from polynomial import Tracked\n"
        "gc.collect()\n"
        "Tracked.released.clear()\n" + textwrap.dedent(source)
    )


def run(student_env, source):
    return student_env.exec("from polynomial import describe\n" + textwrap.dedent(source))


# --------------------------------------------------------------------------
# Tracked.__del__
# --------------------------------------------------------------------------

@pytest.mark.points(4)
def test_deleting_the_last_reference_appends_the_name_to_released(student_env):
    ns = run_tracked(student_env, """
        t = Tracked("alpha")
        del t
        result = list(Tracked.released)
        """)
    assert ns.result == ["alpha"]


@pytest.mark.points(2)
def test_released_is_a_class_level_list_shared_by_all_instances(student_env):
    ns = run_tracked(student_env, """
        is_list = type(Tracked.released) is list
        a = Tracked("a")
        shared = a.released is Tracked.released
        del a
        result = list(Tracked.released)
        """)
    assert "released" in student_env.builtins.vars(ns.Tracked)
    assert ns.is_list is True
    assert ns.shared is True
    assert ns.result == ["a"]


def test_creating_a_tracked_object_does_not_release_it(student_env):
    ns = run_tracked(student_env, """
        t = Tracked("kept")
        before = list(Tracked.released)
        del t
        after = list(Tracked.released)
        """)
    assert ns.before == []
    assert ns.after == ["kept"]


@pytest.mark.points(3)
def test_an_object_is_released_only_when_its_last_reference_goes(student_env):
    ns = run_tracked(student_env, """
        t = Tracked("shared")
        alias = t
        holder = [t]
        del t
        step1 = list(Tracked.released)
        del alias
        step2 = list(Tracked.released)
        holder.clear()
        step3 = list(Tracked.released)
        """)
    assert ns.step1 == []
    assert ns.step2 == []
    assert ns.step3 == ["shared"]


@pytest.mark.points(3)
def test_several_objects_are_recorded_in_the_order_they_are_released(student_env):
    ns = run_tracked(student_env, """
        a, b, c = Tracked("a"), Tracked("b"), Tracked("c")
        del b
        del c
        del a
        result = list(Tracked.released)
        """)
    assert ns.result == ["b", "c", "a"]


@pytest.mark.points(2)
def test_rebinding_a_variable_releases_the_previous_object(student_env):
    ns = run_tracked(student_env, """
        t = Tracked("first")
        t = Tracked("second")
        middle = list(Tracked.released)
        del t
        result = list(Tracked.released)
        """)
    assert ns.middle == ["first"]
    assert ns.result == ["first", "second"]


@pytest.mark.points(3)
def test_del_appends_to_the_same_class_list_object(student_env):
    # The list must be appended to, not replaced (e.g. by
    # `self.released = self.released + [name]`, which only creates an
    # attribute on the dying instance).
    ns = run_tracked(student_env, """
        the_list = Tracked.released
        for name in ["x", "y"]:
            t = Tracked(name)
            del t
        same = the_list is Tracked.released
        result = list(the_list)
        """)
    assert ns.same is True
    assert ns.result == ["x", "y"]


def test_any_name_is_recorded_as_given(student_env):
    ns = run_tracked(student_env, """
        for name in [42, "", ("a", 1)]:
            t = Tracked(name)
            del t
        result = list(Tracked.released)
        """)
    assert ns.result == [42, "", ("a", 1)]


# --------------------------------------------------------------------------
# describe()
# --------------------------------------------------------------------------

POINT = """
    class Point:
        '''A point in the plane.'''
        kind = "2d"

        def __init__(self, x, y):
            self.x = x
            self.y = y
"""


@pytest.mark.points(3)
def test_describe_returns_a_dict_with_module_class_doc_and_fields(student_env):
    ns = run(student_env, POINT + """
    d = describe(Point(1, 2))
    """)
    d = ns.d
    assert type(d) is dict
    assert set(d) == {"module", "class", "doc", "fields"}
    assert d["module"] == ns.__name__
    assert d["class"] == "Point"
    assert d["doc"] == "A point in the plane."
    assert d["fields"] == {"x": 1, "y": 2}


@pytest.mark.points(3)
def test_describe_module_is_the_module_of_the_objects_class(student_env):
    ns = run(student_env, POINT + """
    import argparse
    import types
    here = describe(Point(0, 0))["module"]
    expected_here = Point.__module__
    argparse_module = describe(argparse.Namespace(a=1))["module"]
    types_module = describe(types.SimpleNamespace(b=2))["module"]
    """)
    assert ns.here == ns.expected_here
    assert ns.argparse_module == "argparse"
    assert ns.types_module == "types"


@pytest.mark.points(3)
def test_describe_class_is_the_name_of_the_objects_class(student_env):
    ns = run(student_env, POINT + """
    class Point3D(Point):
        '''A point in space.'''
    import argparse
    names = [describe(Point(0, 0))["class"], describe(Point3D(0, 0))["class"],
             describe(argparse.Namespace())["class"]]
    """)
    assert ns.names == ["Point", "Point3D", "Namespace"]


@pytest.mark.points(3)
def test_describe_doc_is_the_class_docstring(student_env):
    ns = run(student_env, POINT + """
    class Empty:
        "Nothing here."
    docs = [describe(Point(0, 0))["doc"], describe(Empty())["doc"]]
    """)
    assert ns.docs == ["A point in the plane.", "Nothing here."]


@pytest.mark.points(2)
def test_describe_doc_is_none_for_a_class_without_docstring(student_env):
    ns = run(student_env, POINT + """
    class Bare:
        pass

    class Sub(Point):
        pass

    docs = [describe(Bare())["doc"], describe(Sub(0, 0))["doc"]]
    """)
    assert ns.docs == [None, None]


@pytest.mark.points(3)
def test_describe_fields_are_the_instance_attributes_only(student_env):
    ns = run(student_env, POINT + """
    p = Point(3, 4)
    p.label = "P"
    fields = describe(p)["fields"]
    expected = dict(vars(p))
    """)
    assert ns.fields == {"x": 3, "y": 4, "label": "P"}
    assert ns.fields == ns.expected
    assert "kind" not in ns.fields  # a class attribute is not a field


def test_describe_fields_of_an_object_without_attributes_is_empty(student_env):
    ns = run(student_env, """
    class Bare:
        pass
    fields = describe(Bare())["fields"]
    exact_dict = type(fields) is dict
    """)
    assert ns.fields == {}
    assert ns.exact_dict is True


@pytest.mark.points(4)
def test_describe_fields_is_a_copy_not_the_instance_dict_itself(student_env):
    ns = run(student_env, POINT + """
    p = Point(1, 2)
    d = describe(p)
    same_object = d["fields"] is p.__dict__
    d["fields"]["x"] = 99
    d["fields"]["extra"] = True
    x_after = p.x
    has_extra = hasattr(p, "extra")
    """)
    assert ns.same_object is False
    assert ns.x_after == 1
    assert ns.has_extra is False


@pytest.mark.points(3)
def test_describe_fields_do_not_follow_later_changes_of_the_object(student_env):
    ns = run(student_env, POINT + """
    p = Point(1, 2)
    d = describe(p)
    p.y = 50
    p.z = 3
    fields = d["fields"]
    """)
    assert ns.fields == {"x": 1, "y": 2}


def test_describe_does_not_change_the_object(student_env):
    ns = run(student_env, POINT + """
    p = Point(5, 6)
    describe(p)
    describe(p)
    after = dict(vars(p))
    """)
    assert ns.after == {"x": 5, "y": 6}
