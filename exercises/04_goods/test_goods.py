"""Public tests for exercise 04_goods.

Run them with ``pytest exercises/04_goods`` or ``grader check 04_goods``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``goods`` themselves: the ``student`` fixture is your
module, and ``student_env.builtins`` are the builtins of the process that
runs your code.  Prices are floats, so they are compared with pytest.approx.
"""

import pytest

pytestmark = pytest.mark.student_module("goods")


def test_default_price_is_100_times_0_8(student):
    g = student.Goods()
    assert g.original_price == 100
    assert g.price == pytest.approx(80)


@pytest.mark.points(2)
def test_price_is_a_property_in_the_class_dict(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Goods)["price"], b.property)
    assert student.Goods(200, 0.5).price == pytest.approx(100)  # g.price, not g.price()


@pytest.mark.points(2)
def test_assigning_price_replaces_original_price(student):
    g = student.Goods(100, 0.8)
    g.price = 200
    assert g.original_price == 200
    assert g.price == pytest.approx(160)


def test_assigning_a_negative_price_raises_value_error(student):
    g = student.Goods(100, 0.8)
    with pytest.raises(ValueError):
        g.price = -1


@pytest.mark.points(2)
def test_del_price_removes_original_price_then_price_raises_attribute_error(
        student, student_env):
    b = student_env.builtins
    g = student.Goods(100, 0.8)
    del g.price
    assert b.hasattr(g, "original_price") is False
    with pytest.raises(AttributeError):
        g.price  # noqa: B018


def test_PRICE_is_built_from_get_price_set_price_del_price(student):
    assert student.Goods.PRICE.fget is student.Goods.get_price
    assert student.Goods.PRICE.fset is student.Goods.set_price
    assert student.Goods.PRICE.fdel is student.Goods.del_price
    price = student.Goods(50, 0.5).PRICE
    assert price == pytest.approx(25)


def test_discount_above_1_or_0_raises_value_error(student):
    with pytest.raises(ValueError):
        student.Goods(100, 1.5)
    with pytest.raises(ValueError):
        student.Goods(100, 0)
