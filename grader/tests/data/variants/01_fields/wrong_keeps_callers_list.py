# variant: wrong
# fails: test_team_members_is_a_new_list_not_the_callers_list
# fails: test_add_never_changes_the_callers_list
# fails: test_changing_the_callers_list_later_does_not_change_the_team
# WRONG: the default is handled correctly, but a given list is stored as it is
# (no copy): the team and the caller share one list, so add() changes the
# caller's list.


class Province:
    country = "中国"
    count = 0

    def __init__(self, name):
        self.name = name
        Province.count += 1


class Team:
    def __init__(self, name, members=None):
        self.name = name
        self.members = members if members is not None else []

    def add(self, member):
        self.members.append(member)
