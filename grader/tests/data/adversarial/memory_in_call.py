# ATTACK: allocate 8 GiB inside a call, Pager.page (appended to the reference solution).
# Expected: MemoryError in the page() tests only; every other test passes.
def _page(self, items):
    hog = bytearray(8 << 30)
    return hog


Pager.page = _page
