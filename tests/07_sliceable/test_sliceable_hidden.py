"""Hidden tests for exercise 07_sliceable: hand-picked cases, one rule per test.

Contract: the exercise's README.md (catalog section 07_sliceable).  The
``[]`` operations are in test_sliceable_items_hidden.py;
test_sliceable_properties_hidden.py checks every operation against ``list``
on random data.

Graded-mode notes: a SliceableList comes back as a proxy; tests read its
items with ``items(student_env, s)`` (at most ``ITEMS_LIMIT`` calls of the
iterator's ``__next__`` in one exchange: an iteration that never ends, such as
a ``__getitem__`` that never raises IndexError without ``__iter__``, fails the
test at once), never compare it with a plain value, and compare two
SliceableLists with ``==`` only when testing ``__eq__`` (checking ``is True``
/ ``is False``).  Objects that must live in the student's interpreter
(generators, objects with ``__index__``) are made with ``student_env.exec``.
A proxy answers ``proxy.__eq__`` itself, so the raw result of ``__eq__`` is
read with ``student_env.builtins.getattr``.
"""

import textwrap

import pytest
from sliceable_support import items

pytestmark = pytest.mark.student_module("sliceable")


def run(student_env, source):
    return student_env.exec(
        "from sliceable import SliceableList\n" + textwrap.dedent(source)
    )


INDEX_CLASS = """
    class Idx:
        def __init__(self, n):
            self.n = n

        def __index__(self):
            return self.n
"""


def make(student, values=(10, 20, 30, 40, 50)):
    return student.SliceableList(list(values))


# --------------------------------------------------------------------------
# The class itself and the constructor
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_sliceable_list_does_not_subclass_list_or_another_builtin_sequence(
        student, student_env):
    # The class's real MRO (the strict issubclass of student_env.builtins) and the
    # type of an instance: nothing but the constructor runs, so __len__ or
    # iteration cannot fail this test (the stub fails it in its constructor).
    b = student_env.builtins
    ns = student_env.exec(
        "import array\nimport collections\n"
        "user_list, deque, array_ = collections.UserList, collections.deque, array.array\n"
    )
    forbidden = {
        "list": b.list, "tuple": b.tuple, "str": b.str, "bytes": b.bytes,
        "bytearray": b.bytearray, "range": b.range, "memoryview": b.memoryview,
        "collections.UserList": ns.user_list, "collections.deque": ns.deque,
        "array.array": ns.array_,
    }
    bases = [name for name, cls in forbidden.items()
             if b.issubclass(student.SliceableList, cls) is not False]
    assert bases == []
    assert b.isinstance(student.SliceableList([1, 2, 3]), b.list) is False


def test_no_argument_gives_an_empty_sliceable_list(student, student_env):
    s = student.SliceableList()
    assert items(student_env, s) == []  # len() is test_len_counts_the_items's
    assert repr(s) == "SliceableList([])"


@pytest.mark.parametrize("kind", ["tuple", "range", "str", "generator", "sliceable", "dict"])
def test_constructor_accepts_any_iterable(student, student_env, kind):
    b = student_env.builtins
    ns = run(student_env, """
        def gen():
            yield from [1, 2, 3]
        """)
    source, expected = {
        "tuple": ((1, 2, 3), [1, 2, 3]),
        "range": (b.range(1, 4), [1, 2, 3]),
        "str": ("abc", ["a", "b", "c"]),
        "generator": (ns.gen(), [1, 2, 3]),
        "sliceable": (student.SliceableList([1, 2, 3]), [1, 2, 3]),
        "dict": ({"x": 1, "y": 2}, ["x", "y"]),
    }[kind]
    if kind == "sliceable":
        items(student_env, source)  # the constructor iterates it: that must end
    assert items(student_env, student.SliceableList(source)) == expected


