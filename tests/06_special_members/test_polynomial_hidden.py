"""Hidden tests for exercise 06_special_members: the Polynomial class.

Contract: the exercise's README.md (catalog section 06_special_members).
Every test builds its own Polynomial, so a stub whose __init__ raises
NotImplementedError fails all of them.  Test names state the expectation,
because assertion messages are not shown to students.

Graded-mode notes: coefficients come back as tuples (plain data); a
Polynomial comes back as a proxy, so it is never compared with a plain value:
tests read ``.coefficients``, ``str()``, ``repr()``, ``hash()``, or compare two
Polynomials with ``==`` (which runs the student's ``__eq__``) and check
``is True`` / ``is False``.  A proxy answers some dunder attributes itself
(``proxy.__doc__``, ``proxy.__eq__``, ``proxy.__class__``...), so those are read
in the student's interpreter with ``student_env.builtins.getattr``.
"""

import textwrap

import pytest

pytestmark = pytest.mark.student_module("polynomial")


def eq_result(student_env, p, other):
    """``p.__eq__(other)`` called in the student's interpreter: the raw result."""
    return student_env.builtins.getattr(p, "__eq__")(other)


def run(student_env, source):
    """Run ``source`` in the student's interpreter, after importing the module."""
    return student_env.exec(
        "from polynomial import Polynomial\n" + textwrap.dedent(source)
    )


# --------------------------------------------------------------------------
# __doc__ and __init__
# --------------------------------------------------------------------------

def test_polynomial_class_has_a_non_empty_docstring(student, student_env):
    b = student_env.builtins
    p = student.Polynomial(1, 2)
    doc = b.getattr(student.Polynomial, "__doc__")
    assert isinstance(doc, str)
    assert doc.strip() != ""
    assert b.getattr(p, "__doc__") == doc  # obj.__doc__ is found on the class


@pytest.mark.parametrize("args", [(3, 0, 2), (1, -1, 0), (-2, 1), (7,), (1, 0, 0, 0)])
def test_coefficients_are_stored_as_a_tuple_highest_degree_first(student, args):
    coefficients = student.Polynomial(*args).coefficients
    assert type(coefficients) is tuple
    assert coefficients == args


@pytest.mark.points(2)
@pytest.mark.parametrize("args, expected", [
    ((0, 1, 2), (1, 2)),
    ((0, 0, 0, 5), (5,)),
    ((0, -1, 0), (-1, 0)),
    ((0, 0, 3, 0, 0), (3, 0, 0)),
])
def test_leading_zeros_are_dropped(student, args, expected):
    assert student.Polynomial(*args).coefficients == expected


@pytest.mark.points(2)
def test_no_arguments_gives_the_zero_polynomial_with_coefficients_0(student):
    coefficients = student.Polynomial().coefficients
    assert type(coefficients) is tuple
    assert coefficients == (0,)


@pytest.mark.parametrize("args", [(0,), (0, 0), (0, 0, 0, 0)])
def test_only_zero_coefficients_give_the_zero_polynomial(student, args):
    assert student.Polynomial(*args).coefficients == (0,)


def test_large_and_negative_int_coefficients_are_accepted(student):
    p = student.Polynomial(10**30, -5, -(10**20))
    assert p.coefficients == (10**30, -5, -(10**20))


def test_coefficients_of_different_polynomials_are_independent(student):
    p = student.Polynomial(1, 2)
    q = student.Polynomial(3, 4, 5)
    assert p.coefficients == (1, 2)
    assert q.coefficients == (3, 4, 5)


@pytest.mark.parametrize("args", [
    (1.0,), (1, 2.5), ("1",), (1, "2"), (None,), (1, None, 3), ([1, 2],), ((1,),), (0.0, 1),
], ids=["float", "float_last", "str", "str_last", "None", "None_middle", "list",
        "tuple", "float_zero_leading"])
def test_non_int_coefficient_raises_type_error(student, args):
    with pytest.raises(TypeError):
        student.Polynomial(*args)


@pytest.mark.parametrize("args", [
    (True,), (False,), (1, True), (2, False, 1), (False, 1), (False, False, 3),
], ids=["True", "False", "True_last", "False_middle", "False_leading", "False_leading_twice"])
def test_bool_coefficient_raises_type_error(student, args):
    with pytest.raises(TypeError):
        student.Polynomial(*args)


# --------------------------------------------------------------------------
# degree
# --------------------------------------------------------------------------

