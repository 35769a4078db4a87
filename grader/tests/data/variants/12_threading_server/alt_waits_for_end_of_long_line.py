# variant: alternative
# CORRECT alternative: a line over the limit is skipped up to its "\n" before the error
# is sent (the contract allows answering early but does not require it); an unfinished
# last line is answered at the end of the stream (the contract leaves it open); the
# program stops from a signal handler that calls shutdown() in a helper thread.
import argparse
import signal
import socketserver
import threading

LIMIT = 65536


def reply_to(line):
    if line.endswith(b"\r"):
        line = line[:-1]
    try:
        return line.decode("utf-8").upper().encode("utf-8") + b"\n"
    except UnicodeDecodeError:
        return b"ERROR invalid utf-8\n"


class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        buffer = bytearray()
        skipping = False
        while True:
            try:
                data = self.request.recv(65536)
            except OSError:
                return
            if not data:
                if buffer and not skipping:
                    self.request.sendall(reply_to(bytes(buffer)))
                return
            buffer += data
            replies = []
            while True:
                end = buffer.find(b"\n")
                if end < 0:
                    break
                line = bytes(buffer[:end])
                del buffer[: end + 1]
                too_long = skipping or len(line) - line.endswith(b"\r") > LIMIT
                if too_long:
                    replies.append(b"ERROR line too long\n")
                    self.request.sendall(b"".join(replies))
                    return
                replies.append(reply_to(line))
            if len(buffer) > LIMIT + 1:
                skipping = True
                del buffer[:]
            if replies:
                try:
                    self.request.sendall(b"".join(replies))
                except OSError:
                    return


class UpperServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def make_server(host="127.0.0.1", port=0):
    return UpperServer((host, port), UpperHandler)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9999)
    options = parser.parse_args()
    server = make_server(options.host, options.port)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("LISTENING", server.server_address[1], flush=True)
    server.serve_forever()
    server.server_close()
