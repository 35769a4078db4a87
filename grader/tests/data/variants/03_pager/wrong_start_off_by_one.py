# variant: wrong
# fails: test_first_page_starts_at_0_and_ends_at_per_items
# fails: test_start_and_end_without_total_are_page_arithmetic
# fails: test_page_returns_the_list_slice_for_a_middle_page
# passes: test_start_is_a_property_read_without_parentheses
# passes: test_each_computed_value_is_a_property_in_the_class_dict
# passes: test_assigning_to_a_property_raises_attribute_error
# passes: test_total_pages_rounds_up_a_partial_last_page
# WRONG: start is a real read-only property, but one past the first item of the page.
# Only the tests of start's value (and of page(), which uses it) may fail, never the
# tests that start is a property (issue 11).
"""Deliberately WRONG variant of the 03_pager solution (grader test data)."""

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
        val = (self.current_page - 1) * self.per_items + 1  # WRONG: one too far
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

        Slicing keeps the sequence's own type: a list gives a list, a str a
        str, a tuple a tuple, a range a range.
        """
        return items[self.start:self.end]
