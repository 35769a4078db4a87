# variant: wrong
# fails: test_a_client_that_resets_mid_line_does_not_disturb_the_next_client
# WRONG: the receive buffer is a bytearray in a CLASS attribute, and `+=` on a bytearray
# changes it in place: every connection shares it, so the unfinished line of a client
# that vanished is glued to the next client's line (see exercise 01_fields).
import argparse
import signal
import socketserver


class UpperHandler(socketserver.BaseRequestHandler):
    pending = bytearray()

    def handle(self):
        while True:
            while b"\n" not in self.pending:
                if len(self.pending) > 65537:
                    self.request.sendall(b"ERROR line too long\n")
                    del self.pending[:]
                    return
                try:
                    chunk = self.request.recv(4096)
                except ConnectionError:
                    return
                if not chunk:
                    return
                self.pending += chunk
            end = self.pending.index(b"\n")
            line = bytes(self.pending[:end])
            del self.pending[: end + 1]
            if line.endswith(b"\r"):
                line = line[:-1]
            if len(line) > 65536:
                self.request.sendall(b"ERROR line too long\n")
                return
            try:
                reply = line.decode("utf-8").upper().encode("utf-8") + b"\n"
            except UnicodeDecodeError:
                reply = b"ERROR invalid utf-8\n"
            try:
                self.request.sendall(reply)
            except ConnectionError:
                return


class UpperServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def make_server(host="127.0.0.1", port=0):
    return UpperServer((host, port), UpperHandler)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9999)
    args = parser.parse_args()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.default_int_handler)
    with make_server(args.host, args.port) as server:
        print(f"LISTENING {server.server_address[1]}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
