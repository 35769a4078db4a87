# variant: alternative
# CORRECT alternative: servers created with bind_and_activate=False and bound by
# hand (a stale socket file is removed first), a StreamRequestHandler that iterates
# over rfile.readline(), codecs for decoding, and a reply written with os.write.
import codecs
import os
import socketserver
import stat

MAX_LINE = 65536
_decode = codecs.getdecoder("utf-8")


class ReverseHandler(socketserver.BaseRequestHandler):
    def handle(self):
        packet, server_socket = self.request
        try:
            text, _ = _decode(packet)
        except UnicodeError:
            answer = b"ERROR invalid utf-8"
        else:
            answer = "".join(text[i] for i in range(len(text) - 1, -1, -1)).encode("utf-8")
        server_socket.sendto(answer, self.client_address)


def make_udp_server(host="127.0.0.1", port=0):
    server = socketserver.ThreadingUDPServer((host, port), ReverseHandler, bind_and_activate=False)
    server.daemon_threads = True
    try:
        server.server_bind()
        server.server_activate()
    except BaseException:
        server.server_close()
        raise
    return server


class UpperHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for raw in iter(lambda: self.rfile.readline(MAX_LINE + 2), b""):
            if raw[-1:] != b"\n":
                if len(raw) > MAX_LINE + 1:
                    self.wfile.write(b"ERROR line too long\n")
                break
            body = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
            if len(body) > MAX_LINE:
                self.wfile.write(b"ERROR line too long\n")
                break
            try:
                self.wfile.write(str(body, "utf-8").upper().encode("utf-8") + b"\n")
            except UnicodeDecodeError:
                self.wfile.write(b"ERROR invalid utf-8\n")


def make_unix_server(path):
    try:
        if stat.S_ISSOCK(os.lstat(path).st_mode):
            os.unlink(path)  # a socket file left behind by an earlier server
    except FileNotFoundError:
        pass
    server = socketserver.ThreadingUnixStreamServer(path, UpperHandler, bind_and_activate=False)
    server.daemon_threads = True
    server.server_bind()
    server.server_activate()
    return server


class PidHandler(socketserver.BaseRequestHandler):
    def handle(self):
        os.write(self.request.fileno(), f"{os.getpid()}\n".encode())


def make_forking_server(host="127.0.0.1", port=0):
    server = socketserver.ForkingTCPServer((host, port), PidHandler, bind_and_activate=False)
    server.server_bind()
    server.server_activate()
    return server
