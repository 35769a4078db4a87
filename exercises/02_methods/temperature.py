"""Exercise 02_methods: instance methods, class methods and static methods.

练习 02_methods：普通方法、类方法和静态方法。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything and keep the
decorators: the tests check that ``from_fahrenheit`` is a class method and
``is_valid`` a static method.
"""


class Temperature:
    """A temperature in degrees Celsius, never below absolute zero.

    温度（摄氏度），不能低于绝对零度。

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
        """Store ``self.celsius``.

        Raise ``ValueError`` when ``celsius`` is below ``ABSOLUTE_ZERO``
        (``ABSOLUTE_ZERO`` itself is allowed).
        """
        # TODO
        raise NotImplementedError("Temperature.__init__")

    def to_fahrenheit(self) -> float:
        """Return ``celsius * 9 / 5 + 32``."""
        # TODO
        raise NotImplementedError("Temperature.to_fahrenheit")

    @classmethod
    def from_fahrenheit(cls, fahrenheit: float) -> "Temperature":
        """Return a new instance *of cls* for ``fahrenheit`` degrees Fahrenheit.

        Called on a subclass, it must return an instance of that subclass.
        """
        # TODO: convert to Celsius, then build the object with cls(...)
        raise NotImplementedError("Temperature.from_fahrenheit")

    @staticmethod
    def is_valid(celsius: float) -> bool:
        """Return ``True`` when ``celsius >= ABSOLUTE_ZERO``, else ``False``."""
        # TODO: a static method has no self and no cls
        raise NotImplementedError("Temperature.is_valid")
