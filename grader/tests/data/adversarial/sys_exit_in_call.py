# ATTACK: sys.exit(0) inside a call: Pager.page raises SystemExit (appended to the
# reference solution). It must not end the trusted pytest nor count as a pass. Expected:
# the page() tests fail ("your code raised SystemExit"), every other test passes.
import sys as _sys


def _page(self, items):
    _sys.exit(0)


Pager.page = _page
