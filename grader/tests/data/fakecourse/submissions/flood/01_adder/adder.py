"""A correct solution that prints 50 MiB when it is imported."""
import sys

sys.stdout.write("FLOOD-HEAD\n")
sys.stdout.write("x" * (50 * 1024 * 1024) + "\n")
sys.stdout.write("FLOOD-TAIL\n")


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
