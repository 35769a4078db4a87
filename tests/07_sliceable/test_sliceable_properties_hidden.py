"""Hidden property-based tests for exercise 07_sliceable: ``list`` is the oracle.

Every test draws random lists, indices and slices (negative, out of range,
huge, steps of every sign including 0) and runs the same operation on a plain
``list`` and on a SliceableList: both must raise the same exception type, or
both succeed with the same result and the same contents afterwards.

The student always gets a copy of the oracle's list (as it would in graded
mode, where lists are copied into the student's process anyway), so both
modes behave the same even for a SliceableList that keeps the caller's list.

The operations on the student's object go through ``student_env.each``: all
of an example's operations in one exchange with the student's process, one
outcome (returned value or raised exception) back for each; the comparisons
with the oracle are made here.  The object itself is made in the same exchange
(``made_then``: ``("new", items)`` on the class, looked up once per test), so
an example costs one round trip, not three.

Inside one exchange nothing stops an iteration that never ends (a
``__getitem__`` that never raises IndexError, without ``__iter__``) before the
call timeout, which also restarts the student's process.  So every test that
reads the items by iterating (``("list",)``, ``("getitem_as_list", key)``)
first asks ``iteration_ends`` whether iterating a SliceableList of three items
stops within ``ITEMS_LIMIT`` items (once per test, bounded: a fixed number of
``__next__`` calls in one exchange); if not, the test fails at once with that
reason.

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


# The guard's list has 3 items; iteration may go this far before it fails the test.
ITEMS_LIMIT = 3 + 10


@pytest.fixture
def iteration_ends(student, student_env):
    """A check that iterating a SliceableList of three items stops; call it first in
    every test that reads items by iterating.  ``iter(s)``, then ``ITEMS_LIMIT + 1``
    calls of its ``__next__`` in one exchange; the verdict is kept for the whole test,
    so Hypothesis sees every example fail the same way."""
    verdict = []

    def check():
        if not verdict:
            iterator = student_env.builtins.iter(student.SliceableList([1, 2, 3]))
            outcomes = student_env.each(iterator, [("call", "__next__")] * (ITEMS_LIMIT + 1))
            ended = any(outcome.raised is not None for outcome in outcomes)
            verdict.append(
                "" if ended else f"iteration did not stop after {ITEMS_LIMIT} items: "
                "__getitem__ must raise IndexError past the end (or __iter__ must end)"
            )
        if verdict[0]:
            pytest.fail(verdict[0])

    return check


@pytest.fixture
def sliceable_list(student):
    """The student's class, looked up once per test (not once per example)."""
    return student.SliceableList


def made_then(student_env, sliceable_list, values, operations):
    """A new SliceableList of a copy of ``values``, then ``operations`` on it, in one
    exchange; the outcomes of the operations.  The test fails if making it raised."""
    made, *outcomes = student_env.each(sliceable_list, [("new", list(values)), *operations])
    assert made.raised is None, f"SliceableList({values!r}) raised {made.raised!r}"
    return outcomes


def outcome(operation):
    """("ok", result) or ("raises", exception type)."""
    try:
        return "ok", operation()
    except Exception as exc:
        return "raises", type(exc)


def same_outcome(on_list, got):
    """Run the list operation and compare with the student's outcome ``got`` (from
    ``student_env.each``): the same exception type, or both succeed.  Returns the
    list's result, or None after an exception."""
    kind, expected = outcome(on_list)
    if kind == "raises":
        assert got.raises(expected), f"list raised {expected.__name__}; the student's: {got}"
        return None
    assert got.raised is None, f"list succeeded; the student's raised {got.raised!r}"
    return expected


def same_items(got, values):
    """The student's ("list",) outcome holds exactly the oracle's items."""
    assert got.raised is None, f"list(s) raised {got.raised!r}"
    assert got.value == values


def slice_length(key, n):
    """How many items ``key`` selects in a sequence of length n (0 for step 0)."""
    try:
        return len(range(*key.indices(n)))
    except ValueError:
        return 0


