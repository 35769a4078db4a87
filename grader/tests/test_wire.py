"""The wire format: exact types, faithful round trips, and ProtocolError on bad input."""

from __future__ import annotations

import math
import socket
import struct
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.remote import wire

# -- helpers ------------------------------------------------------------------------------


class Handles:
    """A stand-in for the handle table: records every object given a handle."""

    def __init__(self) -> None:
        self.objects: list[object] = []

    def handle_for(self, obj: object) -> int:
        self.objects.append(obj)
        return len(self.objects)

    def resolve(self, number: int) -> object:
        return self.objects[number - 1]


def no_handles(obj: object) -> int:
    raise AssertionError(f"plain data got a handle: {obj!r}")


def no_resolve(number: int) -> object:
    raise AssertionError(f"unexpected handle {number}")


def through_the_wire(value: object) -> Any:
    """encode -> framed JSON message -> decode, as between the two processes."""
    framed = wire.dumps({"id": 1, "ok": wire.encode(value, no_handles)})
    size = wire.read_header(framed[: wire.HEADER_SIZE])
    assert size == len(framed) - wire.HEADER_SIZE
    message = wire.loads(framed[wire.HEADER_SIZE :])
    return wire.decode(message["ok"], no_resolve)


def same(a: object, b: object) -> bool:
    """Equal *and* of exactly the same types all the way down (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        assert isinstance(b, float)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, list | tuple):
        assert isinstance(b, list | tuple)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return len(a) == len(b) and all(
            same(ka, kb) and same(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    if isinstance(a, slice):
        assert isinstance(b, slice)
        return same((a.start, a.stop, a.step), (b.start, b.stop, b.step))
    return a == b


# -- exact types --------------------------------------------------------------------------


class SneakyInt(int):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = int.__hash__


class SneakyStr(str):
    pass


class SneakyList(list):  # type: ignore[type-arg]
    pass


class SneakyFloat(float):
    pass


class SneakyDict(dict):  # type: ignore[type-arg]
    pass


@pytest.mark.parametrize(
    "value",
    [
        SneakyInt(3),
        SneakyStr("x"),
        SneakyList([1]),
        SneakyFloat(1.5),
        SneakyDict(a=1),
        bytearray(b"ab"),
        {1, 2},
        frozenset({1}),
        object(),
        range(3),
        1j,
    ],
    ids=lambda v: type(v).__name__,
)
def test_anything_but_an_exact_plain_type_becomes_a_handle(value: object) -> None:
    handles = Handles()
    assert wire.encode(value, handles.handle_for) == {"H": 1}
    assert handles.objects == [value]
    assert handles.objects[0] is value


def test_subclasses_nested_in_plain_containers_become_handles_too() -> None:
    handles = Handles()
    value = [1, SneakyInt(2), (SneakyStr("s"), "s"), {"k": SneakyList()}]

    encoded = wire.encode(value, handles.handle_for)

    assert encoded == {"L": [1, {"H": 1}, {"T": [{"H": 2}, "s"]}, {"D": [["k", {"H": 3}]]}]}
    assert [type(o) for o in handles.objects] == [SneakyInt, SneakyStr, SneakyList]


def test_a_decoded_handle_is_resolved_never_rebuilt() -> None:
    handles = Handles()
    thing = object()
    encoded = wire.encode({"x": thing}, handles.handle_for)
    decoded = wire.decode(encoded, handles.resolve)
    assert decoded["x"] is thing


def test_bool_stays_bool_and_int_stays_int() -> None:
    assert through_the_wire(True) is True
    assert through_the_wire(False) is False
    one = through_the_wire(1)
    assert type(one) is int and one == 1
    assert type(through_the_wire(1.0)) is float


# -- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        None,
        0,
        -(2**100),
        "",
        "héllo 你好 \n \x00",
        b"",
        b"\x00\xff bytes",
        [],
        (),
        {},
        [1, (2, [3, (4,)])],
        ((), [()], ([],)),
        {(1, "a"): [b"x"], (): None, 2: {3: (4, 5)}},
        {True: 1, None: "none", 1.5: "float", b"k": "bytes"},
        slice(None),
        slice(1, 10, 2),
        slice(None, -1, None),
        [slice("a", (1, 2), None)],
        float("inf"),
        float("-inf"),
        -0.0,
        1e-300,
        {"nested": [{"deep": [[[[[1]]]]]}]},
    ],
    ids=repr,
)
def test_plain_values_survive_the_wire_with_their_exact_types(value: object) -> None:
    assert same(through_the_wire(value), value)


def test_nan_survives_the_wire() -> None:
    back = through_the_wire([float("nan"), {"k": float("nan")}])
    assert type(back) is list
    assert math.isnan(back[0])
    assert math.isnan(back[1]["k"])


def test_tuples_and_lists_stay_apart() -> None:
    assert wire.encode((1, 2), no_handles) == {"T": [1, 2]}
    assert wire.encode([1, 2], no_handles) == {"L": [1, 2]}
    back = through_the_wire([(1,), [1]])
    assert type(back[0]) is tuple
    assert type(back[1]) is list


def test_dict_keys_that_json_cannot_hold_keep_their_types() -> None:
    value = {(1, 2): "tuple", 3: "int", "3": "str", b"3": "bytes", None: "none"}
    back = through_the_wire(value)
    assert same(back, value)
    assert list(back) == [(1, 2), 3, "3", b"3", None]


def test_messages_travel_over_a_socket() -> None:
    left, right = socket.socketpair()
    with left, right:
        message = {"id": 7, "op": "call", "args": wire.encode((1, b"\x00"), no_handles)}
        wire.send(left, message)
        received = wire.recv(right)
        assert received == message
        assert wire.decode(received["args"], no_resolve) == (1, b"\x00")
        left.shutdown(socket.SHUT_WR)
        with pytest.raises(EOFError):
            wire.recv(right)


# -- property tests -----------------------------------------------------------------------

_hashable_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.binary(max_size=8)
)
_hashable = st.recursive(_hashable_leaves, lambda inner: st.tuples(inner, inner), max_leaves=4)
_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=16)
    | st.binary(max_size=16)
    | st.builds(
        slice, st.none() | st.integers(), st.none() | st.integers(), st.none() | st.integers()
    )
)
plain_data = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(_hashable, inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(plain_data)
def test_property_every_plain_value_round_trips_exactly(value: object) -> None:
    assert same(through_the_wire(value), value)


@settings(derandomize=True, database=None, max_examples=150, deadline=None)
@given(plain_data)
def test_property_encoding_is_pure_json_data(value: object) -> None:
    def check(data: object) -> None:
        assert type(data) in (type(None), bool, int, float, str, list, dict)
        if type(data) is list:
            for item in data:  # type: ignore[attr-defined]
                check(item)
        if type(data) is dict:
            assert len(data) == 1  # type: ignore[arg-type]
            ((tag, body),) = data.items()  # type: ignore[attr-defined]
            assert tag in {"L", "T", "D", "B", "S"}
            check(body)

    check(wire.encode(value, no_handles))


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(st.recursive(st.integers() | st.text() | st.none(), st.lists, max_leaves=10))
def test_property_decoding_raw_json_containers_is_refused(value: object) -> None:
    if type(value) is list:
        with pytest.raises(wire.ProtocolError):
            wire.decode(value, no_resolve)
    else:
        assert wire.decode(value, no_resolve) == value


# -- malformed input ----------------------------------------------------------------------


def _nested(depth: int) -> Any:
    data: Any = 1
    for _ in range(depth):
        data = {"L": [data]}
    return data


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"X": []}, "unknown tag 'X'"),
        ({"__class__": "os.system"}, "unknown tag"),
        ([1, 2], "unexpected list in a value"),
        ({"L": [1], "T": [1]}, "unexpected dict in a value"),
        ({}, "unexpected dict in a value"),
        ({"L": "abc"}, "tag L needs a list"),
        ({"T": {"L": []}}, "tag T needs a list"),
        ({"D": [[1]]}, "dict items must be pairs"),
        ({"D": [{"L": [1, 2]}]}, "dict items must be pairs"),
        ({"D": [[{"L": []}, 1]]}, "unhashable dict key"),
        ({"D": [[{"D": []}, 1]]}, "unhashable dict key"),
        ({"B": "not base64!"}, "bytes are not base64 text"),
        ({"B": "YWJ"}, "bytes are not base64 text"),
        ({"B": "あいう"}, "bytes are not base64 text"),
        ({"B": 12}, "bytes are not base64 text"),
        ({"H": "1"}, "handle is not an integer"),
        ({"H": True}, "handle is not an integer"),
        ({"H": 1.0}, "handle is not an integer"),
        ({"S": [1, 2]}, "slice needs three parts"),
        (_nested(wire.MAX_DEPTH + 5), "nested too deeply"),
    ],
    ids=lambda v: repr(v)[:40] if not isinstance(v, str) else v,
)
def test_malformed_values_raise_protocol_error(data: object, problem: str) -> None:
    with pytest.raises(wire.ProtocolError, match=problem):
        wire.decode(data, no_resolve)


def test_nesting_up_to_the_limit_is_accepted() -> None:
    value: Any = 1
    for _ in range(wire.MAX_DEPTH):
        value = [value]
    assert same(wire.decode(wire.encode(value, no_handles), no_resolve), value)


def test_encoding_too_deep_a_value_refuses_to_send() -> None:
    value: Any = 1
    for _ in range(wire.MAX_DEPTH + 5):
        value = [value]
    with pytest.raises(wire.NotPlain, match="nested too deeply"):
        wire.encode(value, no_handles)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"[1, 2]", "a message must be a JSON object"),
        (b'"text"', "a message must be a JSON object"),
        (b"null", "a message must be a JSON object"),
        (b"{not json", "malformed message"),
        (b"\xff\xfe{}", "malformed message"),
        (b"", "malformed message"),
        (b"[" * 200_000 + b"]" * 200_000, "malformed message|a message must be"),
    ],
    ids=["array", "string", "null", "broken", "not-utf8", "empty", "deep"],
)
def test_malformed_messages_raise_protocol_error(body: bytes, problem: str) -> None:
    with pytest.raises(wire.ProtocolError, match=problem):
        wire.loads(body)


def test_an_oversize_header_is_refused_before_reading_the_body() -> None:
    with pytest.raises(wire.ProtocolError, match="exceeds"):
        wire.read_header(struct.pack(">I", wire.MAX_MESSAGE_BYTES + 1))
    assert wire.read_header(struct.pack(">I", wire.MAX_MESSAGE_BYTES)) == wire.MAX_MESSAGE_BYTES


def test_recv_refuses_an_oversize_announcement() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(struct.pack(">I", 0xFFFFFFFF))
        with pytest.raises(wire.ProtocolError, match="exceeds"):
            wire.recv(right)


def test_an_oversize_message_is_not_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire, "MAX_MESSAGE_BYTES", 64)
    assert wire.dumps({"x": "a" * 10})
    with pytest.raises(wire.NotPlain, match="exceeds 64"):
        wire.dumps({"x": "a" * 100})


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    left, right = socket.socketpair()
    with left, right:
        yield left, right


def test_a_truncated_message_is_an_eof(pair: tuple[socket.socket, socket.socket]) -> None:
    left, right = pair
    left.sendall(struct.pack(">I", 10) + b'{"id"')
    left.shutdown(socket.SHUT_WR)
    with pytest.raises(EOFError):
        wire.recv(right)
