# ATTACK: os._exit(0) inside a call: Pager.page ends the student process with status 0
# (appended to the reference solution). Expected: every test that calls page() fails as a
# crash, the process is restarted for the next test, every other test still passes.
import os as _os


def _page(self, items):
    _os._exit(0)


Pager.page = _page
