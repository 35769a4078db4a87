# variant: wrong
# fails: test_from_fahrenheit_called_on_a_subclass_returns_an_instance_of_the_subclass
# fails: test_from_fahrenheit_on_a_subclass_gives_an_object_with_the_subclass_methods
# WRONG: the class method ignores cls and builds Temperature(...), so a
# subclass calling from_fahrenheit gets a plain Temperature.


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
        return Temperature((fahrenheit - 32) * 5 / 9)

    @staticmethod
    def is_valid(celsius):
        return celsius >= Temperature.ABSOLUTE_ZERO
