# ATTACK (server course, 01_echo): a handler that hangs on one input only (the line
# "hello") and serves every other line (appended to the reference echo server). Expected:
# only the test that sends "hello" times out; the probe afterwards ("ping") is answered,
# so the other tests run normally.
import threading as _threading


class _HelloHangsHandler(EchoHandler):
    def handle(self):
        for line in self.rfile:
            if line.strip() == b"hello":
                _threading.Event().wait()
            self.wfile.write(line.strip().upper() + b"\n")


def make_server(host="127.0.0.1", port=0):
    return EchoServer((host, port), _HelloHangsHandler)
