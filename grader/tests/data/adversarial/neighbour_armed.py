# ATTACK (neighbours), last fragment: every attack above has run once and keeps running;
# a helper process whose command line says ATTACK-ARMED tells the test so (it waits for
# it before starting the neighbour it watches). The tasks given back by the tasks
# fragment may take a moment to be free: the helper is started again until it starts.
import subprocess as _subprocess
import sys as _sys

for _attempt in range(200):
    try:
        _armed = _subprocess.Popen(
            [_sys.executable, "-S", "-c", "import time\nwhile True: time.sleep(60)", "ATTACK-ARMED"]
        )
        break
    except OSError:
        _time.sleep(0.01)
_OWN_PIDS.add(_armed.pid)
