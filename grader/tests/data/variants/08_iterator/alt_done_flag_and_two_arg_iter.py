# variant: alternative
# CORRECT alternative: CountdownIterator keeps an explicit "done" flag;
# __reversed__ is a generator method; chunked uses the two-argument form
# iter(callable, sentinel) around islice.
from itertools import islice


class Countdown:
    def __init__(self, start: int):
        if not isinstance(start, int):
            raise TypeError(f"expected int, got {type(start).__name__}")
        if start < 0:
            raise ValueError("negative start")
        self.start = start

    def __iter__(self):
        return CountdownIterator(self)

    def __len__(self):
        return len(range(self.start, -1, -1))

    def __reversed__(self):
        n = 0
        while n <= self.start:
            yield n
            n += 1


class CountdownIterator:
    def __init__(self, countdown):
        self._current = countdown.start
        self._done = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        value = self._current
        if value == 0:
            self._done = True
        else:
            self._current -= 1
        return value


def chunked(iterable, size):
    if size < 1:
        raise ValueError("size must be a positive int")
    it = iter(iterable)
    yield from iter(lambda: list(islice(it, size)), [])
