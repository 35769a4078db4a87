# variant: wrong
# fails: test_bank_is_a_classmethod_in_the_class_dict
# fails: test_bank_returns_the_current_value_of__Account__bank
# WRONG: bank is a staticmethod returning the literal string instead of a
# classmethod reading the private class attribute.
"""Deliberately WRONG variant of the 05_private solution (grader test data).

An ``Account`` keeps its balance in a *private* attribute.  Inside the class
body Python rewrites every name ``__balance`` to ``_Account__balance`` (name
mangling), so code outside the class -- subclasses included -- cannot reach
it by the short name.  The outside world reads the balance through a
read-only property and changes it only through ``deposit`` and ``withdraw``,
which check their argument first.
"""

# 参考答案：私有成员（两个下划线开头）与名字改写（name mangling）。


class Account:
    """A bank account whose balance can only change through deposit/withdraw.

    >>> acc = Account("Ann", 100)
    >>> acc.withdraw(30)
    70
    >>> vars(acc)
    {'owner': 'Ann', '_Account__balance': 70}
    """

    # Written ``__bank`` here, stored as ``_Account__bank`` in Account.__dict__.
    __bank = "Python Bank"

    def __init__(self, owner: str, balance: int = 0) -> None:
        if balance < 0:
            raise ValueError(f"the opening balance cannot be negative, got {balance!r}")
        self.owner = owner
        self.__balance = balance  # really sets self._Account__balance

    @property
    def balance(self) -> int:
        """The current balance (read-only: no setter, no deleter)."""
        return self.__balance

    def deposit(self, amount: int) -> int:
        """Add ``amount`` (> 0) and return the new balance."""
        if amount <= 0:
            raise ValueError(f"a deposit must be positive, got {amount!r}")
        self.__balance += amount
        return self.__balance

    def withdraw(self, amount: int) -> int:
        """Take ``amount`` (> 0, at most the balance) and return the new balance."""
        # Check everything first: a refused withdrawal changes nothing.
        if amount <= 0:
            raise ValueError(f"a withdrawal must be positive, got {amount!r}")
        if amount > self.__balance:
            raise ValueError(f"insufficient funds: balance {self.__balance}, asked {amount}")
        self.__balance -= amount
        return self.__balance

    @staticmethod
    def bank() -> str:
        """The name of the bank, read from the private class attribute."""
        # ``cls.__bank`` is compiled as ``cls._Account__bank``: mangling uses the
        # class where this code is *written* (Account), whatever ``cls`` is.
        return "Python Bank"
