# variant: alternative
# CORRECT alternative: one private helper method applies every change after
# checking it; bank() names the class explicitly (Account.__bank) and the
# balance property spells out the mangled name _Account__balance.


class Account:
    __bank = "Python Bank"

    def __init__(self, owner, balance=0):
        if balance < 0:
            raise ValueError("negative opening balance")
        self.owner = owner
        self.__balance = balance

    @property
    def balance(self):
        return self._Account__balance  # the mangled name, spelled out

    def __apply(self, delta):
        new = self.__balance + delta
        if new < 0:
            raise ValueError("insufficient funds")
        self.__balance = new
        return new

    def deposit(self, amount):
        if not amount > 0:
            raise ValueError("amount must be positive")
        return self.__apply(amount)

    def withdraw(self, amount):
        if not amount > 0:
            raise ValueError("amount must be positive")
        return self.__apply(-amount)

    @classmethod
    def bank(cls):
        return Account.__bank
