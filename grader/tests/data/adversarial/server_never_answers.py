# ATTACK (server course, 01_echo): a server that accepts every connection and never
# answers; its handler threads are not daemon threads and server_close() waits for them,
# so even stopping the server blocks (appended to the reference echo server). Expected:
# every test times out on its own (test timeout), the student process is killed when it
# cannot stop its server, and the exercise still ends.
import threading as _threading


class _SilentHandler(EchoHandler):
    def handle(self):
        _threading.Event().wait()


class _StubbornServer(EchoServer):
    daemon_threads = False
    block_on_close = True


def make_server(host="127.0.0.1", port=0):
    return _StubbornServer((host, port), _SilentHandler)
