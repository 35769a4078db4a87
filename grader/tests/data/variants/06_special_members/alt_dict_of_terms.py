# variant: alternative
# CORRECT alternative: the polynomial is stored as a dict {power: coefficient}
# of its non-zero terms; `coefficients` and `degree` are computed properties,
# the value is a sum of powers, __str__ walks the powers from the top down.


from typing import ClassVar


class Polynomial:
    """Integer polynomial kept as {power: coefficient} for its non-zero terms."""

    def __init__(self, *coefficients):
        if any(type(c) is not int for c in coefficients):
            raise TypeError("every coefficient must be an int")
        top = len(coefficients) - 1
        self._terms = {top - i: c for i, c in enumerate(coefficients) if c != 0}

    @property
    def coefficients(self):
        if not self._terms:
            return (0,)
        top = max(self._terms)
        return tuple(self._terms.get(power, 0) for power in range(top, -1, -1))

    @property
    def degree(self):
        return max(self._terms, default=0)

    def __call__(self, x):
        return sum((c * x**power for power, c in self._terms.items()), 0)

    def __str__(self):
        out = ""
        for power in sorted(self._terms, reverse=True):
            c = self._terms[power]
            if out:
                out += " - " if c < 0 else " + "
            elif c < 0:
                out += "-"
            magnitude = abs(c)
            if power == 0:
                out += str(magnitude)
                continue
            if magnitude != 1:
                out += str(magnitude)
            out += "x" if power == 1 else "x^" + str(power)
        return out or "0"

    def __repr__(self):
        if not self._terms:
            return "Polynomial()"
        return "Polynomial(" + ", ".join(str(c) for c in self.coefficients) + ")"

    def __eq__(self, other):
        if isinstance(other, Polynomial):
            return self._terms == other._terms
        return NotImplemented

    def __hash__(self):
        return hash(frozenset(self._terms.items()))

    def __add__(self, other):
        if not isinstance(other, Polynomial):
            return NotImplemented
        total = dict(self._terms)
        for power, c in other._terms.items():
            total[power] = total.get(power, 0) + c
        top = max(total, default=0)
        return Polynomial(*(total.get(p, 0) for p in range(top, -1, -1)))


class Tracked:
    released: ClassVar[list] = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        type(self).released.append(self.name)


def describe(obj):
    cls = obj.__class__
    return {
        "module": cls.__module__,
        "class": cls.__name__,
        "doc": cls.__doc__,
        "fields": vars(obj).copy(),
    }
