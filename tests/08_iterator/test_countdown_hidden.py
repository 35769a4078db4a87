"""Hidden tests for exercise 08_iterator (contract: README.md of the exercise).

Every test goes through ``Countdown(...)`` or ``chunked(...)``, so the stub
(whose bodies raise NotImplementedError) fails all of them.  A
``CountdownIterator`` is only ever obtained from ``iter(Countdown(n))``: the
contract leaves its constructor to the student.

Graded-mode notes:
- ``b.iter(c)`` runs ``iter(c)`` in the student process and returns the
  student's iterator itself (a plain ``iter(proxy)`` would wrap it);
- ``b.list(...)`` collects chunks in the student process, so a chunk list that
  the student mutates after yielding it shows up as wrong data in both modes;
- endless iterators are created in the student process (``ENDLESS``) and give
  up after 10000 items, so a non-lazy ``chunked`` fails fast, never hangs.
"""

import pytest

pytestmark = pytest.mark.student_module("countdown")

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


def countdown_list(start):
    return list(range(start, -1, -1))


# --------------------------------------------------------------------------
# Countdown: construction and validation
# --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("start", [0, 1, 3, 10])
def test_countdown_yields_start_down_to_0(student, start):
    assert list(student.Countdown(start)) == countdown_list(start)


def test_countdown_of_0_yields_only_0(student):
    assert list(student.Countdown(0)) == [0]


def test_countdown_accepts_start_as_keyword(student):
    assert list(student.Countdown(start=2)) == [2, 1, 0]


@pytest.mark.parametrize("start", [-1, -10])
def test_negative_start_raises_value_error(student, start):
    with pytest.raises(ValueError):
        student.Countdown(start)


@pytest.mark.parametrize("start", ["3", 3.0, None, [3]],
                         ids=["str", "float", "None", "list"])
def test_non_int_start_raises_type_error(student, start):
    with pytest.raises(TypeError):
        student.Countdown(start)


# --------------------------------------------------------------------------
# Countdown is an iterable, not an iterator
# --------------------------------------------------------------------------

@pytest.mark.points(3)
def test_countdown_can_be_iterated_again_with_the_same_result(student):
    c = student.Countdown(4)
    assert list(c) == [4, 3, 2, 1, 0]
    assert list(c) == [4, 3, 2, 1, 0]
    assert list(c) == [4, 3, 2, 1, 0]


@pytest.mark.points(2)
def test_iter_of_countdown_returns_a_countdown_iterator(student, student_env):
    b = student_env.builtins
    it = b.iter(student.Countdown(3))
    assert b.isinstance(it, student.CountdownIterator) is True


@pytest.mark.points(2)
def test_iter_of_countdown_returns_a_new_iterator_each_time_not_the_countdown(
        student, student_env):
    b = student_env.builtins
    c = student.Countdown(3)
    first, second = b.iter(c), b.iter(c)
    assert first is not c
    assert second is not c
    assert first is not second


@pytest.mark.points(3)
def test_two_iterators_of_one_countdown_advance_independently(student, student_env):
    b = student_env.builtins
    c = student.Countdown(3)
    first = b.iter(c)
    assert next(first) == 3
    assert next(first) == 2
    second = b.iter(c)
    assert next(second) == 3
    assert next(first) == 1
    assert list(second) == [2, 1, 0]
    assert list(first) == [0]


@pytest.mark.points(2)
def test_nested_loops_over_one_countdown_see_every_pair(student):
    c = student.Countdown(2)
    pairs = [(a, b) for a in c for b in c]
    assert pairs == [(a, b) for a in [2, 1, 0] for b in [2, 1, 0]]


@pytest.mark.points(2)
def test_zip_of_a_countdown_with_itself_pairs_equal_numbers(student, student_env):
    b = student_env.builtins
    c = student.Countdown(3)
    assert b.list(b.zip(c, c)) == [(3, 3), (2, 2), (1, 1), (0, 0)]


def test_a_partly_used_iterator_does_not_affect_a_new_loop(student, student_env):
    b = student_env.builtins
    c = student.Countdown(5)
    it = b.iter(c)
    next(it)
    next(it)
    assert list(c) == [5, 4, 3, 2, 1, 0]


def test_countdown_itself_is_not_an_iterator_next_raises_type_error(student):
    with pytest.raises(TypeError):
        next(student.Countdown(3))


def test_builtins_sum_max_sorted_consume_a_countdown(student, student_env):
    b = student_env.builtins
    c = student.Countdown(100)
    assert b.sum(c) == 5050
    assert b.max(c) == 100
    assert b.sorted(c) == list(range(101))


# --------------------------------------------------------------------------
# CountdownIterator
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_iterator_iter_returns_the_iterator_itself(student, student_env):
    b = student_env.builtins
    it = b.iter(student.Countdown(3))
    assert b.iter(it) is it


@pytest.mark.points(2)
def test_iterator_next_returns_start_down_to_0_then_raises_stop_iteration(
        student, student_env):
    it = student_env.builtins.iter(student.Countdown(2))
    assert next(it) == 2
    assert next(it) == 1
    assert next(it) == 0
    with pytest.raises(StopIteration):
        next(it)


def test_iterator_of_countdown_0_yields_0_then_stops(student, student_env):
    it = student_env.builtins.iter(student.Countdown(0))
    assert next(it) == 0
    with pytest.raises(StopIteration):
        next(it)


@pytest.mark.points(3)
def test_exhausted_iterator_raises_stop_iteration_on_every_later_call(
        student, student_env):
    it = student_env.builtins.iter(student.Countdown(1))
    assert list(it) == [1, 0]
    for _ in range(5):
        with pytest.raises(StopIteration):
            next(it)


