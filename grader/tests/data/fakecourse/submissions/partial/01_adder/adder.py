"""Passes both public tests; fails the hidden tests of weight 1 and 3."""


def add(a, b):
    return abs(a) + abs(b)  # wrong for negative numbers


class Accumulator:
    def __init__(self):
        self._last = 0

    def add(self, value):
        self._last = value  # forgets the earlier values

    @property
    def total(self):
        return self._last
