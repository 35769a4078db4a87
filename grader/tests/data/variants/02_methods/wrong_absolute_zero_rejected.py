# variant: wrong
# fails: test_celsius_exactly_at_absolute_zero_is_allowed
# fails: test_is_valid_is_true_exactly_at_absolute_zero
# WRONG: off by one at the boundary: `<=` in __init__ and `>` in is_valid
# reject -273.15 itself, which the contract says is valid.


class Temperature:
    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius):
        if celsius <= Temperature.ABSOLUTE_ZERO:
            raise ValueError("at or below absolute zero")
        self.celsius = celsius

    def to_fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls((fahrenheit - 32) * 5 / 9)

    @staticmethod
    def is_valid(celsius):
        return celsius > Temperature.ABSOLUTE_ZERO
