# variant: alternative
# CORRECT alternative: every derived value is computed once in __init__ and
# stored in a private field; the properties only return those fields.
import math


class Pager:
    def __init__(self, current_page: int, per_items: int = 10, total: int | None = None):
        for name, value in (("current_page", current_page), ("per_items", per_items)):
            if type(value) is bool or not isinstance(value, int):
                raise TypeError(f"{name} must be int")
            if value < 1:
                raise ValueError(f"{name} must be >= 1")
        if total is not None:
            if type(total) is bool or not isinstance(total, int):
                raise TypeError("total must be int or None")
            if total < 0:
                raise ValueError("total must be >= 0")
        self.current_page = current_page
        self.per_items = per_items
        self.total = total

        start = (current_page - 1) * per_items
        end = current_page * per_items
        if total is None:
            self._total_pages = None
            self._has_next = True
        else:
            start = min(start, total)
            end = min(end, total)
            self._total_pages = math.ceil(total / per_items)
            self._has_next = current_page < self._total_pages
        self._start = start
        self._end = end
        self._has_prev = current_page > 1

    @property
    def start(self):
        return self._start

    @property
    def end(self):
        return self._end

    @property
    def total_pages(self):
        return self._total_pages

    @property
    def has_prev(self):
        return self._has_prev

    @property
    def has_next(self):
        return self._has_next

    def page(self, items):
        return items[self._start:self._end]
