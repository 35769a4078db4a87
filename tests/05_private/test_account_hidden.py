"""Hidden tests for exercise 05_private (contract: README.md of the exercise).

Every test creates an Account or calls Account.bank(), so the stub, whose
methods raise NotImplementedError, fails all of them.  Test names state the
expectation, because assertion messages are not shown to students.

Names such as ``_Account__balance`` are written out in full: name mangling
only happens inside a class body, never in these test functions.
"""

import pytest

pytestmark = pytest.mark.student_module("account")

SUBCLASS_SOURCE = """
from account import Account


class Savings(Account):
    def peek_private(self):
        return self.__balance          # compiled as self._Savings__balance

    def peek_property(self):
        return self.balance

    def peek_mangled(self):
        return self._Account__balance

    def overwrite_private(self, value):
        self.__balance = value         # creates self._Savings__balance


acc = Savings("Sam", 30)
"""


# --------------------------------------------------------------------------
# Constructor and the private instance attribute
# --------------------------------------------------------------------------

def test_constructor_stores_owner_and_balance(student):
    acc = student.Account("Ann", 100)
    assert acc.owner == "Ann"
    assert acc.balance == 100


def test_balance_defaults_to_0(student):
    acc = student.Account("Bob")
    assert acc.balance == 0


def test_constructor_accepts_keyword_arguments(student):
    acc = student.Account(balance=7, owner="Cy")
    assert acc.owner == "Cy"
    assert acc.balance == 7


@pytest.mark.points(3)
@pytest.mark.parametrize("owner, balance", [("Ann", 100), ("Bob", 0), ("李雷", 12345)],
                         ids=["Ann-100", "Bob-0", "chinese_owner-12345"])
def test_vars_of_an_account_is_exactly_owner_and__Account__balance(
        student, student_env, owner, balance):
    acc = student.Account(owner, balance)
    assert student_env.builtins.vars(acc) == {"owner": owner, "_Account__balance": balance}


def test_vars_of_an_account_with_default_balance_holds__Account__balance_0(
        student, student_env):
    acc = student.Account("Bob")
    assert student_env.builtins.vars(acc) == {"owner": "Bob", "_Account__balance": 0}


@pytest.mark.points(2)
@pytest.mark.parametrize("balance", [-1, -100])
def test_negative_opening_balance_raises_value_error(student, balance):
    with pytest.raises(ValueError):
        student.Account("Ann", balance)


def test_private_balance_is_not_reachable_as__balance_from_outside(student, student_env):
    b = student_env.builtins
    acc = student.Account("Ann", 10)
    assert b.hasattr(acc, "__balance") is False
    assert acc._Account__balance == 10  # the mangled name is still reachable


# --------------------------------------------------------------------------
# balance: a read-only property
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_balance_is_a_property_in_the_class_dict(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Account)["balance"], b.property)
    assert student.Account("Ann", 5).balance == 5  # acc.balance, not acc.balance()


@pytest.mark.points(2)
def test_assigning_balance_raises_attribute_error_and_changes_nothing(student, student_env):
    acc = student.Account("Ann", 50)
    with pytest.raises(AttributeError):
        acc.balance = 1_000_000
    assert acc.balance == 50
    assert student_env.builtins.vars(acc) == {"owner": "Ann", "_Account__balance": 50}


def test_deleting_balance_raises_attribute_error(student):
    acc = student.Account("Ann", 50)
    with pytest.raises(AttributeError):
        del acc.balance
    assert acc.balance == 50


def test_balance_property_reads_the_private_attribute_at_every_read(student):
    acc = student.Account("Ann", 50)
    acc._Account__balance = 77
    assert acc.balance == 77


# --------------------------------------------------------------------------
# deposit
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_deposit_returns_the_new_balance(student):
    acc = student.Account("Ann", 100)
    assert acc.deposit(50) == 150
    assert acc.balance == 150


def test_deposit_stores_the_new_balance_in__Account__balance(student, student_env):
    acc = student.Account("Ann", 10)
    acc.deposit(5)
    assert student_env.builtins.vars(acc) == {"owner": "Ann", "_Account__balance": 15}


def test_several_deposits_add_up(student):
    acc = student.Account("Ann")
    assert acc.deposit(1) == 1
    assert acc.deposit(2) == 3
    assert acc.deposit(1000) == 1003


@pytest.mark.points(2)
@pytest.mark.parametrize("amount", [0, -1, -500])
def test_deposit_of_zero_or_negative_amount_raises_value_error(student, amount):
    acc = student.Account("Ann", 100)
    with pytest.raises(ValueError):
        acc.deposit(amount)


@pytest.mark.points(2)
@pytest.mark.parametrize("amount", [0, -30])
def test_refused_deposit_changes_nothing(student, student_env, amount):
    acc = student.Account("Ann", 100)
    with pytest.raises(ValueError):
        acc.deposit(amount)
    assert acc.balance == 100
    assert student_env.builtins.vars(acc) == {"owner": "Ann", "_Account__balance": 100}


