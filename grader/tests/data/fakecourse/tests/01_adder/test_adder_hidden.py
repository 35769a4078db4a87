"""Hidden tests of 01_adder (weights 1, 1, 2, 3)."""

import pytest

pytestmark = pytest.mark.student_module("adder")


def test_add_small_ints(student):
    assert student.add(1, 2) == 3
    assert student.add(0, 0) == 0


def test_add_negative_numbers(student):
    assert student.add(-4, -5) == -9
    assert student.add(-4, 10) == 6


@pytest.mark.points(2)
def test_accumulator_starts_at_zero(student):
    acc = student.Accumulator()
    assert acc.total == 0


@pytest.mark.points(3)
def test_accumulator_sums_every_value(student):
    acc = student.Accumulator()
    for value in (1, 2, 3, 4):
        acc.add(value)
    assert acc.total == 10
