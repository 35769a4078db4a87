"""Facts about a student's process as the kernel states them, read on the trusted side.

What student code reports about itself is its own answer: a server bound to every
interface (``0.0.0.0``, ``::``) can report ``127.0.0.1`` in its ``server_address``, and
``threading.enumerate`` can be replaced. The kernel knows better:

* sockets: a process's links ``/proc/PID/fd/N -> socket:[INODE]``, and the tables
  ``/proc/self/net/tcp``, ``tcp6``, ``udp``, ``udp6`` and ``unix`` of the grading's
  network namespace (the trusted side's own), which give each socket inode its local
  address or path;
* threads: ``/proc/PID/task`` (every thread, however it was started).

Nothing here asks the student's code anything.
"""

from __future__ import annotations

import os
import re
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

from grader.said import Said

PROC = Path("/proc")
_SOCKET_LINK = re.compile(r"socket:\[([0-9]+)\]")
_TCP_LISTEN = "0A"
_FAMILIES = {"tcp": ("tcp", "tcp6"), "udp": ("udp", "udp6")}


class CannotSee(AssertionError):
    """The kernel's view of a process could not be read (a test that needed it fails: a
    fact that decides a grade is never taken from the student instead)."""


@dataclass(frozen=True)
class BoundSocket:
    """One socket of the process: its protocol, local host (``socket.inet_ntop`` text:
    ``"127.0.0.1"``, ``"0.0.0.0"``, ``"::1"``, ``"::"``) and local port."""

    protocol: str
    host: str
    port: int


def socket_inodes(pid: int, proc: Path = PROC) -> set[int]:
    """The inodes of the sockets process ``pid`` holds open."""
    fd_dir = proc / str(pid) / "fd"
    try:
        names = os.listdir(fd_dir)
    except OSError as exc:
        raise CannotSee(f"cannot list the open files of process {pid}: {exc}") from None
    inodes: set[int] = set()
    for name in names:
        try:
            target = os.readlink(fd_dir / name)
        except OSError:
            continue  # closed while we looked
        found = _SOCKET_LINK.fullmatch(target)
        if found:
            inodes.add(int(found.group(1)))
    return inodes


def bound_sockets(pid: int, protocol: str = "tcp", proc: Path = PROC) -> list[BoundSocket]:
    """The listening TCP sockets (``protocol="tcp"``) or the bound UDP sockets
    (``"udp"``) of process ``pid``."""
    inodes = socket_inodes(pid, proc)
    found: list[BoundSocket] = []
    for table in _FAMILIES[protocol]:
        # This process's own tables: the grading's network namespace, where the trusted
        # clients connect. A socket student code made in a namespace of its own (a decoy
        # on the same port) is not in them, and /proc/PID/net would show that one.
        try:
            text = (proc / "self" / "net" / table).read_text(encoding="ascii")
        except FileNotFoundError:
            if table.endswith("6"):
                continue  # no IPv6 in this kernel or namespace
            raise CannotSee(f"cannot read the {table} table") from None
        except OSError as exc:
            raise CannotSee(f"cannot read the {table} table: {exc}") from None
        for line in text.splitlines()[1:]:
            entry = _parse(line, protocol, inodes)
            if entry is not None:
                found.append(entry)
    return found


def _parse(line: str, protocol: str, inodes: set[int]) -> BoundSocket | None:
    # "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ..."
    fields = line.split()
    if len(fields) < 10 or not fields[9].isdigit() or int(fields[9]) not in inodes:
        return None
    if protocol == "tcp" and fields[3] != _TCP_LISTEN:
        return None
    address, _, port = fields[1].partition(":")
    return BoundSocket(protocol, _host(address), int(port, 16))


def _host(hex_address: str) -> str:
    # The kernel prints the address as 32-bit words in the machine's byte order.
    words = [int(hex_address[i : i + 8], 16) for i in range(0, len(hex_address), 8)]
    packed = b"".join(struct.pack("=I", word) for word in words)
    family = socket.AF_INET if len(packed) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, packed)


def bound_address(pid: int, port: int, protocol: str = "tcp", proc: Path = PROC) -> tuple[str, int]:
    """The one local address on ``port`` of process ``pid``'s listening TCP (or bound
    UDP) sockets; ``AssertionError`` when there is none or more than one."""
    matching = [s for s in bound_sockets(pid, protocol, proc) if s.port == port]
    # "harness.kernel.none_tcp", "harness.kernel.several_udp", ...
    if not matching:
        raise AssertionError(Said(f"harness.kernel.none_{protocol}", port=port))
    if len(matching) > 1:
        hosts = ", ".join(sorted(s.host for s in matching))
        raise AssertionError(Said(f"harness.kernel.several_{protocol}", port=port, hosts=hosts))
    return (matching[0].host, port)


def holds_port(pid: int, port: int, proc: Path = PROC) -> bool:
    """Whether process ``pid`` holds a listening TCP or a bound UDP socket on ``port``."""
    return any(s.port == port for protocol in _FAMILIES for s in bound_sockets(pid, protocol, proc))


def holds_unix_path(pid: int, path: str, proc: Path = PROC) -> bool:
    """Whether process ``pid`` holds a Unix socket bound to ``path``."""
    inodes = socket_inodes(pid, proc)
    try:
        text = (proc / "self" / "net" / "unix").read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise CannotSee(f"cannot read the unix socket table: {exc}") from None
    for line in text.splitlines()[1:]:
        # "Num RefCount Protocol Flags Type St Inode Path"
        fields = line.split(maxsplit=7)
        held = len(fields) == 8 and fields[6].isdigit() and int(fields[6]) in inodes
        if held and fields[7] == path:
            return True
    return False


def threads(pid: int, proc: Path = PROC) -> frozenset[int]:
    """The kernel ids of the threads of process ``pid``."""
    try:
        return frozenset(int(name) for name in os.listdir(proc / str(pid) / "task"))
    except OSError as exc:
        raise CannotSee(f"cannot list the threads of process {pid}: {exc}") from None
