# variant: wrong
# fails: test_celsius_below_absolute_zero_raises_value_error
# fails: test_is_valid_agrees_with_what_init_accepts
# WRONG: is_valid is right, but __init__ never uses it: any temperature,
# even -300 °C, is accepted without a ValueError.


class Temperature:
    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius):
        self.celsius = celsius

    def to_fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls((fahrenheit - 32) * 5 / 9)

    @staticmethod
    def is_valid(celsius):
        return celsius >= Temperature.ABSOLUTE_ZERO
