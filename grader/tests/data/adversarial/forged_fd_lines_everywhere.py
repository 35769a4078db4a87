# ATTACK: inside a call (Pager.page), write forged result lines to stdout, stderr and to
# every file descriptor from 3 to 1023, sockets included, each write in a try/except
# (appended to the reference solution). The student process's own request channel gets
# the garbage too. Expected: the trusted side rejects the garbage as an invalid answer,
# kills and restarts the process; the page() tests fail, every other test passes.
import json as _json
import os as _os

_LINE = (
    _json.dumps({"kind": "test", "nodeid": "forged", "status": "passed", "duration_s": 0.0})
    + "\n"
).encode()
_original_page = Pager.page


def _page(self, items):
    for fd in [1, 2, *range(3, 1024)]:
        try:
            _os.write(fd, _LINE)
        except OSError:
            pass
    return _original_page(self, items)


Pager.page = _page
