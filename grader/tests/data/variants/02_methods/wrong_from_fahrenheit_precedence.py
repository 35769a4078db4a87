# variant: wrong
# fails: test_from_fahrenheit_converts_fahrenheit_to_celsius
# WRONG: missing parentheses: `fahrenheit - 32 * 5 / 9` subtracts 17.8 instead
# of computing (fahrenheit - 32) * 5 / 9.


class Temperature:
    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius):
        if celsius < Temperature.ABSOLUTE_ZERO:
            raise ValueError("below absolute zero")
        self.celsius = celsius

    def to_fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls(fahrenheit - 32 * 5 / 9)

    @staticmethod
    def is_valid(celsius):
        return celsius >= Temperature.ABSOLUTE_ZERO
