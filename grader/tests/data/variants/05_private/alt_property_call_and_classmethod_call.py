# variant: alternative
# CORRECT alternative: no decorators.  balance = property(fget) with a lambda
# (still mangled: the lambda is written inside the class body), bank built with
# classmethod(...), and the checks collected in a module-level function.


def _positive(amount):
    if amount <= 0:
        raise ValueError(f"amount must be > 0, got {amount}")


class Account:
    __bank = "Python Bank"

    def __init__(self, owner: str, balance: int = 0):
        if balance < 0:
            raise ValueError("balance must be >= 0")
        self.owner = owner
        self.__balance = balance

    balance = property(lambda self: self.__balance, doc="read-only balance")

    def deposit(self, amount: int) -> int:
        _positive(amount)
        self.__balance = self.__balance + amount
        return self.balance

    def withdraw(self, amount: int) -> int:
        _positive(amount)
        remaining = self.__balance - amount
        if remaining < 0:
            raise ValueError("not enough money")
        self.__balance = remaining
        return remaining

    def _bank(cls):
        return cls.__bank

    bank = classmethod(_bank)
    del _bank
