"""Public tests for exercise 02_methods.

Run them with ``pytest exercises/02_methods`` or ``grader check 02_methods``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``temperature`` themselves: the ``student`` fixture is your
module, and ``student_env.builtins`` are the builtins of the process that runs
your code.  Float results are compared with ``pytest.approx``.
"""

import pytest

pytestmark = pytest.mark.student_module("temperature")


def test_celsius_is_stored_on_the_instance(student):
    assert student.Temperature(25).celsius == 25


@pytest.mark.points(2)
def test_to_fahrenheit_is_celsius_times_9_over_5_plus_32(student):
    assert student.Temperature(100).to_fahrenheit() == pytest.approx(212.0)
    assert student.Temperature(37).to_fahrenheit() == pytest.approx(98.6)


@pytest.mark.points(2)
def test_below_absolute_zero_raises_value_error_but_absolute_zero_is_valid(student):
    with pytest.raises(ValueError):
        student.Temperature(-300)
    assert student.Temperature(-273.15).celsius == -273.15


@pytest.mark.points(2)
def test_from_fahrenheit_is_a_classmethod_that_builds_a_temperature(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Temperature)["from_fahrenheit"], b.classmethod)
    t = student.Temperature.from_fahrenheit(212)
    assert b.id(b.type(t)) == b.id(student.Temperature)  # the class itself
    assert t.celsius == pytest.approx(100.0)


def test_from_fahrenheit_called_on_a_subclass_returns_the_subclass(student, student_env):
    # A subclass must be defined next to your code, so the test sends it as source.
    ns = student_env.exec(
        "from temperature import Temperature\n"
        "class BodyTemperature(Temperature):\n"
        "    pass\n"
        "t = BodyTemperature.from_fahrenheit(98.6)\n"
    )
    b = student_env.builtins
    assert b.id(b.type(ns.t)) == b.id(ns.BodyTemperature)  # the subclass itself
    assert ns.t.celsius == pytest.approx(37.0)


@pytest.mark.points(2)
def test_is_valid_is_a_staticmethod_called_without_an_instance(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Temperature)["is_valid"], b.staticmethod)
    assert student.Temperature.is_valid(20) is True
    assert student.Temperature.is_valid(-300) is False
