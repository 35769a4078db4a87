# variant: wrong
# fails: test_equal_polynomials_have_equal_hashes
# fails: test_polynomials_work_as_set_members
# WRONG: __hash__ hashes the constructor's arguments (leading zeros included), so equal
# polynomials can have different hashes.
"""Deliberately WRONG variant of the 06_special_members solution (grader test data).

Special members ("dunder" names such as ``__init__`` or ``__str__``) are the
hooks Python itself calls: ``p(2)`` calls ``__call__``, ``str(p)`` calls
``__str__``, ``p == q`` calls ``__eq__``, ``p + q`` calls ``__add__``,
``del obj`` may end in ``__del__``.  Others are plain data that every class
or object carries: ``__doc__``, ``__module__``, ``__class__``, ``__dict__``.
"""

# 参考答案：特殊成员是 Python 在特定语法下自动调用的方法（或自动存在的属性）。

from typing import ClassVar


class Polynomial:
    """A polynomial with integer coefficients, highest degree first.

    >>> p = Polynomial(3, 0, 2)
    >>> str(p), repr(p), p.degree, p(2)
    ('3x^2 + 2', 'Polynomial(3, 0, 2)', 2, 14)
    """

    def __init__(self, *coefficients: int) -> None:
        for c in coefficients:
            # bool is a subclass of int (True == 1), so exclude it explicitly.
            if isinstance(c, bool) or not isinstance(c, int):
                raise TypeError(f"coefficients must be int, not {type(c).__name__}")
        # Drop leading zeros, but keep one coefficient: the zero polynomial is (0,).
        first = 0
        while first < len(coefficients) - 1 and coefficients[first] == 0:
            first += 1
        self.coefficients = tuple(coefficients[first:]) or (0,)
        self._arguments = coefficients

    @property
    def degree(self) -> int:
        """Highest power with a non-zero coefficient (0 for constants and zero)."""
        return len(self.coefficients) - 1

    def __call__(self, x):
        """``p(x)``: the value at ``x``, by Horner's rule (no powers needed)."""
        result = 0
        for c in self.coefficients:
            result = result * x + c
        return result

    def __str__(self) -> str:
        """``str(p)`` and ``print(p)``: the human-readable form, e.g. ``x^2 - x``."""
        terms: list[tuple[str, str]] = []  # (sign, term without its sign)
        for power, c in zip(range(self.degree, -1, -1), self.coefficients, strict=True):
            if c == 0:
                continue
            size = abs(c)
            if power == 0:
                body = str(size)                      # the constant keeps its 1
            else:
                body = "" if size == 1 else str(size)  # 1x -> x, -1x -> -x
                body += "x" if power == 1 else f"x^{power}"
            terms.append(("-" if c < 0 else "+", body))
        if not terms:
            return "0"
        sign, body = terms[0]
        text = f"-{body}" if sign == "-" else body
        for sign, body in terms[1:]:
            text += f" {sign} {body}"                   # " - 2x", never " + -2x"
        return text

    def __repr__(self) -> str:
        """``repr(p)``: how to rebuild it, e.g. ``Polynomial(3, 0, 2)``."""
        if self.coefficients == (0,):
            return f"{type(self).__name__}()"
        return f"{type(self).__name__}({', '.join(map(repr, self.coefficients))})"

    def __eq__(self, other: object):
        # NotImplemented (not False!) tells Python "I don't know this type": Python
        # then tries other.__eq__(self), and falls back to identity if both refuse.
        if not isinstance(other, Polynomial):
            return NotImplemented
        return self.coefficients == other.coefficients

    def __hash__(self) -> int:
        # Defining __eq__ sets __hash__ to None (unhashable) unless we define it too.
        # Equal polynomials have equal coefficient tuples, hence equal hashes.
        return hash(self._arguments)

    def __add__(self, other: object):
        if not isinstance(other, Polynomial):
            return NotImplemented
        a, b = self.coefficients, other.coefficients
        width = max(len(a), len(b))
        # Align the constant terms by padding the shorter tuple on the left.
        a = (0,) * (width - len(a)) + a
        b = (0,) * (width - len(b)) + b
        # The constructor drops the leading zeros that cancellation may leave.
        return Polynomial(*(x + y for x, y in zip(a, b, strict=True)))


class Tracked:
    """An object that records its name in ``Tracked.released`` when it is freed."""

    # One list, on the class, shared by every instance.
    released: ClassVar[list] = []

    def __init__(self, name) -> None:
        self.name = name

    def __del__(self) -> None:
        # Called when the object is about to be destroyed; in CPython that is the
        # moment its last reference goes.  Append to the class's list: writing
        # ``self.released = ...`` would only create an attribute on the dying object.
        Tracked.released.append(self.name)


def describe(obj) -> dict:
    """Module, class name, class docstring and a copy of the fields of ``obj``."""
    cls = type(obj)  # the same as obj.__class__
    return {
        "module": cls.__module__,
        "class": cls.__name__,
        "doc": cls.__doc__,  # None when the class has no docstring
        # A copy: the caller may change it without touching obj.
        "fields": dict(obj.__dict__),
    }
