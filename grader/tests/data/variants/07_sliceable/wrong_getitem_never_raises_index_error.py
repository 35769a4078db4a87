# variant: wrong
# fails: test_out_of_range_int_index_raises_index_error
# fails: test_iteration_yields_the_items_in_order_and_can_be_repeated
# fails: test_negative_step_slices_match_list
# passes: test_sliceable_list_does_not_subclass_list_or_another_builtin_sequence
# passes: test_len_counts_the_items
# passes: test_eq_with_another_type_returns_NotImplemented
# passes: test_index_returns_the_first_position_of_an_equal_item
# within: 60
# WRONG: an int index wraps around (index % len) instead of raising IndexError, and
# there is no __iter__ or __contains__: iteration falls back on __getitem__(0),
# __getitem__(1), ... and never ends. Every test that iterates must fail at once
# (bounded reads), not run until the exercise's time limit (issue 11).
"""Deliberately WRONG variant of the 07_sliceable solution (grader test data)."""

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
        return self._items[key % len(self._items)]  # wraps around: never IndexError

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

    def __reversed__(self):
        return reversed(self._items)

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
