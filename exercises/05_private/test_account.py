"""Public tests for exercise 05_private.

Run them with ``pytest exercises/05_private`` or ``grader check 05_private``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``account`` themselves: the ``student`` fixture is your
module, ``student_env.builtins`` are the builtins of the process that runs
your code, and ``student_env.exec(source)`` runs a piece of code next to
yours (here: to define a subclass of your Account).
"""

import pytest

pytestmark = pytest.mark.student_module("account")


@pytest.mark.points(2)
def test_vars_holds_owner_and_the_mangled__Account__balance(student, student_env):
    acc = student.Account("Ann", 100)
    assert student_env.builtins.vars(acc) == {"owner": "Ann", "_Account__balance": 100}


@pytest.mark.points(2)
def test_balance_is_a_read_only_property(student):
    acc = student.Account("Ann", 100)
    assert acc.balance == 100
    with pytest.raises(AttributeError):
        acc.balance = 0


def test_deposit_and_withdraw_return_the_new_balance(student):
    acc = student.Account("Ann", 100)
    assert acc.deposit(50) == 150
    assert acc.withdraw(30) == 120
    assert acc.balance == 120


def test_withdraw_more_than_the_balance_raises_value_error_and_changes_nothing(student):
    acc = student.Account("Ann", 100)
    with pytest.raises(ValueError):
        acc.withdraw(101)
    assert acc.balance == 100


def test_deposit_of_zero_raises_value_error(student):
    acc = student.Account("Ann", 100)
    with pytest.raises(ValueError):
        acc.deposit(0)


def test_bank_classmethod_returns_python_bank(student):
    assert student.Account.bank() == "Python Bank"
    assert student.Account._Account__bank == "Python Bank"


@pytest.mark.points(2)
def test_subclass_method_cannot_read_self__balance(student_env):
    ns = student_env.exec(
        "from account import Account\n"
        "class Savings(Account):\n"
        "    def peek(self):\n"
        "        return self.__balance\n"
        "acc = Savings('Sam', 30)\n"
    )
    with pytest.raises(AttributeError):
        ns.acc.peek()
    assert ns.acc.balance == 30
