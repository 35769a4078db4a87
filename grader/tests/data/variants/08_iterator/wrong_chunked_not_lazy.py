# variant: wrong
# fails: test_chunked_is_lazy_on_an_endless_iterator
# WRONG: chunked first copies the whole input into a list, which never ends
# on an endless iterator.
"""Deliberately WRONG variant of the 08_iterator solution (grader test data)."""


class Countdown:
    """An iterable over ``start, start - 1, ..., 0``.

    >>> c = Countdown(3)
    >>> list(c), list(c), len(c), list(reversed(c))
    ([3, 2, 1, 0], [3, 2, 1, 0], 4, [0, 1, 2, 3])
    """

    def __init__(self, start: int) -> None:
        if not isinstance(start, int):
            raise TypeError(f"start must be an int, not {type(start).__name__}")
        if start < 0:
            raise ValueError(f"start must be >= 0, got {start}")
        self.start = start

    def __iter__(self) -> "CountdownIterator":
        # A NEW iterator on every call: two loops over one Countdown (nested
        # loops, zip(c, c), list(c) twice) each get their own position.
        return CountdownIterator(self.start)

    def __len__(self) -> int:
        # start, start - 1, ..., 0: that is start + 1 numbers (0 counts too).
        return self.start + 1

    def __reversed__(self):
        # reversed() looks for __reversed__ first.  Counting up needs no state
        # of ours, so a range iterator does the job.
        return iter(range(self.start + 1))

    def __repr__(self) -> str:
        return f"Countdown({self.start})"


class CountdownIterator:
    """The position of one loop over a countdown."""

    def __init__(self, start: int) -> None:
        self._next = start  # the value the next call of __next__ returns

    def __iter__(self) -> "CountdownIterator":
        # An iterator is iterable too: iter(it) is it.  This is what lets
        # ``for x in it`` continue from where next() left off.
        return self

    def __next__(self) -> int:
        if self._next < 0:
            # Once exhausted, stay exhausted: every later call raises again.
            raise StopIteration
        value = self._next
        self._next -= 1
        return value


def chunked(iterable, size: int):
    """Yield lists of ``size`` items from ``iterable``; the last may be shorter.

    Lazy: only ``size`` items are read for each chunk, so it works on an
    endless iterator such as ``itertools.count()``.

    >>> list(chunked(range(7), 3))
    [[0, 1, 2], [3, 4, 5], [6]]
    """
    # This is a generator function: the body (and so this check) only runs
    # when the generator is first advanced.
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    items = list(iterable)
    for i in range(0, len(items), size):
        yield items[i:i + size]
