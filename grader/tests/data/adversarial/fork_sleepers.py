# ATTACK: a bounded fork: 100 child processes that each sleep for an hour, started at
# import (appended to the reference solution). Expected: full marks (the code is
# correct) and not one of the 100 processes survives the exercise.
import os as _os
import time as _time

_sleepers = []
for _ in range(100):
    _pid = _os.fork()
    if _pid == 0:
        try:
            _time.sleep(3600)
        finally:
            _os._exit(0)
    _sleepers.append(_pid)
_os.write(1, f"forked {len(_sleepers)} sleepers\n".encode())
