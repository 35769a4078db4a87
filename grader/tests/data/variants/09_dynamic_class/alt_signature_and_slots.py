# variant: alternative
# CORRECT alternative: the constructor's signature is an inspect.Signature
# (bind() raises TypeError for missing, unknown or extra arguments); the
# values live in __slots__ (still instance attributes, but no __dict__);
# names are checked with str.isidentifier() only (keywords are accepted);
# __eq__ returns False instead of NotImplemented for other classes.
import inspect


def make_class(name, fields, bases=(object,), methods=None):
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError("bad class name")
    fields = list(fields)
    if not all(isinstance(f, str) and f.isidentifier() for f in fields):
        raise ValueError("bad field name")
    if len(fields) != len(set(fields)):
        raise ValueError("duplicate field")

    signature = inspect.Signature(
        [inspect.Parameter(f, inspect.Parameter.POSITIONAL_OR_KEYWORD) for f in fields]
    )

    def init(self, *args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        for field in fields:
            setattr(self, field, bound.arguments[field])

    def representation(self):
        parts = []
        for field in fields:
            parts.append(field + "=" + repr(getattr(self, field)))
        return name + "(" + ", ".join(parts) + ")"

    def equals(self, other):
        if self.__class__ is not other.__class__:
            return False
        return [getattr(self, f) for f in fields] == [getattr(other, f) for f in fields]

    namespace = dict(methods or {})
    namespace.update(__slots__=tuple(fields), __init__=init,
                     __repr__=representation, __eq__=equals)
    return type(name, bases, namespace)
