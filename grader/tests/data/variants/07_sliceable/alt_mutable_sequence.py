# variant: alternative
# CORRECT alternative: subclass the abstract base class
# collections.abc.MutableSequence (not a built-in sequence): write the five
# abstract methods and inherit append, index, count, __contains__, __iter__
# and __reversed__ from its mixins.
from collections.abc import MutableSequence


class SliceableList(MutableSequence):
    def __init__(self, iterable=()):
        self._list = list(iterable)

    def __getitem__(self, key):
        # The inner list checks the key: int, __index__ objects and slices pass,
        # anything else raises TypeError.
        result = self._list[key]
        return SliceableList(result) if isinstance(key, slice) else result

    def __setitem__(self, key, value):
        if isinstance(key, slice):
            value = list(value)
        self._list[key] = value

    def __delitem__(self, key):
        del self._list[key]

    def __len__(self):
        return len(self._list)

    def insert(self, index, value):
        self._list.insert(index, value)

    def __repr__(self):
        return f"SliceableList({self._list})"

    def __eq__(self, other):
        return self._list == other._list if isinstance(other, SliceableList) else NotImplemented

    __hash__ = None
