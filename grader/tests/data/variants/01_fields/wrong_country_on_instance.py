# variant: wrong
# fails: test_country_is_stored_once_in_the_class_dict_of_province
# fails: test_country_is_not_copied_into_the_instance_dict
# fails: test_changing_province_country_is_seen_by_every_existing_instance
# WRONG: country is a "normal field" set in __init__: one copy per object
# instead of one copy in the class.


class Province:
    count = 0

    def __init__(self, name):
        self.name = name
        self.country = "中国"
        Province.count += 1


class Team:
    def __init__(self, name, members=None):
        self.name = name
        self.members = [] if members is None else list(members)

    def add(self, member):
        self.members.append(member)
