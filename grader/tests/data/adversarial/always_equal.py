# ATTACK: properties return an object whose __eq__ is always True and __ne__ always
# False (appended to a pager whose end is not clamped), hoping that `p.end == 95` passes
# whatever the value. Expected: every comparison of such an object with a plain value
# fails with "not plain data"; the score is below the honest score of the wrong pager.
class _AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


for _name in ("start", "end", "total_pages"):
    setattr(Pager, _name, property(lambda self: _AlwaysEqual()))