@pytest.mark.parametrize("args, degree", [
    ((3, 0, 2), 2), ((1, 1), 1), ((5,), 0), ((1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 10),
])
def test_degree_is_the_number_of_coefficients_minus_one(student, args, degree):
    assert student.Polynomial(*args).degree == degree


@pytest.mark.parametrize("args", [(), (0,), (0, 0, 0)])
def test_degree_of_the_zero_polynomial_is_0(student, args):
    assert student.Polynomial(*args).degree == 0


def test_degree_ignores_leading_zeros(student):
    assert student.Polynomial(0, 0, 4, 1).degree == 1


def test_degree_is_a_property_read_without_parentheses(student, student_env):
    b = student_env.builtins
    p = student.Polynomial(2, 0, 0)
    assert b.isinstance(b.vars(student.Polynomial)["degree"], b.property)
    assert p.degree == 2


# --------------------------------------------------------------------------
# __call__
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("args, x, value", [
    ((3, 0, 2), 2, 14),
    ((3, 0, 2), -2, 14),
    ((1, -1, 0), 5, 20),
    ((-2, 1), 3, -5),
    ((2, -3, 0, -1), 2, 3),
    ((1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 2, 1024),
    ((4,), 100, 4),
])
def test_calling_a_polynomial_evaluates_it_at_x(student, args, x, value):
    assert student.Polynomial(*args)(x) == value


@pytest.mark.parametrize("args", [(3, 0, 2), (1, -1, 7), (-5,)])
def test_calling_at_x_0_gives_the_constant_term(student, args):
    assert student.Polynomial(*args)(0) == args[-1]


@pytest.mark.parametrize("x", [0, 7, -3])
def test_calling_the_zero_polynomial_gives_0(student, x):
    assert student.Polynomial()(x) == 0


def test_calling_with_a_float_x(student):
    p = student.Polynomial(3, 0, 2)
    assert p(0.5) == 2.75
    assert p(-1.5) == 8.75


def test_calling_with_a_large_int_x_is_exact(student):
    # exact integer arithmetic: no float rounding for big values
    p = student.Polynomial(1, 0, 0, 0, 0, 1)
    x = 10**7
    assert p(x) == x**5 + 1


def test_calling_does_not_change_the_polynomial(student):
    p = student.Polynomial(1, 2, 3)
    assert p(2) == 11
    assert p(2) == 11
    assert p.coefficients == (1, 2, 3)


# --------------------------------------------------------------------------
# __str__
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("args, text", [
    ((3, 0, 2), "3x^2 + 2"),
    ((1, -1, 0), "x^2 - x"),
    ((-1,), "-1"),
    ((-2, 1), "-2x + 1"),
])
def test_str_matches_the_examples_of_the_specification(student, args, text):
    assert str(student.Polynomial(*args)) == text


@pytest.mark.points(2)
@pytest.mark.parametrize("args, text", [
    ((2, -3, 0, -1), "2x^3 - 3x^2 - 1"),
    ((1, -5, 6), "x^2 - 5x + 6"),
    ((4, -2), "4x - 2"),
    ((1, 0, -10, 0), "x^3 - 10x"),
])
def test_str_writes_a_negative_term_as_minus_and_its_absolute_value(student, args, text):
    assert str(student.Polynomial(*args)) == text


@pytest.mark.parametrize("args, text", [
    ((1, 0, 0), "x^2"),
    ((1, 0), "x"),
    ((2, 1, 0), "2x^2 + x"),
    ((1, 0, 1, 0), "x^3 + x"),
])
def test_str_writes_a_coefficient_of_1_as_nothing(student, args, text):
    assert str(student.Polynomial(*args)) == text


@pytest.mark.parametrize("args, text", [
    ((-1, 0, 0), "-x^2"),
    ((-1, 0), "-x"),
    ((3, -1, 0), "3x^2 - x"),
    ((-1, -1, 0), "-x^2 - x"),
])
def test_str_writes_a_coefficient_of_minus_1_as_a_minus_sign(student, args, text):
    assert str(student.Polynomial(*args)) == text


@pytest.mark.parametrize("args, text", [
    ((1, 1), "x + 1"),
    ((1, -1), "x - 1"),
    ((1,), "1"),
    ((-1, 0, -1), "-x^2 - 1"),
])
def test_str_keeps_1_and_minus_1_in_the_constant_term(student, args, text):
    assert str(student.Polynomial(*args)) == text


@pytest.mark.parametrize("args, text", [
    ((-3, 0, 0, 0, 0), "-3x^4"),
    ((-1, -1, -1), "-x^2 - x - 1"),
    ((-7,), "-7"),
    ((-12, 0, 10), "-12x^2 + 10"),
])
def test_str_of_a_negative_leading_term_starts_with_minus(student, args, text):
    assert str(student.Polynomial(*args)) == text


@pytest.mark.parametrize("args, text", [
    ((1, 0, 0, 0, 0, 1), "x^5 + 1"),
    ((4, 0, -1, 0), "4x^3 - x"),
    ((7, 0), "7x"),
    ((2, 0, 0, 3, 0), "2x^4 + 3x"),
])
def test_str_skips_zero_coefficients(student, args, text):
    assert str(student.Polynomial(*args)) == text


def test_str_of_a_degree_1_term_has_no_exponent(student):
    assert str(student.Polynomial(3, 2)) == "3x + 2"


@pytest.mark.parametrize("args", [(), (0,), (0, 0, 0)])
def test_str_of_the_zero_polynomial_is_0(student, args):
    assert str(student.Polynomial(*args)) == "0"


@pytest.mark.parametrize("args, text", [((5,), "5"), ((-42,), "-42"), ((0, 0, 9), "9")])
def test_str_of_a_constant_is_just_the_number(student, args, text):
    assert str(student.Polynomial(*args)) == text


def test_str_writes_exponents_with_several_digits(student):
    assert str(student.Polynomial(1, *[0] * 10)) == "x^10"
    assert str(student.Polynomial(12, *[0] * 10, -10)) == "12x^11 - 10"


def test_str_ignores_leading_zeros(student):
    assert str(student.Polynomial(0, 0, 1, 2)) == "x + 2"


def test_str_of_large_coefficients(student):
    assert str(student.Polynomial(10**20, -(10**20))) == f"{10**20}x - {10**20}"


# --------------------------------------------------------------------------
# __repr__
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("args, text", [
    ((3, 0, 2), "Polynomial(3, 0, 2)"),
    ((-1,), "Polynomial(-1)"),
    ((1, -1, 0), "Polynomial(1, -1, 0)"),
])
def test_repr_lists_the_coefficients(student, args, text):
    assert repr(student.Polynomial(*args)) == text


@pytest.mark.parametrize("args", [(), (0,), (0, 0)])
def test_repr_of_the_zero_polynomial_is_empty_call(student, args):
    assert repr(student.Polynomial(*args)) == "Polynomial()"


def test_repr_drops_leading_zeros(student):
    assert repr(student.Polynomial(0, 0, 2, 0)) == "Polynomial(2, 0)"


def test_repr_and_str_differ(student):
    p = student.Polynomial(1, 0)
    assert repr(p) == "Polynomial(1, 0)"
    assert str(p) == "x"


# --------------------------------------------------------------------------
# __eq__ and __hash__
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_polynomials_with_equal_coefficients_are_equal(student):
    assert (student.Polynomial(3, 0, 2) == student.Polynomial(3, 0, 2)) is True
    assert (student.Polynomial() == student.Polynomial()) is True


@pytest.mark.points(2)
def test_leading_zeros_do_not_change_equality(student):
    assert (student.Polynomial(0, 1, 2) == student.Polynomial(1, 2)) is True
    assert (student.Polynomial() == student.Polynomial(0, 0)) is True


@pytest.mark.parametrize("a, c", [
    ((1, 2), (2, 1)), ((1, 2), (1, 2, 0)), ((1,), (-1,)), ((), (1,)),
])
def test_polynomials_with_different_coefficients_are_not_equal(student, a, c):
    assert (student.Polynomial(*a) == student.Polynomial(*c)) is False


def test_not_equal_operator_agrees_with_eq(student):
    assert (student.Polynomial(1, 2) != student.Polynomial(1, 2)) is False
    assert (student.Polynomial(1, 2) != student.Polynomial(1, 3)) is True


@pytest.mark.points(2)
@pytest.mark.parametrize("args, other", [
    ((5,), 5), ((), 0), ((1, 1), "x + 1"), ((1, 1), (1, 1)), ((1, 1), [1, 1]),
    ((1, 1), None), ((1,), 1.0),
], ids=["int", "int_zero", "str", "tuple", "list", "None", "float"])
def test_eq_with_another_type_returns_NotImplemented(student, student_env, args, other):
    b = student_env.builtins
    assert eq_result(student_env, student.Polynomial(*args), other) is b.NotImplemented


def test_eq_with_an_unrelated_object_having_coefficients_returns_NotImplemented(
        student, student_env):
    b = student_env.builtins
    ns = run(student_env, """
        class Lookalike:
            coefficients = (1, 2)
        other = Lookalike()
        """)
    assert eq_result(student_env, student.Polynomial(1, 2), ns.other) is b.NotImplemented


@pytest.mark.points(2)
def test_eq_with_an_unknown_type_lets_the_other_operand_decide(student_env):
    # Returning NotImplemented makes Python try the reflected other.__eq__(p).
    ns = run(student_env, """
        class EqualsEverything:
            def __eq__(self, other):
                return True
        results = [Polynomial(1, 2) == EqualsEverything(),
                   Polynomial(1, 2) != EqualsEverything()]
        """)
    assert ns.results == [True, False]


def test_comparing_with_a_number_or_tuple_is_false(student_env):
    ns = run(student_env, """
        results = [Polynomial(5) == 5, 5 == Polynomial(5), Polynomial(1, 2) == (1, 2),
                   Polynomial() == 0, Polynomial(5) != 5]
        """)
    assert ns.results == [False, False, False, False, True]


@pytest.mark.points(2)
def test_polynomials_are_hashable(student):
    assert type(hash(student.Polynomial(3, 0, 2))) is int
    assert type(hash(student.Polynomial())) is int


@pytest.mark.points(2)
@pytest.mark.parametrize("a, c", [((1, 2), (1, 2)), ((0, 1, 2), (1, 2)), ((), (0, 0))])
def test_equal_polynomials_have_equal_hashes(student, a, c):
    p, q = student.Polynomial(*a), student.Polynomial(*c)
    assert (p == q) is True
    assert hash(p) == hash(q)


def test_polynomials_work_as_set_members_and_dict_keys(student_env):
    ns = run(student_env, """
        s = {Polynomial(1, 2), Polynomial(0, 1, 2), Polynomial(2, 1), Polynomial()}
        size = len(s)
        d = {Polynomial(1, 2): "found"}
        value = d.get(Polynomial(0, 0, 1, 2))
        member = Polynomial(0) in {Polynomial()}
        """)
    assert ns.size == 3
    assert ns.value == "found"
    assert ns.member is True


# --------------------------------------------------------------------------
# __add__
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_adding_polynomials_of_the_same_degree(student):
    r = student.Polynomial(1, 2, 3) + student.Polynomial(4, -5, 6)
    assert r.coefficients == (5, -3, 9)


@pytest.mark.points(2)
def test_adding_polynomials_of_different_degrees_aligns_the_constant_terms(student):
    p = student.Polynomial(1, 0, 0, 1)
    q = student.Polynomial(2, 3)
    assert (p + q).coefficients == (1, 0, 2, 4)
    assert (q + p).coefficients == (1, 0, 2, 4)


def test_adding_returns_a_polynomial(student, student_env):
    b = student_env.builtins
    r = student.Polynomial(1, 1) + student.Polynomial(1)
    assert b.isinstance(r, student.Polynomial) is True
    assert str(r) == "x + 2"


def test_adding_leaves_both_operands_unchanged(student):
    p = student.Polynomial(1, 2)
    q = student.Polynomial(3, 4, 5)
    _ = p + q
    assert p.coefficients == (1, 2)
    assert q.coefficients == (3, 4, 5)


@pytest.mark.points(2)
def test_adding_drops_leading_zeros_after_cancellation(student):
    r = student.Polynomial(1, 2, 3) + student.Polynomial(-1, -2, 0)
    assert r.coefficients == (3,)
    assert r.degree == 0
    assert str(r) == "3"
    assert repr(r) == "Polynomial(3)"
    assert (r == student.Polynomial(3)) is True


@pytest.mark.points(2)
def test_adding_opposite_polynomials_gives_the_zero_polynomial(student):
    r = student.Polynomial(2, -1, 5) + student.Polynomial(-2, 1, -5)
    assert r.coefficients == (0,)
    assert r.degree == 0
    assert str(r) == "0"
    assert repr(r) == "Polynomial()"
    assert (r == student.Polynomial()) is True


def test_adding_the_zero_polynomial_changes_nothing(student):
    p = student.Polynomial(-1, 0, 4)
    assert (p + student.Polynomial()).coefficients == (-1, 0, 4)
    assert (student.Polynomial() + p).coefficients == (-1, 0, 4)


def test_sum_evaluates_to_the_sum_of_the_values(student):
    p = student.Polynomial(2, -3, 1)
    q = student.Polynomial(5, 7)
    assert (p + q)(3) == p(3) + q(3)
