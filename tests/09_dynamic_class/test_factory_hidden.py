"""Hidden tests for exercise 09_dynamic_class, part 1 (contract: README.md of the exercise).

Part 2 (test_factory_hidden_eq_bases_methods.py) covers equality, bases and methods.

Every test calls ``make_class``, so the stub fails all of them.

What the contract leaves open, and these tests therefore never touch:
- how a field value is written inside ``repr`` beyond ``Name(a=1, b=2)``:
  only values whose ``str()`` and ``repr()`` agree are used (ints, floats,
  None, lists of ints);
- whether Python keywords count as valid identifiers (``class``);
- a field given twice (positionally and by keyword), hashing, ``str()``,
  how a subclass's repr is named, and what happens when ``methods`` holds
  ``__init__``/``__repr__``/``__eq__``.
Instances are compared with ``==`` only between student objects, and the
result is checked with ``is True`` / ``is False``; comparisons with plain
values run inside the student process (``student_env.exec``).
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
# The class itself
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_make_class_returns_a_class_with_the_given_name(student, student_env):
    b = student_env.builtins
    Color = student.make_class("Color", ["r", "g", "b"])
    assert b.isinstance(Color, b.type) is True
    assert real(student_env, "__name__", Color) == "Color"


@pytest.mark.points(3)
def test_the_class_is_made_by_type_so_its_metaclass_is_type(student, student_env):
    b = student_env.builtins
    Color = student.make_class("Color", ["r", "g", "b"])
    assert b.type(Color) is b.type


def test_each_call_makes_a_new_class(student):
    first = student.make_class("Point", ["x", "y"])
    second = student.make_class("Point", ["x", "y"])
    assert first is not second


def test_default_base_is_object_only(Point, student_env):
    b = student_env.builtins
    bases = real(student_env, "__bases__", Point)
    assert len(bases) == 1
    assert bases[0] is b.object


def test_instances_are_instances_of_the_made_class(Point, student_env):
    b = student_env.builtins
    assert b.isinstance(Point(1, 2), Point) is True


# --------------------------------------------------------------------------
# Creating instances: positional and keyword fields
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_fields_are_taken_positionally_in_order(student):
    Box = student.make_class("Box", ["a", "b", "c"])
    box = Box(1, 2, 3)
    assert (box.a, box.b, box.c) == (1, 2, 3)


@pytest.mark.points(2)
def test_fields_are_taken_by_keyword_in_any_order(student):
    Box = student.make_class("Box", ["a", "b", "c"])
    box = Box(c=3, a=1, b=2)
    assert (box.a, box.b, box.c) == (1, 2, 3)


@pytest.mark.points(2)
def test_positional_fields_then_keyword_fields(student):
    Box = student.make_class("Box", ["a", "b", "c"])
    box = Box(1, c=3, b=2)
    assert (box.a, box.b, box.c) == (1, 2, 3)


def test_field_values_can_be_any_object(student, student_env):
    Box = student.make_class("Box", ["a", "b", "c"])
    box = Box(None, [1, "two"], {"k": 3.5})
    assert box.a is None
    assert box.b == [1, "two"]
    assert box.c == {"k": 3.5}


def test_a_field_can_hold_an_instance_of_another_made_class(student, Point):
    Segment = student.make_class("Segment", ["start", "end"])
    s = Segment(Point(0, 0), Point(3, 4))
    assert (s.end.x, s.end.y) == (3, 4)


# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("args, kwargs", [
    ((1,), {}),
    ((), {}),
    ((), {"x": 1}),
    ((), {"y": 2}),
], ids=["one_positional", "nothing", "only_x_keyword", "only_y_keyword"])
def test_a_missing_field_raises_type_error(Point, args, kwargs):
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("args, kwargs", [
    ((1, 2), {"z": 3}),
    ((), {"x": 1, "y": 2, "z": 3}),
    ((), {"x": 1, "Y": 2}),
], ids=["extra_keyword", "extra_keyword_only", "misspelt_keyword"])
def test_an_unknown_field_keyword_raises_type_error(Point, args, kwargs):
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


def test_more_positional_values_than_fields_raises_type_error(Point):
    with pytest.raises(TypeError):
        Point(1, 2, 3)


def test_a_class_without_fields_takes_no_arguments(student):
    Empty = student.make_class("Empty", [])
    assert repr(Empty()) == "Empty()"
    with pytest.raises(TypeError):
        Empty(1)
    with pytest.raises(TypeError):
        Empty(x=1)


def test_each_class_checks_its_own_fields(student):
    A = student.make_class("A", ["a"])
    B = student.make_class("B", ["b"])
    assert A(a=1).a == 1
    assert B(b=2).b == 2
    with pytest.raises(TypeError):
        A(b=1)
    with pytest.raises(TypeError):
        B(a=1)


# --------------------------------------------------------------------------
# Fields are instance attributes
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_two_instances_keep_their_own_field_values(Point):
    p = Point(1, 2)
    q = Point(10, 20)
    assert (p.x, p.y) == (1, 2)
    assert (q.x, q.y) == (10, 20)


def test_instances_of_two_classes_keep_their_own_field_values(student):
    A = student.make_class("A", ["v"])
    B = student.make_class("B", ["v"])
    a = A(1)
    b = B(2)
    assert a.v == 1
    assert b.v == 2


@pytest.mark.points(2)
def test_reassigning_a_field_on_one_instance_does_not_change_another(Point):
    p = Point(1, 2)
    q = Point(1, 2)
    p.x = 100
    assert p.x == 100
    assert q.x == 1


def test_field_names_are_instance_attributes_of_every_instance(Point, student_env):
    b = student_env.builtins
    p = Point(5, 6)
    assert b.hasattr(p, "x") is True
    assert b.getattr(p, "y") == 6


# --------------------------------------------------------------------------
# __repr__
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_repr_is_name_then_each_field_equals_value_in_field_order(student):
    Box = student.make_class("Box", ["a", "b", "c"])
    assert repr(Box(1, 2, 3)) == "Box(a=1, b=2, c=3)"


def test_repr_follows_field_order_not_keyword_order(Point):
    assert repr(Point(y=2, x=1)) == "Point(x=1, y=2)"


def test_repr_uses_the_name_given_to_make_class(student):
    Pair = student.make_class("Pair", ["first", "second"])
    assert repr(Pair(7, 8)) == "Pair(first=7, second=8)"


def test_repr_of_a_single_field(student):
    Wrapper = student.make_class("Wrapper", ["value"])
    assert repr(Wrapper(42)) == "Wrapper(value=42)"


def test_repr_of_a_class_without_fields_is_name_and_empty_parentheses(student):
    Empty = student.make_class("Empty", [])
    assert repr(Empty()) == "Empty()"


def test_repr_of_negative_float_none_and_list_values(student):
    Box = student.make_class("Box", ["a", "b", "c", "d"])
    assert repr(Box(-3, 1.5, None, [1, 2])) == "Box(a=-3, b=1.5, c=None, d=[1, 2])"


def test_repr_shows_the_current_value_after_a_field_is_reassigned(Point):
    p = Point(1, 2)
    p.y = 5
    assert repr(p) == "Point(x=1, y=5)"


# --------------------------------------------------------------------------
# Validation of the class name and the field names
# --------------------------------------------------------------------------

# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("name", ["", "1Point", "my point", "Point-3", "Point!", "a.b"],
                         ids=["empty", "leading_digit", "space", "hyphen", "bang", "dot"])
def test_invalid_class_name_raises_value_error(student, name):
    with pytest.raises(ValueError):
        student.make_class(name, ["x"])


# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("bad", ["", "1x", "x y", "x-y", "x.y", "$"],
                         ids=["empty", "leading_digit", "space", "hyphen", "dot", "dollar"])
def test_invalid_field_name_raises_value_error(student, bad):
    with pytest.raises(ValueError):
        student.make_class("Point", ["x", bad])


# The ids only name inputs the specification gives: reports may show them.
@pytest.mark.show_ids
@pytest.mark.parametrize("fields", [["x", "x"], ["x", "y", "x"], ["a", "b", "c", "b"]],
                         ids=["same_twice", "first_and_last", "two_apart"])
def test_duplicate_field_names_raise_value_error(student, fields):
    with pytest.raises(ValueError):
        student.make_class("Point", fields)


def test_identifiers_with_underscores_and_digits_are_accepted(student):
    Row = student.make_class("_Row2", ["_id", "value_1", "x2_"])
    row = Row(1, 2, x2_=3)
    assert repr(row) == "_Row2(_id=1, value_1=2, x2_=3)"
    assert row._id == 1


def test_unicode_identifiers_are_accepted(student):
    Point = student.make_class("点", ["横", "纵"])
    p = Point(1, 纵=2)
    assert repr(p) == "点(横=1, 纵=2)"
    assert p.横 == 1
