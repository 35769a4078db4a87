# variant: wrong
# fails: test_each_computed_value_is_a_property_in_the_class_dict
# fails: test_assigning_to_a_property_raises_attribute_error
# WRONG: start and end are computed once and stored as plain instance
# attributes instead of properties, so they are not in Pager.__dict__ as
# properties and `p.start = 3` silently succeeds instead of raising.


def _require_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}")


class Pager:
    def __init__(self, current_page: int, per_items: int = 10, total: int | None = None):
        _require_int("current_page", current_page, 1)
        _require_int("per_items", per_items, 1)
        if total is not None:
            _require_int("total", total, 0)
        self.current_page = current_page
        self.per_items = per_items
        self.total = total
        self.start = (current_page - 1) * per_items
        self.end = current_page * per_items
        if total is not None:
            self.start = min(self.start, total)
            self.end = min(self.end, total)

    @property
    def total_pages(self):
        if self.total is None:
            return None
        return -(-self.total // self.per_items)

    @property
    def has_prev(self):
        return self.current_page > 1

    @property
    def has_next(self):
        if self.total is None:
            return True
        return self.current_page < self.total_pages

    def page(self, items):
        return items[self.start:self.end]
