"""Hidden tests for exercise 04_goods (contract: README.md of the exercise).

Every test builds its own Goods (or needs the PRICE property), so the stub,
whose __init__ raises NotImplementedError and whose PRICE is None, fails all
of them.  Test names state the expectation, because assertion messages are
not shown to students.  Prices are floats: compare with pytest.approx.
"""

import pytest

pytestmark = pytest.mark.student_module("goods")


def approx(value):
    return pytest.approx(value, rel=1e-12, abs=1e-12)


# --------------------------------------------------------------------------
# Constructor: defaults and validation
# --------------------------------------------------------------------------

def test_default_goods_has_original_price_100_and_price_80(student):
    g = student.Goods()
    assert g.original_price == 100
    assert g.price == approx(80)


def test_constructor_stores_original_price(student):
    g = student.Goods(250, 0.5)
    assert g.original_price == 250
    assert g.price == approx(125)


def test_constructor_accepts_keyword_arguments(student):
    g = student.Goods(discount=0.25, original_price=40)
    assert g.original_price == 40
    assert g.price == approx(10)


@pytest.mark.points(2)
@pytest.mark.parametrize("discount", [0, 0.0, -0.5, -1, 1.01, 2, 100])
def test_discount_not_in_0_exclusive_to_1_inclusive_raises_value_error(student, discount):
    with pytest.raises(ValueError):
        student.Goods(100, discount)


@pytest.mark.points(2)
def test_discount_of_exactly_1_is_allowed_and_price_equals_original_price(student):
    g = student.Goods(100, 1)
    assert g.price == approx(100)
    g2 = student.Goods(59.9, 1.0)
    assert g2.price == approx(59.9)


def test_small_positive_discount_is_allowed(student):
    assert student.Goods(1000, 0.001).price == approx(1)


@pytest.mark.parametrize("original_price", [-1, -0.01, -1000])
def test_negative_original_price_raises_value_error(student, original_price):
    with pytest.raises(ValueError):
        student.Goods(original_price)


def test_original_price_of_zero_is_allowed(student):
    g = student.Goods(0, 0.5)
    assert g.original_price == 0
    assert g.price == approx(0)


# --------------------------------------------------------------------------
# Decorator form: the getter
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("original_price, discount, price", [
    (100, 0.8, 80),
    (200, 0.5, 100),
    (99.5, 1, 99.5),
    (40, 0.25, 10),
    (1234, 0.1, 123.4),
])
def test_price_is_original_price_times_discount(student, original_price, discount, price):
    assert student.Goods(original_price, discount).price == approx(price)


@pytest.mark.points(2)
def test_price_is_a_property_in_the_class_dict(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Goods)["price"], b.property)
    assert student.Goods(50, 0.5).price == approx(25)  # g.price, not g.price()


@pytest.mark.points(2)
def test_price_is_recomputed_after_original_price_is_changed_directly(student):
    g = student.Goods(100, 0.5)
    assert g.price == approx(50)
    g.original_price = 300
    assert g.price == approx(150)


# --------------------------------------------------------------------------
# Decorator form: the setter
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_assigning_price_replaces_original_price(student):
    g = student.Goods(100, 0.8)
    g.price = 200
    assert g.original_price == 200


@pytest.mark.points(2)
def test_price_after_assignment_is_new_original_price_times_discount(student):
    g = student.Goods(100, 0.8)
    g.price = 200
    assert g.price == approx(160)
    g.price = 10
    assert g.price == approx(8)


def test_assigning_price_zero_is_allowed(student):
    g = student.Goods(100, 0.8)
    g.price = 0
    assert g.original_price == 0
    assert g.price == approx(0)


@pytest.mark.points(2)
@pytest.mark.parametrize("value", [-1, -0.5, -200])
def test_assigning_a_negative_price_raises_value_error(student, value):
    g = student.Goods(100, 0.8)
    with pytest.raises(ValueError):
        g.price = value


@pytest.mark.points(2)
def test_rejected_negative_price_leaves_original_price_and_price_unchanged(student):
    g = student.Goods(120, 0.5)
    with pytest.raises(ValueError):
        g.price = -10
    assert g.original_price == 120
    assert g.price == approx(60)


def test_assigning_price_on_one_goods_leaves_other_goods_alone(student):
    a = student.Goods(100, 0.8)
    b = student.Goods(100, 0.8)
    a.price = 500
    assert b.original_price == 100
    assert b.price == approx(80)


