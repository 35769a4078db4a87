"""Public tests for exercise 09_dynamic_class.

Run them with ``pytest exercises/09_dynamic_class`` or ``grader check 09_dynamic_class``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``factory`` themselves: the ``student`` fixture is your
module, ``student_env.builtins`` are the builtins of the process that runs
your code, and ``student_env.exec(source)`` runs a piece of source next to
your code (used here to define functions that become methods).
"""

import pytest

pytestmark = pytest.mark.student_module("factory")


@pytest.mark.points(2)
def test_make_class_returns_a_class_made_by_type(student, student_env):
    b = student_env.builtins
    Point = student.make_class("Point", ["x", "y"])
    assert b.isinstance(Point, b.type) is True
    assert b.type(Point) is b.type  # its metaclass is type itself
    assert Point.__name__ == "Point"


@pytest.mark.points(2)
def test_fields_are_taken_positionally_or_by_keyword(student):
    Point = student.make_class("Point", ["x", "y"])
    p = Point(1, 2)
    assert (p.x, p.y) == (1, 2)
    q = Point(y=20, x=10)
    assert (q.x, q.y) == (10, 20)


@pytest.mark.points(2)
def test_repr_is_the_class_name_and_the_fields_in_order(student):
    Point = student.make_class("Point", ["x", "y"])
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    assert repr(Point(y=2, x=1)) == "Point(x=1, y=2)"


def test_instances_of_one_class_with_equal_fields_are_equal(student):
    Point = student.make_class("Point", ["x", "y"])
    assert (Point(1, 2) == Point(1, 2)) is True
    assert (Point(1, 2) == Point(1, 3)) is False


def test_instances_of_two_classes_with_the_same_fields_are_not_equal(student):
    Point = student.make_class("Point", ["x", "y"])
    Vector = student.make_class("Vector", ["x", "y"])
    assert (Point(1, 2) == Vector(1, 2)) is False


def test_missing_or_unknown_field_raises_type_error(student):
    Point = student.make_class("Point", ["x", "y"])
    with pytest.raises(TypeError):
        Point(1)
    with pytest.raises(TypeError):
        Point(1, 2, z=3)


def test_invalid_or_duplicate_field_names_raise_value_error(student):
    with pytest.raises(ValueError):
        student.make_class("Point", ["x", "1y"])
    with pytest.raises(ValueError):
        student.make_class("Point", ["x", "x"])


def test_methods_are_added_to_the_class(student, student_env):
    ns = student_env.exec(
        "def norm2(self):\n"
        "    return self.x ** 2 + self.y ** 2\n"
    )
    Point = student.make_class("Point", ["x", "y"], methods={"norm2": ns.norm2})
    assert Point(3, 4).norm2() == 25
