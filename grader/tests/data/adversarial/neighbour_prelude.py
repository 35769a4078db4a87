# ATTACK (neighbours), shared prelude: the neighbour_* fragments are appended together
# to a correct module (after this one) and attack the gradings that run at the same
# time on the machine, each once at import and then over and over in a thread.
# Expected (test_adversarial_neighbours.py): every grading beside them ends with exactly
# the report it gets alone, and nothing they start or write is left afterwards.
import os as _os
import threading as _threading
import time as _time

_OWN_PIDS = {_os.getpid()}


def _again_and_again(attack, pause=0.05):
    attack()

    def loop():
        while True:
            try:
                attack()
            except BaseException:
                pass
            _time.sleep(pause)  # pacing: the neighbours need the CPU to be graded at all

    _threading.Thread(target=loop, daemon=True).start()


def _parent(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _other_pids():
    """Every process in sight but this one and its own helpers."""
    pids = [int(n) for n in _os.listdir("/proc") if n.isdigit()]
    return [p for p in pids if p not in _OWN_PIDS and _parent(p) not in _OWN_PIDS]
