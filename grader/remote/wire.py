"""The wire format between the trusted test process and the student process.

Messages are length-prefixed JSON. Values are plain data only, checked by *exact*
type, so that a student's ``int`` subclass with an always-true ``__eq__`` can never
pass for an ``int``. Anything else travels as an opaque handle: a number that names an
object living in the student process. Decoding builds only built-in values; nothing
is ever unpickled or evaluated.

This module is imported by the student process too, before any student code, so it
uses the standard library only and binds at import time everything it calls later:
the built-ins, and the C parts of ``json`` and ``base64``. Student code that replaces
``builtins.list``, ``json.dumps`` or ``base64.b64encode`` afterwards changes nothing
that the student process sends.
"""

from __future__ import annotations

import re
import struct
from _socket import socket as _Socket
from binascii import a2b_base64, b2a_base64

# Bound now (see the module's docstring); `from builtins import` keeps the usual names.
from builtins import (  # noqa: UP029
    EOFError,
    Exception,
    RecursionError,
    StopIteration,
    TypeError,
    UnicodeError,
    ValueError,
    bool,
    bytearray,
    bytes,
    dict,
    float,
    int,
    len,
    list,
    min,
    slice,
    str,
    tuple,
    type,
)
from collections.abc import Callable

# Only for the type checker: ``typing`` costs the student process's every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:
    from _json import encode_basestring, make_encoder, make_scanner
except ImportError:  # not CPython: the pure-Python json, without the guarantee above
    import json as _json_module

    make_encoder = None  # type: ignore[assignment,misc]

MAX_MESSAGE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
_HEADER = struct.Struct(">I")
_NONE = type(None)
_TAGS = frozenset({"L", "T", "D", "B", "S", "H"})
_BASE64 = re.compile("[A-Za-z0-9+/]*={0,2}")
_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}
_join = "".join


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message."""


class NotPlain(Exception):
    """A value that is not plain data (and has no handle) was to be sent."""


def _is_scalar(kind: object) -> bool:
    # By identity: a tuple's `in` would ask a student metaclass's __eq__.
    return kind is _NONE or kind is bool or kind is int or kind is float or kind is str


def encode(value: object, handle_for: Callable[[object], int], depth: int = 0) -> Any:
    """Turn ``value`` into JSON-able data; non-plain leaves become handles."""
    if depth > MAX_DEPTH:
        raise NotPlain("nested too deeply")
    kind = type(value)
    if _is_scalar(kind):
        return value
    if kind is list:
        return {"L": [encode(v, handle_for, depth + 1) for v in value]}  # type: ignore[attr-defined]
    if kind is tuple:
        return {"T": [encode(v, handle_for, depth + 1) for v in value]}  # type: ignore[attr-defined]
    if kind is dict:
        return {
            "D": [
                [encode(k, handle_for, depth + 1), encode(v, handle_for, depth + 1)]
                for k, v in value.items()  # type: ignore[attr-defined]
            ]
        }
    if kind is bytes:
        return {"B": b2a_base64(value, newline=False).decode("ascii")}  # type: ignore[arg-type]
    if kind is slice:
        parts = (value.start, value.stop, value.step)  # type: ignore[attr-defined]
        return {"S": [encode(p, handle_for, depth + 1) for p in parts]}
    return {"H": handle_for(value)}


def decode(data: Any, resolve_handle: Callable[[int], object], depth: int = 0) -> Any:
    """Rebuild a value from :func:`encode`'s output, checking every type exactly."""
    if depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    kind = type(data)
    if _is_scalar(kind):
        return data
    if kind is not dict or len(data) != 1:
        raise ProtocolError(f"unexpected {kind.__name__} in a value")
    ((tag, body),) = data.items()
    if tag not in _TAGS:
        raise ProtocolError(f"unknown tag {tag!r}")
    if tag == "H":
        if type(body) is not int:
            raise ProtocolError("handle is not an integer")
        return resolve_handle(body)
    if tag == "B":
        if type(body) is not str or _BASE64.fullmatch(body) is None:
            raise ProtocolError("bytes are not base64 text")
        try:
            return a2b_base64(body.encode("ascii"))
        except (ValueError, UnicodeError):
            raise ProtocolError("bytes are not base64 text") from None
    if type(body) is not list:
        raise ProtocolError(f"tag {tag} needs a list")
    if tag == "L":
        return [decode(v, resolve_handle, depth + 1) for v in body]
    if tag == "T":
        return tuple(decode(v, resolve_handle, depth + 1) for v in body)
    if tag == "S":
        if len(body) != 3:
            raise ProtocolError("slice needs three parts")
        return slice(*(decode(v, resolve_handle, depth + 1) for v in body))
    result: dict[Any, Any] = {}
    for pair in body:
        if type(pair) is not list or len(pair) != 2:
            raise ProtocolError("dict items must be pairs")
        key = decode(pair[0], resolve_handle, depth + 1)
        try:
            result[key] = decode(pair[1], resolve_handle, depth + 1)
        except TypeError:
            raise ProtocolError("unhashable dict key") from None
    return result


def _not_json(value: object) -> Any:
    raise NotPlain(f"a {type(value).__name__} is not JSON data")


class _ScannerSettings:
    """What the C scanner reads once, when it is made: json.loads's defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _CONSTANTS.__getitem__


if make_encoder is not None:
    # Exactly json.dumps(message, ensure_ascii=False, separators=(",", ":")) and
    # json.loads(text), made of C objects that later changes to the json module
    # cannot reach. No cycle check: encode() builds trees.
    _encode_json = make_encoder(
        None, _not_json, encode_basestring, None, ":", ",", False, False, True
    )
    _scan_json = make_scanner(_ScannerSettings)  # type: ignore[arg-type]

    def _to_json(message: dict[str, Any]) -> str:
        return _join(_encode_json(message, 0))

    def _from_json(text: str) -> Any:
        try:
            value, end = _scan_json(text, 0)
        except StopIteration:
            raise ValueError("no JSON value") from None
        if end != len(text):
            raise ValueError("extra data after the JSON value")
        return value

else:

    def _to_json(message: dict[str, Any]) -> str:
        return _json_module.dumps(message, ensure_ascii=False, separators=(",", ":"))

    def _from_json(text: str) -> Any:
        return _json_module.loads(text)


def dumps(message: dict[str, Any]) -> bytes:
    try:
        body = _to_json(message).encode("utf-8")
    except RecursionError:
        raise NotPlain("nested too deeply") from None
    if len(body) > MAX_MESSAGE_BYTES:
        raise NotPlain(f"message of {len(body)} bytes exceeds {MAX_MESSAGE_BYTES}")
    return _HEADER.pack(len(body)) + body


def loads(body: bytes) -> dict[str, Any]:
    try:
        message = _from_json(body.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed message: {type(exc).__name__}") from None
    if type(message) is not dict:
        raise ProtocolError("a message must be a JSON object")
    return message


def send(sock: _Socket, message: dict[str, Any]) -> None:
    sock.sendall(dumps(message))


def read_header(header: bytes) -> int:
    (size,) = _HEADER.unpack(header)
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"announced message of {size} bytes exceeds {MAX_MESSAGE_BYTES}")
    return int(size)


def recv_exactly(sock: _Socket, size: int) -> bytes:
    """Blocking read used by the student process (the trusted side has its own loop)."""
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(min(size - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError
        chunks += chunk
    return bytes(chunks)


def recv(sock: _Socket) -> dict[str, Any]:
    size = read_header(recv_exactly(sock, _HEADER.size))
    return loads(recv_exactly(sock, size))


HEADER_SIZE = _HEADER.size
