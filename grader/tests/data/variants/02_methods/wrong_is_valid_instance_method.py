# variant: wrong
# fails: test_is_valid_is_a_staticmethod_in_the_class_dict
# fails: test_is_valid_called_on_the_class_without_an_instance
# WRONG: is_valid is written as an ordinary method with self: it works on an
# instance (t.is_valid(x)) but Temperature.is_valid(20) binds 20 to self and
# fails with TypeError.


class Temperature:
    ABSOLUTE_ZERO = -273.15

    def __init__(self, celsius):
        if not self.is_valid(celsius):
            raise ValueError("below absolute zero")
        self.celsius = celsius

    def to_fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls((fahrenheit - 32) * 5 / 9)

    def is_valid(self, celsius):
        return celsius >= self.ABSOLUTE_ZERO
