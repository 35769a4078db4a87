"""Trusted servers for testing student clients: the handler is the test's own code."""

from __future__ import annotations

import socket
import socketserver
import threading


class _ThreadingServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class _PlainServer(socketserver.TCPServer):
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
    ) -> None:
        if ":" in host:
            server_class: type[socketserver.TCPServer] = (
                _ThreadingServer6 if threading_server else _PlainServer6
            )
        else:
            server_class = _ThreadingServer if threading_server else _PlainServer
        self.server = server_class((host, 0), handler_class)
        self.address: tuple[str, int] = self.server.server_address[:2]  # type: ignore[assignment]
        self._thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": self.POLL_INTERVAL},
            daemon=True,
            name="grader-reference-server",
        )
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
