# variant: wrong
# fails: test_out_of_range_int_index_raises_index_error
# fails: test_getitem_with_any_int_index_matches_list
# WRONG: an int index past the end is clamped to the last item instead of raising IndexError.
"""Deliberately WRONG variant of the 07_sliceable solution (grader test data).

In Python 3 every use of square brackets goes through three methods:

    obj[key]          ->  type(obj).__getitem__(obj, key)
    obj[key] = value  ->  type(obj).__setitem__(obj, key, value)
    del obj[key]      ->  type(obj).__delitem__(obj, key)

For ``obj[1:5:2]`` the key is the object ``slice(1, 5, 2)``.  (Python 2 sent
simple slices ``obj[i:j]`` to separate methods ``__getslice__``,
``__setslice__`` and ``__delslice__``; they no longer exist.)

``SliceableList`` keeps its items in a private ``list`` and lets that list do
the index arithmetic, so every corner case (negative indices, steps, clamping,
length checks) behaves exactly like ``list``.  What the class adds is the
dispatch on the *kind* of key.
"""

# 参考答案：Python 3 中切片以 slice 对象的形式传给 __getitem__/__setitem__/__delitem__。

import operator


class SliceableList:
    """A list-like sequence whose slices are SliceableLists too.

    >>> s = SliceableList([10, 20, 30, 40])
    >>> s[-1], s[1:3], s[::-1]
    (40, SliceableList([20, 30]), SliceableList([40, 30, 20, 10]))
    """

    def __init__(self, iterable=()) -> None:
        # Always a new list: the caller's list is copied, an iterator is consumed.
        self._items = list(iterable)

    @staticmethod
    def _key(index):
        """Return a slice unchanged, or the int that ``index`` stands for.

        ``operator.index`` accepts int, bool and any object with ``__index__``,
        and raises TypeError for everything else (str, float, None, ...).
        """
        if isinstance(index, slice):
            return index
        return operator.index(index)

    # -- the three item methods --------------------------------------------------------
    def __getitem__(self, index):
        key = self._key(index)
        if isinstance(key, slice):
            # list slicing already handles None, negatives, clamping and steps,
            # and raises ValueError for step 0.  Wrap the result: a slice of a
            # SliceableList is a SliceableList, not a plain list.
            return type(self)(self._items[key])
        return self._items[min(key, len(self._items) - 1)]

    def __setitem__(self, index, value) -> None:
        key = self._key(index)
        if isinstance(key, slice):
            # list() first: the value may be any iterable, even this object itself.
            # list raises ValueError for an extended slice of another length.
            self._items[key] = list(value)
        else:
            self._items[key] = value

    def __delitem__(self, index) -> None:
        del self._items[self._key(index)]

    # -- the rest of the sequence protocol ---------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __reversed__(self):
        return reversed(self._items)

    def __contains__(self, item) -> bool:
        return item in self._items

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"

    def __eq__(self, other):
        if not isinstance(other, SliceableList):
            return NotImplemented        # a plain list is another type
        return self._items == other._items

    # Defining __eq__ makes instances unhashable (__hash__ = None), as for list:
    # a mutable sequence must not be used as a dict key.

    # -- list methods ------------------------------------------------------------------
    def append(self, item) -> None:
        self._items.append(item)

    def insert(self, index, item) -> None:
        self._items.insert(index, item)

    def index(self, item) -> int:
        return self._items.index(item)   # ValueError when missing

    def count(self, item) -> int:
        return self._items.count(item)
