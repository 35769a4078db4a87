# variant: wrong
# fails: test_bytes_sent_one_at_a_time_form_the_same_lines
# fails: test_many_lines_in_one_segment_get_one_reply_each_in_order
# fails: test_a_line_sent_in_pieces_is_answered_once_whole
# WRONG: the lesson's handler: every recv(1024) is taken as one message, stripped and
# answered. TCP is a stream: one recv may hold half a line, or many lines.
import argparse
import signal
import socketserver


class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            try:
                data = self.request.recv(1024)
            except ConnectionError:
                return
            if not data:
                return
            if data.endswith(b"\n"):
                data = data[:-1]
            if data.endswith(b"\r"):
                data = data[:-1]
            if len(data) > 65536:
                self.request.sendall(b"ERROR line too long\n")
                return
            try:
                reply = data.decode("utf-8").upper().encode("utf-8") + b"\n"
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
