"""Hidden tests for exercise 02_methods (contract: README.md of the exercise).

Every test calls at least one method of the stub (which all raise
NotImplementedError), so the stub fails all of them.  Floats are compared with
``pytest.approx`` (``celsius * 1.8 + 32`` is as correct as ``celsius * 9 / 5 + 32``).
Subclasses are defined inside the student process with ``student_env.exec``; what
they are is checked from the test, with ``student_env.builtins`` (the class of an
object by identity, ``vars`` for class dicts), never by names the student's classes
could fake.  Test names state the expectation: students see only the names.
"""

import math

import pytest

pytestmark = pytest.mark.student_module("temperature")


def approx(value):
    return pytest.approx(value, rel=1e-9, abs=1e-9)


def is_exactly(student_env, obj, cls):
    """Whether the real class of ``obj`` is ``cls`` itself (identity, not its name)."""
    b = student_env.builtins
    return b.id(b.type(obj)) == b.id(cls)


# --------------------------------------------------------------------------
# ABSOLUTE_ZERO and __init__
# --------------------------------------------------------------------------

def test_absolute_zero_is_a_class_attribute_equal_to_minus_273_15(student, student_env):
    T = student.Temperature
    assert "ABSOLUTE_ZERO" in student_env.builtins.vars(T)
    assert T.ABSOLUTE_ZERO == -273.15
    assert T(T.ABSOLUTE_ZERO).celsius == -273.15


# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("celsius", [0, 25, -40, 100.5, 1e6, -273.0],
                         ids=["0", "25", "-40", "100.5", "1e6", "-273.0"])
def test_init_stores_the_given_celsius(student, celsius):
    assert student.Temperature(celsius).celsius == celsius


def test_init_accepts_celsius_as_keyword(student):
    assert student.Temperature(celsius=21.5).celsius == 21.5


@pytest.mark.points(3)
def test_celsius_exactly_at_absolute_zero_is_allowed(student):
    assert student.Temperature(-273.15).celsius == -273.15


@pytest.mark.points(3)
# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("celsius", [-273.16, -273.1500001, -300, -1e9, -math.inf],
                         ids=["-273.16", "-273.1500001", "-300", "-1e9", "-inf"])
def test_celsius_below_absolute_zero_raises_value_error(student, celsius):
    with pytest.raises(ValueError):
        student.Temperature(celsius)


def test_celsius_just_above_absolute_zero_is_allowed(student):
    assert student.Temperature(-273.14).celsius == -273.14


def test_each_temperature_keeps_its_own_celsius(student):
    cold = student.Temperature(-10)
    hot = student.Temperature(40)
    assert cold.celsius == -10
    assert hot.celsius == 40


# --------------------------------------------------------------------------
# to_fahrenheit: an ordinary (instance) method
# --------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("celsius, fahrenheit", [
    (0, 32.0), (100, 212.0), (-40, -40.0), (37, 98.6), (1, 33.8), (36.6, 97.88),
    (-273.15, -459.67), (25.5, 77.9), (-17.5, 0.5),
])
def test_to_fahrenheit_is_celsius_times_9_over_5_plus_32(student, celsius, fahrenheit):
    assert student.Temperature(celsius).to_fahrenheit() == approx(fahrenheit)


@pytest.mark.points(2)
@pytest.mark.parametrize("celsius, fahrenheit", [(1, 33.8), (3, 37.4), (37, 98.6), (-1, 30.2)])
def test_to_fahrenheit_uses_true_division_not_floor_division(student, celsius, fahrenheit):
    assert student.Temperature(celsius).to_fahrenheit() == approx(fahrenheit)


def test_to_fahrenheit_returns_a_float_for_an_int_celsius(student):
    assert type(student.Temperature(20).to_fahrenheit()) is float


def test_to_fahrenheit_is_stored_in_the_class_and_called_on_an_instance(student, student_env):
    t = student.Temperature(10)
    assert "to_fahrenheit" in student_env.builtins.vars(student.Temperature)
    assert t.to_fahrenheit() == approx(50.0)


def test_to_fahrenheit_through_the_class_with_an_explicit_instance(student):
    t = student.Temperature(20)
    assert student.Temperature.to_fahrenheit(t) == approx(68.0)


def test_to_fahrenheit_uses_the_current_celsius_of_the_instance(student):
    t = student.Temperature(0)
    assert t.to_fahrenheit() == approx(32.0)
    t.celsius = 100
    assert t.to_fahrenheit() == approx(212.0)


# --------------------------------------------------------------------------
# from_fahrenheit: a class method (alternative constructor)
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_from_fahrenheit_is_a_classmethod_in_the_class_dict(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Temperature)["from_fahrenheit"], b.classmethod)
    assert student.Temperature.from_fahrenheit(32).celsius == approx(0.0)


@pytest.mark.points(3)
@pytest.mark.parametrize("fahrenheit, celsius", [
    (32, 0.0), (212, 100.0), (-40, -40.0), (98.6, 37.0), (50, 10.0), (0, -160 / 9),
    (-400, -240.0), (451, 232.7777777777778),
])
def test_from_fahrenheit_converts_fahrenheit_to_celsius(student, fahrenheit, celsius):
    assert student.Temperature.from_fahrenheit(fahrenheit).celsius == approx(celsius)


