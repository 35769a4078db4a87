# ATTACK: make `isinstance(Pager.__dict__["start"], property)` hold for a pager whose
# start and end are plain instance attributes (appended to wrong_plain_attributes):
# put stand-ins into the class dict and replace builtins.property with a subclass whose
# metaclass counts them as properties (real properties still count). Nothing a caller
# sees changes: the instance's own attributes shadow the stand-ins. Expected: the tests
# read `property` and `isinstance` from the built-ins as they were before any student
# code ran; the honest score of the wrong pager.
import builtins as _builtins

_real_property = _builtins.property


class _StandIn:
    """Not a descriptor: p.start still reads the instance's own attribute."""


class _CountsStandIns(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, (_real_property, _StandIn))


class _Property(_real_property, metaclass=_CountsStandIns):
    pass


Pager.start = _StandIn()
Pager.end = _StandIn()
_builtins.property = _Property
