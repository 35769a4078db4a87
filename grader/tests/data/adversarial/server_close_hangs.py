# ATTACK (server course, 01_echo): a server that answers correctly but whose
# server_close() never returns, with handler threads that are not daemons (appended to
# the reference echo server). Expected: full marks; each test's teardown gives up after
# its grace period and kills the student process, so the exercise still ends promptly.
import threading as _threading


class _StuckOnClose(EchoServer):
    daemon_threads = False

    def server_close(self):
        _threading.Event().wait()


def make_server(host="127.0.0.1", port=0):
    return _StuckOnClose((host, port), EchoHandler)
