# variant: alternative
# CORRECT alternative: a frozen dataclass generates __eq__ (NotImplemented for
# other classes) and a matching __hash__; __init__ and __repr__ are written by
# hand; __str__ uses a match statement on the coefficient.
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True, init=False, repr=False)
class Polynomial:
    """Polynomial, highest degree first."""

    coefficients: tuple = field(default=(0,))

    def __init__(self, *coefficients):
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in coefficients):
            raise TypeError("coefficients must be int")
        coefficients = list(coefficients)
        while coefficients and coefficients[0] == 0:
            del coefficients[0]
        object.__setattr__(self, "coefficients", tuple(coefficients) or (0,))

    @property
    def degree(self):
        return len(self.coefficients) - 1

    def __call__(self, x):
        value = 0
        for c in self.coefficients:
            value = value * x + c
        return value

    @staticmethod
    def _term(c, power):
        match (abs(c), power):
            case (size, 0):
                return str(size)
            case (1, 1):
                return "x"
            case (1, _):
                return f"x^{power}"
            case (size, 1):
                return f"{size}x"
            case (size, _):
                return f"{size}x^{power}"

    def __str__(self):
        pieces = []
        for power, c in enumerate(reversed(self.coefficients)):
            if c:
                pieces.insert(0, (c < 0, self._term(c, power)))
        if not pieces:
            return "0"
        negative, text = pieces[0]
        result = ("-" if negative else "") + text
        for negative, text in pieces[1:]:
            result += (" - " if negative else " + ") + text
        return result

    def __repr__(self):
        if self.coefficients == (0,):
            return "Polynomial()"
        return "Polynomial" + (repr(self.coefficients) if len(self.coefficients) > 1
                               else f"({self.coefficients[0]})")

    def __add__(self, other):
        if not isinstance(other, Polynomial):
            return NotImplemented
        a, b = self.coefficients[::-1], other.coefficients[::-1]
        n = max(len(a), len(b))
        a += (0,) * (n - len(a))
        b += (0,) * (n - len(b))
        return Polynomial(*[x + y for x, y in zip(a, b, strict=True)][::-1])


class Tracked:
    released: ClassVar[list] = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Tracked.released += [self.name]  # += on a list extends it in place


def describe(obj):
    import copy

    cls = type(obj)
    return dict(module=cls.__module__, **{"class": cls.__name__}, doc=cls.__doc__,
                fields=copy.copy(obj.__dict__))
