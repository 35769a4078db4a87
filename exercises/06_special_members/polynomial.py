"""Exercise 06_special_members: special members of a class.

练习 06_special_members：类的特殊成员（__doc__、__call__、__str__、__eq__、__del__、__dict__ ……）。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything: the tests call
``p(2)``, ``str(p)``, ``p == q``, ``p + q`` and read ``p.degree`` without
parentheses.
"""

from typing import ClassVar


class Polynomial:
    """A polynomial with integer coefficients, highest degree first.

    一个整数系数多项式，系数从最高次项写起。

    >>> p = Polynomial(3, 0, 2)          # 3x^2 + 2
    >>> str(p), repr(p), p.degree, p(2)
    ('3x^2 + 2', 'Polynomial(3, 0, 2)', 2, 14)
    """

    def __init__(self, *coefficients: int) -> None:
        """Store the coefficients as the tuple ``self.coefficients``.

        - Highest degree first: ``Polynomial(3, 0, 2)`` is ``3x^2 + 2``.
        - Leading zeros are dropped: ``Polynomial(0, 1, 2).coefficients == (1, 2)``.
        - No arguments (or only zeros) is the zero polynomial: ``(0,)``.
        - A coefficient that is not an ``int``, or is a ``bool``, raises ``TypeError``.
        """
        # TODO: check every coefficient (remember: isinstance(True, int) is True!)
        # TODO: drop leading zeros, keep (0,) for the zero polynomial
        raise NotImplementedError("Polynomial.__init__")

    @property
    def degree(self) -> int:
        """``len(self.coefficients) - 1`` (0 for the zero polynomial)."""
        # TODO
        raise NotImplementedError("Polynomial.degree")

    def __call__(self, x):
        """``p(x)``: the value of the polynomial at ``x``."""
        # TODO
        raise NotImplementedError("Polynomial.__call__")

    def __str__(self) -> str:
        """``str(p)``: e.g. ``3x^2 + 2``, ``x^2 - x``, ``-2x + 1``, ``-1``, ``0``.

        See README.md for every rule (signs, coefficients 1 and -1, exponents).
        """
        # TODO
        raise NotImplementedError("Polynomial.__str__")

    def __repr__(self) -> str:
        """``repr(p)``: ``Polynomial(3, 0, 2)``; ``Polynomial()`` for zero."""
        # TODO
        raise NotImplementedError("Polynomial.__repr__")

    def __eq__(self, other):
        """Equal coefficients -> ``True``; ``other`` not a Polynomial -> ``NotImplemented``."""
        # TODO
        raise NotImplementedError("Polynomial.__eq__")

    def __hash__(self) -> int:
        """A hash that matches ``__eq__``: equal polynomials, equal hashes."""
        # TODO
        raise NotImplementedError("Polynomial.__hash__")

    def __add__(self, other):
        """``p + q``: a new Polynomial, the sum of two polynomials."""
        # TODO
        raise NotImplementedError("Polynomial.__add__")


class Tracked:
    """An object that records its name in ``Tracked.released`` when it is freed.

    对象被释放（析构）时，把自己的名字追加到类属性 ``Tracked.released`` 里。
    """

    # The class-level list shared by all instances; keep it (and keep it a list).
    released: ClassVar[list] = []

    def __init__(self, name) -> None:
        """Remember ``name``."""
        # TODO
        raise NotImplementedError("Tracked.__init__")

    def __del__(self) -> None:
        """Append the name to the class-level list ``Tracked.released``."""
        # TODO.  (Python ignores exceptions raised in __del__, printing only a
        # warning, so this stub simply does nothing.)
        pass


def describe(obj) -> dict:
    """Return ``{"module": ..., "class": ..., "doc": ..., "fields": ...}`` for ``obj``.

    - ``"module"``: the module of obj's class;
    - ``"class"``: the name of obj's class;
    - ``"doc"``: the class docstring, or ``None``;
    - ``"fields"``: a copy of ``obj.__dict__``.
    """
    # TODO
    raise NotImplementedError("describe")
