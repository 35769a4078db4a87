"""The UDP client that tests use to talk to student datagram servers.

Like the stream clients (:mod:`grader.harness.clients`): a timeout on every socket, a
transcript of what went each way, and every failure an ``AssertionError`` saying it.
"""

from __future__ import annotations

import socket
from types import TracebackType

from grader.harness.clients import NoAnswer, TimeoutHook
from grader.harness.transcript import Transcript, shorten
from grader.said import Said

_DATAGRAM_MAX = 65536

# pytest leaves this module's frames out of failure reports.
__tracebackhide__ = True


class DatagramClient:
    """A UDP client with a timeout and a transcript."""

    def __init__(
        self,
        address: tuple[str, int],
        *,
        timeout: float,
        on_timeout: TimeoutHook | None = None,
    ) -> None:
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.settimeout(timeout)
        # Connected: the kernel drops datagrams from any other source.
        self.sock.connect(address)
        self.address = address
        self.timeout = timeout
        self.transcript = Transcript()
        self._on_timeout = on_timeout

    def exchange(self, data: bytes) -> bytes:
        """Send one datagram; the server's reply datagram."""
        self.sock.send(data)
        self.transcript.on_send(data)
        try:
            reply = self.sock.recv(_DATAGRAM_MAX)
        except TimeoutError:
            limit = f"{self.timeout:g}"
            if self._on_timeout is not None:
                self._on_timeout(Said("harness.did.no_datagram", limit=limit))
            raise NoAnswer(
                self.transcript.failure(
                    expected=Said("harness.expect.datagram"),
                    got=None,
                    reason=Said("harness.reason.no_reply", limit=limit),
                ),
                limit_s=self.timeout,
                summary=Said("harness.summary.no_answer.server", limit=limit),
            ) from None
        except ConnectionRefusedError:
            raise AssertionError(
                self.transcript.failure(
                    expected=Said("harness.expect.datagram"),
                    got=None,
                    reason=Said("harness.reason.nothing_listens"),
                )
            ) from None
        self.transcript.on_receive(reply)
        return reply

    def expect_reply(self, data: bytes, expected: bytes) -> None:
        reply = self.exchange(data)
        if reply != expected:
            raise AssertionError(
                Said(
                    "harness.line",
                    sent=shorten(data),
                    expected=shorten(expected),
                    got=shorten(reply),
                )
            )

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> DatagramClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
