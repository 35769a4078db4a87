# variant: alternative
# CORRECT alternative: no decorators; properties are built with property(fget)
# calls and a small helper, and validation lives in a helper function.


def _check(name, value, minimum, allow_none=False):
    if value is None and allow_none:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s: expected int, got %r" % (name, value))
    if value < minimum:
        raise ValueError("%s: must be >= %d" % (name, minimum))
    return value


def _clamped(raw):
    """Build a read-only property from a function of (page, per_items)."""
    def fget(self):
        val = raw(self.current_page, self.per_items)
        return val if self.total is None else min(val, self.total)
    return property(fget)


class Pager(object):
    def __init__(self, current_page, per_items=10, total=None):
        self.current_page = _check("current_page", current_page, 1)
        self.per_items = _check("per_items", per_items, 1)
        self.total = _check("total", total, 0, allow_none=True)

    start = _clamped(lambda page, per: (page - 1) * per)
    end = _clamped(lambda page, per: page * per)

    def _get_total_pages(self):
        if self.total is None:
            return None
        return (self.total + self.per_items - 1) // self.per_items

    total_pages = property(_get_total_pages)
    has_prev = property(lambda self: self.current_page > 1)
    has_next = property(
        lambda self: True if self.total is None else self.current_page < self.total_pages
    )

    def page(self, items):
        return items[slice(self.start, self.end)]
