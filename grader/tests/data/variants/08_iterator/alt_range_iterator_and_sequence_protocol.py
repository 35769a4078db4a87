# variant: alternative
# CORRECT alternative: CountdownIterator delegates to a range iterator (an
# exhausted range iterator keeps raising StopIteration); Countdown has no
# __reversed__ but __len__ + __getitem__ (the sequence protocol), which is
# enough for reversed(); chunked validates eagerly in a plain function and
# returns an inner generator that fills a buffer item by item.


class Countdown:
    def __init__(self, start):
        if not isinstance(start, int):
            raise TypeError("start must be an int")
        if start < 0:
            raise ValueError("start must be >= 0")
        self._start = start

    def __iter__(self):
        return CountdownIterator(self._start)

    def __len__(self):
        return self._start + 1

    def __getitem__(self, index):
        # index 0 is start, index len-1 is 0; reversed() walks len-1 .. 0.
        if not 0 <= index <= self._start:
            raise IndexError("countdown index out of range")
        return self._start - index


class CountdownIterator:
    def __init__(self, start):
        self._numbers = iter(range(start, -1, -1))

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._numbers)


def chunked(iterable, size):
    if size < 1:
        raise ValueError("size must be >= 1")

    def generate():
        buffer = []
        for item in iterable:
            buffer.append(item)
            if len(buffer) == size:
                yield buffer
                buffer = []
        if buffer:
            yield buffer

    return generate()
