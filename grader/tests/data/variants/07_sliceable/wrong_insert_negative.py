# variant: wrong
# fails: test_insert_with_a_negative_index_counts_from_the_end
# fails: test_insert_at_any_index_matches_list
# WRONG (dict of positions): insert counts a negative index from one past the end, so insert(-1,
# x) appends instead of inserting before the last item.
import operator


class SliceableList:
    def __init__(self, iterable=()):
        self._at = {}
        for item in iterable:
            self._at[len(self._at)] = item

    def _position(self, index):
        """The position an int index refers to; IndexError when out of range."""
        i = operator.index(index)
        n = len(self._at)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("SliceableList index out of range")
        return i

    def _renumber(self, items):
        self._at = dict(enumerate(items))

    def __getitem__(self, key):
        if isinstance(key, slice):
            positions = range(*key.indices(len(self._at)))
            return SliceableList(self._at[i] for i in positions)
        return self._at[self._position(key)]

    def __setitem__(self, key, value):
        if not isinstance(key, slice):
            self._at[self._position(key)] = value
            return
        n = len(self._at)
        start, stop, step = key.indices(n)
        new = list(value)
        if step == 1:
            stop = max(start, stop)
            tail = [self._at[i] for i in range(stop, n)]
            for i in range(start, n):
                del self._at[i]
            for offset, item in enumerate(new + tail):
                self._at[start + offset] = item
            return
        positions = range(start, stop, step)
        if len(new) != len(positions):
            raise ValueError(
                f"attempt to assign sequence of size {len(new)} "
                f"to extended slice of size {len(positions)}"
            )
        for i, item in zip(positions, new, strict=True):
            self._at[i] = item

    def __delitem__(self, key):
        n = len(self._at)
        doomed = (set(range(*key.indices(n))) if isinstance(key, slice)
                  else {self._position(key)})
        self._renumber(self._at[i] for i in range(n) if i not in doomed)

    def __len__(self):
        return len(self._at)

    def __iter__(self):
        for i in range(len(self._at)):
            yield self._at[i]

    def __reversed__(self):
        for i in range(len(self._at) - 1, -1, -1):
            yield self._at[i]

    def __contains__(self, item):
        return any(x is item or x == item for x in self)

    def __repr__(self):
        return f"SliceableList({[self._at[i] for i in range(len(self._at))]!r})"

    def __eq__(self, other):
        if not isinstance(other, SliceableList):
            return NotImplemented
        if len(self) != len(other):
            return False
        return all(a is b or a == b for a, b in zip(self, other, strict=True))

    __hash__ = None

    def append(self, item):
        self._at[len(self._at)] = item

    def insert(self, index, item):
        n = len(self._at)
        i = operator.index(index)
        if i < 0:
            i = max(0, i + n + 1)
        i = min(i, n)
        for pos in range(n, i, -1):
            self._at[pos] = self._at[pos - 1]
        self._at[i] = item

    def index(self, item):
        for i in range(len(self._at)):
            x = self._at[i]
            if x is item or x == item:
                return i
        raise ValueError(f"{item!r} is not in SliceableList")

    def count(self, item):
        return sum(1 for x in self if x is item or x == item)
