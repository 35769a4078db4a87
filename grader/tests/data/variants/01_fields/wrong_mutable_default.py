# variant: wrong
# fails: test_two_teams_created_without_members_do_not_share_a_list
# fails: test_adding_to_one_team_never_changes_a_team_created_later
# fails: test_teams_without_members_are_independent_in_a_fresh_module
# WRONG: the classic mutable default `members=[]`: the default list is created
# once, when `def` runs, and every Team created without members shares it.


class Province:
    country = "中国"
    count = 0

    def __init__(self, name):
        self.name = name
        Province.count += 1


class Team:
    def __init__(self, name, members=[]):  # noqa: B006 (the mistake)
        self.name = name
        self.members = members

    def add(self, member):
        self.members.append(member)
