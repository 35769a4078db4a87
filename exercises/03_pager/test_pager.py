"""Public tests for exercise 03_pager.

Run them with ``pytest exercises/03_pager`` or ``grader check 03_pager``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``pager`` themselves: the ``student`` fixture is your
module, and ``student_env.builtins`` are the builtins of the process that
runs your code.
"""

import pytest

pytestmark = pytest.mark.student_module("pager")


@pytest.mark.points(2)
def test_first_page_starts_at_0_and_ends_at_per_items(student):
    p = student.Pager(1)
    assert p.start == 0
    assert p.end == 10


@pytest.mark.points(2)
def test_start_is_a_property_read_without_parentheses(student, student_env):
    # Only the kind of attribute is checked here: start's value is the other tests' job.
    b = student_env.builtins
    start = student.Pager(3, per_items=5).start  # p.start, not p.start()
    attributes = b.vars(student.Pager)  # the class's own attributes
    assert ("start" in attributes) is True, "Pager 类里没有 start / Pager has no start"
    assert b.isinstance(attributes["start"], b.property) is True, (
        "start 必须是 @property，读取时不加括号 / start must be a @property, read as p.start"
    )
    assert type(start) in (int, float), "p.start 应该是一个数 / p.start must be a number"


@pytest.mark.points(2)
def test_assigning_to_start_raises_attribute_error(student):
    p = student.Pager(2)
    with pytest.raises(AttributeError):
        p.start = 3


def test_last_page_with_total_is_clamped_and_has_no_next(student):
    p = student.Pager(10, per_items=10, total=95)
    assert p.start == 90
    assert p.end == 95
    assert p.total_pages == 10
    assert p.has_prev is True
    assert p.has_next is False


def test_current_page_0_raises_value_error_and_str_raises_type_error(student):
    with pytest.raises(ValueError):
        student.Pager(0)
    with pytest.raises(TypeError):
        student.Pager("1")


def test_page_returns_the_slice_of_a_list(student):
    p = student.Pager(2, per_items=3)
    assert p.page(["a", "b", "c", "d", "e", "f", "g"]) == ["d", "e", "f"]
