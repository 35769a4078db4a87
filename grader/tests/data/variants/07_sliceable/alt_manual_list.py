# variant: alternative
# CORRECT alternative: a list inside, but slices are computed by hand from
# slice.indices(); int keys are normalised explicitly; iteration is a
# generator.
import operator


class SliceableList:
    def __init__(self, iterable=()):
        self.data = [x for x in iterable]

    def _normalise(self, key):
        try:
            i = operator.index(key)
        except TypeError:
            raise TypeError(
                f"indices must be integers or slices, not {type(key).__name__}"
            ) from None
        if i < 0:
            i += len(self.data)
        if i < 0 or i >= len(self.data):
            raise IndexError("index out of range")
        return i

    def __getitem__(self, key):
        if type(key) is slice:
            return SliceableList([self.data[i] for i in range(*key.indices(len(self.data)))])
        return self.data[self._normalise(key)]

    def __setitem__(self, key, value):
        if type(key) is not slice:
            self.data[self._normalise(key)] = value
            return
        start, stop, step = key.indices(len(self.data))
        value = [x for x in value]
        if step == 1:
            self.data = self.data[:start] + value + self.data[max(start, stop):]
            return
        targets = list(range(start, stop, step))
        if len(targets) != len(value):
            raise ValueError("extended slice assignment needs a sequence of the same size")
        for i, x in zip(targets, value, strict=True):
            self.data[i] = x

    def __delitem__(self, key):
        if type(key) is slice:
            gone = set(range(*key.indices(len(self.data))))
        else:
            gone = {self._normalise(key)}
        self.data = [x for i, x in enumerate(self.data) if i not in gone]

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        yield from self.data

    def __reversed__(self):
        for i in reversed(range(len(self.data))):
            yield self.data[i]

    def __contains__(self, item):
        return self.data.count(item) > 0

    def __repr__(self):
        return "SliceableList(" + repr(self.data) + ")"

    def __eq__(self, other):
        if isinstance(other, SliceableList):
            return list(self) == list(other)
        return NotImplemented

    def append(self, item):
        self.data += [item]

    def insert(self, index, item):
        n = len(self.data)
        i = operator.index(index)
        i = max(0, i + n) if i < 0 else min(i, n)
        self.data[i:i] = [item]

    def index(self, item):
        for i, x in enumerate(self.data):
            if x == item:
                return i
        raise ValueError("not found")

    def count(self, item):
        return len([x for x in self.data if x == item])
