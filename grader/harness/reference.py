"""Trusted servers for testing student clients: the handler is the test's own code."""

from __future__ import annotations

import socket
import socketserver
import threading
from typing import Any

STOP_GRACE = 2.0


class _Tracking:
    """Mix-in: accepted connections get a timeout and are remembered, so that stopping
    the server can cut them (a student client that never closes must not keep a
    handler, or the server's shutdown, waiting)."""

    connection_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._lock = threading.Lock()
        self._connections: list[socket.socket] = []
        super().__init__(*args, **kwargs)

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()  # type: ignore[misc]
        connection.settimeout(self.connection_timeout)
        with self._lock:
            self._connections.append(connection)
        return connection, address

    def cut_connections(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _ThreadingServer(_Tracking, socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class _PlainServer(_Tracking, socketserver.TCPServer):
    allow_reuse_address = True


class _ThreadingServer6(_ThreadingServer):
    address_family = socket.AF_INET6


class _PlainServer6(_PlainServer):
    address_family = socket.AF_INET6


class ReferenceServer:
    """A ``socketserver`` running a test-defined handler in a thread of the test process."""

    POLL_INTERVAL = 0.05

    def __init__(
        self,
        handler_class: type[socketserver.BaseRequestHandler],
        *,
        threading_server: bool = True,
        host: str = "127.0.0.1",
        connection_timeout: float = 10.0,
    ) -> None:
        server_class: type[_ThreadingServer | _PlainServer]
        if ":" in host:
            server_class = _ThreadingServer6 if threading_server else _PlainServer6
        else:
            server_class = _ThreadingServer if threading_server else _PlainServer
        server = server_class((host, 0), handler_class)
        server.connection_timeout = connection_timeout
        self.server = server
        self.address: tuple[str, int] = server.server_address[:2]  # type: ignore[assignment]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": self.POLL_INTERVAL},
            daemon=True,
            name="grader-reference-server",
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, cut open connections, close; bounded in time."""
        self.server.cut_connections()
        stopper = threading.Thread(target=self.server.shutdown, daemon=True)
        stopper.start()
        stopper.join(STOP_GRACE)
        self.server.server_close()
        self._thread.join(STOP_GRACE)
