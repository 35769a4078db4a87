"""Hidden tests of 02_greeter (weights 1, 1)."""

import pytest

pytestmark = pytest.mark.student_module("greeter")


def test_greet_name(student):
    assert student.greet("Ada") == "Hello, Ada!"


def test_greet_many_names(student):
    for i in range(40):
        assert student.greet(f"n{i}") == f"Hello, n{i}!"
