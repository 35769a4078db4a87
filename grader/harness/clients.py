"""Clients that tests use to talk to student servers (and to student sockets).

Rules each one follows: every socket has a timeout; reads loop on ``recv`` until the
delimiter, because TCP may split or merge segments as it likes; every failure (a wrong
answer, a timeout, an unexpected close) raises ``AssertionError`` with the transcript.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType

from grader.harness.transcript import Transcript, shorten
from grader.said import Said

TimeoutHook = Callable[[str], None]


class NoAnswer(AssertionError):
    """The peer did not answer (or read) within the client's timeout.

    ``summary`` says so without any transcript (safe to show for hidden tests)."""

    def __init__(self, message: str, *, limit_s: float, summary: str) -> None:
        super().__init__(message)
        self.limit_s = limit_s
        self.summary = summary


_CHUNK = 65536
# A read may take its timeout plus the time to receive its bytes at this rate: large
# transfers get the time they need, while a peer that trickles bytes to dodge the
# timeout of each recv still fails within about one timeout.
MIN_RATE = 1 << 20  # bytes per second


class _Budget:
    """The time left for one read operation (see ``MIN_RATE``)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.started = time.monotonic()
        self.received = 0

    def remaining(self) -> float:
        return self.started + self.timeout + self.received / MIN_RATE - time.monotonic()


# pytest leaves this module's frames out of failure reports.
__tracebackhide__ = True


