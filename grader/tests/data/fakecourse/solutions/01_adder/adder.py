"""Exercise 01_adder: reference solution."""


def add(a, b):
    return a + b


class Accumulator:
    def __init__(self):
        self._total = 0

    def add(self, value):
        self._total += value

    @property
    def total(self):
        return self._total
