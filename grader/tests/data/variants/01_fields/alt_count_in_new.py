# variant: alternative
# CORRECT alternative: the counter is incremented in __new__ (which runs for
# subclasses too) through the class name; Team copies with unpacking and
# never keeps the caller's list.


class Province:
    country = "中国"
    count = 0

    def __new__(cls, *args, **kwargs):
        Province.count += 1
        return super().__new__(cls)

    def __init__(self, name):
        self.name = name


class Team:
    def __init__(self, name, members=None):
        self.name = name
        self.members = [*members] if members is not None else []

    def add(self, member):
        self.members += [member]
