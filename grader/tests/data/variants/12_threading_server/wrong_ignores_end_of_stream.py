# variant: wrong
# fails: test_handler_threads_end_within_a_second_after_their_clients_close
# fails: test_a_half_close_without_lines_makes_the_server_close_the_connection
# WRONG: treats recv() returning b"" as "nothing yet" and keeps looping: after the client
# closes, the handler thread spins for ever and the connection is never closed.
import argparse
import signal
import socketserver


class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        pending = b""
        while True:
            try:
                chunk = self.request.recv(4096)
            except ConnectionError:
                return
            if not chunk:
                continue
            pending += chunk
            while b"\n" in pending:
                line, _, pending = pending.partition(b"\n")
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
            if len(pending) > 65537:
                self.request.sendall(b"ERROR line too long\n")
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
