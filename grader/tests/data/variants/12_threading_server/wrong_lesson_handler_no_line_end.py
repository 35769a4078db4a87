# variant: wrong
# fails: test_one_line_comes_back_upper_cased
# fails: test_spaces_around_and_inside_a_line_are_kept
# fails: test_a_line_sent_in_pieces_is_answered_once_whole
# fails: test_an_empty_line_gets_an_empty_reply_and_the_connection_goes_on
# fails: test_many_lines_in_one_segment_get_one_reply_each_in_order
# WRONG: the lesson's own handler, ported to Python 3 as it stands: every recv(1024) is
# one message, strip()ped, upper-cased as bytes and sent back WITHOUT a "\n". The server
# answers (it is not dead), but breaks the line protocol: each test of the protocol must
# fail on its own, and the tests that exchange no line (the classes, make_server, the
# port closed after stopping) must still pass.
import argparse
import signal
import socketserver


class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(1024).strip()
            if not data:
                break
            self.request.sendall(data.upper())


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
