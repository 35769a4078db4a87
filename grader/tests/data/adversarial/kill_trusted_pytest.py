# ATTACK: on the first page() call, start a double-forked daemon and then SIGKILL the
# student process's parent, the trusted pytest, so that its own clean-up never runs
# (appended to the reference solution). Expected: the score is below the honest score
# (tests that never ran have no record and fail), the report says that the test process
# did not finish, and the daemon is still killed: the runner sweeps what it adopted.
import os as _os
import signal as _signal
import time as _time


def _page(self, items):
    first = _os.fork()
    if first == 0:
        try:
            _os.setsid()
            second = _os.fork()
            if second == 0:
                while True:
                    _time.sleep(3600)
            _os.write(1, f"daemon pid {second}\n".encode())
        finally:
            _os._exit(0)
    _os.waitpid(first, 0)
    _os.kill(_os.getppid(), _signal.SIGKILL)
    while True:
        _time.sleep(3600)


Pager.page = _page
