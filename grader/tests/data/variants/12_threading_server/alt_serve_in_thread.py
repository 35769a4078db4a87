# variant: alternative
# CORRECT alternative: reads with rfile.readline and no size limit argument but checks
# the length itself with a bounded read loop; the program runs serve_forever in a
# thread and the main thread waits for SIGINT/SIGTERM with signal.sigwait, then calls
# shutdown() and server_close().
import signal
import socketserver
import sys
import threading

MAX = 65536


class UpperHandler(socketserver.StreamRequestHandler):
    def read_line(self):
        """(line without terminator, too_long) or None at the end of the stream."""
        parts = []
        size = 0
        while True:
            piece = self.rfile.readline(8192)
            if not piece:
                return None
            parts.append(piece)
            size += len(piece)
            if piece.endswith(b"\n"):
                line = b"".join(parts)[:-1]
                if line.endswith(b"\r"):
                    line = line[:-1]
                return line, len(line) > MAX
            if size > MAX + 1:
                return b"", True

    def handle(self):
        while True:
            try:
                got = self.read_line()
            except OSError:
                return
            if got is None:
                return
            line, too_long = got
            if too_long:
                self.wfile.write(b"ERROR line too long\n")
                return
            try:
                text = str(line, "utf-8")
            except UnicodeError:
                self.wfile.write(b"ERROR invalid utf-8\n")
                continue
            try:
                self.wfile.write(text.upper().encode() + b"\n")
            except OSError:
                return


class UpperServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def make_server(host="127.0.0.1", port=0):
    server = UpperServer((host, port), UpperHandler)
    return server


def main(args):
    host, port = "127.0.0.1", 9999
    while args:
        option, value, args = args[0], args[1], args[2:]
        if option == "--host":
            host = value
        elif option == "--port":
            port = int(value)
        else:
            sys.exit("usage: upper_server.py [--host H] [--port P]")
    signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)  # threads started now inherit it
    server = make_server(host, port)
    print("LISTENING", server.server_address[1], flush=True)
    worker = threading.Thread(target=server.serve_forever)
    worker.start()
    signal.sigwait(signals)
    server.shutdown()
    worker.join()
    server.server_close()


if __name__ == "__main__":
    main(sys.argv[1:])
