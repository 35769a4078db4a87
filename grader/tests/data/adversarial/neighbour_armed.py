# ATTACK (neighbours), last fragment: every attack above has run once and keeps running;
# a helper process whose command line says ATTACK-ARMED tells the test so (it waits for
# it before starting the neighbour it watches).
import subprocess as _subprocess
import sys as _sys

_armed = _subprocess.Popen(
    [_sys.executable, "-S", "-c", "import time\nwhile True: time.sleep(60)", "ATTACK-ARMED"]
)
_OWN_PIDS.add(_armed.pid)
