"""How many gradings run at once: a machine's cores, shared as course.yaml's ``cpu_share``
says (an exercise whose tests mostly wait on sockets counts for half a core, so two of
its gradings run per core).

The same rule for the local pool (:mod:`grader.batch.pool`, one loop hands out the
places) and for a Dask worker (:mod:`grader.batch.cluster`, each of the worker's threads
takes a place before its grading and gives it back after).
"""

from __future__ import annotations

import collections
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Shares like 1/3 do not add up exactly.
_TOLERANCE = 1e-9


def fits(load: float, share: float, cores: float) -> bool:
    """Whether a grading of ``share`` may start beside gradings that use ``load`` of
    ``cores``; the first one always may, whatever its share."""
    return load <= _TOLERANCE or load + share <= cores + _TOLERANCE


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, as a container or
    ``taskset`` sets it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


class CoreBudget:
    """``cores`` shared by threads that each hold a place for one grading at a time,
    first come, first served (as the local pool takes its jobs in order)."""

    def __init__(self, cores: float) -> None:
        self.cores = cores
        self._load = 0.0
        self._waiting: collections.deque[object] = collections.deque()
        self._changed = threading.Condition()

    @contextmanager
    def held(self, share: float) -> Iterator[None]:
        """Wait until a grading of ``share`` is first in line and fits, hold its place
        while in the block."""
        ticket = object()
        with self._changed:
            self._waiting.append(ticket)
            try:
                self._changed.wait_for(
                    lambda: self._waiting[0] is ticket and fits(self._load, share, self.cores)
                )
            finally:
                self._waiting.remove(ticket)
                self._changed.notify_all()  # the next in line may fit too, or be first now
            self._load += share
        try:
            yield
        finally:
            with self._changed:
                self._load = max(0.0, self._load - share)
                self._changed.notify_all()