@pytest.mark.points(2)
def test_constructor_copies_the_given_list(student_env):
    ns = run(student_env, """
        source = [1, 2, 3]
        s = SliceableList(source)
        source.append(4)
        s.append(5)
        s[0] = 0
        source_after = source
        """)
    assert ns.source_after == [1, 2, 3, 4]
    assert items(student_env, ns.s) == [0, 2, 3, 5]


def test_two_lists_built_from_the_same_iterable_are_independent(student, student_env):
    a = student.SliceableList([1, 2])
    items(student_env, a)  # the constructor iterates a: that must end
    c = student.SliceableList(a)
    c.append(3)
    c[0] = 9
    assert items(student_env, a) == [1, 2]
    assert items(student_env, c) == [9, 2, 3]


# --------------------------------------------------------------------------
# len, iteration, reversed, in, repr
# --------------------------------------------------------------------------

@pytest.mark.parametrize("values", [[], [7], [1, 2, 3, 4, 5, 6]])
def test_len_counts_the_items(student, values):
    assert len(student.SliceableList(values)) == len(values)


def test_iteration_yields_the_items_in_order_and_can_be_repeated(student, student_env):
    s = make(student)
    assert items(student_env, s) == [10, 20, 30, 40, 50]
    assert items(student_env, s) == [10, 20, 30, 40, 50]


def test_reversed_yields_the_items_from_last_to_first(student, student_env):
    s = make(student)
    assert items(student_env, student_env.builtins.reversed(s)) == [50, 40, 30, 20, 10]
    assert items(student_env, s) == [10, 20, 30, 40, 50]
    assert items(student_env, student_env.builtins.reversed(student.SliceableList())) == []


def test_in_checks_membership_by_equality(student):
    s = student.SliceableList([1, "a", None])
    assert (1 in s) is True
    assert (1.0 in s) is True
    assert ("a" in s) is True
    assert (None in s) is True
    assert (2 in s) is False
    assert (0 in student.SliceableList()) is False


@pytest.mark.parametrize("values, text", [
    ([1, 2, 3], "SliceableList([1, 2, 3])"),
    ([], "SliceableList([])"),
    (["a", None, 2.5], "SliceableList(['a', None, 2.5])"),
    ([[1], (2,), "x y"], "SliceableList([[1], (2,), 'x y'])"),
])
def test_repr_shows_the_items_as_a_list(student, values, text):
    assert repr(student.SliceableList(values)) == text


def test_repr_of_a_slice(student):
    assert repr(make(student)[::2]) == "SliceableList([10, 30, 50])"


# --------------------------------------------------------------------------
# __eq__
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_sliceable_lists_with_equal_items_are_equal(student):
    assert (student.SliceableList([1, 2, 3]) == student.SliceableList((1, 2, 3))) is True
    assert (student.SliceableList() == student.SliceableList([])) is True
    assert (student.SliceableList([1]) == student.SliceableList([1.0])) is True


@pytest.mark.parametrize("a, c", [([1, 2], [2, 1]), ([1, 2], [1, 2, 3]), ([], [0]),
                                  (["a"], ["b"])])
def test_sliceable_lists_with_different_items_are_not_equal(student, a, c):
    assert (student.SliceableList(a) == student.SliceableList(c)) is False
    assert (student.SliceableList(c) == student.SliceableList(a)) is False


def test_not_equal_operator_agrees_with_eq(student):
    assert (student.SliceableList([1, 2]) != student.SliceableList([1, 2])) is False
    assert (student.SliceableList([1, 2]) != student.SliceableList([1, 3])) is True


@pytest.mark.parametrize("other", [[1, 2], (1, 2), None, "12", 2],
                         ids=["list", "tuple", "None", "str", "int"])
def test_eq_with_another_type_returns_NotImplemented(student, student_env, other):
    b = student_env.builtins
    s = student.SliceableList([1, 2])
    assert b.getattr(s, "__eq__")(other) is b.NotImplemented


