"""Correct, except that add() never returns for a negative first argument."""


def add(a, b):
    if a < 0:
        while True:
            pass
    return a + b


class Accumulator:
    def __init__(self):
        self._total = 0

    def add(self, value):
        self._total += value

    @property
    def total(self):
        return self._total
