"""What the dead-server rule found out about a student's server (see
:mod:`grader.harness.net`), and the failure of the tests it then does not run."""

from __future__ import annotations

from dataclasses import dataclass

from grader.said import Said

# pytest leaves this module's frames out of failure reports.
__tracebackhide__ = True


class ServerStoppedAnswering(AssertionError):
    """An earlier test found the student's server wedged; this test was not run."""

    def __init__(self, dead: DeadServer) -> None:
        super().__init__(Said("harness.not_run", reason=dead.reason))
        self.summary = Said("harness.not_run", reason=dead.summary)
        self.limit_s = dead.limit_s


@dataclass(frozen=True)
class DeadServer:
    """What the dead-server rule found out about an exercise's server: ``reason`` in
    full (test name, what was sent), ``summary`` safe to show for hidden tests.

    ``wedged``: not a byte to the probe (or a factory that never returned): every later
    ``serve`` of the group fails at once. Otherwise the server answered without a line
    end: it is served as usual, and its clients get ``LINE_END_GRACE``."""

    reason: str
    summary: str
    limit_s: float
    wedged: bool = True
