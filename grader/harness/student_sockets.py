"""Sockets that live in the student's process, for testing functions that take a socket.

The source below is fixed (no code is generated): it runs next to the student's code
through ``student_env.exec`` and its ``connect`` is then called with plain arguments.
"""

from __future__ import annotations

import socket
import time
from typing import Any

from grader.harness.clients import Peer
from grader.said import Said

STUDENT_SIDE_SOURCE = '''
import socket as _socket


class GraderTestSocket(_socket.socket):
    """A real connected socket whose reads (and sends) may be made deliberately short,
    as TCP is allowed to make them."""

    max_recv = None
    max_send = None

    def recv(self, bufsize, flags=0):
        if self.max_recv:
            bufsize = min(bufsize, self.max_recv)
        return super().recv(bufsize, flags)

    def recv_into(self, buffer, nbytes=0, flags=0):
        if self.max_recv:
            nbytes = min(nbytes or memoryview(buffer).nbytes, self.max_recv)
        return super().recv_into(buffer, nbytes, flags)

    def send(self, data, flags=0):
        if self.max_send:
            data = memoryview(data).cast("B")[: self.max_send]
        return super().send(data, flags)


def connect(host, port, max_recv, max_send):
    raw = _socket.create_connection((host, port), timeout=10)
    raw.settimeout(None)
    sock = GraderTestSocket(fileno=raw.detach())
    sock.max_recv = max_recv
    sock.max_send = max_send
    return sock
'''


def connect_student_socket(
    env: Any, *, max_recv: int | None, max_send: int | None, timeout: float
) -> tuple[Any, Peer]:
    """(the student-side socket proxy, its trusted peer), connected over loopback."""
    with socket.create_server(("127.0.0.1", 0), backlog=1) as listener:
        listener.settimeout(timeout)
        port = listener.getsockname()[1]
        namespace = env.exec(STUDENT_SIDE_SOURCE)
        student_sock = namespace.connect("127.0.0.1", port, max_recv, max_send)
        expected_peer = tuple(student_sock.getsockname())[:2]
        deadline = time.monotonic() + timeout
        while True:
            try:
                listener.settimeout(max(0.001, deadline - time.monotonic()))
                accepted, peer_address = listener.accept()
            except TimeoutError:
                raise AssertionError(Said("harness.socket.not_connected")) from None
            if tuple(peer_address)[:2] == expected_peer:
                break
            accepted.close()  # somebody else's connection: not the one we made
    return student_sock, Peer(accepted, timeout=timeout)
