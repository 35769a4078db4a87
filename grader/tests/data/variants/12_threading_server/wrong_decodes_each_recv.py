# variant: wrong
# fails: test_a_character_split_across_segments_is_decoded_whole
# WRONG: decodes every recv() result on its own: a UTF-8 character whose bytes arrive in
# two segments cannot be decoded, and the line gets "ERROR invalid utf-8".
import argparse
import signal
import socketserver


class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        text = ""
        bad = False
        while True:
            try:
                chunk = self.request.recv(4096)
            except ConnectionError:
                return
            if not chunk:
                return
            try:
                text += chunk.decode("utf-8")
            except UnicodeDecodeError:
                bad = True
                text += chunk.decode("latin-1")
            while "\n" in text:
                line, _, text = text.partition("\n")
                if line.endswith("\r"):
                    line = line[:-1]
                if len(line.encode("utf-8", "surrogatepass")) > 65536:
                    self.request.sendall(b"ERROR line too long\n")
                    return
                if bad:
                    reply = b"ERROR invalid utf-8\n"
                    bad = False
                else:
                    reply = line.upper().encode("utf-8") + b"\n"
                try:
                    self.request.sendall(reply)
                except ConnectionError:
                    return
            if len(text) > 65537:
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
