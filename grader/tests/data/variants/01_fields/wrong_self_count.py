# variant: wrong
# fails: test_count_on_province_goes_up_by_one_per_new_province
# fails: test_count_is_never_added_to_the_instance_dict
# fails: test_vars_of_a_province_is_exactly_name
# WRONG: `self.count += 1` reads Province.count (0) and stores 1 as an INSTANCE
# attribute: Province.count stays 0 and vars(p) gains "count".


class Province:
    country = "中国"
    count = 0

    def __init__(self, name):
        self.name = name
        self.count += 1


class Team:
    def __init__(self, name, members=None):
        self.name = name
        self.members = [] if members is None else list(members)

    def add(self, member):
        self.members.append(member)
