# variant: wrong
# fails: test_price_is_recomputed_after_original_price_is_changed_directly
# fails: test_price_after_assignment_is_new_original_price_times_discount
# fails: test_reading_price_after_del_price_raises_attribute_error
# WRONG: the selling price is computed once in __init__ and stored; the getters
# return that stored value, which goes stale when original_price changes.
"""Deliberately WRONG variant of the 04_goods solution (grader test data).

``Goods.price`` is a property with all three accessors: reading it computes
the selling price, assigning to it changes the original price, and ``del``
removes the original price.  The same property is built a second time,
without decorators, as the class attribute ``PRICE``.
"""

# 参考答案：同一个“价格”属性的两种写法——装饰器 @property / @price.setter /
# @price.deleter，以及静态字段 PRICE = property(get_price, set_price, del_price, doc)。


def _check_price(value: float) -> None:
    """Raise ValueError for a negative price (0 is a valid price)."""
    if value < 0:
        raise ValueError(f"a price cannot be negative, got {value!r}")


class Goods:
    """An article with an original price and a discount factor.

    >>> g = Goods(200, 0.5)
    >>> g.price
    100.0
    >>> g.price = 50          # sets original_price
    >>> g.original_price, g.price
    (50, 25.0)
    """

    def __init__(self, original_price: float = 100, discount: float = 0.8) -> None:
        # Validate everything before storing anything.
        if not 0 < discount <= 1:
            raise ValueError(f"discount must satisfy 0 < discount <= 1, got {discount!r}")
        _check_price(original_price)
        self.original_price = original_price
        self.discount = discount
        self._price = original_price * discount

    # -- decorator form -------------------------------------------------------------
    # ``@property`` turns the getter into a property object named ``price``;
    # ``@price.setter`` and ``@price.deleter`` return *copies* of that property
    # with one more accessor, each stored again under the name ``price``.
    # All three functions must therefore be named ``price``.

    @property
    def price(self) -> float:
        """Selling price: ``original_price * discount``, computed on every read."""
        return self._price

    @price.setter
    def price(self, value: float) -> None:
        """``g.price = value`` replaces the original price."""
        _check_price(value)  # raises before anything is changed
        self.original_price = value

    @price.deleter
    def price(self) -> None:
        """``del g.price`` removes the original price.

        A deleter receives only ``self``: ``del g.price`` has no value to pass.
        (The lesson's ``def price(self, value)`` raises TypeError when used.)
        """
        del self.original_price

    # -- static-field form ----------------------------------------------------------
    # Plain methods, then ``property(fget, fset, fdel, doc)`` as a class attribute.
    # Python 2's lesson code needed ``class Goods(object)`` for this to work;
    # in Python 3 every class is a new-style class.

    def get_price(self) -> float:
        """Selling price: ``original_price * discount``."""
        return self._price

    def set_price(self, value: float) -> None:
        """Replace the original price (a negative value raises ValueError)."""
        _check_price(value)
        self.original_price = value

    def del_price(self) -> None:
        """Remove the original price."""
        del self.original_price

    PRICE = property(get_price, set_price, del_price,
                     "Selling price (original_price * discount); set and del "
                     "act on original_price.")
