# ATTACK (server course, 01_echo): a handler that answers every line with one byte every
# 0.2 s and never a newline (appended to the reference echo server), so that no single
# recv ever times out. Expected: the first test still fails in about one client
# timeout; the probe (trickled at too) gets bytes without a line end, so the server is
# not wedged but known for unfinished lines, and each later test fails (not "not run")
# half a second after its reply began.
import time as _time


class _Trickler(EchoHandler):
    def handle(self):
        self.rfile.readline()
        while True:
            self.wfile.write(b"x")
            self.wfile.flush()
            _time.sleep(0.2)


def make_server(host="127.0.0.1", port=0):
    return EchoServer((host, port), _Trickler)
