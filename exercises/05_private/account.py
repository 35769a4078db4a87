"""Exercise 05_private: private members and name mangling.

练习 05_private：私有成员与名字改写（name mangling）。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Keep the two leading underscores of
``__bank`` and ``__balance``: the tests look for ``_Account__bank`` and
``_Account__balance``.
"""


class Account:
    """A bank account whose balance can only change through deposit/withdraw.

    银行账户：余额是私有的，只能通过 deposit（存款）和 withdraw（取款）改变。

    >>> acc = Account("Ann", 100)
    >>> acc.withdraw(30)
    70
    >>> vars(acc)
    {'owner': 'Ann', '_Account__balance': 70}
    """

    # The private class attribute: stored as Account._Account__bank.
    __bank = "Python Bank"

    def __init__(self, owner: str, balance: int = 0) -> None:
        """Store ``self.owner`` and the balance in the private ``self.__balance``.

        ``balance < 0`` raises ``ValueError``.
        Afterwards ``vars(acc) == {"owner": owner, "_Account__balance": balance}``.
        """
        # TODO
        raise NotImplementedError("Account.__init__")

    @property
    def balance(self) -> int:
        """The current balance, read-only (no setter, no deleter)."""
        # TODO
        raise NotImplementedError("Account.balance")

    def deposit(self, amount: int) -> int:
        """Add ``amount`` and return the new balance.

        ``amount <= 0`` raises ``ValueError`` and changes nothing.
        """
        # TODO
        raise NotImplementedError("Account.deposit")

    def withdraw(self, amount: int) -> int:
        """Take ``amount`` out and return the new balance.

        ``amount <= 0`` or ``amount`` above the balance raises ``ValueError``
        and changes nothing.
        """
        # TODO
        raise NotImplementedError("Account.withdraw")

    @classmethod
    def bank(cls) -> str:
        """Return the private class attribute ``__bank``."""
        # TODO
        raise NotImplementedError("Account.bank")