def iterable_pair(sliceable_list, student_env, kind, values):
    """The same iterable for the list (oracle) and for the student's code."""
    if kind == "tuple":
        return tuple(values), tuple(values)
    if kind == "iterator":
        return iter(values), student_env.builtins.iter(values)
    if kind == "sliceable":
        return list(values), sliceable_list(list(values))
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
def test_getitem_with_any_int_index_matches_list(student_env, sliceable_list, values, index):
    (got,) = made_then(student_env, sliceable_list, values, [("getitem", index)])
    expected = same_outcome(lambda: values[index], got)
    if expected is not None:
        assert got.value == expected


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
        student_env, sliceable_list, iteration_ends, values, key):
    iteration_ends()
    b = student_env.builtins
    (got,) = made_then(student_env, sliceable_list, values, [("getitem", key)])
    expected = same_outcome(lambda: values[key], got)
    if expected is not None:
        assert b.isinstance(got.value, sliceable_list) is True
        (items,) = student_env.each(got.value, [("list",)])
        same_items(items, expected)


@pytest.mark.points(6)
@PROPERTY
@given(values=ITEMS, start=BOUND, stop=BOUND, step=st.integers(-5, -1))
def test_negative_step_slices_match_list(
        student_env, sliceable_list, iteration_ends, values, start, stop, step):
    iteration_ends()
    key = slice(start, stop, step)
    (items,) = made_then(student_env, sliceable_list, values, [("getitem_as_list", key)])
    same_items(items, values[key])


@pytest.mark.points(2)
@PROPERTY
@given(values=ITEMS, item=VALUE)
def test_len_iteration_reversed_in_index_and_count_match_list(
        student_env, sliceable_list, iteration_ends, values, item):
    iteration_ends()
    operations = [
        ("len",), ("list",), ("reversed_as_list",), ("contains", item),
        ("call", "count", item), ("call", "index", item),
    ]
    length, items, backwards, contains, count, index = made_then(
        student_env, sliceable_list, values, operations)
    assert same_outcome(lambda: len(values), length) == length.value
    same_items(items, values)
    same_items(backwards, values[::-1])
    assert same_outcome(lambda: item in values, contains) is contains.value
    assert same_outcome(lambda: values.count(item), count) == count.value
    expected = same_outcome(lambda: values.index(item), index)
    if expected is not None:
        assert index.value == expected


@pytest.mark.points(2)
@PROPERTY
@given(a=ITEMS, c=ITEMS)
@example(a=[1, 2], c=[1, 2])
def test_equality_matches_list_equality(sliceable_list, a, c):
    assert (sliceable_list(list(a)) == sliceable_list(list(c))) is (a == c)
    assert (sliceable_list(list(a)) != sliceable_list(list(c))) is (a != c)


# --------------------------------------------------------------------------
# Writing with an int index, insert, delete with an int index
# --------------------------------------------------------------------------

@pytest.mark.points(3)
@PROPERTY
@given(values=ITEMS, index=INDEX, item=VALUE)
@example(values=[], index=0, item=1)
@example(values=[1, 2, 3], index=-4, item=9)
@example(values=[1, 2, 3], index=3, item=9)
def test_setitem_with_any_int_index_matches_list(
        student_env, sliceable_list, iteration_ends, values, index, item):
    iteration_ends()
    got, items = made_then(
        student_env, sliceable_list, values, [("setitem", index, item), ("list",)])

    def assign(seq):
        seq[index] = item

    same_outcome(lambda: assign(values), got)
    same_items(items, values)


@pytest.mark.points(3)
@PROPERTY
@given(values=ITEMS, index=INDEX)
@example(values=[], index=-1)
@example(values=[1, 2, 3], index=-3)
@example(values=[1, 2, 3], index=-4)
def test_delitem_with_any_int_index_matches_list(
        student_env, sliceable_list, iteration_ends, values, index):
    iteration_ends()
    got, items = made_then(student_env, sliceable_list, values, [("delitem", index), ("list",)])

    def delete(seq):
        del seq[index]

    same_outcome(lambda: delete(values), got)
    same_items(items, values)


@pytest.mark.points(3)
@PROPERTY
@given(values=ITEMS, index=st.integers(-14, 14), item=VALUE)
@example(values=[1, 2, 3], index=-1, item=9)
@example(values=[1, 2, 3], index=-3, item=9)
@example(values=[1, 2, 3], index=-4, item=9)
def test_insert_at_any_index_matches_list(
        student_env, sliceable_list, iteration_ends, values, index, item):
    iteration_ends()
    got, items = made_then(
        student_env, sliceable_list, values, [("call", "insert", index, item), ("list",)])
    assert got.raised is None, f"insert raised {got.raised!r}"
    values.insert(index, item)
    same_items(items, values)


# --------------------------------------------------------------------------
# Slice assignment and slice deletion
# --------------------------------------------------------------------------