def test_from_fahrenheit_returns_a_temperature_instance(student, student_env):
    b = student_env.builtins
    t = student.Temperature.from_fahrenheit(212)
    assert is_exactly(student_env, t, student.Temperature) is True
    assert b.isinstance(t, student.Temperature) is True


def test_from_fahrenheit_returns_a_separate_object_for_each_call(student, student_env):
    a = student.Temperature.from_fahrenheit(32)
    b = student.Temperature.from_fahrenheit(212)
    assert student_env.builtins.id(a) != student_env.builtins.id(b)
    assert a.celsius == approx(0.0)
    assert b.celsius == approx(100.0)


def test_from_fahrenheit_then_to_fahrenheit_gives_back_the_same_value(student):
    for f in (-40, 0, 32, 98.6, 212, 1000):
        assert student.Temperature.from_fahrenheit(f).to_fahrenheit() == approx(f)


def test_from_fahrenheit_can_also_be_called_through_an_instance(student, student_env):
    t = student.Temperature(0).from_fahrenheit(212)
    assert is_exactly(student_env, t, student.Temperature) is True
    assert t.celsius == approx(100.0)


def test_from_fahrenheit_below_absolute_zero_raises_value_error(student):
    with pytest.raises(ValueError):
        student.Temperature.from_fahrenheit(-500)


# Subclasses of different shapes; each source defines ``Sub`` (the class that
# from_fahrenheit is called on) and imports Temperature.
_SUBCLASS_SHAPES = {
    "plain": (
        "class Sub(Temperature):\n"
        "    pass\n"
    ),
    "with_a_method": (
        "class Sub(Temperature):\n"
        "    def kelvin(self):\n"
        "        return self.celsius + 273.15\n"
    ),
    "with_its_own_init": (
        "class Sub(Temperature):\n"
        "    def __init__(self, celsius, place='lab'):\n"
        "        super().__init__(celsius)\n"
        "        self.place = place\n"
    ),
    "subclass_of_a_subclass": (
        "class Middle(Temperature):\n"
        "    pass\n"
        "class Sub(Middle):\n"
        "    pass\n"
    ),
}


@pytest.mark.points(3)
@pytest.mark.parametrize("shape", list(_SUBCLASS_SHAPES))
def test_from_fahrenheit_called_on_a_subclass_returns_an_instance_of_the_subclass(
        student, student_env, shape):
    ns = student_env.exec(
        "from temperature import Temperature\n"
        + _SUBCLASS_SHAPES[shape]
        + "t = Sub.from_fahrenheit(212)\n"
    )
    assert is_exactly(student_env, ns.t, ns.Sub) is True
    assert student_env.builtins.isinstance(ns.t, ns.Sub) is True
    assert ns.t.celsius == approx(100.0)


@pytest.mark.points(2)
def test_from_fahrenheit_on_a_subclass_gives_an_object_with_the_subclass_methods(
        student, student_env):
    ns = student_env.exec(
        "from temperature import Temperature\n"
        + _SUBCLASS_SHAPES["with_a_method"]
        + "kelvin = Sub.from_fahrenheit(212).kelvin()\n"
    )
    assert ns.kelvin == approx(373.15)


def test_from_fahrenheit_on_the_base_class_still_returns_temperature(student, student_env):
    ns = student_env.exec(
        "from temperature import Temperature\n"
        + _SUBCLASS_SHAPES["plain"]
        + "sub = Sub.from_fahrenheit(212)\n"
        "plain = Temperature.from_fahrenheit(212)\n"
    )
    assert is_exactly(student_env, ns.plain, student.Temperature) is True


# --------------------------------------------------------------------------
# is_valid: a static method (no self, no cls)
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_is_valid_is_a_staticmethod_in_the_class_dict(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Temperature)["is_valid"], b.staticmethod)
    assert student.Temperature.is_valid(0) is True


@pytest.mark.points(3)
# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("celsius, expected", [
    (20, True), (0, True), (1000, True), (-273.14, True), (math.inf, True),
    (-273.16, False), (-300, False), (-1e9, False), (-math.inf, False),
], ids=["20", "0", "1000", "-273.14", "inf", "-273.16", "-300", "-1e9", "-inf"])
def test_is_valid_called_on_the_class_without_an_instance(student, celsius, expected):
    assert student.Temperature.is_valid(celsius) is expected


@pytest.mark.points(3)
def test_is_valid_is_true_exactly_at_absolute_zero(student):
    assert student.Temperature.is_valid(-273.15) is True


def test_is_valid_called_on_an_instance_takes_only_celsius(student):
    t = student.Temperature(25)
    assert t.is_valid(-300) is False
    assert t.is_valid(-273.15) is True
    assert t.is_valid(30) is True


@pytest.mark.parametrize("celsius", [-273.15, -273.16, -100, -500])
def test_is_valid_agrees_with_what_init_accepts(student, celsius):
    valid = student.Temperature.is_valid(celsius)
    if valid is True:
        assert student.Temperature(celsius).celsius == celsius
    else:
        assert valid is False
        with pytest.raises(ValueError):
            student.Temperature(celsius)