# --------------------------------------------------------------------------
# withdraw
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_withdraw_returns_the_new_balance(student):
    acc = student.Account("Ann", 100)
    assert acc.withdraw(30) == 70
    assert acc.balance == 70
    assert acc.withdraw(1) == 69


def test_withdraw_stores_the_new_balance_in__Account__balance(student, student_env):
    acc = student.Account("Ann", 10)
    acc.withdraw(4)
    assert student_env.builtins.vars(acc) == {"owner": "Ann", "_Account__balance": 6}


@pytest.mark.points(2)
def test_withdrawing_the_whole_balance_is_allowed_and_leaves_0(student):
    acc = student.Account("Ann", 80)
    assert acc.withdraw(80) == 0
    assert acc.balance == 0


@pytest.mark.points(2)
@pytest.mark.parametrize("balance, amount", [(100, 101), (0, 1), (50, 1000)])
def test_withdraw_more_than_the_balance_raises_value_error(student, balance, amount):
    acc = student.Account("Ann", balance)
    with pytest.raises(ValueError):
        acc.withdraw(amount)


@pytest.mark.points(2)
def test_refused_withdrawal_above_the_balance_changes_nothing(student, student_env):
    acc = student.Account("Ann", 100)
    with pytest.raises(ValueError):
        acc.withdraw(150)
    assert acc.balance == 100
    assert student_env.builtins.vars(acc) == {"owner": "Ann", "_Account__balance": 100}


@pytest.mark.parametrize("amount", [0, -1, -50])
def test_withdraw_of_zero_or_negative_amount_raises_value_error(student, amount):
    acc = student.Account("Ann", 100)
    with pytest.raises(ValueError):
        acc.withdraw(amount)


def test_refused_withdrawal_of_a_negative_amount_changes_nothing(student):
    acc = student.Account("Ann", 100)
    with pytest.raises(ValueError):
        acc.withdraw(-20)
    assert acc.balance == 100


def test_deposit_and_withdraw_on_one_account_leave_other_accounts_alone(student):
    a = student.Account("Ann", 100)
    b = student.Account("Bob", 100)
    a.deposit(50)
    b.withdraw(30)
    assert a.balance == 150
    assert b.balance == 70


# --------------------------------------------------------------------------
# The private class attribute __bank and the classmethod bank()
# --------------------------------------------------------------------------

def test_bank_returns_python_bank_from_the_class_and_from_an_instance(student):
    assert student.Account.bank() == "Python Bank"
    assert student.Account("Ann").bank() == "Python Bank"


@pytest.mark.points(2)
def test_bank_is_stored_as_private_class_attribute__Account__bank(student, student_env):
    b = student_env.builtins
    assert student.Account._Account__bank == "Python Bank"
    assert b.hasattr(student.Account, "__bank") is False
    assert student.Account.bank() == "Python Bank"


def test_bank_is_a_classmethod_in_the_class_dict(student, student_env):
    b = student_env.builtins
    assert b.isinstance(b.vars(student.Account)["bank"], b.classmethod)
    assert student.Account.bank() == "Python Bank"


@pytest.mark.points(2)
def test_bank_returns_the_current_value_of__Account__bank(student, student_env):
    ns = student_env.exec(
        "from account import Account\n"
        "saved = Account._Account__bank\n"
        "Account._Account__bank = 'Other Bank'\n"
        "try:\n"
        "    result = Account.bank()\n"
        "finally:\n"
        "    Account._Account__bank = saved\n"
    )
    assert ns.result == "Other Bank"


# --------------------------------------------------------------------------
# Subclasses and name mangling
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_subclass_method_reading_self__balance_raises_attribute_error(student_env):
    ns = student_env.exec(SUBCLASS_SOURCE)
    with pytest.raises(AttributeError):
        ns.acc.peek_private()


@pytest.mark.points(2)
def test_subclass_reads_the_balance_through_the_property_or__Account__balance(student_env):
    ns = student_env.exec(SUBCLASS_SOURCE)
    assert ns.acc.peek_property() == 30
    assert ns.acc.peek_mangled() == 30


@pytest.mark.points(2)
def test_subclass_assigning_self__balance_creates__Savings__balance_and_leaves_balance(
        student_env):
    ns = student_env.exec(SUBCLASS_SOURCE)
    ns.acc.overwrite_private(1_000_000)
    assert ns.acc.balance == 30
    assert student_env.builtins.vars(ns.acc) == {
        "owner": "Sam", "_Account__balance": 30, "_Savings__balance": 1_000_000,
    }


def test_subclass_inherits_deposit_withdraw_and_bank(student_env):
    ns = student_env.exec(SUBCLASS_SOURCE)
    assert ns.acc.deposit(20) == 50
    assert ns.acc.withdraw(45) == 5
    assert ns.acc.balance == 5
    assert ns.Savings.bank() == "Python Bank"
