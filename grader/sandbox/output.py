"""Bounded capture of what student code prints: a head, a tail, and a byte count."""

from __future__ import annotations

import threading
from collections import deque
from typing import IO

from grader.results import CapturedOutput


class HeadTail:
    """Keeps the first and last ``cap // 2`` bytes of a stream of any length."""

    def __init__(self, cap: int) -> None:
        self._head_cap = cap // 2
        self._tail_cap = cap - self._head_cap
        self._head = bytearray()
        self._tail: deque[bytes] = deque()
        self._tail_size = 0
        self.total = 0
        self._lock = threading.Lock()

    def feed(self, chunk: bytes) -> None:
        with self._lock:
            self.total += len(chunk)
            room = self._head_cap - len(self._head)
            if room > 0:
                self._head += chunk[:room]
                chunk = chunk[room:]
            if not chunk:
                return
            self._tail.append(chunk)
            self._tail_size += len(chunk)
            while self._tail and self._tail_size - len(self._tail[0]) >= self._tail_cap:
                self._tail_size -= len(self._tail.popleft())

    def snapshot(self) -> CapturedOutput:
        with self._lock:
            tail = b"".join(self._tail)[-self._tail_cap :] if self._tail_cap else b""
            kept = len(self._head) + len(tail)
            dropped = self.total - kept
            text = self._head.decode("utf-8", "replace")
            if dropped > 0:
                text += f"\n[... {dropped} bytes of output omitted ...]\n"
            text += tail.decode("utf-8", "replace")
            return CapturedOutput(text=text, total_bytes=self.total, truncated=dropped > 0)


def drain(stream: IO[bytes], sink: HeadTail) -> threading.Thread:
    """Read ``stream`` to its end on a daemon thread, feeding ``sink``; then close it.

    The thread owns the stream: nobody else may close it. A buffered reader holds its
    lock while it waits in ``read``, so closing it from another thread blocks until the
    pipe ends, and a student's daemon that keeps the pipe open makes that forever.
    """

    def pump() -> None:
        read = getattr(stream, "read1", stream.read)
        try:
            while True:
                try:
                    chunk = read(1 << 16)
                except (OSError, ValueError):
                    return
                if not chunk:
                    return
                sink.feed(chunk)
        finally:
            stream.close()

    thread = threading.Thread(target=pump, name="student-output", daemon=True)
    thread.start()
    return thread
