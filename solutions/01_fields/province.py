"""Reference solution for exercise 01_fields.

Two kinds of fields:

* a *class attribute* (the lesson's "static field") is written in the class body
  and stored once, in the class's ``__dict__``; every instance sees it;
* an *instance attribute* (the lesson's "normal field") is assigned through
  ``self`` and stored in each object's own ``__dict__``.
"""

# 参考答案：静态字段（类属性）保存在类里，只有一份；普通字段（实例属性）保存在每个对象里。


class Province:
    """A province of China: ``country`` is shared, ``name`` belongs to each object.

    >>> hebei = Province("河北")
    >>> hebei.country, hebei.name
    ('中国', '河北')
    >>> vars(hebei)
    {'name': '河北'}
    """

    # Class attributes: one copy, stored in Province.__dict__.
    country = "中国"
    count = 0  # number of Province objects created so far (subclasses included)

    def __init__(self, name: str) -> None:
        # Instance attribute: stored in this object's own __dict__.
        self.name = name
        # Write the counter through the class, never through self:
        # ``self.count += 1`` reads Province.count but then *creates* an instance
        # attribute ``count`` (the class counter stays 0), and
        # ``type(self).count += 1`` would create a separate counter on a subclass.
        Province.count += 1


class Team:
    """A team with a name and its own list of members.

    >>> a = Team("A")
    >>> b = Team("B")
    >>> a.add("Ann")
    >>> a.members, b.members
    (['Ann'], [])
    """

    # No ``members=[]`` default here: a default value is evaluated once, when the
    # ``def`` runs, so every Team created without members would share that one list.
    def __init__(self, name: str, members: list[str] | None = None) -> None:
        self.name = name
        # Always a new list: a copy of the caller's list (so adding to the team
        # never changes the caller's list), or a new empty list.
        self.members = [] if members is None else list(members)

    def add(self, member: str) -> None:
        """Append ``member`` to this team only."""
        self.members.append(member)
