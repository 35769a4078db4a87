# ATTACK (server course, 01_echo): make_server binds its port and then never returns
# (appended to the reference echo server). Expected: each test fails with a call timeout,
# the process (and its bound socket) is killed and restarted, and the exercise ends.
import threading as _threading


def make_server(host="127.0.0.1", port=0):
    server = EchoServer((host, port), EchoHandler)
    _threading.Event().wait()
    return server
