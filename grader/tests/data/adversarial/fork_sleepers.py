# ATTACK: a bounded fork: 100 child processes that each sleep for an hour, started at
# import (appended to the reference solution). Expected: full marks (the code is
# correct) and not one of the processes survives the exercise. Where the process-count
# rlimit applies (an unprivileged student user), fork fails early and the loop stops.
import os as _os
import time as _time

_sleepers = []
_stopped = ""
for _ in range(100):
    try:
        _pid = _os.fork()
    except OSError as _exc:
        _stopped = f" (fork refused: {_exc.strerror})"
        break
    if _pid == 0:
        try:
            _time.sleep(3600)
        finally:
            _os._exit(0)
    _sleepers.append(_pid)
_os.write(1, f"forked {len(_sleepers)} sleepers{_stopped}\n".encode())
