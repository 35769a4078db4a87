# ATTACK: read the caller's frames (sys._getframe and inspect.currentframe().f_back...)
# to find the value the test expects, and return it instead of the (wrong) computed end
# (appended to a pager whose end is not clamped). The frames above student code are
# the student process's request loop: the test and its expected values live in another
# process. The cheat prints the frame chain it saw once. Expected: the honest score of
# the wrong pager, and no test function among the frames.
import inspect as _inspect
import sys as _sys

_WANTED = ("expected", "end", "want", "result", "stop")
_reported = []


def _frames():
    chain = []
    frame = _sys._getframe(2)
    while frame is not None:
        chain.append(frame)
        frame = frame.f_back
    current = _inspect.currentframe()
    while current is not None:
        if current not in chain:
            chain.append(current)
        current = current.f_back
    return chain


def _peek():
    chain = _frames()
    if not _reported:
        _reported.append(True)
        names = " <- ".join(f.f_code.co_name for f in chain)
        print(f"cheat: frames seen: {names}")
    for frame in chain:
        for name, value in frame.f_locals.items():
            if name in _WANTED and type(value) is int:
                return value
    return None


_wrong_end = Pager.__dict__["end"]


def _end(self):
    found = _peek()
    return found if found is not None else _wrong_end.fget(self)


Pager.end = property(_end)