@pytest.mark.points(2)
def test_a_sliceable_list_is_never_equal_to_a_plain_list(student_env):
    ns = run(student_env, """
        results = [SliceableList([1, 2]) == [1, 2], [1, 2] == SliceableList([1, 2]),
                   SliceableList([1, 2]) != [1, 2], SliceableList() == []]
        """)
    assert ns.results == [False, False, True, False]


def test_a_slice_equals_a_sliceable_list_with_the_same_items(student):
    assert (make(student)[1:3] == student.SliceableList([20, 30])) is True


# --------------------------------------------------------------------------
# append, insert, index, count
# --------------------------------------------------------------------------

def test_append_adds_the_item_at_the_end_and_returns_none(student, student_env):
    s = student.SliceableList()
    assert s.append(1) is None
    s.append("two")
    assert items(student_env, s) == [1, "two"]
    assert s[-1] == "two"


@pytest.mark.points(2)
@pytest.mark.parametrize("index, expected", [
    (0, [0, 10, 20, 30, 40, 50]), (2, [10, 20, 0, 30, 40, 50]),
    (5, [10, 20, 30, 40, 50, 0]),
])
def test_insert_puts_the_item_before_that_position(student, student_env, index, expected):
    s = make(student)
    assert s.insert(index, 0) is None
    assert items(student_env, s) == expected


@pytest.mark.points(2)
@pytest.mark.parametrize("index, expected", [
    (-1, [10, 20, 30, 40, 0, 50]), (-2, [10, 20, 30, 0, 40, 50]),
    (-5, [0, 10, 20, 30, 40, 50]),
])
def test_insert_with_a_negative_index_counts_from_the_end(student, student_env, index,
                                                          expected):
    s = make(student)
    s.insert(index, 0)
    assert items(student_env, s) == expected


@pytest.mark.parametrize("index, expected", [
    (100, [10, 20, 30, 40, 50, 0]), (-100, [0, 10, 20, 30, 40, 50]),
    (6, [10, 20, 30, 40, 50, 0]), (-6, [0, 10, 20, 30, 40, 50]),
])
def test_insert_beyond_either_end_appends_or_prepends(student, student_env, index, expected):
    s = make(student)
    s.insert(index, 0)
    assert items(student_env, s) == expected


def test_insert_into_an_empty_list(student, student_env):
    s = student.SliceableList()
    s.insert(-1, "a")
    s.insert(5, "b")
    assert items(student_env, s) == ["a", "b"]


def test_insert_accepts_an___index___object(student, student_env):
    ns = run(student_env, INDEX_CLASS)
    s = make(student)
    s.insert(ns.Idx(1), 0)
    assert items(student_env, s) == [10, 0, 20, 30, 40, 50]


@pytest.mark.points(2)
def test_index_returns_the_first_position_of_an_equal_item(student):
    s = student.SliceableList([5, 7, 5, 7.0, "a"])
    assert s.index(5) == 0
    assert s.index(7) == 1
    assert s.index("a") == 4
    assert s.index(5.0) == 0


@pytest.mark.points(2)
def test_index_of_a_missing_item_raises_value_error(student):
    with pytest.raises(ValueError):
        student.SliceableList([1, 2, 3]).index(4)
    with pytest.raises(ValueError):
        student.SliceableList().index(None)


def test_count_counts_equal_items(student):
    s = student.SliceableList([1, 2, 1, 1.0, "1", None])
    assert s.count(1) == 3
    assert s.count("1") == 1
    assert s.count(None) == 1
    assert s.count(3) == 0
    assert student.SliceableList().count(1) == 0


def test_a_slice_supports_every_operation(student, student_env):
    part = make(student)[::-1][1:4]
    part.append(0)
    part.insert(0, 1)
    part[1] = 2
    del part[-2]
    assert items(student_env, part) == [1, 2, 30, 0]
    assert part.index(30) == 2
    assert part.count(0) == 1
    assert (30 in part) is True
    assert len(part) == 4
    assert repr(part[1:3]) == "SliceableList([2, 30])"
