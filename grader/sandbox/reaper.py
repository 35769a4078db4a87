"""Finding and killing every process a job started, double-forked daemons included.

The supervisor makes itself a *child subreaper* (``prctl(PR_SET_CHILD_SUBREAPER)``):
a process whose parent dies is re-parented to it instead of to init, so nothing a
student starts can leave the supervisor's tree without it noticing (that call is
:func:`grader.sandbox.hardening.become_subreaper`).
"""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Collection


def _parents() -> dict[int, int]:
    """pid -> parent pid for every process visible in /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                data = stat.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: parse after the last ')'.
        fields = data[data.rfind(b")") + 2 :].split()
        # A zombie is already dead: it cannot be killed, only reaped by its parent, and
        # its children were re-parented when it died. Counting it would keep a sweep
        # spinning until a (perhaps stopped) parent reaps it.
        if len(fields) > 1 and fields[0] not in (b"Z", b"X"):
            parents[int(entry)] = int(fields[1])
    return parents


def descendants(root: int, *, spare: Collection[int] = ()) -> set[int]:
    """Every process below ``root``, but neither the ``spare`` ones nor those below them."""
    parents = _parents()
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found and child not in spare:
                found.add(child)
                stack.append(child)
    return found


def _reap_ready() -> int:
    reaped = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid == 0:
            return reaped
        reaped += 1


def _wait_for_one_of(killed: set[int]) -> None:
    """Block until one of the ``killed`` children of this process is gone, so that a
    sweep does not spin; never for any other child (a spared one lives on)."""
    for pid in sorted(killed):
        try:
            os.waitpid(pid, 0)
            return
        except ChildProcessError:
            continue  # not a child of this process, or reaped already


def kill_descendants(
    root: int | None = None, *, rounds: int = 500, spare: Collection[int] = ()
) -> int:
    """SIGKILL every descendant of ``root`` (default: this process) until none is left,
    but the ``spare`` processes and their own descendants.

    Stopping first keeps a forking process from outrunning the sweep. Returns how many
    distinct processes were killed.
    """
    root = os.getpid() if root is None else root
    killed: set[int] = set()
    for _ in range(rounds):
        found = descendants(root, spare=spare)
        if not found:
            break
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in found:
                try:
                    os.kill(pid, sig)
                except OSError as exc:
                    if exc.errno not in (errno.ESRCH, errno.EPERM):
                        raise
        killed |= found
        if root == os.getpid():
            _reap_ready()
            _wait_for_one_of(found)
    if root == os.getpid():
        _reap_ready()
    return len(killed)
