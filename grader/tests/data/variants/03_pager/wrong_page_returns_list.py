# variant: wrong
# fails: test_page_of_a_str_returns_a_str
# fails: test_page_of_a_range_returns_a_range
# WRONG: page() converts items to a list first, so str/tuple/range give back a list.
"""Deliberately WRONG variant of the 03_pager solution (grader test data).

A ``Pager`` answers questions about one page of a long list: where the page
starts and ends, how many pages there are, and whether there is a page
before or after it.  Everything except the three constructor arguments is a
*computed*, read-only value, so it is exposed with ``@property``.
"""


def _require_int(name: str, value: object, minimum: int) -> None:
    """Raise TypeError/ValueError unless ``value`` is an int >= ``minimum``."""
    # bool is a subclass of int (isinstance(True, int) is True, True == 1),
    # so it has to be excluded explicitly: Pager(True) is almost certainly a bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")


class Pager:
    """Pagination arithmetic for page ``current_page`` (1-based).

    >>> p = Pager(10, per_items=10, total=95)
    >>> p.start, p.end, p.total_pages, p.has_prev, p.has_next
    (90, 95, 10, True, False)
    """

    def __init__(self, current_page: int, per_items: int = 10,
                 total: int | None = None) -> None:
        # Validate first, then store: an invalid Pager never exists.
        _require_int("current_page", current_page, 1)
        _require_int("per_items", per_items, 1)
        if total is not None:
            _require_int("total", total, 0)
        self.current_page = current_page
        self.per_items = per_items
        self.total = total

    # A property is a method that is *read* like an attribute: ``p.start``,
    # not ``p.start()``.  With no setter, ``p.start = 3`` raises AttributeError,
    # which is exactly what we want for a value derived from other fields.

    @property
    def start(self) -> int:
        """Index of the first item on this page (inclusive)."""
        val = (self.current_page - 1) * self.per_items
        if self.total is not None:
            val = min(val, self.total)
        return val

    @property
    def end(self) -> int:
        """Index just past the last item on this page (exclusive)."""
        val = self.current_page * self.per_items
        if self.total is not None:
            val = min(val, self.total)
        return val

    @property
    def total_pages(self) -> int | None:
        """Number of pages, or None when the total is unknown."""
        if self.total is None:
            return None
        # Ceiling division with integers only: -(-a // b) == ceil(a / b).
        # (In Python 2, ``95 / 10`` was already 9 -- a classic source of bugs.)
        return -(-self.total // self.per_items)

    @property
    def has_prev(self) -> bool:
        """True when there is a page before this one."""
        return self.current_page > 1

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one (always True if total is unknown)."""
        if self.total is None:
            return True
        # Properties can use other properties.
        return self.current_page < self.total_pages

    def page(self, items):
        """Return ``items[start:end]``.
        """
        return list(items)[self.start:self.end]
