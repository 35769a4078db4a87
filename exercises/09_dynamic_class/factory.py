"""Exercise 09_dynamic_class: creating classes at run time with ``type``.

练习 09_dynamic_class：用 ``type(name, bases, namespace)`` 在运行时创建类。

Read README.md (or README.zh-CN.md) for the full rules, then replace the
``raise NotImplementedError`` below.  Keep the name and the signature.
"""


def make_class(name: str, fields: list[str], bases: tuple = (object,),
               methods: dict | None = None) -> type:
    """Build a new class by calling ``type(name, bases, namespace)``.

    根据类名、字段名、基类和额外的方法，调用 ``type(...)`` 创建并返回一个新类。

    - ``name`` must be a valid identifier, and ``fields`` valid, distinct
      identifiers; otherwise raise ``ValueError``.
    - Instances take the fields positionally or by keyword, in the order of
      ``fields``; a missing or unknown field raises ``TypeError``.
    - Each field is stored as an instance attribute.
    - ``repr(obj)`` is ``Name(a=1, b=2)``.
    - Two instances are equal when they are of the same class and all their
      fields are equal.
    - ``methods`` (a dict, or ``None``) is added to the class namespace.

    >>> Point = make_class("Point", ["x", "y"])
    >>> p = Point(1, y=2)
    >>> p, p.x, p == Point(1, 2)
    (Point(x=1, y=2), 1, True)
    """
    # TODO 1: validate name and fields (str.isidentifier() helps)
    # TODO 2: write __init__, __repr__ and __eq__ as ordinary functions here
    #         (they can use `fields`: each class gets its own functions)
    # TODO 3: put them (and the extra methods) in a dict: the namespace
    # TODO 4: return type(name, bases, namespace)
    raise NotImplementedError("make_class")
