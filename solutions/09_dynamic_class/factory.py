"""Reference solution for exercise 09_dynamic_class.

In Python a class is an object like any other, and ``type`` is the class that
makes classes.  The ``class`` statement is only a convenient spelling of

    Foo = type("Foo", (object,), {"func": func})

``make_class`` builds that third argument, the *namespace*, out of ordinary
functions (``__init__``, ``__repr__``, ``__eq__``) and hands it to ``type``.
"""

# 参考答案：先准备好类的命名空间（一个普通的 dict），再调用 type(name, bases, namespace) 造出类。

from __future__ import annotations

import keyword


def _check_identifier(what: str, value: str) -> None:
    # str.isidentifier() follows the language definition (so "x1", "_x" and
    # "长度" are fine, "1x" and "a-b" are not).  Keywords pass isidentifier()
    # but could never be written as obj.class, so we refuse them as well,
    # like collections.namedtuple does.
    if not isinstance(value, str) or not value.isidentifier() or keyword.iskeyword(value):
        raise ValueError(f"{what} must be a valid identifier, got {value!r}")


def make_class(name: str, fields: list[str], bases: tuple = (object,),
               methods: dict | None = None) -> type:
    """Build and return a new class ``name`` with the given fields.

    >>> Point = make_class("Point", ["x", "y"])
    >>> p = Point(1, y=2)
    >>> p, p.x, p == Point(1, 2)
    (Point(x=1, y=2), 1, True)
    """
    _check_identifier("class name", name)
    field_names = tuple(fields)  # our own copy: the caller's list may change later
    for field in field_names:
        _check_identifier("field name", field)
    if len(set(field_names)) != len(field_names):
        raise ValueError(f"duplicate field names in {list(field_names)}")

    # The three functions below are closures: each class made by make_class
    # gets its own functions, which remember *its* field_names.

    def __init__(self, *args, **kwargs):
        if len(args) > len(field_names):
            raise TypeError(
                f"{name}() takes {len(field_names)} field(s) but {len(args)} were given"
            )
        values = dict(zip(field_names, args, strict=False))  # args may be shorter
        for key, value in kwargs.items():
            if key not in field_names:
                raise TypeError(f"{name}() got an unknown field {key!r}")
            if key in values:
                raise TypeError(f"{name}() got multiple values for field {key!r}")
            values[key] = value
        missing = [f for f in field_names if f not in values]
        if missing:
            raise TypeError(f"{name}() missing field(s): {', '.join(missing)}")
        for field in field_names:
            # Plain instance attributes: they live in this instance's __dict__,
            # never on the class, so two instances never share values.
            setattr(self, field, values[field])

    def __repr__(self):
        inside = ", ".join(f"{f}={getattr(self, f)!r}" for f in field_names)
        return f"{type(self).__name__}({inside})"

    def __eq__(self, other):
        # "Same class" means exactly the same class object: two classes made
        # by two calls of make_class are different even with the same fields.
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in field_names)

    namespace = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__}
    if methods:
        namespace.update(methods)  # the caller's extra methods, properties, ...
    # type(name, bases, namespace): exactly what a class statement does for us.
    return type(name, tuple(bases), namespace)
