"""Exercise 07_sliceable: indexing and slicing with __getitem__, __setitem__, __delitem__.

练习 07_sliceable：用 __getitem__ / __setitem__ / __delitem__ 实现索引和切片。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not subclass ``list`` (or
``collections.UserList``, ``tuple``...): the point is to write the protocol
yourself.  Holding a ``list`` inside the object is fine.

Remember: in Python 3 there is no ``__getslice__``.  ``s[1:3]`` calls
``s.__getitem__(slice(1, 3, None))``.
"""


class SliceableList:
    """A list-like sequence whose slices are SliceableLists too.

    一个像 list 一样的序列，而且切片的结果仍然是 SliceableList。

    >>> s = SliceableList([10, 20, 30, 40])
    >>> s[-1], s[1:3], s[::-1]
    (40, SliceableList([20, 30]), SliceableList([40, 30, 20, 10]))
    """

    def __init__(self, iterable=()) -> None:
        """Store the items of ``iterable`` (any iterable) in a new container."""
        # TODO
        raise NotImplementedError("SliceableList.__init__")

    def __getitem__(self, index):
        """``s[i]`` -> the item; ``s[i:j:k]`` -> a new SliceableList.

        - ``index`` is an int (or any object with ``__index__``): negative counts
          from the end; out of range raises ``IndexError``;
        - ``index`` is a ``slice``: exactly the items a ``list`` slice would give,
          as a new SliceableList; step 0 raises ``ValueError``;
        - any other key raises ``TypeError``.
        """
        # TODO
        raise NotImplementedError("SliceableList.__getitem__")

    def __setitem__(self, index, value) -> None:
        """``s[i] = v`` and ``s[i:j:k] = iterable``, with ``list`` semantics."""
        # TODO
        raise NotImplementedError("SliceableList.__setitem__")

    def __delitem__(self, index) -> None:
        """``del s[i]`` and ``del s[i:j:k]``, with ``list`` semantics."""
        # TODO
        raise NotImplementedError("SliceableList.__delitem__")

    def __len__(self) -> int:
        """``len(s)``."""
        # TODO
        raise NotImplementedError("SliceableList.__len__")

    def __iter__(self):
        """``for x in s``: the items, first to last."""
        # TODO
        raise NotImplementedError("SliceableList.__iter__")

    def __reversed__(self):
        """``reversed(s)``: the items, last to first."""
        # TODO
        raise NotImplementedError("SliceableList.__reversed__")

    def __contains__(self, item) -> bool:
        """``item in s``."""
        # TODO
        raise NotImplementedError("SliceableList.__contains__")

    def __repr__(self) -> str:
        """``SliceableList([1, 2, 3])``."""
        # TODO
        raise NotImplementedError("SliceableList.__repr__")

    def __eq__(self, other):
        """Equal to another SliceableList with equal items; other types -> NotImplemented."""
        # TODO
        raise NotImplementedError("SliceableList.__eq__")

    def append(self, item) -> None:
        """Add ``item`` at the end."""
        # TODO
        raise NotImplementedError("SliceableList.append")

    def insert(self, index, item) -> None:
        """Insert ``item`` before position ``index`` (``list.insert`` semantics)."""
        # TODO
        raise NotImplementedError("SliceableList.insert")

    def index(self, item) -> int:
        """Position of the first item equal to ``item``; ``ValueError`` if none."""
        # TODO
        raise NotImplementedError("SliceableList.index")

    def count(self, item) -> int:
        """Number of items equal to ``item``."""
        # TODO
        raise NotImplementedError("SliceableList.count")
