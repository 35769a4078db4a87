"""Keeping student processes out of the trusted processes' insides.

A student process runs under the same user id as the grader (tier ``process``), and
Linux lets a process open ``/proc/<pid>/fd/N``, read ``/proc/<pid>/mem``, ``ptrace`` or
``pidfd_getfd`` another process of its user. Marking the grader's processes not
*dumpable* makes the kernel refuse all of these to unprivileged processes, so a student
cannot reopen the results pipe or read the trusted side's memory. Root is not bound by
it: grading as root needs a separate user id or namespaces for that guarantee.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Iterator

_PR_SET_PDEATHSIG = 1
_PR_GET_DUMPABLE = 3
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36


def prctl(option: int, value: int) -> bool:
    """``prctl(option, value)`` on this process; True when the kernel agreed (Linux only)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(option, value, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def forbid_inspection() -> bool:
    """Make this process non-dumpable."""
    return prctl(_PR_SET_DUMPABLE, 0)


@contextlib.contextmanager
def own_proc_files_writable() -> Iterator[None]:
    """Let this process write its own ``/proc/self`` files for the block (its user
    namespace's id maps): a non-dumpable process's belong to root, so an unprivileged
    process forked from a non-dumpable one (a warm worker's) could not. Non-dumpable
    again after the block, if it was before it; the block is a few writes long."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        was_dumpable = int(libc.prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0)) != 0
    except (OSError, AttributeError):
        was_dumpable = True
    if not was_dumpable:
        prctl(_PR_SET_DUMPABLE, 1)
    try:
        yield
    finally:
        if not was_dumpable:
            forbid_inspection()


def die_with_parent(parent: int) -> None:
    """Be killed when ``parent`` (this process's parent now) dies; exit at once if it
    already has. A worker's helper process must not outlive the worker."""
    prctl(_PR_SET_PDEATHSIG, 9)  # SIGKILL
    if os.getppid() != parent:
        os._exit(1)


def become_subreaper() -> bool:
    """Adopt orphaned descendants: a process whose parent dies is re-parented here
    instead of to init, so nothing a student starts can leave this process's tree."""
    return prctl(_PR_SET_CHILD_SUBREAPER, 1)
