# variant: alternative
# CORRECT alternative: DatagramRequestHandler (rfile/wfile) for UDP; a Unix handler
# that keeps its own receive buffer and answers "too long" as soon as it has seen
# more than 65537 bytes without a newline; subclassed servers with their own options.
import os
import socket
import socketserver

LIMIT = 65536


class ReverseHandler(socketserver.DatagramRequestHandler):
    # DatagramRequestHandler puts the datagram in self.rfile and, after handle(),
    # sends whatever was written to self.wfile back to the client.
    def handle(self):
        data = self.rfile.read()
        try:
            self.wfile.write("".join(reversed(data.decode("utf-8"))).encode("utf-8"))
        except UnicodeDecodeError:
            self.wfile.write(b"ERROR invalid utf-8")


class ReverseServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    max_packet_size = 65535


def make_udp_server(host="127.0.0.1", port=0):
    return ReverseServer((host, port), ReverseHandler)


class LineHandler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        buffer = bytearray()
        while True:
            newline = buffer.find(b"\n")
            if newline < 0:
                if len(buffer) > LIMIT + 1:
                    sock.sendall(b"ERROR line too long\n")
                    return
                chunk = sock.recv(4096)
                if not chunk:
                    return
                buffer += chunk
                continue
            line = bytes(buffer[:newline])
            del buffer[: newline + 1]
            if line[-1:] == b"\r":
                line = line[:-1]
            if len(line) > LIMIT:
                sock.sendall(b"ERROR line too long\n")
                return
            try:
                reply = line.decode("utf-8").upper().encode("utf-8")
            except UnicodeDecodeError:
                reply = b"ERROR invalid utf-8"
            sock.sendall(reply + b"\n")


class LineServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True
    block_on_close = False


def make_unix_server(path):
    return LineServer(path, LineHandler)


class PidHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(str(os.getpid()).encode("ascii") + b"\n")
        self.wfile.flush()
        self.request.shutdown(socket.SHUT_WR)


class PidServer(socketserver.ForkingTCPServer):
    allow_reuse_address = True
    request_queue_size = 16


def make_forking_server(host="127.0.0.1", port=0):
    return PidServer((host, port), PidHandler)
