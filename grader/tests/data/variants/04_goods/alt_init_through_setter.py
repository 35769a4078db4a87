# variant: alternative
# CORRECT alternative: the property holds the logic; __init__ stores the price
# through the property's setter (so it is validated in one place), the static
# methods call the property, and the deleter pops the key from __dict__.


class Goods:
    def __init__(self, original_price: float = 100, discount: float = 0.8):
        if not (discount > 0 and discount <= 1):
            raise ValueError(f"bad discount {discount}")
        self._discount = discount
        self.price = original_price          # runs the setter below

    @property
    def price(self):
        return self._discount * self.original_price

    @price.setter
    def price(self, value):
        if value < 0:
            raise ValueError(f"bad price {value}")
        self.__dict__["original_price"] = value

    @price.deleter
    def price(self):
        self.__dict__.pop("original_price")

    def get_price(self):
        return self.price

    def set_price(self, value):
        self.price = value

    def del_price(self):
        del self.price

    PRICE = property(fget=get_price, fset=set_price, fdel=del_price,
                     doc="The selling price.")
