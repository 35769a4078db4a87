"""How the harness asks "does this server still answer?" after a test timed out.

A probe's verdict keeps what it received: a server that answers, even wrongly (a reply
without its line end, a wrong line, a closed connection), is not wedged. Only silence
(no byte at all within the probe's timeout) is: see :class:`ProbeOutcome`.
"""

from __future__ import annotations

import enum
import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from grader.harness.transcript import shorten
from grader.said import Said

PROBE_REPLY_LIMIT = 4096  # a probe's answer is one short line
Address = tuple[str, int] | str  # (host, port) or the path of a Unix socket
Expectation = bytes | Callable[[bytes], bool]


def matches(expect: Expectation, reply: bytes) -> bool:
    """Whether a reply satisfies an expectation; a predicate that raises on the
    student's bytes (e.g. ``.decode()`` of invalid UTF-8) means no."""
    if isinstance(expect, bytes):
        return reply == expect
    try:
        return bool(expect(reply))
    except Exception:
        return False


class ProbeOutcome(enum.Enum):
    """What a probe found. Only ``SILENT`` means the server is wedged."""

    ANSWERED = "answered"  # the expected reply
    WRONG = "wrong"  # a whole reply, not the expected one
    UNTERMINATED = "unterminated"  # bytes, but no line end within the timeout
    CLOSED = "closed"  # the connection closed, was reset or refused before any byte
    SILENT = "silent"  # not a byte within the timeout: the server is wedged


@dataclass(frozen=True)
class ProbeResult:
    """A probe's verdict: its outcome, what it received, and (unless answered as
    expected) what happened, in words."""

    outcome: ProbeOutcome
    received: bytes = b""
    problem: str | None = None


@dataclass(frozen=True)
class LineProbe:
    """Send one line (``send`` plus ``\\n``) on a fresh connection; the reply line
    (without ``\\n``) must be ``expect`` or satisfy it."""

    send: bytes
    expect: Expectation

    def check(self, address: Address, timeout: float) -> str | None:
        """``None`` if the server answered as expected, else what happened."""
        return self.run(address, timeout).problem

    def run(self, address: Address, timeout: float) -> ProbeResult:
        """The probe's verdict, with every byte it received (up to a short line)."""
        family = socket.AF_UNIX if isinstance(address, str) else _family(address[0])
        sent = shorten(self.send + b"\n")
        received = bytearray()
        deadline = time.monotonic() + timeout
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect(address)
                sock.sendall(self.send + b"\n")
                while b"\n" not in received and len(received) <= PROBE_REPLY_LIMIT:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    sock.settimeout(remaining)
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    received += chunk
            except TimeoutError:
                if not received:
                    return ProbeResult(
                        ProbeOutcome.SILENT,
                        problem=Said("harness.probe.silent", sent=sent, limit=f"{timeout:g}"),
                    )
            except (ConnectionResetError, BrokenPipeError):
                pass  # closed, abruptly: what was received, if anything, is the answer
            except OSError as exc:
                if not received:
                    return ProbeResult(
                        ProbeOutcome.CLOSED,
                        problem=Said("harness.probe.failed", sent=sent, error=str(exc)),
                    )
        reply = bytes(received)
        if not reply:
            return ProbeResult(ProbeOutcome.CLOSED, problem=Said("harness.probe.closed", sent=sent))
        if b"\n" not in reply:
            return ProbeResult(
                ProbeOutcome.UNTERMINATED,
                reply,
                Said(
                    "harness.probe.no_line_end",
                    sent=sent,
                    reply=shorten(reply),
                    limit=f"{timeout:g}",
                ),
            )
        line = reply.partition(b"\n")[0]
        if not matches(self.expect, line):
            answer = shorten(line + b"\n")
            return ProbeResult(
                ProbeOutcome.WRONG,
                reply,
                Said("harness.probe.answered", sent=sent, reply=answer),
            )
        return ProbeResult(ProbeOutcome.ANSWERED, reply)


@dataclass(frozen=True)
class DatagramProbe:
    """Send one datagram from a fresh socket; the reply must be ``expect`` or satisfy it."""

    send: bytes
    expect: Expectation

    def check(self, address: Address, timeout: float) -> str | None:
        """``None`` if the server answered as expected, else what happened."""
        return self.run(address, timeout).problem

    def run(self, address: Address, timeout: float) -> ProbeResult:
        if isinstance(address, str):
            raise TypeError("DatagramProbe needs a (host, port) address")
        what = Said("harness.probe.datagram", data=shorten(self.send))
        with socket.socket(_family(address[0]), socket.SOCK_DGRAM) as sock:
            sock.settimeout(timeout)
            try:
                # Connected, as the tests' datagram clients are: a reply must come from
                # the server's own address.
                sock.connect(address)
                sock.send(self.send)
                reply = sock.recv(65536)
            except TimeoutError:
                return ProbeResult(
                    ProbeOutcome.SILENT,
                    problem=Said("harness.probe.silent", sent=what, limit=f"{timeout:g}"),
                )
            except OSError as exc:
                return ProbeResult(
                    ProbeOutcome.CLOSED,
                    problem=Said("harness.probe.failed", sent=what, error=str(exc)),
                )
        if not matches(self.expect, reply):
            return ProbeResult(
                ProbeOutcome.WRONG,
                reply,
                Said("harness.probe.answered", sent=what, reply=shorten(reply)),
            )
        return ProbeResult(ProbeOutcome.ANSWERED, reply)


Probe = LineProbe | DatagramProbe


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_address(server: Any) -> Address:
    """Where to reach a student server: its ``server_address``, checked plain."""
    address = server.server_address
    if type(address) is str and address:
        return address
    if type(address) is not tuple or len(address) < 2:
        raise AssertionError(Said("harness.address.not_tuple", address=repr(address)))
    host, port = address[0], address[1]
    if type(host) is not str or type(port) is not int or not 0 < port < 65536:
        raise AssertionError(Said("harness.address.not_real", address=repr(address)))
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return (host, port)
