# variant: wrong
# fails: test_unix_invalid_utf8_lines_get_errors_and_the_connection_goes_on
# WRONG: closes the connection after an undecodable line (return instead of continue).
"""Deliberately WRONG variant of the 13_more_servers solution (grader test data).

Three servers built from the same ``socketserver`` parts as 12_threading_server,
each changing one thing:

* a UDP server (``SOCK_DGRAM``): no connections, one request = one datagram;
* a Unix stream server (``AF_UNIX``): the address is a path in the file system;
* a forking TCP server: each connection is handled in a child process.
"""

# 参考答案：同一套 socketserver 零件，分别换成 UDP、Unix 套接字和多进程。

import os
import socketserver

MAX_LINE = 65536  # the longest line of the line protocol, without its terminator
LINE_LIMIT = MAX_LINE + 2  # ... and with "\r\n"


# --------------------------------------------------------------------------
# UDP: one datagram in, one datagram out
# --------------------------------------------------------------------------

class ReverseHandler(socketserver.BaseRequestHandler):
    """Replies to each datagram with its UTF-8 text reversed."""

    def handle(self):
        # For a datagram server, self.request is (the datagram's bytes, the
        # server's socket); there is no connection to write to, so the reply is
        # addressed explicitly to the sender with sendto().
        data, sock = self.request
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            reply = b"ERROR invalid utf-8"
        else:
            # Reverse the text (code points), not the bytes: reversing the bytes
            # of "é" (b"\xc3\xa9") would give b"\xa9\xc3", which is not UTF-8.
            reply = text[::-1].encode("utf-8")
        sock.sendto(reply, self.client_address)


def make_udp_server(host="127.0.0.1", port=0):
    """A ThreadingUDPServer bound to ``(host, port)`` using ReverseHandler."""
    return socketserver.ThreadingUDPServer((host, port), ReverseHandler)


# --------------------------------------------------------------------------
# Unix stream socket: the line protocol of 12_threading_server
# --------------------------------------------------------------------------

class UpperLineHandler(socketserver.StreamRequestHandler):
    """Upper-cases UTF-8 lines until the client closes (12's protocol)."""

    def handle(self):
        while True:
            # Read at most one line of MAX_LINE bytes plus "\r\n": a longer line
            # is refused before it can fill the server's memory.
            raw = self.rfile.readline(LINE_LIMIT)
            if not raw.endswith(b"\n"):
                if len(raw) == LINE_LIMIT:  # LINE_LIMIT bytes and still no "\n"
                    self.wfile.write(b"ERROR line too long\n")
                # Otherwise the client has closed (b"", or an unfinished last line).
                return
            line = raw[:-1]
            if line.endswith(b"\r"):
                line = line[:-1]
            if len(line) > MAX_LINE:
                self.wfile.write(b"ERROR line too long\n")
                return
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                self.wfile.write(b"ERROR invalid utf-8\n")
                return
            self.wfile.write(text.upper().encode("utf-8") + b"\n")


class UnixUpperServer(socketserver.ThreadingUnixStreamServer):
    """A threading Unix stream server that removes its socket file when closed."""

    daemon_threads = True

    def server_close(self):
        super().server_close()
        # Closing the socket does not remove the file that bind() created; a
        # later bind() to the same path would fail with "Address already in use".
        try:
            os.unlink(self.server_address)
        except FileNotFoundError:
            pass


def make_unix_server(path):
    """A ThreadingUnixStreamServer listening at ``path``, serving the line protocol."""
    return UnixUpperServer(path, UpperLineHandler)


# --------------------------------------------------------------------------
# Forking: one child process per connection
# --------------------------------------------------------------------------

class PidHandler(socketserver.BaseRequestHandler):
    """Replies with the pid of the process handling the connection, then closes."""

    def handle(self):
        # os.getpid() is evaluated here, in the child that ForkingMixIn created
        # for this connection, so it is not the server's pid.
        self.request.sendall(b"%d\n" % os.getpid())
        # Returning closes the connection; the child process then exits.


def make_forking_server(host="127.0.0.1", port=0):
    """A ForkingTCPServer bound to ``(host, port)`` using PidHandler."""
    return socketserver.ForkingTCPServer((host, port), PidHandler)
