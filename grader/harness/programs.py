"""A student's module run as a program (``python upper_server.py --port 0``)."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import threading
from collections.abc import Callable
from typing import IO

from grader.harness.transcript import shorten
from grader.said import Message, Said
from grader.sandbox.launch import StudentPopen
from grader.sandbox.output import HeadTail, drain

_LISTENING = re.compile(rb"LISTENING ([0-9]{1,5})\n")
_FIRST_LINE_LIMIT = 4096

# pytest leaves this module's frames out of failure reports.
__tracebackhide__ = True


class Program:
    """A running student program: its first line, signals, exit status and output."""

    def __init__(
        self,
        process: StudentPopen,
        *,
        name: str,
        output_cap: int,
        holds_port: Callable[[int, int], bool] | None = None,
    ) -> None:
        popen = process.popen
        assert popen.stdout is not None and popen.stderr is not None
        self.name = name
        self._process = process
        # (pid, port) -> whether the kernel says that process listens there.
        self._holds_port = holds_port
        self._stdout = HeadTail(output_cap)
        self._stderr = HeadTail(output_cap)
        self._first_line: queue.Queue[bytes] = queue.Queue(maxsize=1)
        self._readers = [
            threading.Thread(
                target=self._read_stdout, args=(popen.stdout,), daemon=True, name="grader-stdout"
            ),
            drain(popen.stderr, self._stderr),
        ]
        self._readers[0].start()
        self.port: int | None = None

    def _read_stdout(self, stream: IO[bytes]) -> None:
        first = stream.readline(_FIRST_LINE_LIMIT)
        self._stdout.feed(first)
        self._first_line.put(first)
        while chunk := stream.read1(65536):  # type: ignore[attr-defined]
            self._stdout.feed(chunk)
        stream.close()

    @property
    def pid(self) -> int | None:
        """The program's pid as the trusted side sees it (None once it has ended)."""
        return self._process.host_pid()

    @property
    def output(self) -> str:
        """What the program printed (head and tail of stdout, then of stderr)."""
        self._finish_reading(0.5)
        out, err = self._stdout.snapshot().text, self._stderr.snapshot().text
        return out + (f"\n[stderr]\n{err}" if err else "")

    def wait_listening(self, timeout: float = 5.0) -> int:
        """The port from the required first line of standard output, ``LISTENING <port>``."""
        try:
            line = self._first_line.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                Said("harness.program.no_first_line", name=self.name, limit=f"{timeout:g}")
            ) from None
        if not line:
            try:
                status = self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                raise AssertionError(
                    Said("harness.program.closed_stdout", name=self.name)
                ) from None
            raise AssertionError(
                Message(
                    Said("harness.program.ended", name=self.name, status=status),
                    self._stderr_tail(),
                )
            )
        match = _LISTENING.fullmatch(line)
        if match is None or not 0 < int(match.group(1)) < 65536:
            raise AssertionError(Said("harness.program.bad_first_line", got=shorten(line)))
        port = int(match.group(1))
        pid = self._process.host_pid()
        if self._holds_port is not None and (pid is None or not self._holds_port(pid, port)):
            raise AssertionError(Said("harness.program.not_listening", name=self.name, port=port))
        self.port = port
        return self.port

    def send_signal(self, signum: signal.Signals) -> None:
        self._process.send_signal(signum)

    def wait(self, timeout: float) -> int:
        """The exit status; fails the test if the program is still running after ``timeout``."""
        try:
            status = self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                Said("harness.program.still_running", name=self.name, limit=f"{timeout:g}")
            ) from None
        self._finish_reading(1.0)
        return status

    def _stderr_tail(self) -> str:
        self._finish_reading(0.5)
        text = self._stderr.snapshot().text.strip()
        if not text:
            return ""
        tail = text.splitlines()[-6:]
        return Message(Said("harness.program.stderr_tail"), "\n" + "\n".join(tail))

    def _finish_reading(self, timeout: float) -> None:
        if self._process.poll() is not None:
            for reader in self._readers:
                reader.join(timeout)

    def kill(self) -> None:
        """Kill the program and its process group; reap it."""
        # The whole group, even when the program itself has ended: children it left
        # behind must not outlive the test. (A group id is not reused while any member
        # of the group is alive.)
        self._process.kill()
