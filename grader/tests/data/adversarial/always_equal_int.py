# ATTACK: properties return an int subclass whose __eq__ is always True (appended to a
# pager whose end is not clamped). It prints, hashes and adds like the real (wrong)
# number, so only an exact-type check can catch it. Expected: "not plain data" failures,
# a score below the honest score of the wrong pager.
class _SneakyInt(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


def _sneaky(prop):
    return property(lambda self: _SneakyInt(prop.fget(self)))


for _name in ("start", "end", "total_pages"):
    setattr(Pager, _name, _sneaky(Pager.__dict__[_name]))