@pytest.mark.points(2)
def test_exhausted_iterator_yields_nothing_in_a_new_for_loop(student, student_env):
    b = student_env.builtins
    it = b.iter(student.Countdown(3))
    assert b.list(it) == [3, 2, 1, 0]
    assert b.list(it) == []
    assert b.list(it) == []


def test_for_loop_over_a_partly_used_iterator_continues_where_next_stopped(
        student, student_env):
    b = student_env.builtins
    it = b.iter(student.Countdown(3))
    assert next(it) == 3
    assert b.list(it) == [2, 1, 0]


# --------------------------------------------------------------------------
# len() and reversed()
# --------------------------------------------------------------------------

@pytest.mark.parametrize("start", [0, 1, 3, 1000])
def test_len_is_start_plus_1(student, start):
    assert len(student.Countdown(start)) == start + 1


def test_len_does_not_change_after_iterating(student):
    c = student.Countdown(4)
    list(c)
    list(c)
    assert len(c) == 5


def test_len_agrees_with_the_number_of_items(student, student_env):
    c = student.Countdown(17)
    assert len(c) == len(student_env.builtins.list(c))


@pytest.mark.parametrize("start", [0, 1, 3, 10])
def test_reversed_yields_0_up_to_start(student, start):
    assert list(reversed(student.Countdown(start))) == list(range(start + 1))


def test_reversed_in_the_student_process_yields_0_up_to_start(student, student_env):
    b = student_env.builtins
    assert b.list(b.reversed(student.Countdown(4))) == [0, 1, 2, 3, 4]


def test_reversed_does_not_use_up_the_countdown(student):
    c = student.Countdown(3)
    assert list(reversed(c)) == [0, 1, 2, 3]
    assert list(c) == [3, 2, 1, 0]
    assert list(reversed(c)) == [0, 1, 2, 3]


# --------------------------------------------------------------------------
# chunked
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_chunked_splits_into_lists_of_size_items(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked([1, 2, 3, 4, 5, 6], 2)) == [[1, 2], [3, 4], [5, 6]]


@pytest.mark.points(2)
@pytest.mark.parametrize("n, size, expected", [
    (7, 3, [[0, 1, 2], [3, 4, 5], [6]]),
    (5, 2, [[0, 1], [2, 3], [4]]),
    (9, 4, [[0, 1, 2, 3], [4, 5, 6, 7], [8]]),
], ids=["7_by_3", "5_by_2", "9_by_4"])
def test_chunked_keeps_the_shorter_last_chunk(student, student_env, n, size, expected):
    b = student_env.builtins
    assert b.list(student.chunked(b.range(n), size)) == expected


def test_chunked_exact_multiple_has_no_empty_last_chunk(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked(b.range(6), 3)) == [[0, 1, 2], [3, 4, 5]]


def test_chunked_of_an_empty_iterable_yields_nothing(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked([], 3)) == []


def test_chunked_size_1_yields_one_item_lists(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked(["a", "b", "c"], 1)) == [["a"], ["b"], ["c"]]


def test_chunked_size_larger_than_the_input_yields_one_short_chunk(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked([1, 2, 3], 10)) == [[1, 2, 3]]


@pytest.mark.points(2)
def test_chunked_yields_lists_for_a_str_and_a_tuple(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked("abcde", 2)) == [["a", "b"], ["c", "d"], ["e"]]
    assert b.list(student.chunked((1, 2, 3), 2)) == [[1, 2], [3]]


def test_chunked_accepts_a_countdown(student, student_env):
    b = student_env.builtins
    assert b.list(student.chunked(student.Countdown(4), 2)) == [[4, 3], [2, 1], [0]]


def test_chunked_accepts_a_one_shot_iterator(student, student_env):
    ns = student_env.exec("source = iter([10, 20, 30, 40, 50])")
    b = student_env.builtins
    assert b.list(student.chunked(ns.source, 2)) == [[10, 20], [30, 40], [50]]


def test_chunked_chunks_stay_intact_after_later_chunks_are_made(student, student_env):
    ns = student_env.exec(
        "from countdown import chunked\n"
        "gen = chunked(range(6), 2)\n"
        "first = next(gen)\n"
        "rest = list(gen)\n"
        "first_after = list(first)\n"
    )
    assert ns.first_after == [0, 1]
    assert ns.rest == [[2, 3], [4, 5]]


@pytest.mark.points(2)
def test_chunked_returns_an_iterator_that_next_advances(student, student_env):
    b = student_env.builtins
    chunks = student.chunked(["x", "y", "z"], 2)
    assert b.iter(chunks) is chunks
    assert next(chunks) == ["x", "y"]
    assert next(chunks) == ["z"]
    with pytest.raises(StopIteration):
        next(chunks)


@pytest.mark.points(2)
@pytest.mark.parametrize("size", [1, 3, 7])
def test_chunked_is_lazy_on_an_endless_iterator(student, student_env, size):
    ns = student_env.exec(ENDLESS)
    chunks = student.chunked(ns.source, size)
    assert next(chunks) == list(range(size))
    assert next(chunks) == list(range(size, 2 * size))
    assert next(chunks) == list(range(2 * size, 3 * size))


@pytest.mark.parametrize("size", [0, -1, -5])
def test_chunked_size_below_1_raises_value_error(student, size):
    with pytest.raises(ValueError):
        next(student.chunked([1, 2, 3], size))


def test_chunked_size_0_raises_value_error_even_for_an_empty_iterable(student):
    with pytest.raises(ValueError):
        next(student.chunked([], 0))


def test_chunked_size_0_raises_value_error_on_an_endless_iterator(student, student_env):
    ns = student_env.exec(ENDLESS)
    with pytest.raises(ValueError):
        next(student.chunked(ns.source, 0))
