"""Reference solution of 01_echo: a threading TCP server that echoes lines upper-cased."""

import socketserver


class EchoHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line.rstrip(b"\r\n").upper() + b"\n")


class EchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(host="127.0.0.1", port=0):
    return EchoServer((host, port), EchoHandler)
