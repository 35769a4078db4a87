# ATTACK: an infinite loop inside one method, Pager.page (appended to the reference
# solution). Expected: each page() test times out after the call timeout, its process is
# killed and restarted, every other test passes.
def _page(self, items):
    while True:
        pass


Pager.page = _page
