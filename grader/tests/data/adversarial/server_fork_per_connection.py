# ATTACK (server course, 01_echo): every connection starts a double-forked daemon (fork,
# setsid, fork, sleep forever) before it echoes (appended to the reference echo server).
# The intermediate child prints each daemon's pid. Expected: the honest full marks, and
# every daemon killed when the exercise ends.
import os as _os
import time as _time


class _ForkingEchoHandler(EchoHandler):
    def handle(self):
        first = _os.fork()
        if first == 0:
            try:
                _os.setsid()
                second = _os.fork()
                if second == 0:
                    while True:
                        _time.sleep(3600)
                _os.write(1, f"daemon pid {second}\n".encode())
            finally:
                _os._exit(0)
        _os.waitpid(first, 0)
        super().handle()


def make_server(host="127.0.0.1", port=0):
    return EchoServer((host, port), _ForkingEchoHandler)
