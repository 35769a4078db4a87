"""Hidden tests for exercise 07_sliceable: indexing, slicing, item assignment and deletion.

Contract: the exercise's README.md (catalog section 07_sliceable).  The
class, the constructor and the other methods are in test_sliceable_hidden.py;
test_sliceable_properties_hidden.py checks the same operations against
``list`` on random data.

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
# __getitem__ with an int
# --------------------------------------------------------------------------

@pytest.mark.parametrize("index, value", [(0, 10), (2, 30), (4, 50), (-1, 50), (-2, 40),
                                          (-5, 10)])
def test_int_index_returns_the_item_negative_counts_from_the_end(student, index, value):
    assert make(student)[index] == value


@pytest.mark.parametrize("index", [5, 6, 100, -6, -100, 10**20, -(10**20)])
def test_out_of_range_int_index_raises_index_error(student, index):
    with pytest.raises(IndexError):
        make(student)[index]


@pytest.mark.parametrize("index", [0, -1])
def test_indexing_an_empty_list_raises_index_error(student, index):
    with pytest.raises(IndexError):
        student.SliceableList()[index]


@pytest.mark.points(2)
def test_index_may_be_any_object_with___index__(student, student_env):
    ns = run(student_env, INDEX_CLASS)
    s = make(student)
    assert s[ns.Idx(1)] == 20
    assert s[ns.Idx(-1)] == 50
    assert s[True] == 20  # bool has __index__ too, as for list
    with pytest.raises(IndexError):
        s[ns.Idx(5)]


@pytest.mark.parametrize("key", ["1", 1.0, 1.5, None, (0, 1), [0]],
                         ids=["str", "float_1.0", "float_1.5", "None", "tuple", "list"])
def test_other_key_types_raise_type_error(student, key):
    with pytest.raises(TypeError):
        make(student)[key]


# --------------------------------------------------------------------------
# __getitem__ with a slice
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("key", [slice(1, 3), slice(None), slice(None, None, 2),
                                 slice(4, 0, -1), slice(3, 3)],
                         ids=["1:3", ":", "::2", "4:0:-1", "empty"])
def test_a_slice_is_a_new_sliceable_list_not_a_plain_list(student, student_env, key):
    b = student_env.builtins
    s = make(student)
    part = s[key]
    assert b.isinstance(part, student.SliceableList) is True
    assert b.id(b.type(part)) == b.id(student.SliceableList)  # the class itself
    assert items(student_env, part) == [10, 20, 30, 40, 50][key]


@pytest.mark.points(2)
def test_a_slice_is_independent_of_the_original(student, student_env):
    s = make(student)
    part = s[1:4]
    part[0] = 99
    part.append(100)
    del part[1]
    assert items(student_env, s) == [10, 20, 30, 40, 50]
    s[2] = -1
    assert items(student_env, part) == [99, 40, 100]


def test_full_slice_is_an_equal_copy(student, student_env):
    s = make(student)
    copy = s[:]
    assert (copy == s) is True
    copy.append(60)
    assert items(student_env, s) == [10, 20, 30, 40, 50]
    assert (copy == s) is False


@pytest.mark.parametrize("key, expected", [
    (slice(1, 100), [20, 30, 40, 50]),
    (slice(-100, 2), [10, 20]),
    (slice(5, 10), []),
    (slice(-2, None), [40, 50]),
    (slice(3, 1), []),
    (slice(-10**20, 10**20), [10, 20, 30, 40, 50]),
], ids=["stop_past_end", "start_before_begin", "all_past_end", "negative_start",
        "start_after_stop", "huge_bounds"])
def test_slice_bounds_out_of_range_are_clamped_like_list(student, student_env, key, expected):
    assert items(student_env, make(student)[key]) == expected


@pytest.mark.points(2)
@pytest.mark.parametrize("key, expected", [
    (slice(None, None, -1), [50, 40, 30, 20, 10]),
    (slice(None, None, -2), [50, 30, 10]),
    (slice(3, 0, -1), [40, 30, 20]),
    (slice(-1, -4, -1), [50, 40, 30]),
    (slice(0, 3, -1), []),
    (slice(10, None, -3), [50, 20]),
    (slice(None, -10, -1), [50, 40, 30, 20, 10]),
    (slice(2, None, -1), [30, 20, 10]),
], ids=["::-1", "::-2", "3:0:-1", "-1:-4:-1", "0:3:-1", "10::-3", ":-10:-1", "2::-1"])
def test_negative_step_slices_match_list(student, student_env, key, expected):
    assert items(student_env, make(student)[key]) == expected


@pytest.mark.parametrize("key, expected", [
    (slice(None, None, 3), [10, 40]),
    (slice(1, None, 2), [20, 40]),
    (slice(None, None, 10**20), [10]),
    (slice(-3, None, 2), [30, 50]),
])
def test_positive_step_slices_match_list(student, student_env, key, expected):
    assert items(student_env, make(student)[key]) == expected


@pytest.mark.points(2)
@pytest.mark.parametrize("key", [slice(None, None, 0), slice(1, 3, 0)], ids=["::0", "1:3:0"])
def test_slice_with_step_0_raises_value_error(student, key):
    with pytest.raises(ValueError):
        make(student)[key]


def test_slice_bounds_may_be_objects_with___index__(student, student_env):
    ns = run(student_env, INDEX_CLASS)
    s = make(student)
    key = slice(ns.Idx(1), ns.Idx(-1), ns.Idx(2))
    assert items(student_env, s[key]) == [20, 40]


def test_slicing_does_not_change_the_original(student, student_env):
    s = make(student)
    s[::-1]
    s[1:3]
    assert items(student_env, s) == [10, 20, 30, 40, 50]


# --------------------------------------------------------------------------
# __setitem__ with an int
# --------------------------------------------------------------------------

@pytest.mark.parametrize("index, expected", [
    (0, [0, 20, 30, 40, 50]), (3, [10, 20, 30, 0, 50]),
    (-1, [10, 20, 30, 40, 0]), (-5, [0, 20, 30, 40, 50]),
])
def test_assigning_to_an_int_index_replaces_that_item(student, student_env, index, expected):
    s = make(student)
    s[index] = 0
    assert items(student_env, s) == expected


@pytest.mark.parametrize("index", [5, -6, 100, 10**20])
def test_assigning_out_of_range_raises_index_error_and_changes_nothing(
        student, student_env, index):
    s = make(student)
    with pytest.raises(IndexError):
        s[index] = 0
    assert items(student_env, s) == [10, 20, 30, 40, 50]


def test_assigning_with_an___index___object(student, student_env):
    ns = run(student_env, INDEX_CLASS)
    s = make(student)
    s[ns.Idx(-2)] = 0
    assert items(student_env, s) == [10, 20, 30, 0, 50]


@pytest.mark.parametrize("key", ["1", 1.0, None], ids=["str", "float", "None"])
def test_assigning_with_another_key_type_raises_type_error(student, student_env, key):
    s = make(student)
    with pytest.raises(TypeError):
        s[key] = 0
    assert items(student_env, s) == [10, 20, 30, 40, 50]


# --------------------------------------------------------------------------
# __setitem__ with a slice
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("key, values, expected", [
    (slice(1, 2), [7, 8, 9], [10, 7, 8, 9, 30, 40, 50]),
    (slice(1, 4), [], [10, 50]),
    (slice(5, None), [60, 70], [10, 20, 30, 40, 50, 60, 70]),
    (slice(None, 0), [0], [0, 10, 20, 30, 40, 50]),
    (slice(None), [1], [1]),
    (slice(-2, None), [0, 0, 0], [10, 20, 30, 0, 0, 0]),
    (slice(100, 200), [60], [10, 20, 30, 40, 50, 60]),
], ids=["grow", "shrink", "append_at_end", "insert_at_front", "replace_all",
        "negative_start", "past_the_end"])
def test_simple_slice_assignment_can_change_the_length(student, student_env, key, values,
                                                       expected):
    s = make(student)
    s[key] = values
    assert items(student_env, s) == expected


def test_simple_slice_assignment_with_start_after_stop_inserts_at_start(student, student_env):
    s = make(student)
    s[3:1] = [0]
    assert items(student_env, s) == [10, 20, 30, 0, 40, 50]


@pytest.mark.parametrize("kind", ["tuple", "range", "str", "generator", "iterator",
                                  "sliceable"])
def test_slice_assignment_accepts_any_iterable(student, student_env, kind):
    b = student_env.builtins
    ns = run(student_env, """
        def gen():
            yield from [1, 2, 3]
        """)
    value, inserted = {
        "tuple": ((1, 2, 3), [1, 2, 3]),
        "range": (b.range(1, 4), [1, 2, 3]),
        "str": ("abc", ["a", "b", "c"]),
        "generator": (ns.gen(), [1, 2, 3]),
        "iterator": (b.iter([1, 2, 3]), [1, 2, 3]),
        "sliceable": (student.SliceableList([1, 2, 3]), [1, 2, 3]),
    }[kind]
    if kind == "sliceable":
        items(student_env, value)  # the assignment iterates it: that must end
    s = make(student)
    s[1:4] = value
    assert items(student_env, s) == [10, *inserted, 50]


def test_extended_slice_assignment_accepts_a_generator(student, student_env):
    ns = run(student_env, """
        def gen():
            yield from [1, 2, 3]
        """)
    s = make(student)
    s[::2] = ns.gen()
    assert items(student_env, s) == [1, 20, 2, 40, 3]


@pytest.mark.points(2)
def test_slice_assignment_from_the_same_sliceable_list(student, student_env):
    s = student.SliceableList([1, 2, 3])
    items(student_env, s)  # the assignment iterates s: that must end
    s[:] = s
    assert items(student_env, s) == [1, 2, 3]
    s[1:1] = s
    assert items(student_env, s) == [1, 1, 2, 3, 2, 3]
    t = student.SliceableList([1, 2, 3])
    t[::-1] = t
    assert items(student_env, t) == [3, 2, 1]


@pytest.mark.points(2)
@pytest.mark.parametrize("key, values, expected", [
    (slice(None, None, 2), [1, 2, 3], [1, 20, 2, 40, 3]),
    (slice(1, None, 2), [1, 2], [10, 1, 30, 2, 50]),
    (slice(None, None, -1), [1, 2, 3, 4, 5], [5, 4, 3, 2, 1]),
    (slice(-1, 0, -2), [1, 2], [10, 20, 2, 40, 1]),
    (slice(1, 4, -2), [], [10, 20, 30, 40, 50]),
    (slice(10, 20, 2), [], [10, 20, 30, 40, 50]),
], ids=["::2", "1::2", "::-1", "-1:0:-2", "empty_slice_1:4:-2", "empty_slice_past_end"])
def test_extended_slice_assignment_of_the_same_length_replaces_those_items(
        student, student_env, key, values, expected):
    s = make(student)
    s[key] = values
    assert items(student_env, s) == expected


@pytest.mark.points(2)
@pytest.mark.parametrize("key, values", [
    (slice(None, None, 2), [1, 2]),
    (slice(None, None, 2), [1, 2, 3, 4]),
    (slice(None, None, -1), [1]),
    (slice(1, 4, 2), []),
    (slice(10, 20, 2), [1]),
], ids=["too_few", "too_many", "reversed_too_few", "empty_value", "empty_slice_one_value"])
def test_extended_slice_assignment_with_wrong_length_raises_value_error_and_changes_nothing(
        student, student_env, key, values):
    s = make(student)
    with pytest.raises(ValueError):
        s[key] = values
    assert items(student_env, s) == [10, 20, 30, 40, 50]


def test_slice_assignment_with_step_1_behaves_like_a_simple_slice(student, student_env):
    s = make(student)
    s[::1] = [1]
    assert items(student_env, s) == [1]
    t = make(student)
    t[0:2:1] = [7, 8, 9]
    assert items(student_env, t) == [7, 8, 9, 30, 40, 50]


@pytest.mark.points(2)
def test_slice_assignment_with_step_0_raises_value_error(student, student_env):
    s = make(student)
    with pytest.raises(ValueError):
        s[::0] = [1, 2, 3, 4, 5]
    assert items(student_env, s) == [10, 20, 30, 40, 50]


def test_slice_assignment_of_a_non_iterable_raises_type_error(student, student_env):
    s = make(student)
    with pytest.raises(TypeError):
        s[1:2] = 5
    assert items(student_env, s) == [10, 20, 30, 40, 50]


# --------------------------------------------------------------------------
# __delitem__
# --------------------------------------------------------------------------

@pytest.mark.parametrize("index, expected", [
    (0, [20, 30, 40, 50]), (2, [10, 20, 40, 50]), (-1, [10, 20, 30, 40]),
    (-5, [20, 30, 40, 50]),
])
def test_deleting_an_int_index_removes_that_item(student, student_env, index, expected):
    s = make(student)
    del s[index]
    assert items(student_env, s) == expected


@pytest.mark.parametrize("index", [5, -6, 10**20])
def test_deleting_out_of_range_raises_index_error_and_changes_nothing(
        student, student_env, index):
    s = make(student)
    with pytest.raises(IndexError):
        del s[index]
    assert items(student_env, s) == [10, 20, 30, 40, 50]


@pytest.mark.points(2)
@pytest.mark.parametrize("key, expected", [
    (slice(1, 3), [10, 40, 50]),
    (slice(None, None, 2), [20, 40]),
    (slice(None, None, -2), [20, 40]),
    (slice(-1, 0, -3), [10, 30, 40]),
    (slice(3, 1), [10, 20, 30, 40, 50]),
    (slice(None), []),
    (slice(1, 100, 3), [10, 30, 40]),
    (slice(None, None, -1), []),
], ids=["1:3", "::2", "::-2", "-1:0:-3", "3:1_nothing", "all", "1:100:3", "::-1"])
def test_deleting_a_slice_removes_exactly_those_items(student, student_env, key, expected):
    s = make(student)
    del s[key]
    assert items(student_env, s) == expected


@pytest.mark.points(2)
def test_deleting_with_step_0_raises_value_error(student, student_env):
    s = make(student)
    with pytest.raises(ValueError):
        del s[::0]
    assert items(student_env, s) == [10, 20, 30, 40, 50]


def test_deleting_with_an___index___object(student, student_env):
    ns = run(student_env, INDEX_CLASS)
    s = make(student)
    del s[ns.Idx(1)]
    assert items(student_env, s) == [10, 30, 40, 50]


@pytest.mark.parametrize("key", ["1", 1.0, None], ids=["str", "float", "None"])
def test_deleting_with_another_key_type_raises_type_error(student, student_env, key):
    s = make(student)
    with pytest.raises(TypeError):
        del s[key]
    assert items(student_env, s) == [10, 20, 30, 40, 50]
