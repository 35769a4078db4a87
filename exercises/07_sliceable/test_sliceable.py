"""Public tests for exercise 07_sliceable.

Run them with ``pytest exercises/07_sliceable`` or ``grader check 07_sliceable``.
The hidden tests check the same rules more thoroughly (see README.md): many
of them compare your class with ``list`` on hundreds of random lists,
indices and slices.

Tests never import ``sliceable`` themselves: the ``student`` fixture is your
module and ``student_env.builtins`` are the builtins of the process that runs
your code.  ``items(student_env, s)`` reads the items of your SliceableList by
iterating it, so the test can compare them with a plain list; it gives up
after ``ITEMS_LIMIT`` items, so an iteration that never ends fails that test
at once instead of running until the time limit.
"""

import pytest

pytestmark = pytest.mark.student_module("sliceable")

# More items than any list in these tests holds (at most 6), plus a margin.
ITEMS_LIMIT = 6 + 10


def items(student_env, s, limit=ITEMS_LIMIT):
    """The items of ``s`` as a plain list: ``iter(s)``, then ``limit + 1`` calls of
    its ``__next__`` (in one exchange with the process that runs your code); fails
    the test when none of them raised StopIteration."""
    iterator = student_env.builtins.iter(s)
    found = []
    for outcome in student_env.each(iterator, [("call", "__next__")] * (limit + 1)):
        if outcome.raises(StopIteration):
            return found
        if outcome.raised is not None:
            raise outcome.raised
        found.append(outcome.value)
    pytest.fail(
        f"iteration did not stop after {limit} items: __iter__ must end; without "
        "__iter__, Python calls __getitem__(0), __getitem__(1), ... until it raises "
        "IndexError, so __getitem__ must raise IndexError past the end "
        f"(迭代超过 {limit} 项仍未结束：__iter__ 必须结束；"
        "没有 __iter__ 时，Python 依次调用 __getitem__(0)、__getitem__(1)……"
        "直到它抛出 IndexError，所以下标越界时 __getitem__ 必须抛出 IndexError)"
    )


@pytest.mark.points(2)
def test_a_slice_is_a_new_sliceable_list(student, student_env):
    b = student_env.builtins
    s = student.SliceableList([10, 20, 30, 40])
    part = s[1:3]
    assert b.isinstance(part, student.SliceableList) is True  # not a plain list
    assert items(student_env, part) == [20, 30]
    assert repr(part) == "SliceableList([20, 30])"


def test_int_index_negative_counts_from_the_end_out_of_range_raises(student):
    s = student.SliceableList([10, 20, 30])
    assert s[0] == 10
    assert s[-1] == 30
    with pytest.raises(IndexError):
        s[3]


@pytest.mark.points(2)
def test_negative_step_slices_are_like_list(student, student_env):
    s = student.SliceableList([1, 2, 3, 4, 5])
    assert items(student_env, s[::-1]) == [5, 4, 3, 2, 1]
    assert items(student_env, s[3:0:-2]) == [4, 2]


def test_step_0_raises_value_error(student):
    with pytest.raises(ValueError):
        student.SliceableList([1, 2, 3])[::0]


def test_slice_assignment_and_deletion_are_like_list(student, student_env):
    s = student.SliceableList([1, 2, 3, 4, 5])
    s[1:3] = ["a", "b", "c"]          # a simple slice may change the length
    assert items(student_env, s) == [1, "a", "b", "c", 4, 5]
    del s[::2]
    assert items(student_env, s) == ["a", "c", 5]


@pytest.mark.points(2)
def test_extended_slice_assignment_with_wrong_length_raises_value_error(student, student_env):
    s = student.SliceableList([1, 2, 3, 4, 5])
    with pytest.raises(ValueError):
        s[::2] = [0, 0]                 # s[::2] has 3 items
    assert items(student_env, s) == [1, 2, 3, 4, 5]


def test_not_a_list_subclass_and_not_equal_to_a_plain_list(student, student_env):
    b = student_env.builtins
    assert b.issubclass(student.SliceableList, b.list) is False
    s = student.SliceableList([1, 2])
    assert (s == student.SliceableList([1, 2])) is True
    assert b.getattr(s, "__eq__")([1, 2]) is b.NotImplemented   # s.__eq__([1, 2])
