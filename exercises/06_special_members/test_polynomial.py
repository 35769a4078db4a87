"""Public tests for exercise 06_special_members.

Run them with ``pytest exercises/06_special_members`` or
``grader check 06_special_members``.  The hidden tests check the same rules
more thoroughly (see README.md).

Tests never import ``polynomial`` themselves: the ``student`` fixture is your
module, ``student_env.builtins`` are the builtins of the process that runs
your code, and ``student_env.exec(source)`` runs a piece of code next to
yours (used below so that ``del`` really frees the object).
"""

import pytest

pytestmark = pytest.mark.student_module("polynomial")


@pytest.mark.points(2)
def test_str_of_3x2_plus_2_and_of_x2_minus_x(student):
    assert str(student.Polynomial(3, 0, 2)) == "3x^2 + 2"
    assert str(student.Polynomial(1, -1, 0)) == "x^2 - x"
    assert str(student.Polynomial(-2, 1)) == "-2x + 1"


def test_leading_zeros_are_dropped_and_no_arguments_is_zero(student):
    assert student.Polynomial(0, 0, 1, 2).coefficients == (1, 2)
    assert student.Polynomial().coefficients == (0,)
    assert str(student.Polynomial()) == "0"
    assert repr(student.Polynomial(3, 0, 2)) == "Polynomial(3, 0, 2)"


def test_bool_coefficient_raises_type_error(student):
    with pytest.raises(TypeError):
        student.Polynomial(1, True)


def test_calling_evaluates_and_degree_is_a_property(student):
    p = student.Polynomial(3, 0, 2)
    assert p(2) == 14
    assert p.degree == 2  # p.degree, not p.degree()


@pytest.mark.points(2)
def test_equal_polynomials_are_equal_and_have_equal_hashes(student, student_env):
    p, q = student.Polynomial(1, 2), student.Polynomial(0, 1, 2)
    assert (p == q) is True
    assert hash(p) == hash(q)
    # p.__eq__(5), run by your code: NotImplemented (not False) for another type
    b = student_env.builtins
    assert b.getattr(p, "__eq__")(5) is b.NotImplemented


def test_adding_polynomials(student):
    r = student.Polynomial(1, 2, 3) + student.Polynomial(-1, 0, 1)
    assert r.coefficients == (2, 4)
    assert str(r) == "2x + 4"


@pytest.mark.points(2)
def test_deleting_a_tracked_object_records_its_name(student_env):
    ns = student_env.exec(
        "from polynomial import Tracked\n"
        "Tracked.released.clear()\n"
        "t = Tracked('a')\n"
        "del t\n"
        "result = list(Tracked.released)\n"
    )
    assert ns.result == ["a"]


def test_describe_reports_module_class_doc_and_a_copy_of_fields(student_env):
    ns = student_env.exec(
        "from polynomial import describe\n"
        "class Box:\n"
        "    'A box.'\n"
        "    def __init__(self):\n"
        "        self.size = 3\n"
        "box = Box()\n"
        "d = describe(box)\n"
        "copied = d['fields'] is not box.__dict__\n"
    )
    assert ns.d == {"module": ns.__name__, "class": "Box", "doc": "A box.",
                    "fields": {"size": 3}}
    assert ns.copied is True
