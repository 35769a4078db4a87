# ATTACK (server course, 01_echo): serve_forever() overridden to return at once, so the
# server is bound and listening but never accepts (appended to the reference echo
# server); shutdown() would then wait forever for a loop that never ran. Expected: the
# first test gets no reply, the probe finds the server wedged, the other tests fail at
# once, and teardown does not hang.


class _NeverServes(EchoServer):
    def serve_forever(self, poll_interval=0.5):
        return None


def make_server(host="127.0.0.1", port=0):
    return _NeverServes((host, port), EchoHandler)
