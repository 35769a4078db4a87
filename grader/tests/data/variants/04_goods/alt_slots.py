# variant: alternative
# CORRECT alternative: instances use __slots__ (no instance __dict__);
# deleting the slot attribute original_price makes it missing, as required.


def _check(value):
    if value < 0:
        raise ValueError("price must be >= 0")


class Goods:
    __slots__ = ("discount", "original_price")

    def __init__(self, original_price=100, discount=0.8):
        _check(original_price)
        if not 0 < discount <= 1:
            raise ValueError("discount must be in (0, 1]")
        self.original_price, self.discount = original_price, discount

    def _get(self):
        return self.original_price * self.discount

    def _set(self, value):
        _check(value)
        self.original_price = value

    def _del(self):
        del self.original_price

    price = property(_get)
    price = price.setter(_set)
    price = price.deleter(_del)

    get_price, set_price, del_price = _get, _set, _del
    PRICE = property(get_price, set_price, del_price, "price, static-field form")
