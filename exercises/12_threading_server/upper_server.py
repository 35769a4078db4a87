"""Exercise 12_threading_server: the lesson's socketserver example, done right.

练习 12_threading_server：把课上的 socketserver 例子写对——一个多线程的“转大写”行服务器。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything.

The protocol, per connection: the client sends UTF-8 lines ending in
``b"\\n"``; for each line the server strips the ``b"\\n"`` and one trailing
``b"\\r"``, decodes it, and replies ``line.upper()`` in UTF-8 plus ``b"\\n"``.

* an undecodable line gets ``b"ERROR invalid utf-8\\n"``; the connection goes on;
* a line longer than 65536 bytes (not counting ``\\n`` or ``\\r\\n``) gets
  ``b"ERROR line too long\\n"``, and then the server closes the connection.

Run as a program::

    python upper_server.py [--host H] [--port P]      (default 127.0.0.1:9999)

prints exactly ``LISTENING <port>`` (flushed) as its first line, serves until
SIGINT or SIGTERM, and exits with status 0.
"""

import argparse  # noqa: F401  (for main)
import signal  # noqa: F401  (for main)
import socketserver

MAX_LINE = 65536  # bytes of one line, not counting its "\n" or "\r\n"


class UpperHandler(socketserver.StreamRequestHandler):
    """Serves one connection: one reply line per request line, in order.

    一个连接对应一个 handler 实例；handle() 在这个连接自己的线程里运行。

    ``self.rfile.readline()`` reads one whole line however TCP split the
    bytes (it returns ``b""`` once the client has closed its side);
    ``self.wfile.write(data)`` sends all of ``data``.  Subclassing
    ``socketserver.BaseRequestHandler`` and using ``self.request`` (the
    socket) directly is fine too.
    """

    def handle(self):
        """Answer every line until the client closes the connection."""
        # TODO: loop: read a line (mind the 65536-byte limit), strip "\n" and
        # one "\r", decode, reply upper-cased; return when the client is gone.
        raise NotImplementedError("UpperHandler.handle")


class UpperServer(socketserver.ThreadingTCPServer):
    """A TCP server that handles every connection in a thread of its own."""

    # TODO: the two class attributes of the contract (see README.md):
    # allow_reuse_address and daemon_threads, and why each one matters.


def make_server(host="127.0.0.1", port=0):
    """An ``UpperServer`` bound to (host, port) and listening, not yet serving.

    Port 0 lets the system choose a free port; ``server.server_address[1]``
    is the real one.  The caller starts it with ``serve_forever()``.
    """
    # TODO
    raise NotImplementedError("make_server")


def main(argv=None):
    """The program: parse --host/--port, print ``LISTENING <port>``, serve, exit 0."""
    # TODO: argparse; make_server; print(..., flush=True); turn SIGTERM (and
    # SIGINT) into a clean stop; serve_forever(); server_close(); return 0.
    raise NotImplementedError("main")


if __name__ == "__main__":
    raise SystemExit(main())
