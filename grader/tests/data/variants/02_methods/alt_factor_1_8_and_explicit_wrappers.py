# variant: alternative
# CORRECT alternative: the factor 1.8 instead of 9 / 5, the check written in
# __init__ with the class attribute, and classmethod()/staticmethod() applied
# by calls after the function definitions (the lesson's Python 2 style).


class Temperature(object):  # noqa: UP004 (Python 2 style, still correct)
    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius):
        if celsius < self.ABSOLUTE_ZERO:
            raise ValueError("below absolute zero")
        self.celsius = celsius

    def to_fahrenheit(self):
        return self.celsius * 1.8 + 32

    def _from_fahrenheit(cls, fahrenheit):
        return cls((fahrenheit - 32) / 1.8)

    from_fahrenheit = classmethod(_from_fahrenheit)

    def _is_valid(celsius):
        return not celsius < Temperature.ABSOLUTE_ZERO

    is_valid = staticmethod(_is_valid)
    del _from_fahrenheit, _is_valid
