# variant: wrong
# fails: test_to_fahrenheit_is_celsius_times_9_over_5_plus_32
# WRONG: the factor is upside down (5 / 9 instead of 9 / 5) in to_fahrenheit.


class Temperature:
    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius):
        if celsius < Temperature.ABSOLUTE_ZERO:
            raise ValueError("below absolute zero")
        self.celsius = celsius

    def to_fahrenheit(self):
        return self.celsius * 5 / 9 + 32

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls((fahrenheit - 32) * 5 / 9)

    @staticmethod
    def is_valid(celsius):
        return celsius >= Temperature.ABSOLUTE_ZERO
