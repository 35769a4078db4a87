"""Hidden property-based tests for exercise 07_sliceable: ``list`` is the oracle.

Every test draws random lists, indices and slices (negative, out of range,
huge, steps of every sign including 0) and runs the same operation on a plain
``list`` and on a SliceableList: both must raise the same exception type, or
both succeed with the same result and the same contents afterwards.

The student always gets a copy of the oracle's list (as it would in graded
mode, where lists are copied into the student's process anyway), so both
modes behave the same even for a SliceableList that keeps the caller's list.

Hypothesis is seeded (``derandomize=True``, no example database), so the
examples, and therefore the grade, are the same on every run.  Shrinking is
off: students see only the test name, and a failing run stays short.  To get
a minimal failing example while debugging a submission in direct mode, add
``Phase.shrink`` to ``phases`` below.
"""

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.student_module("sliceable")

PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],
    max_examples=200,
)

VALUE = st.integers(-3, 3)  # small values, so that index() and count() find duplicates
ITEMS = st.lists(VALUE, max_size=10)
HUGE = [2**63, -(2**63) - 1, 10**20, -(10**20)]
INDEX = st.integers(-14, 14) | st.sampled_from(HUGE)
BOUND = st.none() | st.integers(-14, 14) | st.sampled_from(HUGE)
STEP = st.none() | st.integers(-4, 4) | st.sampled_from([10**20, -(10**20)])
SLICE = st.builds(slice, BOUND, BOUND, STEP)
SIMPLE_SLICE = st.builds(slice, BOUND, BOUND, st.sampled_from([None, 1]))
EXTENDED_SLICE = st.builds(
    slice, BOUND, BOUND, st.integers(-4, 4).filter(lambda k: k != 1) | st.sampled_from(HUGE)
)
ITERABLE_KINDS = st.sampled_from(["list", "tuple", "iterator", "sliceable"])


def outcome(operation):
    """("ok", result) or ("raises", exception type)."""
    try:
        return "ok", operation()
    except Exception as exc:
        return "raises", type(exc)


def check_same_outcome(on_list, on_student):
    """Run the list operation, then the student's: the same exception type, or both
    succeed.  Returns (list result, student result), or None after an exception."""
    kind, expected = outcome(on_list)
    if kind == "raises":
        with pytest.raises(expected):
            on_student()
        return None
    return expected, on_student()


def slice_length(key, n):
    """How many items ``key`` selects in a sequence of length n (0 for step 0)."""
    try:
        return len(range(*key.indices(n)))
    except ValueError:
        return 0


def iterable_pair(student, student_env, kind, values):
    """The same iterable for the list (oracle) and for the student's code."""
    if kind == "tuple":
        return tuple(values), tuple(values)
    if kind == "iterator":
        return iter(values), student_env.builtins.iter(values)
    if kind == "sliceable":
        return list(values), student.SliceableList(list(values))
    return list(values), list(values)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

@pytest.mark.points(4)
@PROPERTY
@given(values=ITEMS, index=INDEX)
@example(values=[], index=0)
@example(values=[1, 2, 3], index=3)
@example(values=[1, 2, 3], index=-4)
@example(values=[1, 2, 3], index=-3)
@example(values=[1, 2], index=10**20)
def test_getitem_with_any_int_index_matches_list(student, values, index):
    s = student.SliceableList(list(values))
    result = check_same_outcome(lambda: values[index], lambda: s[index])
    if result is not None:
        expected, actual = result
        assert actual == expected


@pytest.mark.points(10)
@PROPERTY
@given(values=ITEMS, key=SLICE)
@example(values=[1, 2, 3], key=slice(None, None, 0))
@example(values=[1, 2, 3, 4], key=slice(None, None, -1))
@example(values=[1, 2, 3, 4], key=slice(-1, -10, -2))
@example(values=[1, 2, 3, 4], key=slice(0, 4, -1))
@example(values=[1, 2, 3, 4], key=slice(10**20, None, -1))
@example(values=[1, 2, 3], key=slice(-10**20, 10**20, 10**20))
def test_getitem_with_any_slice_matches_list_and_returns_a_sliceable_list(
        student, student_env, values, key):
    b = student_env.builtins
    s = student.SliceableList(list(values))
    result = check_same_outcome(lambda: values[key], lambda: s[key])
    if result is not None:
        expected, actual = result
        assert b.isinstance(actual, student.SliceableList) is True
        assert b.list(actual) == expected


