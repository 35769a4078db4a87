# ATTACK: the student's server does nothing useful but reports, as its server_address,
# the port of a correct server that is not the student's (another grading's, found in
# /proc/net/tcp; the test puts one on __PORT__), hoping the trusted clients test that
# one instead. Expected: every serve() fails: no socket of the student's process
# listens there.
class _Elsewhere(socketserver.TCPServer):
    def server_bind(self):
        self.socket.bind(("127.0.0.1", 0))  # its own socket, on any port

    @property
    def server_address(self):
        return ("127.0.0.1", __PORT__)

    @server_address.setter
    def server_address(self, value):
        pass


def make_server(host="127.0.0.1", port=0):
    return _Elsewhere((host, port), socketserver.BaseRequestHandler)