# --------------------------------------------------------------------------
# Decorator form: the deleter
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_del_price_works_with_a_deleter_that_takes_only_self(student):
    g = student.Goods(100, 0.8)
    del g.price  # the lesson's deleter(self, value) raises TypeError here


@pytest.mark.points(3)
def test_del_price_removes_the_instance_attribute_original_price(student, student_env):
    b = student_env.builtins
    g = student.Goods(100, 0.8)
    del g.price
    assert b.hasattr(g, "original_price") is False


@pytest.mark.points(3)
def test_reading_price_after_del_price_raises_attribute_error(student):
    g = student.Goods(100, 0.8)
    del g.price
    with pytest.raises(AttributeError):
        g.price  # noqa: B018


@pytest.mark.points(2)
def test_assigning_price_after_del_price_sets_original_price_again(student):
    g = student.Goods(100, 0.5)
    del g.price
    g.price = 30
    assert g.original_price == 30
    assert g.price == approx(15)


def test_del_price_on_one_goods_leaves_other_goods_alone(student):
    a = student.Goods(100, 0.8)
    b = student.Goods(70, 0.5)
    del a.price
    assert b.original_price == 70
    assert b.price == approx(35)


# --------------------------------------------------------------------------
# Static-field form: PRICE = property(get_price, set_price, del_price, doc)
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_PRICE_is_a_property_in_the_class_dict(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Goods)["PRICE"], b.property)


@pytest.mark.points(3)
def test_PRICE_fget_fset_fdel_are_get_price_set_price_del_price(student):
    prop = student.Goods.PRICE
    assert prop.fget is student.Goods.get_price
    assert prop.fset is student.Goods.set_price
    assert prop.fdel is student.Goods.del_price


def test_PRICE_has_a_non_empty_doc_string(student):
    doc = student.Goods.PRICE.__doc__
    assert isinstance(doc, str)
    assert doc.strip() != ""


@pytest.mark.points(2)
def test_get_price_returns_original_price_times_discount(student):
    assert student.Goods(200, 0.5).get_price() == approx(100)
    assert student.Goods().get_price() == approx(80)


@pytest.mark.points(2)
def test_set_price_replaces_original_price(student):
    g = student.Goods(100, 0.5)
    g.set_price(60)
    assert g.original_price == 60
    assert g.get_price() == approx(30)


@pytest.mark.points(2)
def test_set_price_with_negative_value_raises_value_error_and_changes_nothing(student):
    g = student.Goods(100, 0.5)
    with pytest.raises(ValueError):
        g.set_price(-1)
    assert g.original_price == 100
    assert g.get_price() == approx(50)


@pytest.mark.points(2)
def test_del_price_method_removes_original_price(student, student_env):
    b = student_env.builtins
    g = student.Goods(100, 0.5)
    g.del_price()
    assert b.hasattr(g, "original_price") is False
    with pytest.raises(AttributeError):
        g.get_price()


@pytest.mark.points(2)
def test_reading_PRICE_gives_original_price_times_discount(student):
    price = student.Goods(80, 0.5).PRICE
    assert price == approx(40)


@pytest.mark.points(2)
def test_assigning_PRICE_replaces_original_price(student):
    g = student.Goods(100, 0.8)
    g.PRICE = 50
    assert g.original_price == 50
    price = g.PRICE
    assert price == approx(40)


@pytest.mark.points(2)
def test_assigning_negative_PRICE_raises_value_error_and_changes_nothing(student):
    g = student.Goods(100, 0.8)
    with pytest.raises(ValueError):
        g.PRICE = -5
    assert g.original_price == 100
    price = g.PRICE
    assert price == approx(80)


@pytest.mark.points(2)
def test_del_PRICE_removes_original_price_and_reading_PRICE_raises_attribute_error(
        student, student_env):
    b = student_env.builtins
    g = student.Goods(100, 0.8)
    del g.PRICE
    assert b.hasattr(g, "original_price") is False
    with pytest.raises(AttributeError):
        g.PRICE  # noqa: B018


# --------------------------------------------------------------------------
# Both forms act on the same data
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_price_and_PRICE_read_the_same_value_after_either_is_assigned(student):
    g = student.Goods(100, 0.25)
    g.price = 40
    price = g.PRICE
    assert price == approx(10)
    g.PRICE = 80
    assert g.price == approx(20)


@pytest.mark.points(2)
def test_del_PRICE_makes_reading_price_raise_attribute_error(student):
    g = student.Goods(100, 0.8)
    del g.PRICE
    with pytest.raises(AttributeError):
        g.price  # noqa: B018
