"""Exercise 01_echo (stub): replace the ``raise NotImplementedError``.

练习 01_echo（待完成）：把 ``raise NotImplementedError`` 换成你的实现。
"""


def make_server(host="127.0.0.1", port=0):
    """Return a ``socketserver.ThreadingTCPServer`` (``daemon_threads = True``) bound to
    ``(host, port)`` whose handler answers every line with the line upper-cased."""
    raise NotImplementedError("make_server")
