"""Exercise 08_iterator: the iteration protocol (iterables, iterators, generators).

练习 08_iterator：迭代协议——可迭代对象、迭代器和生成器。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Keep the names: the tests use
``Countdown``, ``CountdownIterator`` and ``chunked``.
"""


class Countdown:
    """An iterable over ``start, start - 1, ..., 0`` (an iterable, NOT an iterator).

    可迭代对象：每次 ``iter(c)`` 都返回一个新的、互不干扰的 ``CountdownIterator``。

    >>> c = Countdown(3)
    >>> list(c), list(c), len(c), list(reversed(c))
    ([3, 2, 1, 0], [3, 2, 1, 0], 4, [0, 1, 2, 3])
    """

    def __init__(self, start: int) -> None:
        """Store ``start``: an ``int >= 0``.

        Not an int -> ``TypeError``; a negative int -> ``ValueError``.
        """
        # TODO: check the type, then the value, then store start
        raise NotImplementedError("Countdown.__init__")

    def __iter__(self) -> "CountdownIterator":
        """Return a NEW ``CountdownIterator`` on every call (never ``self``)."""
        # TODO
        raise NotImplementedError("Countdown.__iter__")

    def __len__(self) -> int:
        """How many numbers the countdown yields (``0`` counts too)."""
        # TODO
        raise NotImplementedError("Countdown.__len__")

    def __reversed__(self):
        """Return an iterator over ``0, 1, ..., start``."""
        # TODO
        raise NotImplementedError("Countdown.__reversed__")


class CountdownIterator:
    """The position of ONE loop over a countdown: an iterator.

    迭代器：记住“这一轮循环走到哪里了”。

    The constructor is yours to design (the tests only ever get a
    ``CountdownIterator`` from ``iter(Countdown(n))``); ``start`` is a
    natural choice.
    """

    def __init__(self, start: int) -> None:
        # TODO: remember where this loop is
        raise NotImplementedError("CountdownIterator.__init__")

    def __iter__(self) -> "CountdownIterator":
        """An iterator returns itself."""
        # TODO
        raise NotImplementedError("CountdownIterator.__iter__")

    def __next__(self) -> int:
        """Return ``start``, then ``start - 1``, ... down to ``0``.

        After ``0``, raise ``StopIteration`` on this call and on EVERY later call.
        """
        # TODO
        raise NotImplementedError("CountdownIterator.__next__")


def chunked(iterable, size: int):
    """Yield lists of ``size`` items from ``iterable``; the last may be shorter.

    把任意可迭代对象按 ``size`` 个一组切成列表，惰性地逐组产出。

    - lazy: it must work on an endless iterator such as ``itertools.count()``;
    - ``size < 1`` raises ``ValueError`` (when the generator is created or
      first advanced).

    >>> list(chunked(range(7), 3))
    [[0, 1, 2], [3, 4, 5], [6]]
    """
    # TODO: write a generator (a function that uses `yield`)
    raise NotImplementedError("chunked")
