"""Reference solution for exercise 02_methods.

The three kinds of methods all live in the class's ``__dict__``; they differ in
what Python passes as the first argument:

* an ordinary (instance) method gets the instance: ``self``;
* a ``@classmethod`` gets the class it was called on: ``cls``;
* a ``@staticmethod`` gets nothing extra: it is a plain function kept in the class.
"""

# 参考答案：普通方法自动传 self，类方法自动传 cls，静态方法什么都不自动传。


class Temperature:
    """A temperature in degrees Celsius, never below absolute zero.

    >>> t = Temperature.from_fahrenheit(212)
    >>> t.celsius
    100.0
    >>> t.to_fahrenheit()
    212.0
    >>> Temperature.is_valid(-300)
    False
    """

    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius: float) -> None:
        # Reuse the static method: the rule "not below absolute zero" is written once.
        # -273.15 itself is valid; only values strictly below it are rejected.
        if not self.is_valid(celsius):
            raise ValueError(
                f"{celsius} °C is below absolute zero ({self.ABSOLUTE_ZERO} °C)"
            )
        self.celsius = celsius

    # Ordinary method: it needs the data of one object, so it takes ``self``.
    def to_fahrenheit(self) -> float:
        """Return this temperature in degrees Fahrenheit."""
        # ``/`` is true division in Python 3 (in Python 2, 37 * 9 / 5 was 66).
        return self.celsius * 9 / 5 + 32

    # Class method: an alternative constructor.  It builds ``cls(...)``, not
    # ``Temperature(...)``, so ``SubClass.from_fahrenheit(...)`` returns a SubClass.
    @classmethod
    def from_fahrenheit(cls, fahrenheit: float) -> "Temperature":
        """Return a new instance of ``cls`` for ``fahrenheit`` degrees Fahrenheit."""
        return cls((fahrenheit - 32) * 5 / 9)

    # Static method: it needs neither an instance nor the class, so it gets no
    # automatic first argument.  Call it as Temperature.is_valid(x) or t.is_valid(x).
    @staticmethod
    def is_valid(celsius: float) -> bool:
        """Return True when ``celsius`` is not below absolute zero."""
        return celsius >= Temperature.ABSOLUTE_ZERO
