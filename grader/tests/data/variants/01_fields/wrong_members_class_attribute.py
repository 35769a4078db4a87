# variant: wrong
# fails: test_two_teams_created_without_members_do_not_share_a_list
# fails: test_adding_to_one_team_never_changes_a_team_created_later
# WRONG: an empty `members` list is kept as a CLASS attribute "default"; a team
# created without members has no list of its own, so add() appends to the one
# list in Team.__dict__ that every such team shares.


class Province:
    country = "中国"
    count = 0

    def __init__(self, name):
        self.name = name
        Province.count += 1


class Team:
    members = []  # noqa: RUF012 (the mistake)

    def __init__(self, name, members=None):
        self.name = name
        if members is not None:
            self.members = list(members)

    def add(self, member):
        self.members.append(member)
