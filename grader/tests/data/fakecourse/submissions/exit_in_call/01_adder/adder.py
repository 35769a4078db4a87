"""Correct, except that add() exits the process quietly for a negative first argument."""
import os


def add(a, b):
    if a < 0:
        os._exit(0)
    return a + b


class Accumulator:
    def __init__(self):
        self._total = 0

    def add(self, value):
        self._total += value

    @property
    def total(self):
        return self._total
