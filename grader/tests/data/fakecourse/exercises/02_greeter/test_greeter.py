"""Public tests of 02_greeter (weight 1)."""

import pytest

pytestmark = pytest.mark.student_module("greeter")


def test_greet_world(student):
    assert student.greet("World") == "Hello, World!"
