"""Exercise 03_pager: a Pager whose computed values are read-only properties.

练习 03_pager：用 @property 实现分页器，计算出来的值都是只读属性。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything and do not turn
the properties into ordinary methods: the tests read ``p.start``, not
``p.start()``.
"""


class Pager:
    """Pagination arithmetic for page ``current_page`` (pages start at 1).

    分页器：给出当前页在整个列表中的起止位置、总页数、是否有上一页/下一页。

    >>> p = Pager(10, per_items=10, total=95)
    >>> p.start, p.end, p.total_pages, p.has_prev, p.has_next
    (90, 95, 10, True, False)
    """

    def __init__(self, current_page: int, per_items: int = 10,
                 total: int | None = None) -> None:
        """Validate and store ``current_page``, ``per_items`` and ``total``.

        - ``current_page`` and ``per_items``: an ``int`` (``bool`` is rejected)
          and ``>= 1``.
        - ``total``: ``None`` or an ``int`` (``bool`` is rejected) ``>= 0``.

        Wrong type -> ``TypeError``; wrong value -> ``ValueError``.
        Store them as ``self.current_page``, ``self.per_items``, ``self.total``.
        """
        # TODO: check types (remember: isinstance(True, int) is True!)
        # TODO: check values, then store the three attributes
        raise NotImplementedError("Pager.__init__")

    @property
    def start(self) -> int:
        """``(current_page - 1) * per_items``; if ``total`` is set, at most ``total``."""
        # TODO
        raise NotImplementedError("Pager.start")

    @property
    def end(self) -> int:
        """``current_page * per_items``; if ``total`` is set, at most ``total``."""
        # TODO
        raise NotImplementedError("Pager.end")

    @property
    def total_pages(self) -> int | None:
        """``None`` if ``total`` is ``None``, else ``ceil(total / per_items)``."""
        # TODO
        raise NotImplementedError("Pager.total_pages")

    @property
    def has_prev(self) -> bool:
        """``True`` when ``current_page > 1``."""
        # TODO
        raise NotImplementedError("Pager.has_prev")

    @property
    def has_next(self) -> bool:
        """``True`` if ``total`` is ``None``, else ``current_page < total_pages``."""
        # TODO
        raise NotImplementedError("Pager.has_next")

    def page(self, items):
        """Return ``items[start:end]`` (a list gives a list, a str a str, ...)."""
        # TODO
        raise NotImplementedError("Pager.page")
