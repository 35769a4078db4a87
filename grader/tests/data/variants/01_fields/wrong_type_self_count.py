# variant: wrong
# fails: test_count_also_counts_instances_of_a_subclass
# fails: test_count_is_never_added_to_a_subclass_dict
# WRONG: `type(self).count += 1` is right for Province itself, but for a
# subclass instance it creates a separate counter in the subclass's __dict__
# and Province.count does not move.


class Province:
    country = "中国"
    count = 0

    def __init__(self, name):
        self.name = name
        type(self).count += 1


class Team:
    def __init__(self, name, members=None):
        self.name = name
        self.members = [] if members is None else list(members)

    def add(self, member):
        self.members.append(member)
