"""Exercise 04_goods: one property with a getter, a setter and a deleter, written two ways.

练习 04_goods：带 getter、setter、deleter 的属性，用两种方式各写一遍。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below and the ``PRICE = None`` placeholder.
Do not rename anything: the tests use ``g.price``, ``g.PRICE``,
``g.get_price()``, ``g.set_price(v)``, ``g.del_price()`` and ``g.original_price``.
"""


class Goods:
    """An article with an original price and a discount factor.

    商品：原价 original_price 与折扣 discount，售价 price = 原价 × 折扣。

    >>> g = Goods(200, 0.5)
    >>> g.price
    100.0
    >>> g.price = 50          # sets original_price
    >>> g.original_price, g.price
    (50, 25.0)
    """

    def __init__(self, original_price: float = 100, discount: float = 0.8) -> None:
        """Validate, then store ``self.original_price`` and the discount.

        - ``discount``: ``0 < discount <= 1``, else ``ValueError``.
        - ``original_price``: ``>= 0``, else ``ValueError``.
        """
        # TODO: validate both arguments, then store them
        raise NotImplementedError("Goods.__init__")

    # ---- decorator form (装饰器写法) ---------------------------------------------

    @property
    def price(self) -> float:
        """Get: ``original_price * discount``, computed on every read."""
        # TODO
        raise NotImplementedError("Goods.price (getter)")

    @price.setter
    def price(self, value: float) -> None:
        """Set: ``g.price = value`` replaces ``original_price``.

        A negative ``value`` raises ``ValueError`` and changes nothing.
        """
        # TODO
        raise NotImplementedError("Goods.price (setter)")

    @price.deleter
    def price(self) -> None:
        """Delete: ``del g.price`` removes the instance attribute ``original_price``.

        A deleter takes only ``self`` (the lesson's extra ``value`` parameter is a bug).
        """
        # TODO
        raise NotImplementedError("Goods.price (deleter)")

    # ---- static-field form (静态字段写法) -----------------------------------------

    def get_price(self) -> float:
        """Same as reading ``price``."""
        # TODO
        raise NotImplementedError("Goods.get_price")

    def set_price(self, value: float) -> None:
        """Same as assigning to ``price``."""
        # TODO
        raise NotImplementedError("Goods.set_price")

    def del_price(self) -> None:
        """Same as deleting ``price``."""
        # TODO
        raise NotImplementedError("Goods.del_price")

    # TODO: replace None by property(...) built from the three methods above
    # (in the order getter, setter, deleter) plus a non-empty doc string.
    PRICE = None
