"""``student_env.each``: many operations on one student object in one exchange, the same
outcomes in both modes, nothing judged on the student's side."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.plugin.environments import LocalEnvironment, Outcome, RemoteEnvironment
from grader.remote.errors import CallTimeout, ProtocolViolation
from grader.remote.process import ProcessConfig
from grader.remote.proxy import RemoteObject
from grader.remote.sequences import BadOperation
from grader.settings import Timeouts

_REAL_LIST, _REAL_LEN = builtins.list, builtins.len

MODULE = """
import builtins


class Box:
    def __init__(self, items=()):
        self.items = list(items)

    def __len__(self):  # not len(): break_the_builtins() replaces it
        return self.items.__len__()

    def __getitem__(self, key):
        if isinstance(key, slice):
            return Box(self.items[key])
        return self.items[key]

    def __setitem__(self, key, value):
        self.items[key] = value

    def __delitem__(self, key):
        del self.items[key]

    def __contains__(self, item):
        return 1 if item in self.items else 0  # `in` makes a bool of it

    def push(self, item):
        self.items.append(item)
        return len(self.items)

    def wait_forever(self):
        import threading
        threading.Event().wait()


def forge_the_outcomes():
    # Rewrites, from a trace hook, the local variables of every caller's frame.
    import sys

    def hook(frame, event, arg):
        if event == "line":
            for name in ("value", "done"):
                if name in frame.f_locals:
                    frame.f_locals[name] = ("forged",) if name == "done" else "forged"
        return hook

    frame = sys._getframe(1)
    while frame is not None:
        frame.f_trace = hook
        frame = frame.f_back
    sys.settrace(hook)
    return "honest"


def break_the_builtins():
    builtins.list = lambda *args: ["forged"]
    builtins.len = lambda obj: 999
"""

OPERATIONS = [
    ("call", "push", 3),
    ("getitem", 0),
    ("getitem", 5),
    ("setitem", 0, 9),
    ("delitem", slice(None, None, 0)),
    ("len",),
    ("list",),
    ("reversed_as_list",),
    ("contains", 9),
    ("getitem_as_list", slice(None, None, -1)),
]


def _plain(outcomes: list[Outcome]) -> list[tuple[str, object]]:
    return [
        ("raised", type(o.raised).__name__) if o.raised is not None else ("returned", o.value)
        for o in outcomes
    ]


EXPECTED = [
    ("returned", 3),
    ("returned", 1),
    ("raised", "IndexError"),
    ("returned", None),
    ("raised", "ValueError"),
    ("returned", 3),
    ("returned", [9, 2, 3]),
    ("returned", [3, 2, 9]),
    ("returned", True),
    ("returned", [3, 2, 9]),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "boxes.py").write_text(MODULE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def remote(folder: Path) -> Iterator[RemoteEnvironment]:
    environment = RemoteEnvironment(
        ProcessConfig(workdir=folder, allowed_modules=("boxes",), timeouts=Timeouts(call=2))
    )
    yield environment
    environment.close()


@pytest.fixture
def local(folder: Path) -> Iterator[LocalEnvironment]:
    environment = LocalEnvironment(folder, ("boxes",))
    yield environment
    environment.close()


def test_each_operation_returns_or_raises_in_order_and_both_modes_agree(
    remote: RemoteEnvironment, local: LocalEnvironment
) -> None:
    for env in (remote, local):
        box = env.module("boxes").Box([1, 2])
        assert _plain(env.each(box, OPERATIONS)) == EXPECTED
        assert env.each(box, []) == []


def test_new_makes_the_object_the_operations_after_it_work_on_in_both_modes(
    remote: RemoteEnvironment, local: LocalEnvironment
) -> None:
    for env in (remote, local):
        box_class = env.module("boxes").Box
        made, pushed, items = env.each(box_class, [("new", [1, 2]), ("call", "push", 3), ("list",)])
        assert (pushed.value, items.value) == (3, [1, 2, 3])
        (after,) = env.each(made.value, [("list",)])  # the object made, kept
        assert after.value == [1, 2, 3]
        empty, length = env.each(box_class, [("new",), ("len",)])
        assert empty.raised is None and length.value == 0


def test_operations_after_a_new_that_raised_do_not_run_and_each_has_its_exception(
    remote: RemoteEnvironment, local: LocalEnvironment
) -> None:
    for env in (remote, local):
        box_class = env.module("boxes").Box
        # Box(5) raises TypeError; Box.mro() on the class itself would return.
        made, after = env.each(box_class, [("new", 5), ("call", "mro")])
        assert type(made.raised) is TypeError and type(after.raised) is TypeError
        assert str(after.raised) == str(made.raised)


def test_a_hook_set_by_student_code_cannot_rewrite_an_outcome(
    remote: RemoteEnvironment,
) -> None:
    """Student code sets a trace hook that rewrites the caller's variables at their next
    line: the hooks are gone before any line of the student process's loop runs."""
    boxes = remote.module("boxes")
    (outcome,) = remote.each(boxes, [("call", "forge_the_outcomes")])
    assert outcome.raised is None and outcome.value == "honest"
    box = boxes.Box([1, 2])
    after = remote.each(box, [("len",), ("list",)])
    assert _plain(after) == [("returned", 2), ("returned", [1, 2])]