@pytest.mark.points(8)
@PROPERTY
@given(values=ITEMS, key=SIMPLE_SLICE, new=st.lists(VALUE, max_size=6), kind=ITERABLE_KINDS)
@example(values=[1, 2, 3], key=slice(3, 1), new=[9], kind="list")
@example(values=[1, 2, 3], key=slice(None, None, 1), new=[], kind="list")
@example(values=[1, 2, 3], key=slice(-10**20, 1), new=[7, 8], kind="iterator")
def test_simple_slice_assignment_matches_list(
        student_env, sliceable_list, iteration_ends, values, key, new, kind):
    iteration_ends()
    for_list, for_student = iterable_pair(sliceable_list, student_env, kind, new)
    got, items = made_then(
        student_env, sliceable_list, values, [("setitem", key, for_student), ("list",)])

    def assign(seq, value):
        seq[key] = value

    same_outcome(lambda: assign(values, for_list), got)
    same_items(items, values)


@pytest.mark.points(8)
@PROPERTY
@given(values=ITEMS, key=EXTENDED_SLICE, kind=ITERABLE_KINDS, data=st.data())
def test_extended_slice_assignment_matches_list_and_checks_the_length(
        student_env, sliceable_list, iteration_ends, values, key, kind, data):
    iteration_ends()
    selected = slice_length(key, len(values))
    # Half of the examples give exactly the right number of items.
    size = data.draw(st.just(selected) | st.integers(0, 6), label="size")
    new = data.draw(st.lists(VALUE, min_size=size, max_size=size), label="new")
    for_list, for_student = iterable_pair(sliceable_list, student_env, kind, new)
    got, items = made_then(
        student_env, sliceable_list, values, [("setitem", key, for_student), ("list",)])

    def assign(seq, value):
        seq[key] = value

    same_outcome(lambda: assign(values, for_list), got)
    same_items(items, values)


@pytest.mark.points(8)
@PROPERTY
@given(values=ITEMS, key=SLICE)
@example(values=[1, 2, 3, 4, 5], key=slice(None, None, 0))
@example(values=[1, 2, 3, 4, 5], key=slice(None, None, -2))
@example(values=[1, 2, 3, 4, 5], key=slice(-1, 0, -3))
@example(values=[1, 2, 3, 4, 5], key=slice(4, 1))
def test_deleting_any_slice_matches_list(
        student_env, sliceable_list, iteration_ends, values, key):
    iteration_ends()
    got, items = made_then(student_env, sliceable_list, values, [("delitem", key), ("list",)])

    def delete(seq):
        del seq[key]

    same_outcome(lambda: delete(values), got)
    same_items(items, values)


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
    """Apply one operation to the oracle list ``seq``."""
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


def for_student(operation, size, list_raised):
    """The same operation for ``student_env.each``. A slice that the list returned is
    read as a plain list; one that the list refused must be refused by ``s[key]``
    itself (not by reading a lazy result)."""
    name, *args = operation
    if name in ("append", "insert"):
        return ("call", name, *args)
    if name in ("set", "set_slice"):
        return ("setitem", args[0], list(args[1]) if name == "set_slice" else args[1])
    if name == "fill_slice":
        return ("setitem", args[0], [args[1]] * slice_length(args[0], size))
    if name in ("del", "del_slice"):
        return ("delitem", args[0])
    return ("getitem" if list_raised else "getitem_as_list", args[0])


@pytest.mark.points(10)
@PROPERTY
@given(values=ITEMS, operations=st.lists(OPERATION, max_size=10))
def test_random_sequences_of_operations_match_list(
        student_env, sliceable_list, iteration_ends, values, operations):
    iteration_ends()
    initial = list(values)
    # The oracle first: each operation with the list's size before it, its outcome and
    # the items after it; then the student's object made with the items from before
    # and all of them on it in one exchange, each followed by reading its items.
    steps = []
    for operation in operations:
        size = len(values)
        result = outcome(lambda op=operation, n=size: apply(values, op, n))
        steps.append((operation, size, result, list(values)))
    got = made_then(student_env, sliceable_list, initial, [
        step
        for operation, size, (kind, _), _ in steps
        for step in (for_student(operation, size, kind == "raises"), ("list",))
    ])
    for k, (operation, _, (kind, expected), items) in enumerate(steps):
        result, after = got[2 * k], got[2 * k + 1]
        if kind == "raises":
            assert result.raises(expected), f"{operation}: list raised {expected.__name__}"
        else:
            assert result.raised is None, f"{operation}: the student's raised {result.raised!r}"
            if operation[0] == "get_slice":
                assert result.value == expected
        same_items(after, items)
