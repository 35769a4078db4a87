"""Public tests for exercise 07_sliceable.

Run them with ``pytest exercises/07_sliceable`` or ``grader check 07_sliceable``.
The hidden tests check the same rules more thoroughly (see README.md): many
of them compare your class with ``list`` on hundreds of random lists,
indices and slices.

Tests never import ``sliceable`` themselves: the ``student`` fixture is your
module and ``student_env.builtins`` are the builtins of the process that runs
your code.  ``b.list(s)`` turns your SliceableList into a plain list there,
so the test can compare it.
"""

import pytest

pytestmark = pytest.mark.student_module("sliceable")


@pytest.mark.points(2)
def test_a_slice_is_a_new_sliceable_list(student, student_env):
    b = student_env.builtins
    s = student.SliceableList([10, 20, 30, 40])
    part = s[1:3]
    assert b.isinstance(part, student.SliceableList) is True  # not a plain list
    assert b.list(part) == [20, 30]
    assert repr(part) == "SliceableList([20, 30])"


def test_int_index_negative_counts_from_the_end_out_of_range_raises(student):
    s = student.SliceableList([10, 20, 30])
    assert s[0] == 10
    assert s[-1] == 30
    with pytest.raises(IndexError):
        s[3]


@pytest.mark.points(2)
def test_negative_step_slices_are_like_list(student, student_env):
    b = student_env.builtins
    s = student.SliceableList([1, 2, 3, 4, 5])
    assert b.list(s[::-1]) == [5, 4, 3, 2, 1]
    assert b.list(s[3:0:-2]) == [4, 2]


def test_step_0_raises_value_error(student):
    with pytest.raises(ValueError):
        student.SliceableList([1, 2, 3])[::0]


def test_slice_assignment_and_deletion_are_like_list(student, student_env):
    b = student_env.builtins
    s = student.SliceableList([1, 2, 3, 4, 5])
    s[1:3] = ["a", "b", "c"]          # a simple slice may change the length
    assert b.list(s) == [1, "a", "b", "c", 4, 5]
    del s[::2]
    assert b.list(s) == ["a", "c", 5]


@pytest.mark.points(2)
def test_extended_slice_assignment_with_wrong_length_raises_value_error(student, student_env):
    s = student.SliceableList([1, 2, 3, 4, 5])
    with pytest.raises(ValueError):
        s[::2] = [0, 0]                 # s[::2] has 3 items
    assert student_env.builtins.list(s) == [1, 2, 3, 4, 5]


def test_not_a_list_subclass_and_not_equal_to_a_plain_list(student, student_env):
    b = student_env.builtins
    assert b.issubclass(student.SliceableList, b.list) is False
    s = student.SliceableList([1, 2])
    assert (s == student.SliceableList([1, 2])) is True
    assert b.getattr(s, "__eq__")([1, 2]) is b.NotImplemented   # s.__eq__([1, 2])