@pytest.mark.points(6)
@PROPERTY
@given(values=ITEMS, start=BOUND, stop=BOUND, step=st.integers(-5, -1))
def test_negative_step_slices_match_list(student, student_env, values, start, stop, step):
    key = slice(start, stop, step)
    assert student_env.builtins.list(student.SliceableList(list(values))[key]) == values[key]


@pytest.mark.points(2)
@PROPERTY
@given(values=ITEMS, item=VALUE)
def test_len_iteration_reversed_in_index_and_count_match_list(student, values, item):
    s = student.SliceableList(list(values))
    assert len(s) == len(values)
    assert list(s) == values
    assert list(reversed(s)) == values[::-1]
    assert (item in s) is (item in values)
    assert s.count(item) == values.count(item)
    result = check_same_outcome(lambda: values.index(item), lambda: s.index(item))
    if result is not None:
        expected, actual = result
        assert actual == expected


@pytest.mark.points(2)
@PROPERTY
@given(a=ITEMS, c=ITEMS)
@example(a=[1, 2], c=[1, 2])
def test_equality_matches_list_equality(student, a, c):
    assert (student.SliceableList(list(a)) == student.SliceableList(list(c))) is (a == c)
    assert (student.SliceableList(list(a)) != student.SliceableList(list(c))) is (a != c)


# --------------------------------------------------------------------------
# Writing with an int index, insert, delete with an int index
# --------------------------------------------------------------------------

@pytest.mark.points(3)
@PROPERTY
@given(values=ITEMS, index=INDEX, item=VALUE)
@example(values=[], index=0, item=1)
@example(values=[1, 2, 3], index=-4, item=9)
@example(values=[1, 2, 3], index=3, item=9)
def test_setitem_with_any_int_index_matches_list(student, student_env, values, index, item):
    s = student.SliceableList(list(values))

    def assign(seq):
        seq[index] = item

    check_same_outcome(lambda: assign(values), lambda: assign(s))
    assert student_env.builtins.list(s) == values


@pytest.mark.points(3)
@PROPERTY
@given(values=ITEMS, index=INDEX)
@example(values=[], index=-1)
@example(values=[1, 2, 3], index=-3)
@example(values=[1, 2, 3], index=-4)
def test_delitem_with_any_int_index_matches_list(student, student_env, values, index):
    s = student.SliceableList(list(values))

    def delete(seq):
        del seq[index]

    check_same_outcome(lambda: delete(values), lambda: delete(s))
    assert student_env.builtins.list(s) == values


@pytest.mark.points(3)
@PROPERTY
@given(values=ITEMS, index=st.integers(-14, 14), item=VALUE)
@example(values=[1, 2, 3], index=-1, item=9)
@example(values=[1, 2, 3], index=-3, item=9)
@example(values=[1, 2, 3], index=-4, item=9)
def test_insert_at_any_index_matches_list(student, student_env, values, index, item):
    s = student.SliceableList(list(values))
    s.insert(index, item)
    values.insert(index, item)
    assert student_env.builtins.list(s) == values


# --------------------------------------------------------------------------
# Slice assignment and slice deletion
# --------------------------------------------------------------------------

