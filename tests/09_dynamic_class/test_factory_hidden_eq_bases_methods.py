"""Hidden tests for exercise 09_dynamic_class, part 2: equality, bases and methods.

Part 1 (test_factory_hidden.py) covers the class, creating instances, the field
attributes, repr and validation, and lists what the contract leaves open.
Every test calls ``make_class``, so the stub fails all of them.  Instances are
compared with ``==`` only between student objects (result checked with
``is True`` / ``is False``); comparisons with plain values run inside the
student process (``student_env.exec``).
"""

import pytest

pytestmark = pytest.mark.student_module("factory")


def real(student_env, name, cls):
    """``cls.<name>`` (``__name__``, ``__bases__``, ``__mro__``) read through ``type``'s
    own descriptor, so that no metaclass of the student's can answer for the class."""
    return student_env.builtins.type.__dict__[name].__get__(cls)


@pytest.fixture
def Point(student):
    return student.make_class("Point", ["x", "y"])


# --------------------------------------------------------------------------
# __eq__
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_instances_of_the_same_class_with_equal_fields_are_equal(Point):
    assert (Point(1, 2) == Point(1, 2)) is True
    assert (Point(x=1, y=2) == Point(1, 2)) is True


@pytest.mark.points(2)
# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("other", [(9, 2), (1, 9), (9, 9)],
                         ids=["first_differs", "last_differs", "both_differ"])
def test_instances_with_a_different_field_are_not_equal(Point, other):
    assert (Point(1, 2) == Point(*other)) is False


@pytest.mark.points(3)
def test_instances_of_two_classes_with_the_same_fields_are_not_equal(student):
    Point = student.make_class("Point", ["x", "y"])
    Vector = student.make_class("Vector", ["x", "y"])
    assert (Point(1, 2) == Vector(1, 2)) is False
    assert (Vector(1, 2) == Point(1, 2)) is False


def test_instances_of_two_classes_made_with_the_same_name_are_not_equal(student):
    first = student.make_class("Point", ["x", "y"])
    second = student.make_class("Point", ["x", "y"])
    assert (first(1, 2) == second(1, 2)) is False


def test_an_instance_is_not_equal_to_a_subclass_instance_with_equal_fields(student_env):
    ns = student_env.exec(
        "from factory import make_class\n"
        "Point = make_class('Point', ['x', 'y'])\n"
        "class Pixel(Point):\n"
        "    pass\n"
        "result = (Point(1, 2) == Pixel(1, 2), Pixel(1, 2) == Point(1, 2))\n"
    )
    assert ns.result == (False, False)


def test_an_instance_is_not_equal_to_a_tuple_or_a_lookalike_object(student_env):
    ns = student_env.exec(
        "from types import SimpleNamespace\n"
        "from factory import make_class\n"
        "Point = make_class('Point', ['x', 'y'])\n"
        "p = Point(1, 2)\n"
        "result = (p == (1, 2), p == SimpleNamespace(x=1, y=2), p == None)\n"
    )
    assert ns.result == (False, False, False)


def test_not_equal_operator_agrees_with_equality(Point):
    assert (Point(1, 2) != Point(1, 2)) is False
    assert (Point(1, 2) != Point(2, 1)) is True


def test_instances_of_a_class_without_fields_are_equal(student):
    Empty = student.make_class("Empty", [])
    assert (Empty() == Empty()) is True


def test_equality_uses_the_current_value_of_a_reassigned_field(Point):
    p = Point(1, 2)
    q = Point(1, 3)
    q.y = 2
    assert (p == q) is True


def test_equality_compares_field_values_with_their_own_equality(student):
    Box = student.make_class("Box", ["items", "size"])
    assert (Box([1, 2], 1.0) == Box([1, 2], 1)) is True
    assert (Box([1, 2], 1) == Box([2, 1], 1)) is False


# --------------------------------------------------------------------------
# bases
# --------------------------------------------------------------------------

BASES = """
class Shape:
    kind = "shape"
    def describe(self):
        return "a " + self.kind

class Named:
    def label(self):
        return "named " + type(self).__name__
"""


@pytest.mark.points(2)
def test_given_base_is_the_base_of_the_class(student, student_env):
    b = student_env.builtins
    ns = student_env.exec(BASES)
    Circle = student.make_class("Circle", ["r"], bases=(ns.Shape,))
    assert b.issubclass(Circle, ns.Shape) is True
    bases = real(student_env, "__bases__", Circle)
    assert len(bases) == 1
    assert bases[0] is ns.Shape


