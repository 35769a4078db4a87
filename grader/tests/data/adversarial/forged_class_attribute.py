# ATTACK: the same stand-ins as forged_property_builtin.py, without touching the
# built-ins: their class says `__class__ = property`, which fools even the real
# isinstance() (it falls back to obj.__class__). Appended to wrong_plain_attributes.
# Expected: the tests' isinstance is decided by the real type alone; the honest score.


class _StandIn:
    """Not a descriptor; claims to be a property through its __class__."""

    __class__ = property


Pager.start = _StandIn()
Pager.end = _StandIn()
