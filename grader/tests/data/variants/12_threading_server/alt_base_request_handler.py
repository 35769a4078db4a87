# variant: alternative
# CORRECT alternative: a BaseRequestHandler that keeps its own buffer of received bytes
# (recv in a loop, split on b"\n"); the program stops through a SIGTERM handler that
# raises SystemExit, and a try/finally closes the server.
import argparse
import signal
import socketserver
import sys

LIMIT = 65536


class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        pending = b""
        while True:
            newline = pending.find(b"\n")
            if newline < 0:
                if len(pending) > LIMIT + 1:
                    sock.sendall(b"ERROR line too long\n")
                    return
                try:
                    chunk = sock.recv(4096)
                except ConnectionResetError:
                    return
                if not chunk:
                    return
                pending += chunk
                continue
            line, pending = pending[:newline], pending[newline + 1 :]
            if line[-1:] == b"\r":
                line = line[:-1]
            if len(line) > LIMIT:
                sock.sendall(b"ERROR line too long\n")
                return
            try:
                reply = line.decode("utf-8").upper().encode("utf-8") + b"\n"
            except UnicodeDecodeError:
                reply = b"ERROR invalid utf-8\n"
            try:
                sock.sendall(reply)
            except OSError:
                return


class UpperServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def make_server(host="127.0.0.1", port=0):
    return UpperServer((host, port), UpperHandler)


def _terminate(signum, frame):
    sys.exit(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9999)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, _terminate)
    server = make_server(options.host, options.port)
    sys.stdout.write("LISTENING %d\n" % server.server_address[1])
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
