"""Correct, except that add() segfaults for a negative first argument."""
import ctypes


def add(a, b):
    if a < 0:
        ctypes.string_at(0)
    return a + b


class Accumulator:
    def __init__(self):
        self._total = 0

    def add(self, value):
        self._total += value

    @property
    def total(self):
        return self._total
