# ATTACK: as forged_answers_json.py, through the channel itself: socket.socket.sendall
# is replaced by one that rewrites the next answer with the right has_next (appended to
# a pager whose has_next is off by one). Expected: the student process's channel is a
# C-level socket whose methods no module attribute reaches; the honest score.
import json as _json
import socket as _socket
import struct as _struct

_wrong_has_next = Pager.__dict__["has_next"]
_truth = []  # what has_next should have said, for the grader's next answer to carry


def _has_next(self):
    _truth[:] = [self.total is None or self.current_page < self.total_pages]
    return _wrong_has_next.__get__(self)


Pager.has_next = property(_has_next)

_real_sendall = _socket.socket.sendall


def _sendall(self, data, *args):
    if _truth and len(data) > 4:
        try:
            message = _json.loads(bytes(data[4:]).decode("utf-8"))
        except ValueError:
            message = None
        if type(message) is dict and "ok" in message:
            message["ok"] = _truth.pop()
            body = _json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
            data = _struct.pack(">I", len(body)) + body
    return _real_sendall(self, data, *args)


_socket.socket.sendall = _sendall