def test_a_raised_exception_is_the_test_sides_own_class_and_values_may_be_student_objects(
    remote: RemoteEnvironment,
) -> None:
    box = remote.module("boxes").Box([1, 2, 3])
    missing, part = remote.each(box, [("getitem", 7), ("getitem", slice(1, None))])
    assert missing.raises(IndexError) and not missing.raises(KeyError)
    assert type(missing.raised) is IndexError
    assert isinstance(part.value, RemoteObject)
    (items,) = remote.each(part.value, [("list",)])
    assert items.value == [2, 3]


def test_list_len_and_reversed_are_the_interpreters_own_whatever_student_code_replaced(
    remote: RemoteEnvironment, local: LocalEnvironment
) -> None:
    for env in (remote, local):
        boxes = env.module("boxes")
        box = boxes.Box([1, 2])
        boxes.break_the_builtins()
        try:
            outcomes = env.each(box, [("list",), ("len",), ("reversed_as_list",)])
        finally:
            # In direct mode the student's module replaced this interpreter's own.
            builtins.list, builtins.len = _REAL_LIST, _REAL_LEN
        assert _plain(outcomes) == [
            ("returned", [1, 2]),
            ("returned", 2),
            ("returned", [2, 1]),
        ]


@pytest.mark.parametrize(
    "operation",
    [("nothing",), ["len"], ("len", 1), ("setitem", 0), ("call",), ("call", 3), ()],
)
def test_an_operation_that_is_not_one_is_refused_before_anything_runs(
    remote: RemoteEnvironment, local: LocalEnvironment, operation: object
) -> None:
    for env in (remote, local):
        box = env.module("boxes").Box([1])
        with pytest.raises(BadOperation):
            env.each(box, [("call", "push", 2), operation])  # type: ignore[list-item]
        assert _plain(env.each(box, [("list",)])) == [("returned", [1])]


def test_the_whole_sequence_shares_one_call_timeout(remote: RemoteEnvironment) -> None:
    box = remote.module("boxes").Box()
    with pytest.raises(CallTimeout):
        remote.each(box, [("call", "push", 1), ("call", "wait_forever")])
    # A fresh process serves the next request.
    assert _plain(remote.each(remote.module("boxes").Box([4]), [("len",)])) == [("returned", 1)]


def test_a_student_process_that_answers_with_something_else_is_a_protocol_violation(
    remote: RemoteEnvironment,
) -> None:
    box = remote.module("boxes").Box([1])
    forged = remote.exec(
        "import gc\n"
        "for obj in gc.get_objects():\n"
        "    if isinstance(obj, type) and obj.__name__ == 'Session' and hasattr(obj, 'op_each'):\n"
        "        obj.op_each = lambda self, msg: [[True, 1]] * 5\n"
    )
    assert forged is not None
    with pytest.raises(ProtocolViolation):
        remote.each(box, [("len",)])
