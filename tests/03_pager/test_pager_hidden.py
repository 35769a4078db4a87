"""Hidden tests for exercise 03_pager (contract: README.md of the exercise).

Every test builds its own Pager, so a stub whose __init__ raises
NotImplementedError fails all of them.  Test names state the expectation,
because assertion messages are not shown to students.
"""

import pytest

pytestmark = pytest.mark.student_module("pager")

PROPERTY_NAMES = ["start", "end", "total_pages", "has_prev", "has_next"]


# --------------------------------------------------------------------------
# Constructor: storing and validating arguments
# --------------------------------------------------------------------------

def test_constructor_stores_current_page_per_items_and_total(student):
    p = student.Pager(3, 7, 40)
    assert p.current_page == 3
    assert p.per_items == 7
    assert p.total == 40


def test_per_items_defaults_to_10_and_total_defaults_to_none(student):
    p = student.Pager(4)
    assert p.current_page == 4
    assert p.per_items == 10
    assert p.total is None


def test_constructor_accepts_keyword_arguments(student):
    p = student.Pager(current_page=2, per_items=5, total=12)
    assert p.current_page == 2
    assert p.per_items == 5
    assert p.total == 12


def test_total_zero_is_allowed(student):
    p = student.Pager(1, 10, 0)
    assert p.total == 0


@pytest.mark.parametrize("current_page", [0, -1, -100])
def test_current_page_below_1_raises_value_error(student, current_page):
    with pytest.raises(ValueError):
        student.Pager(current_page)


@pytest.mark.parametrize("per_items", [0, -1, -10])
def test_per_items_below_1_raises_value_error(student, per_items):
    with pytest.raises(ValueError):
        student.Pager(1, per_items)


@pytest.mark.parametrize("total", [-1, -50])
def test_negative_total_raises_value_error(student, total):
    with pytest.raises(ValueError):
        student.Pager(1, 10, total)


@pytest.mark.parametrize("current_page", ["1", 1.0, 2.5, None, [1]],
                         ids=["str", "float_1.0", "float_2.5", "None", "list"])
def test_non_int_current_page_raises_type_error(student, current_page):
    with pytest.raises(TypeError):
        student.Pager(current_page)


@pytest.mark.parametrize("per_items", ["10", 10.0, None],
                         ids=["str", "float", "None"])
def test_non_int_per_items_raises_type_error(student, per_items):
    with pytest.raises(TypeError):
        student.Pager(1, per_items)


@pytest.mark.parametrize("total", ["95", 95.0, [95]],
                         ids=["str", "float", "list"])
def test_non_int_total_raises_type_error(student, total):
    with pytest.raises(TypeError):
        student.Pager(1, 10, total)


@pytest.mark.points(2)
@pytest.mark.parametrize("value", [True, False])
def test_bool_current_page_is_rejected_with_type_error(student, value):
    with pytest.raises(TypeError):
        student.Pager(value)


@pytest.mark.parametrize("value", [True, False])
def test_bool_per_items_is_rejected_with_type_error(student, value):
    with pytest.raises(TypeError):
        student.Pager(1, value)


@pytest.mark.points(2)
@pytest.mark.parametrize("value", [True, False])
def test_bool_total_is_rejected_with_type_error(student, value):
    with pytest.raises(TypeError):
        student.Pager(1, 10, value)


# --------------------------------------------------------------------------
# The properties are real, read-only properties
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("name", PROPERTY_NAMES)
def test_each_computed_value_is_a_property_in_the_class_dict(student, student_env, name):
    # Only the kind of attribute, not the value (the values have their own tests
    # below, so a wrong value never fails this test): a property in the class
    # dict, read on a Pager without () it gives a number (plain data, type() of
    # which is exact), not a method.
    b = student_env.builtins
    value = getattr(student.Pager(3, 5, 100), name)
    attributes = b.vars(student.Pager)
    assert (name in attributes) is True
    assert b.isinstance(attributes[name], b.property) is True
    assert type(value) in (int, float, bool)


@pytest.mark.points(2)
@pytest.mark.parametrize("name", PROPERTY_NAMES)
def test_assigning_to_a_property_raises_attribute_error(student, name):
    p = student.Pager(2, 10, 95)
    with pytest.raises(AttributeError):
        setattr(p, name, 3)


# --------------------------------------------------------------------------
# start / end
# --------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("current_page, per_items, start, end", [
    (1, 10, 0, 10),
    (2, 10, 10, 20),
    (7, 10, 60, 70),
    (1, 1, 0, 1),
    (5, 1, 4, 5),
    (4, 25, 75, 100),
])
def test_start_and_end_without_total_are_page_arithmetic(
        student, current_page, per_items, start, end):
    p = student.Pager(current_page, per_items)
    assert p.start == start
    assert p.end == end


def test_start_and_end_without_total_are_not_limited_for_large_pages(student):
    p = student.Pager(1000, 50)
    assert p.start == 49950
    assert p.end == 50000


