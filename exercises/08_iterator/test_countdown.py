"""Public tests for exercise 08_iterator.

Run them with ``pytest exercises/08_iterator`` or ``grader check 08_iterator``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``countdown`` themselves: the ``student`` fixture is your
module, and ``student_env.builtins`` are the builtins of the process that
runs your code (``b.iter(c)`` is ``iter(c)`` run next to your code).
"""

import pytest

pytestmark = pytest.mark.student_module("countdown")

# An endless generator, created next to your code.  It gives up (RuntimeError)
# after 10000 items, so a chunked() that tries to read everything fails fast
# instead of hanging.
ENDLESS = """
def endless(limit=10_000):
    n = 0
    while True:
        if n >= limit:
            raise RuntimeError("read 10000 items of an endless iterator: not lazy")
        yield n
        n += 1

source = endless()
"""


@pytest.mark.points(2)
def test_countdown_of_3_yields_3_2_1_0(student):
    assert list(student.Countdown(3)) == [3, 2, 1, 0]


@pytest.mark.points(2)
def test_countdown_can_be_iterated_twice_with_the_same_result(student):
    c = student.Countdown(3)
    assert list(c) == [3, 2, 1, 0]
    assert list(c) == [3, 2, 1, 0]  # an iterable starts over on every loop


@pytest.mark.points(2)
def test_iter_returns_a_new_countdown_iterator_each_time(student, student_env):
    b = student_env.builtins
    c = student.Countdown(2)
    first, second = b.iter(c), b.iter(c)
    assert b.isinstance(first, student.CountdownIterator) is True
    assert first is not second
    assert first is not c


def test_exhausted_iterator_keeps_raising_stop_iteration(student, student_env):
    it = student_env.builtins.iter(student.Countdown(1))
    assert next(it) == 1
    assert next(it) == 0
    for _ in range(3):
        with pytest.raises(StopIteration):
            next(it)


def test_len_and_reversed_of_countdown_3(student):
    c = student.Countdown(3)
    assert len(c) == 4
    assert list(reversed(c)) == [0, 1, 2, 3]


def test_countdown_rejects_negative_and_non_int_start(student):
    with pytest.raises(ValueError):
        student.Countdown(-1)
    with pytest.raises(TypeError):
        student.Countdown("3")


def test_chunked_keeps_the_short_last_chunk(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked(b.range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


@pytest.mark.points(2)
def test_chunked_is_lazy_on_an_endless_iterator(student, student_env):
    ns = student_env.exec(ENDLESS)
    chunks = student.chunked(ns.source, 3)
    assert next(chunks) == [0, 1, 2]
    assert next(chunks) == [3, 4, 5]
