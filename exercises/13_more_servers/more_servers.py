"""Exercise 13_more_servers: a UDP server, a Unix socket server and a forking server.

练习 13_more_servers：UDP 服务器、Unix 套接字服务器和多进程（fork）服务器。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything.  Everything you
need is in the standard library (``socketserver``, ``os``).  Do NOT import
``upper_server`` from exercise 12: each exercise is graded on its own.

Try your servers by hand like this::

    import threading
    server = make_udp_server()            # port 0: the system picks a free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address)          # ('127.0.0.1', <the real port>)
    ...
    server.shutdown()
    server.server_close()
"""

import os  # noqa: F401  (you will need os.getpid())
import socketserver


class ReverseHandler(socketserver.BaseRequestHandler):
    """Replies to each datagram with its UTF-8 text reversed.

    数据报处理器：把收到的 UTF-8 文本倒过来发回去。

    * ``b"hello"`` -> ``b"olleh"``; ``"你好".encode()`` -> ``"好你".encode()``
      (reverse the *text*, not the bytes);
    * an empty datagram gets an empty datagram back;
    * bytes that are not valid UTF-8 get ``b"ERROR invalid utf-8"`` (no newline).

    For a datagram server ``self.request`` is a pair ``(data, socket)`` and
    ``self.client_address`` is the sender: answer with ``socket.sendto(...)``.
    """

    def handle(self):
        # TODO
        raise NotImplementedError("ReverseHandler.handle")


def make_udp_server(host="127.0.0.1", port=0):
    """Return a ``socketserver.ThreadingUDPServer`` bound to ``(host, port)``
    that uses ``ReverseHandler``.  Do not call ``serve_forever`` here.
    """
    # TODO
    raise NotImplementedError("make_udp_server")


def make_unix_server(path):
    """Return a ``socketserver.ThreadingUnixStreamServer`` listening at ``path``.

    它说的是第 12 题的按行协议，只是地址换成了文件系统里的一个路径。

    The protocol is exactly the one of 12_threading_server, per connection:

    * each line ends in ``b"\\n"``; strip it and one trailing ``b"\\r"``,
      decode UTF-8 and reply ``line.upper()`` in UTF-8 plus ``b"\\n"``;
    * an undecodable line gets ``b"ERROR invalid utf-8\\n"`` and the
      connection goes on;
    * a line longer than 65536 bytes (terminator not counted) gets
      ``b"ERROR line too long\\n"`` and the server closes the connection;
    * lines may arrive split into many pieces or many in one piece.

    Write your own handler class for it (copying your code from exercise 12 is
    fine; importing it is not).  Do not call ``serve_forever`` here.
    """
    # TODO
    raise NotImplementedError("make_unix_server")


class PidHandler(socketserver.BaseRequestHandler):
    """Replies with the handling process's pid as ASCII digits plus ``b"\\n"``,
    then closes the connection (it does not wait for the client to send anything).

    回复处理这个连接的进程的 pid（ASCII 数字加 ``b"\\n"``），然后关闭连接。
    """

    def handle(self):
        # TODO: which process runs this method in a forking server?
        raise NotImplementedError("PidHandler.handle")


def make_forking_server(host="127.0.0.1", port=0):
    """Return a ``socketserver.ForkingTCPServer`` bound to ``(host, port)``
    that uses ``PidHandler``.  Do not call ``serve_forever`` here.
    """
    # TODO
    raise NotImplementedError("make_forking_server")
