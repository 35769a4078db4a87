# variant: alternative
# CORRECT alternative: the static-field methods hold the logic and come first;
# the decorator-form accessors only delegate to them.  The discount is private,
# validation is a staticmethod, and the deleter uses delattr().


class Goods:
    def __init__(self, original_price=100, discount=0.8):
        if discount <= 0 or discount > 1:
            raise ValueError("discount must be in (0, 1]")
        self.__discount = discount
        self.original_price = self._valid(original_price)

    @staticmethod
    def _valid(value):
        if value < 0:
            raise ValueError("negative price")
        return value

    def get_price(self):
        return self.original_price * self.__discount

    def set_price(self, value):
        self.original_price = self._valid(value)

    def del_price(self):
        delattr(self, "original_price")

    PRICE = property(get_price, set_price, del_price, doc="价格属性：原价 × 折扣")

    @property
    def price(self):
        return self.get_price()

    @price.setter
    def price(self, value):
        self.set_price(value)

    @price.deleter
    def price(self):
        self.del_price()