def test_start_and_end_before_the_last_page_are_not_changed_by_total(student):
    p = student.Pager(3, 10, 95)
    assert p.start == 20
    assert p.end == 30


@pytest.mark.points(2)
def test_end_is_clamped_to_total_on_last_page(student):
    assert student.Pager(10, 10, 95).end == 95


def test_start_and_end_of_an_exactly_full_last_page(student):
    p = student.Pager(10, 10, 100)
    assert p.start == 90
    assert p.end == 100


@pytest.mark.points(2)
@pytest.mark.parametrize("current_page", [11, 12, 50])
def test_start_and_end_are_clamped_to_total_for_pages_past_the_end(
        student, current_page):
    p = student.Pager(current_page, 10, 95)
    assert p.start == 95
    assert p.end == 95


def test_start_and_end_are_0_when_total_is_0(student):
    p = student.Pager(1, 10, 0)
    assert p.start == 0
    assert p.end == 0


# --------------------------------------------------------------------------
# total_pages
# --------------------------------------------------------------------------

def test_total_pages_is_none_when_total_is_none(student):
    assert student.Pager(3, 10).total_pages is None


@pytest.mark.points(2)
@pytest.mark.parametrize("total, per_items, pages", [
    (95, 10, 10),
    (100, 10, 10),
    (101, 10, 11),
    (1, 10, 1),
    (9, 3, 3),
    (10, 3, 4),
    (5, 1, 5),
])
def test_total_pages_rounds_up_a_partial_last_page(student, total, per_items, pages):
    assert student.Pager(1, per_items, total).total_pages == pages


def test_total_pages_is_0_when_total_is_0(student):
    assert student.Pager(1, 10, 0).total_pages == 0


# --------------------------------------------------------------------------
# has_prev / has_next
# --------------------------------------------------------------------------

@pytest.mark.parametrize("current_page, total, expected", [
    (1, None, False), (1, 95, False), (2, None, True), (10, 95, True), (40, 95, True),
])
def test_has_prev_is_true_exactly_when_current_page_is_above_1(
        student, current_page, total, expected):
    assert student.Pager(current_page, 10, total).has_prev is expected


@pytest.mark.parametrize("current_page", [1, 2, 1000])
def test_has_next_is_true_when_total_is_none(student, current_page):
    assert student.Pager(current_page).has_next is True


@pytest.mark.parametrize("current_page", [1, 5, 9])
def test_has_next_is_true_before_the_last_page(student, current_page):
    assert student.Pager(current_page, 10, 95).has_next is True


@pytest.mark.points(2)
@pytest.mark.parametrize("total", [95, 100])
def test_has_next_is_false_on_the_last_page(student, total):
    assert student.Pager(10, 10, total).has_next is False


def test_has_next_is_false_past_the_last_page(student):
    assert student.Pager(12, 10, 95).has_next is False


def test_has_next_is_false_when_total_is_0(student):
    assert student.Pager(1, 10, 0).has_next is False


def test_single_page_has_neither_prev_nor_next(student):
    p = student.Pager(1, 10, 7)
    assert p.has_prev is False
    assert p.has_next is False


# --------------------------------------------------------------------------
# page(items)
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_page_returns_the_list_slice_for_a_middle_page(student):
    assert student.Pager(3, 10).page(list(range(100))) == list(range(20, 30))


def test_page_on_the_last_page_returns_the_remaining_items(student):
    assert student.Pager(10, 10, 95).page(list(range(95))) == list(range(90, 95))


def test_page_stops_at_total_even_if_items_is_longer(student):
    p = student.Pager(10, 10, 95)
    assert p.page(list(range(200))) == list(range(90, 95))


def test_page_without_total_is_cut_by_the_length_of_items(student):
    assert student.Pager(2, 10).page(list(range(15))) == list(range(10, 15))


@pytest.mark.parametrize("current_page, total", [(11, 95), (5, None)])
def test_page_past_the_end_returns_an_empty_list(student, current_page, total):
    assert student.Pager(current_page, 10, total).page(list(range(40))) == []


def test_page_does_not_modify_the_items_list(student):
    items = list(range(30))
    assert student.Pager(2, 10).page(items) == list(range(10, 20))
    assert items == list(range(30))


@pytest.mark.points(2)
def test_page_of_a_str_returns_a_str(student):
    assert student.Pager(2, 3).page("abcdefgh") == "def"


@pytest.mark.points(2)
def test_page_of_a_tuple_returns_a_tuple(student):
    assert student.Pager(2, 2, 5).page((1, 2, 3, 4, 5)) == (3, 4)


@pytest.mark.points(2)
def test_page_of_a_range_returns_a_range(student, student_env):
    b = student_env.builtins
    r = b.range(100)
    res = student.Pager(2, 10).page(r)
    assert b.isinstance(res, b.range)
    assert list(res) == list(range(10, 20))
