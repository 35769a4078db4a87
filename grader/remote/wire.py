"""The wire format between the trusted test process and the student process.

Messages are length-prefixed JSON. Values are plain data only, checked by *exact*
type, so that a student's ``int`` subclass with an always-true ``__eq__`` can never
pass for an ``int``. Anything else travels as an opaque handle: a number that names an
object living in the student process. Decoding builds only built-in values; nothing
is ever unpickled or evaluated.

This module is imported by the student process too, so it uses the standard library only.
"""

from __future__ import annotations

import base64
import json
import socket
import struct
from collections.abc import Callable
from typing import Any

MAX_MESSAGE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
_HEADER = struct.Struct(">I")
_SCALARS = (type(None), bool, int, float, str)
_TAGS = frozenset({"L", "T", "D", "B", "S", "H"})


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message."""


class NotPlain(Exception):
    """A value that is not plain data (and has no handle) was to be sent."""


def encode(value: object, handle_for: Callable[[object], int], depth: int = 0) -> Any:
    """Turn ``value`` into JSON-able data; non-plain leaves become handles."""
    if depth > MAX_DEPTH:
        raise NotPlain("nested too deeply")
    kind = type(value)
    if kind in _SCALARS:
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
        return {"B": base64.b64encode(value).decode("ascii")}  # type: ignore[arg-type]
    if kind is slice:
        parts = (value.start, value.stop, value.step)  # type: ignore[attr-defined]
        return {"S": [encode(p, handle_for, depth + 1) for p in parts]}
    return {"H": handle_for(value)}


def decode(data: Any, resolve_handle: Callable[[int], object], depth: int = 0) -> Any:
    """Rebuild a value from :func:`encode`'s output, checking every type exactly."""
    if depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    kind = type(data)
    if kind in _SCALARS:
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
        if type(body) is not str:
            raise ProtocolError("bytes are not base64 text")
        try:
            return base64.b64decode(body.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
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


def dumps(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_MESSAGE_BYTES:
        raise NotPlain(f"message of {len(body)} bytes exceeds {MAX_MESSAGE_BYTES}")
    return _HEADER.pack(len(body)) + body


def loads(body: bytes) -> dict[str, Any]:
    try:
        message = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed message: {type(exc).__name__}") from None
    if type(message) is not dict:
        raise ProtocolError("a message must be a JSON object")
    return message


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    sock.sendall(dumps(message))


def read_header(header: bytes) -> int:
    (size,) = _HEADER.unpack(header)
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"announced message of {size} bytes exceeds {MAX_MESSAGE_BYTES}")
    return int(size)


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    """Blocking read used by the student process (the trusted side has its own loop)."""
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(min(size - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError
        chunks += chunk
    return bytes(chunks)


def recv(sock: socket.socket) -> dict[str, Any]:
    size = read_header(recv_exactly(sock, _HEADER.size))
    return loads(recv_exactly(sock, size))


HEADER_SIZE = _HEADER.size
