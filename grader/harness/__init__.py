"""The socket test harness: student servers, clients with transcripts, programs.

Tests reach it through the ``net`` fixture (see docs/writing-tests.md); the names below
are for type hints and probes.
"""

from grader.harness.clients import LineClient, NoAnswer, Peer, StreamEnd
from grader.harness.datagrams import DatagramClient
from grader.harness.dead import ServerStoppedAnswering
from grader.harness.net import Net, Served
from grader.harness.probes import (
    DatagramProbe,
    LineProbe,
    ProbeOutcome,
    ProbeResult,
    server_address,
)
from grader.harness.programs import Program

__all__ = [
    "DatagramClient",
    "DatagramProbe",
    "LineClient",
    "LineProbe",
    "Net",
    "NoAnswer",
    "Peer",
    "ProbeOutcome",
    "ProbeResult",
    "Program",
    "Served",
    "ServerStoppedAnswering",
    "StreamEnd",
    "server_address",
]