@pytest.mark.points(2)
def test_instances_inherit_methods_and_attributes_of_the_base(student, student_env):
    ns = student_env.exec(BASES)
    Circle = student.make_class("Circle", ["r"], bases=(ns.Shape,))
    c = Circle(2)
    assert c.r == 2
    assert c.kind == "shape"
    assert c.describe() == "a shape"


def test_two_bases_give_the_mro_class_then_bases_in_order(student, student_env):
    ns = student_env.exec(BASES)
    Circle = student.make_class("Circle", ["r"], bases=(ns.Shape, ns.Named))
    mro = real(student_env, "__mro__", Circle)
    assert [real(student_env, "__name__", k) for k in mro] == ["Circle", "Shape", "Named", "object"]
    assert Circle(1).label() == "named Circle"


def test_a_made_class_can_be_the_base_of_another_made_class(student, student_env, Point):
    b = student_env.builtins
    Point3 = student.make_class("Point3", ["x", "y", "z"], bases=(Point,))
    p = Point3(1, 2, 3)
    assert b.isinstance(p, Point) is True
    assert repr(p) == "Point3(x=1, y=2, z=3)"
    assert (p == Point3(1, 2, 3)) is True
    assert (p == Point(1, 2)) is False


def test_a_class_statement_can_subclass_a_made_class(student_env):
    ns = student_env.exec(
        "from factory import make_class\n"
        "Point = make_class('Point', ['x', 'y'])\n"
        "class Pixel(Point):\n"
        "    def brightness(self):\n"
        "        return self.x + self.y\n"
        "px = Pixel(3, y=4)\n"
        "result = (px.x, px.y, px.brightness())\n"
    )
    assert ns.result == (3, 4, 7)


# --------------------------------------------------------------------------
# methods
# --------------------------------------------------------------------------

METHODS = """
def norm2(self):
    return self.x ** 2 + self.y ** 2

def scaled(self, k):
    return type(self)(self.x * k, self.y * k)

def swap(self):
    self.x, self.y = self.y, self.x

area = property(lambda self: self.x * self.y)
origin = classmethod(lambda cls: cls(0, 0))
dimensions = staticmethod(lambda: 2)
"""


@pytest.mark.points(3)
def test_methods_are_callable_on_instances(student, student_env):
    ns = student_env.exec(METHODS)
    Point = student.make_class("Point", ["x", "y"],
                               methods={"norm2": ns.norm2, "scaled": ns.scaled})
    p = Point(3, 4)
    assert p.norm2() == 25
    assert repr(p.scaled(2)) == "Point(x=6, y=8)"


@pytest.mark.points(2)
def test_methods_are_in_the_class_namespace(student, student_env):
    b = student_env.builtins
    ns = student_env.exec(METHODS)
    Point = student.make_class("Point", ["x", "y"], methods={"norm2": ns.norm2})
    assert ("norm2" in b.vars(Point)) is True
    assert b.vars(Point)["norm2"] is ns.norm2


def test_a_method_can_change_the_fields(student, student_env):
    ns = student_env.exec(METHODS)
    Point = student.make_class("Point", ["x", "y"], methods={"swap": ns.swap})
    p = Point(1, 2)
    p.swap()
    assert repr(p) == "Point(x=2, y=1)"


def test_methods_may_hold_a_property_a_classmethod_and_a_staticmethod(student, student_env):
    ns = student_env.exec(METHODS)
    Point = student.make_class(
        "Point", ["x", "y"],
        methods={"area": ns.area, "origin": ns.origin, "dimensions": ns.dimensions},
    )
    assert Point(3, 4).area == 12
    assert repr(Point.origin()) == "Point(x=0, y=0)"
    assert Point.dimensions() == 2


def test_methods_of_one_class_are_not_added_to_another(student, student_env):
    b = student_env.builtins
    ns = student_env.exec(METHODS)
    student.make_class("Point", ["x", "y"], methods={"norm2": ns.norm2})
    Plain = student.make_class("Plain", ["x", "y"])
    assert b.hasattr(Plain(1, 2), "norm2") is False


def test_methods_none_and_empty_dict_add_nothing_and_still_work(student):
    Plain = student.make_class("Plain", ["x"], methods=None)
    Other = student.make_class("Other", ["x"], methods={})
    assert repr(Plain(1)) == "Plain(x=1)"
    assert repr(Other(1)) == "Other(x=1)"
