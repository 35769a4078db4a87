# variant: wrong
# fails: test_to_fahrenheit_uses_true_division_not_floor_division
# fails: test_to_fahrenheit_is_celsius_times_9_over_5_plus_32
# WRONG: Python 2 habit: `//` (or Python 2's integer `/`) in to_fahrenheit
# floors the result, so 37 °C gives 98 instead of 98.6.


class Temperature:
    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius):
        if celsius < Temperature.ABSOLUTE_ZERO:
            raise ValueError("below absolute zero")
        self.celsius = celsius

    def to_fahrenheit(self):
        return self.celsius * 9 // 5 + 32

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls((fahrenheit - 32) * 5 / 9)

    @staticmethod
    def is_valid(celsius):
        return celsius >= Temperature.ABSOLUTE_ZERO
