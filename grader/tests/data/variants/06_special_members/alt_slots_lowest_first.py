# variant: alternative
# CORRECT alternative: __slots__, coefficients stored lowest degree first in a
# private tuple and exposed through a property; __str__ joins signed terms with
# " + " and then rewrites "+ -" as "- "; __call__ sums powers.


from typing import ClassVar


class Polynomial:
    "Polynomial with int coefficients."

    __slots__ = ("_low",)

    def __init__(self, *coefficients):
        for c in coefficients:
            if not isinstance(c, int) or isinstance(c, bool):
                raise TypeError(f"bad coefficient {c!r}")
        low = list(reversed(coefficients))
        while len(low) > 1 and low[-1] == 0:
            low.pop()
        self._low = tuple(low) if low else (0,)

    @property
    def coefficients(self):
        return self._low[::-1]

    @property
    def degree(self):
        return len(self._low) - 1

    def __call__(self, x):
        return sum(c * x**i for i, c in enumerate(self._low))

    def __str__(self):
        terms = []
        for i in range(len(self._low) - 1, -1, -1):
            c = self._low[i]
            if c == 0:
                continue
            if i == 0:
                terms.append(str(c))
                continue
            head = {1: "", -1: "-"}.get(c, str(c))
            terms.append(head + ("x" if i == 1 else f"x^{i}"))
        if not terms:
            return "0"
        return " + ".join(terms).replace(" + -", " - ")

    def __repr__(self):
        body = "" if self._low == (0,) else ", ".join(map(str, self.coefficients))
        return f"Polynomial({body})"

    def __eq__(self, other):
        if type(other) is not Polynomial and not isinstance(other, Polynomial):
            return NotImplemented
        return self._low == other._low

    def __hash__(self):
        return hash(("Polynomial", self._low))

    def __add__(self, other):
        if not isinstance(other, Polynomial):
            return NotImplemented
        a, b = list(self._low), list(other._low)
        if len(a) < len(b):
            a, b = b, a
        for i, c in enumerate(b):
            a[i] += c
        return Polynomial(*reversed(a))


class Tracked:
    released: ClassVar[list] = []

    def __init__(self, name):
        self._name = name

    def __del__(self):
        self.__class__.released.append(self._name)


def describe(obj):
    kind = obj.__class__
    info = {}
    info["module"] = kind.__module__
    info["class"] = kind.__name__
    info["doc"] = kind.__dict__.get("__doc__")
    info["fields"] = {k: v for k, v in obj.__dict__.items()}
    return info
