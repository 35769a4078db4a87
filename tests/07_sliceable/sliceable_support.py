"""What the hidden tests of 07_sliceable share: reading a student sequence's items,
boundedly (an iteration that never ends fails the test at once)."""

import pytest

# More items than any list in these tests holds (at most 7), plus a margin.
ITEMS_LIMIT = 7 + 10


def items(student_env, s, limit=ITEMS_LIMIT):
    """The items of ``s`` as a plain list: ``iter(s)`` in the student's process, then
    ``limit + 1`` calls of its ``__next__`` in one exchange; fails the test when none of
    them raised StopIteration (an iteration that never ends fails at once, not after
    the call timeout)."""
    iterator = student_env.builtins.iter(s)
    found = []
    for outcome in student_env.each(iterator, [("call", "__next__")] * (limit + 1)):
        if outcome.raises(StopIteration):
            return found
        if outcome.raised is not None:
            raise outcome.raised
        found.append(outcome.value)
    pytest.fail(
        f"iteration did not stop after {limit} items: __getitem__ must raise "
        "IndexError past the end (or __iter__ must end)"
    )
