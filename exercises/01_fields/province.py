"""Exercise 01_fields: class attributes (static fields) vs instance attributes.

练习 01_fields：类属性（静态字段）与实例属性（普通字段）。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything.
"""


class Province:
    """A province: ``country`` is shared by all provinces, ``name`` is per object.

    省份：``country`` 是所有省份共用的类属性，``name`` 是每个对象自己的实例属性。

    >>> hebei = Province("河北")
    >>> hebei.country, hebei.name
    ('中国', '河北')
    >>> vars(hebei)
    {'name': '河北'}
    """

    # Class attributes: written once here, stored once in Province.__dict__.
    # 类属性：只在这里写一次，只在 Province.__dict__ 里保存一份。
    country = "中国"
    count = 0  # how many Province objects (subclass objects included) were created

    def __init__(self, name: str) -> None:
        """Store ``name`` as an instance attribute and count the new object.

        - ``vars(obj)`` must be exactly ``{"name": name}``.
        - ``Province.count`` goes up by 1 for every new object, also for objects
          of a subclass of Province; ``count`` must never appear in an
          instance's or a subclass's ``__dict__``.
        """
        # TODO: store name on the instance
        # TODO: add 1 to the counter *on the class Province* (not through self!)
        raise NotImplementedError("Province.__init__")


class Team:
    """A team whose ``members`` list belongs to this team alone.

    队伍：每个队伍都有自己独立的 ``members`` 列表。
    """

    def __init__(self, name: str, members: list[str] | None = None) -> None:
        """Store ``self.name`` and ``self.members``, a new list for this team.

        ``members`` given: ``self.members`` is a copy of it (the caller's list is
        never changed).  ``members`` omitted or ``None``: a new empty list.
        """
        # TODO: never use a mutable default such as ``members=[]``
        raise NotImplementedError("Team.__init__")

    def add(self, member: str) -> None:
        """Append ``member`` to this team's members (and to no other list)."""
        # TODO
        raise NotImplementedError("Team.add")
