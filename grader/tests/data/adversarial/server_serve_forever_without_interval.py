# NOT AN ATTACK (server course, 01_echo): a correct server whose class overrides
# serve_forever(self) without the poll_interval parameter (appended to the reference
# echo server). Expected: full marks; the harness serves it as it is.


class _LoggedServer(EchoServer):
    def serve_forever(self):
        print("serving", flush=True)
        super().serve_forever()


def make_server(host="127.0.0.1", port=0):
    return _LoggedServer((host, port), EchoHandler)
