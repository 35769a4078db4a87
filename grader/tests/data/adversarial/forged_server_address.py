# ATTACK: a server bound to every interface (appended to
# 12_threading_server/wrong_default_host_all_interfaces) reports 127.0.0.1 in its
# server_address, hoping that "binds a free port on 127.0.0.1" is judged by what the
# server says. Nothing else changes: the server still accepts connections from any
# interface. Expected: the host is read from the kernel (the student process's
# listening sockets); the honest score of the wrong server.
_honest_server_bind = UpperServer.server_bind


def _server_bind(self):
    _honest_server_bind(self)
    host, port = self.server_address[:2]
    if host in ("0.0.0.0", ""):
        self.server_address = ("127.0.0.1", port)


UpperServer.server_bind = _server_bind
