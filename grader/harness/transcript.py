"""What a test client sent and received, for failure messages a student can act on.

A failing socket test says what went over the wire, e.g.::

    sent b'hello\\n'  expected b'HELLO\\n'  got b''  (connection closed by server)

Only the head and tail of each direction are kept, so a 200 MB transfer costs a few
hundred bytes of memory here.
"""

from __future__ import annotations

from grader.said import Said

KEEP = 256  # bytes kept at each end of each direction
SHOW = 120  # bytes shown of one piece of data in a message


def shorten(data: bytes, limit: int = SHOW) -> str:
    """``repr`` of ``data``, with the middle replaced by a marker when it is long."""
    if len(data) <= limit:
        return repr(data)
    head, tail = data[: limit * 2 // 3], data[-(limit // 3) :]
    return f"{head!r}...[{len(data)} bytes]...{tail!r}"


class _Direction:
    def __init__(self) -> None:
        self.total = 0
        self.head = bytearray()
        self.tail = bytearray()

    def add(self, data: bytes) -> None:
        self.total += len(data)
        if len(self.head) < KEEP:
            taken = KEEP - len(self.head)
            self.head += data[:taken]
            data = data[taken:]
        self.tail += data
        del self.tail[: max(0, len(self.tail) - KEEP)]

    def describe(self) -> str:
        if self.total == 0:
            return Said("harness.nothing")
        if self.total == len(self.head) + len(self.tail):
            return shorten(bytes(self.head + self.tail))
        return f"{bytes(self.head)[:80]!r}...[{self.total} bytes]...{bytes(self.tail)[-40:]!r}"


class Transcript:
    """Bytes sent and received on one connection (or datagram socket)."""

    def __init__(self, peer: str = "server") -> None:
        self.peer = peer
        self.sent = _Direction()
        self.received = _Direction()

    def on_send(self, data: bytes) -> None:
        self.sent.add(data)

    def on_receive(self, data: bytes) -> None:
        self.received.add(data)

    def failure(self, *, expected: str, got: bytes | None, reason: str = "") -> str:
        """One line: what was sent, what was expected, what came back and why."""
        sent = self.sent.describe()
        if got is None:
            key = "harness.line_no_got" if reason else "harness.line_short"
            return Said(key, sent=sent, expected=expected, reason=reason)
        key = "harness.line_reason" if reason else "harness.line"
        return Said(key, sent=sent, expected=expected, got=shorten(got), reason=reason)

    def unfinished_line(self, *, expected: str, got: bytes, limit: float) -> str:
        """:meth:`failure` for a reply line that did not end within ``limit`` seconds."""
        return Said(
            "harness.line_unfinished",
            sent=self.sent.describe(),
            expected=expected,
            got=shorten(got),
            limit=f"{limit:g}",
        )

    def says(self, key: str, **values: str | int | float) -> Said:
        """The English sentence ``key`` + ``.server`` or ``.socket``, as this
        transcript's peer (``"server"`` or ``"student's socket"``) is."""
        side = "socket" if self.peer == "student's socket" else "server"
        return Said(f"{key}.{side}", **values)
