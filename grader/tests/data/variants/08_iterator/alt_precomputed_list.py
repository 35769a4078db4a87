# variant: alternative
# CORRECT alternative: Countdown precomputes its numbers as a tuple (allowed:
# the contract does not require Countdown itself to be lazy); the iterator
# walks that tuple by index; chunked checks size inside a while-True loop.


class Countdown:
    def __init__(self, start):
        if not isinstance(start, int):
            raise TypeError("start must be an int")
        if start < 0:
            raise ValueError("start must not be negative")
        self.numbers = tuple(range(start, -1, -1))

    def __iter__(self):
        return CountdownIterator(self.numbers)

    def __len__(self):
        return len(self.numbers)

    def __reversed__(self):
        return reversed(self.numbers)


class CountdownIterator:
    def __init__(self, numbers):
        self.numbers = numbers
        self.index = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.index >= len(self.numbers):
            raise StopIteration
        self.index += 1
        return self.numbers[self.index - 1]


def chunked(iterable, size):
    if size < 1:
        raise ValueError(size)
    it = iter(iterable)
    while True:
        chunk = []
        for _ in range(size):
            try:
                chunk.append(next(it))
            except StopIteration:
                break
        if not chunk:
            return
        yield chunk
