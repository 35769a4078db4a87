"""Exercise 14_file_server: a multi-user file server on socketserver (server side).

练习 14_file_server：基于 socketserver 的多用户文件服务器（服务器端）。

Read README.md (or README.zh-CN.md) for the protocol and every rule, then
replace each ``raise NotImplementedError`` below.  Keep the names: the tests
call ``make_server(root, users)`` and talk to the server over a real socket.

Protocol in one breath: every request and every response header is one JSON
object on one line (UTF-8, ending in ``\\n``); when a file travels, exactly
``size`` raw bytes follow its header.
"""

from __future__ import annotations

import socketserver

CHUNK = 64 * 1024  # move file bytes in pieces of this size, never all at once


class FileHandler(socketserver.StreamRequestHandler):
    """One connection: read a request line, act, answer; until ``quit`` or EOF.

    ``self.rfile.readline()`` reads one header line; ``self.rfile.read(n)``
    reads up to ``n`` body bytes; ``self.wfile.write(data)`` sends everything.
    The server's ``root`` and ``users`` are reachable as ``self.server.root``
    and ``self.server.users`` if you store them there.
    """

    def handle(self) -> None:
        # TODO: loop over request lines; parse JSON; answer bad_request for
        #       anything malformed; login first ("auth"); then ls/get/put/mkdir.
        # TODO: resolve paths with os.path.realpath and refuse ("forbidden")
        #       any path that is not the home or inside it.
        # TODO: put: read exactly `size` bytes in chunks into a temporary file,
        #       hash them while copying, os.replace only when sha256 matches.
        raise NotImplementedError("FileHandler.handle")


class FileServer(socketserver.ThreadingTCPServer):
    """A thread per connection; each user's home is ``root/<user>``."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: str, users: dict[str, str]) -> None:
        # TODO: keep root and users where the handler can find them, then
        #       call the base class __init__ with FileHandler.
        raise NotImplementedError("FileServer.__init__")


def make_server(
    root: str, users: dict[str, str], host: str = "127.0.0.1", port: int = 0
) -> FileServer:
    """Return a bound, listening server (not yet serving).

    ``users`` maps user names to passwords; ``server.server_address[1]`` is
    the real port (port 0 lets the system choose a free one).
    """
    # TODO
    raise NotImplementedError("make_server")