class StreamEnd:
    """One end of a stream connection, held by the trusted side."""

    def __init__(
        self,
        sock: socket.socket,
        *,
        timeout: float,
        peer: str = "server",
        on_timeout: TimeoutHook | None = None,
        line_end_grace: float | None = None,
    ) -> None:
        sock.settimeout(timeout)
        self.sock = sock
        self.timeout = timeout
        # For a server known to leave its replies without a line end (the dead-server
        # rule's probe found one): a reply line must end within this many seconds of
        # its first byte (plus its size at MIN_RATE), instead of a whole timeout.
        self.line_end_grace = line_end_grace
        self.transcript = Transcript(peer)
        self._on_timeout = on_timeout
        self._pending = bytearray()
        self._closed_by_peer = False
        self.unfinished = b""  # bytes of an unfinished line when the peer closed

    # -- sending ----------------------------------------------------------------------
    def send(self, data: bytes, *, peer_may_close: bool = False) -> None:
        """Send all of ``data``. With ``peer_may_close``, the peer closing the connection
        meanwhile (e.g. after rejecting an over-long line) is not a failure."""
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError) as exc:
            self.transcript.on_send(data)
            if peer_may_close:
                return
            raise AssertionError(
                self.transcript.failure(
                    expected=self.transcript.says("harness.expect.reads"),
                    got=None,
                    reason=self.transcript.says("harness.reason.closed_sending", error=str(exc)),
                )
            ) from None
        except TimeoutError:
            self.transcript.on_send(data)
            limit = f"{self.timeout:g}"
            self._timed_out(Said("harness.did.send", count=len(data), limit=limit))
            raise NoAnswer(
                self.transcript.failure(
                    expected=self.transcript.says("harness.expect.reads"),
                    got=None,
                    reason=Said("harness.reason.send_blocked", limit=limit),
                ),
                limit_s=self.timeout,
                summary=self.transcript.says("harness.summary.no_read", limit=limit),
            ) from None
        self.transcript.on_send(data)

    def send_line(self, line: str | bytes) -> None:
        """Send one line: ``line`` (str is UTF-8 encoded) and ``\\n``."""
        data = line.encode("utf-8") if isinstance(line, str) else line
        self.send(data + b"\n")

    def send_in_pieces(self, data: bytes, size: int = 1) -> None:
        """Send ``data`` in separate writes of ``size`` bytes (Nagle off for TCP)."""
        if self.sock.family in (socket.AF_INET, socket.AF_INET6):
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for start in range(0, len(data), size):
            self.send(data[start : start + size])

    def shutdown_write(self) -> None:
        """Half-close: tell the peer we are done sending; keep reading."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # already closed by the peer: the reads that follow will say so

    # -- receiving --------------------------------------------------------------------
    def _recv(self, budget: _Budget, *, expected: str, line_since: float | None = None) -> bytes:
        """One ``recv`` within ``budget``; ``b""`` at the end of the stream (or a reset).
        ``line_since``: when the unfinished line in ``_pending`` began (see
        ``line_end_grace``)."""
        if self._closed_by_peer:
            return b""
        limit = budget.remaining()
        by_grace = False
        if self.line_end_grace is not None and line_since is not None and self._pending:
            grace_left = (
                line_since + self.line_end_grace + len(self._pending) / MIN_RATE - time.monotonic()
            )
            by_grace = grace_left < limit
            limit = min(limit, grace_left)
        try:
            if limit <= 0:
                raise TimeoutError
            self.sock.settimeout(limit)
            chunk = self.sock.recv(_CHUNK)
        except TimeoutError:
            got = bytes(self._pending)
            if by_grace:
                # Not a timeout: a protocol break this server is already known for.
                raise AssertionError(
                    self.transcript.failure(
                        expected=expected,
                        got=got,
                        reason=Said("harness.reason.no_line_end", limit=f"{self.line_end_grace:g}"),
                    )
                ) from None
            # Bytes without their line end are an answer: say so, not "no reply".
            limit_s = f"{self.timeout:g}"
            if got:
                message = self.transcript.unfinished_line(
                    expected=expected, got=got, limit=self.timeout
                )
                summary = self.transcript.says("harness.summary.unfinished", limit=limit_s)
                self._timed_out(Said("harness.did.unfinished", limit=limit_s))
            else:
                reason = Said("harness.reason.no_reply", limit=limit_s)
                message = self.transcript.failure(expected=expected, got=got, reason=reason)
                summary = self.transcript.says("harness.summary.no_answer", limit=limit_s)
                self._timed_out(Said("harness.did.no_reply", limit=limit_s))
            raise NoAnswer(message, limit_s=self.timeout, summary=summary) from None
        except ConnectionResetError:
            chunk = b""
        finally:
            self.sock.settimeout(self.timeout)
        if not chunk:
            self._closed_by_peer = True
        budget.received += len(chunk)
        self.transcript.on_receive(chunk)
        return chunk

    def read_line(self, *, limit: int = 1 << 20, expected: str = "") -> bytes | None:
        """The next line without its ``\\n``; ``None`` if the peer closed first (the
        bytes of an unfinished last line are in ``unfinished``). ``expected`` words
        what the test waits for, in the failure message."""
        expected = expected or Said("harness.expect.line")
        budget = _Budget(self.timeout)
        scanned = 0
        # When the unfinished line began (bytes left from an earlier read: now).
        since = time.monotonic() if self._pending else None
        while (end := self._pending.find(b"\n", scanned)) < 0:
            scanned = len(self._pending)
            if scanned > limit:
                raise AssertionError(
                    self.transcript.failure(
                        expected=expected,
                        got=bytes(self._pending),
                        reason=Said("harness.reason.no_newline", limit=limit),
                    )
                )
            chunk = self._recv(budget, expected=expected, line_since=since)
            if not chunk:
                self.unfinished = bytes(self._pending)
                self._pending.clear()
                return None
            self._pending += chunk
            since = time.monotonic() if since is None else since
        line = bytes(self._pending[:end])
        del self._pending[: end + 1]
        return line

    def expect_line(self, expected: str | bytes) -> None:
        """The next line must be ``expected`` (without its ``\\n``)."""
        want = expected.encode("utf-8") if isinstance(expected, str) else expected
        described = shorten(want + b"\n")
        line = self.read_line(expected=described, limit=max(1 << 20, 2 * len(want)))
        if line is None:
            raise AssertionError(
                self.transcript.failure(
                    expected=described,
                    got=self.unfinished,
                    reason=self.transcript.says("harness.reason.closed"),
                )
            )
        if line != want:
            raise AssertionError(self.transcript.failure(expected=described, got=line + b"\n"))

    def expect_lines(self, expected: Iterable[str | bytes]) -> None:
        for line in expected:
            self.expect_line(line)

    def read_exactly(self, size: int) -> bytes:
        """Exactly ``size`` bytes (fails if the peer closes first)."""
        return b"".join(self.stream_exactly(size))

    def stream_exactly(self, size: int) -> Iterator[bytes]:
        """Exactly ``size`` bytes, in chunks as they arrive (for large transfers that
        must not sit whole in the test's memory)."""
        remaining = size
        budget = _Budget(self.timeout)
        if self._pending:
            first = bytes(self._pending[:remaining])
            del self._pending[: len(first)]
            remaining -= len(first)
            yield first
        while remaining:
            wanted = Said("harness.expect.bytes", count=size)
            chunk = self._recv(budget, expected=wanted)
            if not chunk:
                raise AssertionError(
                    self.transcript.failure(
                        expected=wanted,
                        got=None,
                        reason=self.transcript.says(
                            "harness.reason.closed_after", count=size - remaining
                        ),
                    )
                )
            if len(chunk) > remaining:
                self._pending += chunk[remaining:]
                chunk = chunk[:remaining]
            remaining -= len(chunk)
            yield chunk

    def send_stream(self, chunks: Iterable[bytes]) -> None:
        """Send every chunk in turn (for large transfers generated on the fly)."""
        for chunk in chunks:
            self.send(chunk)

    def read_until_closed(self, *, limit: int = 1 << 24) -> bytes:
        """Everything the peer sends until it closes the connection."""
        data = bytearray(self._pending)
        self._pending.clear()
        budget = _Budget(self.timeout)
        while True:
            chunk = self._recv(budget, expected=Said("harness.expect.closed"))
            if not chunk:
                return bytes(data)
            data += chunk
            if len(data) > limit:
                raise AssertionError(
                    self.transcript.failure(
                        expected=Said("harness.expect.at_most", limit=limit),
                        got=bytes(data),
                    )
                )

    def expect_closed(self) -> None:
        """The peer must close the connection without sending anything more."""
        rest = self.read_until_closed(limit=1 << 16)
        if rest:
            raise AssertionError(
                self.transcript.failure(
                    expected=self.transcript.says("harness.expect.close"), got=rest
                )
            )

    # -- life cycle -------------------------------------------------------------------
    def _timed_out(self, what: str) -> None:
        if self._on_timeout is not None:
            self._on_timeout(what)

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> StreamEnd:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class LineClient(StreamEnd):
    """A client connected to a server under test (TCP, or a Unix stream socket)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: float,
        on_timeout: TimeoutHook | None = None,
        line_end_grace: float | None = None,
    ) -> None:
        sock = _connect((host, port), timeout=timeout, on_timeout=on_timeout)
        super().__init__(
            sock, timeout=timeout, on_timeout=on_timeout, line_end_grace=line_end_grace
        )

    @classmethod
    def unix(
        cls,
        path: str,
        *,
        timeout: float,
        on_timeout: TimeoutHook | None = None,
        line_end_grace: float | None = None,
    ) -> LineClient:
        client = cls.__new__(cls)
        sock = _connect(path, timeout=timeout, on_timeout=on_timeout)
        StreamEnd.__init__(
            client, sock, timeout=timeout, on_timeout=on_timeout, line_end_grace=line_end_grace
        )
        return client

    def __enter__(self) -> LineClient:
        return self


def _connect(
    address: tuple[str, int] | str, *, timeout: float, on_timeout: TimeoutHook | None
) -> socket.socket:
    """A stream socket connected to ``address`` (``(host, port)`` or a Unix path)."""
    limit = f"{timeout:g}"
    where: str
    if isinstance(address, str):
        where = Said("harness.unix_socket", path=address)
        failed = Said("harness.connect_timeout", where=where, limit=limit)
    else:
        where = f"{address[0]}:{address[1]}"
        failed = Said("harness.connect_timeout_backlog", where=where, limit=limit)
    try:
        if isinstance(address, str):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(address)
            except BaseException:
                sock.close()
                raise
        else:
            sock = socket.create_connection(address, timeout=timeout)
    except TimeoutError:
        if on_timeout is not None:
            on_timeout(Said("harness.did.connect", limit=limit))
        raise NoAnswer(
            failed, limit_s=timeout, summary=Said("harness.summary.no_accept", limit=limit)
        ) from None
    except OSError as exc:
        raise AssertionError(Said("harness.connect_failed", where=where, error=str(exc))) from None
    return sock


class Peer(StreamEnd):
    """The trusted end of a socket whose other end is in the student's process."""

    def __init__(self, sock: socket.socket, *, timeout: float) -> None:
        super().__init__(sock, timeout=timeout, peer="student's socket")
        self._senders: list[threading.Thread] = []
        self._send_errors: list[BaseException] = []

    def send_in_background(self, data: bytes, *, piece: int = 0) -> None:
        """Send ``data`` from a helper thread, so the test can call student code that
        reads it (payloads larger than the socket buffers). ``piece``: bytes per write."""

        def pump() -> None:
            try:
                if piece:
                    self.send_in_pieces(data, piece)
                else:
                    self.send(data)
            except BaseException as exc:
                self._send_errors.append(exc)

        thread = threading.Thread(target=pump, daemon=True, name="grader-peer-send")
        thread.start()
        self._senders.append(thread)

    def wait_sent(self) -> None:
        """Wait for background sends to finish; fail with their error if one failed."""
        for thread in self._senders:
            thread.join(self.timeout)
            if thread.is_alive():
                raise AssertionError(
                    self.transcript.says("harness.summary.no_read", limit=f"{self.timeout:g}")
                )
        self._senders.clear()
        if self._send_errors:
            raise self._send_errors[0]

    def close(self) -> None:
        try:
            # Wakes a background sender blocked on a full socket buffer.
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        for thread in self._senders:
            thread.join(self.timeout)
        self.sock.close()
