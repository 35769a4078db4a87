# variant: wrong
# fails: test_spaces_and_tabs_around_and_inside_a_line_are_kept
# fails: test_only_one_trailing_cr_is_stripped
# fails: test_spaces_around_and_inside_a_line_are_kept
# WRONG: the lesson's .strip(): removes spaces, tabs and every \r around the line.
"""Exercise 12_threading_server: the lesson's socketserver example, done right.

A line server: each client sends UTF-8 lines ending in ``b"\\n"``; the server
answers each one upper-cased.  Many clients are served at the same time, one
thread per connection (``ThreadingTCPServer``).

Run it as a program::

    python upper_server.py --port 9999
    LISTENING 9999

and talk to it with ``nc 127.0.0.1 9999`` (or ``socat - TCP:127.0.0.1:9999``).
"""

import argparse
import signal
import socketserver

MAX_LINE = 65536  # bytes of one line, not counting its "\n" or "\r\n"


class UpperHandler(socketserver.StreamRequestHandler):
    """Serves one connection: one reply line per request line, in order.

    ``socketserver`` creates one instance per connection and calls ``handle``
    in that connection's own thread.  ``self.rfile`` and ``self.wfile`` are
    file objects over the socket: ``rfile.readline`` keeps reading until it
    has a whole line, however TCP split or merged the bytes.
    """

    def handle(self):
        try:
            while True:
                # At most MAX_LINE + 2 bytes: a line of the maximal length with "\r\n".
                line = self.rfile.readline(MAX_LINE + 2)
                if not line.endswith(b"\n"):
                    if len(line) > MAX_LINE + 1:  # no "\n" in sight: far too long
                        self.wfile.write(b"ERROR line too long\n")
                    # b"": the client closed its side.  Otherwise the stream
                    # ended in the middle of a line, which gets no answer.
                    return
                line = line.strip()
                if len(line) > MAX_LINE:
                    self.wfile.write(b"ERROR line too long\n")
                    return  # the connection is closed after handle() returns
                self.wfile.write(self.answer(line))
        except ConnectionError:
            # The client vanished (reset, or closed while we were writing).
            # That ends this connection only; other clients never notice.
            return

    @staticmethod
    def answer(line):
        """The reply to one line (without its terminator), terminator included."""
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            return b"ERROR invalid utf-8\n"
        # str.upper knows every alphabet: "straße".upper() == "STRASSE".
        # bytes.upper would only change the 26 ASCII letters.
        return text.upper().encode("utf-8") + b"\n"


class UpperServer(socketserver.ThreadingTCPServer):
    """A TCP server that handles every connection in a thread of its own."""

    # Restarting the server must not fail with "Address already in use" while
    # connections of the previous run linger in TIME_WAIT.
    allow_reuse_address = True
    # Handler threads must not keep the program alive after the server stops,
    # and server_close() must not wait for clients that never hang up.
    daemon_threads = True


def make_server(host="127.0.0.1", port=0):
    """An ``UpperServer`` bound to (host, port) and listening, not yet serving.

    Port 0 lets the system choose a free port; ``server.server_address[1]``
    is the real one.  Call ``serve_forever()`` to start answering.
    """
    return UpperServer((host, port), UpperHandler)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Upper-casing line server.")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=9999, help="0: any free port (default: 9999)")
    args = parser.parse_args(argv)

    # SIGTERM (what `kill` and service managers send) stops the server like
    # Ctrl-C does: signal.default_int_handler raises KeyboardInterrupt.  SIGINT
    # is set too, because a program started in the background may inherit
    # "ignore SIGINT" from its shell.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.default_int_handler)
    with make_server(args.host, args.port) as server:  # server_close() on exit
        print(f"LISTENING {server.server_address[1]}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
