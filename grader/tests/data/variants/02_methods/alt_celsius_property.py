# variant: alternative
# CORRECT alternative: celsius is a property whose setter validates (so every
# assignment is checked, not only __init__); from_fahrenheit goes through
# cls.__new__ and __init__ explicitly; is_valid compares with a module constant.

_ABSOLUTE_ZERO = -273.15


class Temperature:
    ABSOLUTE_ZERO = _ABSOLUTE_ZERO

    def __init__(self, celsius: float) -> None:
        self.celsius = celsius

    @property
    def celsius(self) -> float:
        return self._celsius

    @celsius.setter
    def celsius(self, value: float) -> None:
        if not Temperature.is_valid(value):
            raise ValueError(f"{value} is below {_ABSOLUTE_ZERO}")
        self._celsius = value

    def to_fahrenheit(self) -> float:
        return (9 * self.celsius + 160) / 5

    @classmethod
    def from_fahrenheit(cls, fahrenheit: float) -> "Temperature":
        obj = cls.__new__(cls)
        obj.__init__(5 * (fahrenheit - 32) / 9)
        return obj

    @staticmethod
    def is_valid(celsius: float) -> bool:
        return bool(celsius >= _ABSOLUTE_ZERO)