@pytest.mark.points(8)
@PROPERTY
@given(values=ITEMS, key=SIMPLE_SLICE, new=st.lists(VALUE, max_size=6), kind=ITERABLE_KINDS)
@example(values=[1, 2, 3], key=slice(3, 1), new=[9], kind="list")
@example(values=[1, 2, 3], key=slice(None, None, 1), new=[], kind="list")
@example(values=[1, 2, 3], key=slice(-10**20, 1), new=[7, 8], kind="iterator")
def test_simple_slice_assignment_matches_list(student, student_env, values, key, new, kind):
    s = student.SliceableList(list(values))
    for_list, for_student = iterable_pair(student, student_env, kind, new)

    def assign(seq, value):
        seq[key] = value

    check_same_outcome(lambda: assign(values, for_list), lambda: assign(s, for_student))
    assert student_env.builtins.list(s) == values


@pytest.mark.points(8)
@PROPERTY
@given(values=ITEMS, key=EXTENDED_SLICE, kind=ITERABLE_KINDS, data=st.data())
def test_extended_slice_assignment_matches_list_and_checks_the_length(
        student, student_env, values, key, kind, data):
    selected = slice_length(key, len(values))
    # Half of the examples give exactly the right number of items.
    size = data.draw(st.just(selected) | st.integers(0, 6), label="size")
    new = data.draw(st.lists(VALUE, min_size=size, max_size=size), label="new")
    s = student.SliceableList(list(values))
    for_list, for_student = iterable_pair(student, student_env, kind, new)

    def assign(seq, value):
        seq[key] = value

    check_same_outcome(lambda: assign(values, for_list), lambda: assign(s, for_student))
    assert student_env.builtins.list(s) == values


@pytest.mark.points(8)
@PROPERTY
@given(values=ITEMS, key=SLICE)
@example(values=[1, 2, 3, 4, 5], key=slice(None, None, 0))
@example(values=[1, 2, 3, 4, 5], key=slice(None, None, -2))
@example(values=[1, 2, 3, 4, 5], key=slice(-1, 0, -3))
@example(values=[1, 2, 3, 4, 5], key=slice(4, 1))
def test_deleting_any_slice_matches_list(student, student_env, values, key):
    s = student.SliceableList(list(values))

    def delete(seq):
        del seq[key]

    check_same_outcome(lambda: delete(values), lambda: delete(s))
    assert student_env.builtins.list(s) == values


# --------------------------------------------------------------------------
# Random sequences of operations
# --------------------------------------------------------------------------

OPERATION = st.one_of(
    st.tuples(st.just("append"), VALUE),
    st.tuples(st.just("insert"), st.integers(-12, 12), VALUE),
    st.tuples(st.just("set"), INDEX, VALUE),
    st.tuples(st.just("set_slice"), SLICE, st.lists(VALUE, max_size=4)),
    st.tuples(st.just("fill_slice"), SLICE, VALUE),
    st.tuples(st.just("del"), INDEX),
    st.tuples(st.just("del_slice"), SLICE),
    st.tuples(st.just("get_slice"), SLICE),
)


def apply(seq, operation, size):
    """Apply one operation to ``seq`` (a list or a SliceableList)."""
    name, *args = operation
    if name == "append":
        return seq.append(args[0])
    if name == "insert":
        return seq.insert(args[0], args[1])
    if name == "set":
        seq[args[0]] = args[1]
    elif name == "set_slice":
        seq[args[0]] = list(args[1])
    elif name == "fill_slice":  # exactly as many items as the slice selects
        seq[args[0]] = [args[1]] * slice_length(args[0], size)
    elif name in ("del", "del_slice"):
        del seq[args[0]]
    else:
        return seq[args[0]]
    return None


@pytest.mark.points(10)
@PROPERTY
@given(values=ITEMS, operations=st.lists(OPERATION, max_size=10))
def test_random_sequences_of_operations_match_list(student, student_env, values, operations):
    b = student_env.builtins
    s = student.SliceableList(list(values))
    for operation in operations:
        size = len(values)
        result = check_same_outcome(
            lambda op=operation, n=size: apply(values, op, n),
            lambda op=operation, n=size: apply(s, op, n),
        )
        if result is not None and operation[0] == "get_slice":
            expected, actual = result
            assert b.list(actual) == expected
        assert b.list(s) == values
