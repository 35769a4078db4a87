"""Exercise 01_adder (stub): replace every ``raise NotImplementedError``."""


def add(a, b):
    """Return ``a + b``."""
    raise NotImplementedError("add")


class Accumulator:
    """Adds values up; ``total`` starts at 0."""

    def __init__(self):
        raise NotImplementedError("Accumulator.__init__")

    def add(self, value):
        raise NotImplementedError("Accumulator.add")

    @property
    def total(self):
        raise NotImplementedError("Accumulator.total")
