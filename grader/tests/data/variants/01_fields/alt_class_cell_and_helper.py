# variant: alternative
# CORRECT alternative: the counter is written through the implicit __class__
# cell (always the defining class Province, even for subclass instances) from a
# static helper; country is set with setattr after the class body; Team builds
# its list from `members or ()` and extends it.


class Province:
    count = 0

    @staticmethod
    def _one_more():
        __class__.count = __class__.count + 1

    def __init__(self, name: str) -> None:
        self.__dict__["name"] = name
        self._one_more()


Province.country = "中国"


class Team:
    def __init__(self, name: str, members: list[str] | None = None) -> None:
        self.name = name
        self.members: list[str] = []
        self.members.extend(members or ())

    def add(self, member: str) -> None:
        self.members.insert(len(self.members), member)
