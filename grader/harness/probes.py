"""How the harness asks "does this server still answer?" after a test timed out."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from grader.harness.transcript import shorten

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


@dataclass(frozen=True)
class LineProbe:
    """Send one line (``send`` plus ``\\n``) on a fresh connection; the reply line
    (without ``\\n``) must be ``expect`` or satisfy it."""

    send: bytes
    expect: Expectation

    def check(self, address: Address, timeout: float) -> str | None:
        """``None`` if the server answered as expected, else what happened."""
        family = socket.AF_UNIX if isinstance(address, str) else _family(address[0])
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            received = bytearray()
            sent = shorten(self.send + b"\n")
            deadline = time.monotonic() + timeout
            try:
                sock.connect(address)
                sock.sendall(self.send + b"\n")
                while b"\n" not in received:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or len(received) > PROBE_REPLY_LIMIT:
                        raise TimeoutError
                    sock.settimeout(remaining)
                    chunk = sock.recv(4096)
                    if not chunk:
                        return f"the connection closed after {shorten(bytes(received))}"
                    received += chunk
            except TimeoutError:
                return f"no answer to {sent} within {timeout:g} s"
            except OSError as exc:
                return f"{sent} failed: {exc}"
        line = bytes(received).partition(b"\n")[0] + b"\n"
        if not matches(self.expect, line[:-1]):
            return f"{sent} was answered {shorten(line)}"
        return None


@dataclass(frozen=True)
class DatagramProbe:
    """Send one datagram from a fresh socket; the reply must be ``expect`` or satisfy it."""

    send: bytes
    expect: Expectation

    def check(self, address: Address, timeout: float) -> str | None:
        if isinstance(address, str):
            raise TypeError("DatagramProbe needs a (host, port) address")
        with socket.socket(_family(address[0]), socket.SOCK_DGRAM) as sock:
            sock.settimeout(timeout)
            try:
                # Connected, as the tests' datagram clients are: a reply must come from
                # the server's own address.
                sock.connect(address)
                sock.send(self.send)
                reply = sock.recv(65536)
            except TimeoutError:
                return f"no answer to the datagram {shorten(self.send)} within {timeout:g} s"
            except OSError as exc:
                return f"the datagram {shorten(self.send)} failed: {exc}"
        if not matches(self.expect, reply):
            return f"the datagram {shorten(self.send)} was answered {shorten(reply)}"
        return None


Probe = LineProbe | DatagramProbe


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
