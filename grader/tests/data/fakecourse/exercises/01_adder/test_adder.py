"""Public tests of 01_adder (weights 1 + 1)."""

import pytest

pytestmark = pytest.mark.student_module("adder")


def test_add_two_and_three(student):
    assert student.add(2, 3) == 5


def test_accumulator_total_after_one_add(student):
    acc = student.Accumulator()
    acc.add(5)
    assert acc.total == 5
