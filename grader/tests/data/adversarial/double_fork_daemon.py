# ATTACK: a classic double-forked daemon started at import (fork, setsid, fork, ignore
# SIGTERM/SIGHUP, sleep forever), so it leaves the student process's session and process
# group (appended to the reference solution). The intermediate child prints the daemon's
# pid before it exits. Expected: full marks and the daemon killed when the exercise ends.
import os as _os
import signal as _signal
import time as _time

_first = _os.fork()
if _first == 0:
    try:
        _os.setsid()
        _second = _os.fork()
        if _second == 0:
            _signal.signal(_signal.SIGTERM, _signal.SIG_IGN)
            _signal.signal(_signal.SIGHUP, _signal.SIG_IGN)
            while True:
                _time.sleep(3600)
        _os.write(1, f"daemon pid {_second}\n".encode())
    finally:
        _os._exit(0)
_os.waitpid(_first, 0)
