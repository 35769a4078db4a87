# variant: alternative
# CORRECT alternative, in the style of collections.namedtuple: the source of
# __init__ is generated as text and run with exec, so Python itself checks
# the arguments; the field names are kept in a class attribute _fields.
import keyword


def _valid(text):
    return isinstance(text, str) and text.isidentifier() and not keyword.iskeyword(text)


def _repr(self):
    body = ", ".join(f"{f}={getattr(self, f)!r}" for f in type(self)._fields)
    return f"{type(self).__name__}({body})"


def _eq(self, other):
    if type(self) is not type(other):
        return NotImplemented
    return all(getattr(self, f) == getattr(other, f) for f in self._fields)


def make_class(name, fields, bases=(object,), methods=None):
    if not _valid(name):
        raise ValueError(f"invalid class name {name!r}")
    fields = tuple(fields)
    for f in fields:
        if not _valid(f):
            raise ValueError(f"invalid field name {f!r}")
    seen = set()
    for f in fields:
        if f in seen:
            raise ValueError(f"duplicate field {f!r}")
        seen.add(f)

    params = "".join(f", {f}" for f in fields)
    lines = [f"def __init__(_instance_{params}):"]
    lines += [f"    _instance_.{f} = {f}" for f in fields] or ["    pass"]
    scope = {}
    exec("\n".join(lines), scope)

    namespace = {"_fields": fields, "__init__": scope["__init__"],
                 "__repr__": _repr, "__eq__": _eq}
    if methods is not None:
        for key, value in methods.items():
            namespace[key] = value
    return type(name, bases, namespace)
