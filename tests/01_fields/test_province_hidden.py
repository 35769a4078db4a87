"""Hidden tests for exercise 01_fields (contract: README.md of the exercise).

Every test creates at least one object, so a stub whose methods raise
NotImplementedError fails all of them.  ``Province.count`` lives as long as the
student process: tests measure how much it changes, or start from a freshly
imported module (``fresh_process``).  Checks about the caller's list run inside
the student process (``student_env.exec``), because lists sent from a test are
copies.  Class and instance dicts are read with ``student_env.builtins.vars`` from
the test, after the student's code has run: no metaclass or class-level ``__dict__``
can answer for them.  Test names state the expectation: students see only the names.
"""

import pytest

pytestmark = pytest.mark.student_module("province")


def _count(student):
    return student.Province.count


# --------------------------------------------------------------------------
# Province.country: a class attribute, stored once
# --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_country_is_stored_once_in_the_class_dict_of_province(student, student_env):
    student.Province("河北")
    class_dict = student_env.builtins.vars(student.Province)
    assert "country" in class_dict
    assert class_dict["country"] == "中国"


def test_country_is_read_through_the_class_as_zhongguo(student):
    student.Province("河北")
    assert student.Province.country == "中国"


def test_country_is_read_through_every_instance_as_zhongguo(student):
    provinces = [student.Province(name) for name in ("河北", "山东", "广东")]
    assert [p.country for p in provinces] == ["中国", "中国", "中国"]


@pytest.mark.points(2)
def test_country_is_not_copied_into_the_instance_dict(student, student_env):
    hebei = student.Province("河北")
    assert "country" not in student_env.builtins.vars(hebei)


def test_changing_province_country_is_seen_by_every_existing_instance(student):
    hebei = student.Province("河北")
    shandong = student.Province("山东")
    try:
        student.Province.country = "中华人民共和国"
        assert hebei.country == "中华人民共和国"
        assert shandong.country == "中华人民共和国"
    finally:
        student.Province.country = "中国"


# --------------------------------------------------------------------------
# Province.name: an instance attribute; vars(obj) == {"name": name}
# --------------------------------------------------------------------------

def test_name_is_stored_on_the_instance(student):
    assert student.Province("河北").name == "河北"


def test_each_province_keeps_its_own_name(student):
    hebei = student.Province("河北")
    shandong = student.Province("山东")
    assert hebei.name == "河北"
    assert shandong.name == "山东"


def test_name_can_be_passed_as_keyword(student):
    assert student.Province(name="河南").name == "河南"


@pytest.mark.points(3)
@pytest.mark.parametrize("name", ["河北", "Guangdong", ""], ids=["hebei", "ascii", "empty"])
def test_vars_of_a_province_is_exactly_name(student, student_env, name):
    p = student.Province(name)
    assert student_env.builtins.vars(p) == {"name": name}


def test_vars_of_a_province_stays_exactly_name_after_more_provinces(student, student_env):
    first = student.Province("河北")
    for name in ("山东", "山西", "河南"):
        student.Province(name)
    assert student_env.builtins.vars(first) == {"name": "河北"}


# --------------------------------------------------------------------------
# Province.count: the number of instances created, kept on Province only
# --------------------------------------------------------------------------

@pytest.mark.fresh_process
@pytest.mark.points(2)
def test_count_starts_at_0_and_the_first_province_makes_it_1(student):
    assert _count(student) == 0
    student.Province("河北")
    assert _count(student) == 1


@pytest.mark.points(3)
def test_count_on_province_goes_up_by_one_per_new_province(student):
    before = _count(student)
    for i, name in enumerate(["河北", "山东", "山西", "河南", "湖北"], start=1):
        student.Province(name)
        assert _count(student) == before + i


def test_count_is_an_int(student):
    student.Province("河北")
    assert type(_count(student)) is int


@pytest.mark.points(2)
def test_count_is_kept_in_the_class_dict_of_province(student, student_env):
    student.Province("河北")
    class_dict = student_env.builtins.vars(student.Province)
    assert "count" in class_dict
    assert class_dict["count"] == _count(student)


@pytest.mark.points(3)
def test_count_is_never_added_to_the_instance_dict(student, student_env):
    hebei = student.Province("河北")
    shandong = student.Province("山东")
    assert "count" not in student_env.builtins.vars(hebei)
    assert "count" not in student_env.builtins.vars(shandong)


def test_count_read_through_an_instance_is_the_class_counter(student):
    hebei = student.Province("河北")
    student.Province("山东")
    assert hebei.count == _count(student)


def test_count_is_not_changed_by_creating_a_team(student):
    before = _count(student)
    student.Team("红队", ["小明"])
    assert _count(student) == before


_SUBCLASS = (
    "from province import Province\n"
    "class City(Province):\n"
    "    pass\n"
    "before = Province.count\n"
    "cities = [City('北京'), City('上海'), City('天津')]\n"
    "after = Province.count\n"
)


@pytest.mark.points(3)
def test_count_also_counts_instances_of_a_subclass(student, student_env):
    ns = student_env.exec(_SUBCLASS)
    assert ns.after == ns.before + 3
    assert _count(student) == ns.after


@pytest.mark.points(2)
def test_count_is_never_added_to_a_subclass_dict(student, student_env):
    ns = student_env.exec(_SUBCLASS)
    assert "count" not in student_env.builtins.vars(ns.City)


def test_vars_of_a_subclass_instance_is_exactly_name(student, student_env):
    ns = student_env.exec(_SUBCLASS)
    city_vars = [student_env.builtins.vars(c) for c in ns.cities]
    assert city_vars == [{"name": "北京"}, {"name": "上海"}, {"name": "天津"}]


def test_subclass_and_its_instances_read_the_same_count_as_province(student, student_env):
    ns = student_env.exec(_SUBCLASS)
    assert ns.City.count == _count(student)
    assert ns.cities[0].count == _count(student)


def test_count_counts_provinces_and_subclass_instances_together(student, student_env):
    ns = student_env.exec(
        "from province import Province\n"
        "class City(Province):\n"
        "    pass\n"
        "before = Province.count\n"
        "objects = [Province('河北'), City('北京'), Province('山东'), City('上海')]\n"
        "after = Province.count\n"
    )
    assert ns.after == ns.before + 4


def test_count_counts_a_subclass_with_its_own_init_that_calls_super(student, student_env):
    ns = student_env.exec(
        "from province import Province\n"
        "class Municipality(Province):\n"
        "    def __init__(self, name, districts):\n"
        "        super().__init__(name)\n"
        "        self.districts = districts\n"
        "before = Province.count\n"
        "shanghai = Municipality('上海', 16)\n"
        "after = Province.count\n"
    )
    assert ns.after == ns.before + 1
    assert "count" not in student_env.builtins.vars(ns.Municipality)
    assert student_env.builtins.vars(ns.shanghai) == {"name": "上海", "districts": 16}


def test_count_counts_instances_of_a_subclass_of_a_subclass(student, student_env):
    ns = student_env.exec(
        "from province import Province\n"
        "class City(Province):\n"
        "    pass\n"
        "class Capital(City):\n"
        "    pass\n"
        "before = Province.count\n"
        "beijing = Capital('北京')\n"
        "after = Province.count\n"
    )
    b = student_env.builtins
    assert ns.after == ns.before + 1
    assert ["count" in b.vars(ns.City), "count" in b.vars(ns.Capital)] == [False, False]


@pytest.mark.fresh_process
def test_count_in_a_fresh_module_equals_provinces_plus_subclass_instances(student, student_env):
    ns = student_env.exec(
        "from province import Province\n"
        "class City(Province):\n"
        "    pass\n"
        "objects = [Province('河北'), City('北京'), City('上海')]\n"
        "count = Province.count\n"
    )
    assert ns.count == 3


# --------------------------------------------------------------------------
# Team: every team owns a new members list
# --------------------------------------------------------------------------

def test_team_stores_its_name(student):
    assert student.Team("红队").name == "红队"


@pytest.mark.points(2)
def test_team_without_members_has_an_empty_list(student):
    members = student.Team("红队").members
    assert type(members) is list
    assert members == []


def test_team_with_members_none_has_an_empty_list(student):
    members = student.Team("红队", None).members
    assert type(members) is list
    assert members == []


def test_team_members_equal_the_given_list_in_order(student):
    members = student.Team("红队", ["小明", "小红", "小刚"]).members
    assert type(members) is list
    assert members == ["小明", "小红", "小刚"]


def test_team_accepts_members_as_keyword(student):
    assert student.Team(name="蓝队", members=["小明"]).members == ["小明"]


@pytest.mark.points(2)
def test_add_appends_members_at_the_end_in_order(student):
    team = student.Team("红队", ["小明"])
    team.add("小红")
    team.add("小刚")
    assert team.members == ["小明", "小红", "小刚"]


def test_add_returns_none(student):
    assert student.Team("红队").add("小明") is None


def test_add_the_same_member_twice_keeps_both(student):
    team = student.Team("红队")
    team.add("小明")
    team.add("小明")
    assert team.members == ["小明", "小明"]


@pytest.mark.points(3)
def test_two_teams_created_without_members_do_not_share_a_list(student):
    red = student.Team("红队")
    blue = student.Team("蓝队")
    red.add("小明")
    assert red.members == ["小明"]
    assert blue.members == []
    blue.add("小红")
    assert red.members == ["小明"]
    assert blue.members == ["小红"]


@pytest.mark.points(2)
def test_adding_to_one_team_never_changes_a_team_created_later(student):
    first = student.Team("红队")
    first.add("小明")
    later = student.Team("蓝队")
    assert later.members == []


@pytest.mark.fresh_process
def test_teams_without_members_are_independent_in_a_fresh_module(student, student_env):
    ns = student_env.exec(
        "from province import Team\n"
        "teams = [Team(str(i)) for i in range(3)]\n"
        "teams[0].add('a')\n"
        "teams[2].add('c')\n"
        "members = [t.members for t in teams]\n"
        "distinct = len({id(t.members) for t in teams}) == 3\n"
    )
    assert ns.members == [["a"], [], ["c"]]
    assert ns.distinct is True


@pytest.mark.points(3)
def test_team_members_is_a_new_list_not_the_callers_list(student, student_env):
    ns = student_env.exec(
        "from province import Team\n"
        "names = ['小明', '小红']\n"
        "team = Team('红队', names)\n"
        "same_object = team.members is names\n"
        "members = team.members\n"
    )
    assert ns.same_object is False
    assert ns.members == ["小明", "小红"]


@pytest.mark.points(2)
def test_add_never_changes_the_callers_list(student, student_env):
    ns = student_env.exec(
        "from province import Team\n"
        "names = ['小明']\n"
        "team = Team('红队', names)\n"
        "team.add('小红')\n"
        "team.add('小刚')\n"
    )
    assert ns.names == ["小明"]
    assert ns.team.members == ["小明", "小红", "小刚"]


def test_changing_the_callers_list_later_does_not_change_the_team(student, student_env):
    ns = student_env.exec(
        "from province import Team\n"
        "names = ['小明']\n"
        "team = Team('红队', names)\n"
        "names.append('小偷')\n"
        "names[0] = '改名'\n"
    )
    assert ns.team.members == ["小明"]


@pytest.mark.points(2)
def test_team_given_an_empty_list_still_gets_its_own_list(student, student_env):
    ns = student_env.exec(
        "from province import Team\n"
        "names = []\n"
        "team = Team('红队', names)\n"
        "team.add('小明')\n"
        "same_object = team.members is names\n"
    )
    assert ns.names == []
    assert ns.same_object is False
    assert ns.team.members == ["小明"]


def test_two_teams_built_from_the_same_list_do_not_share_it(student, student_env):
    ns = student_env.exec(
        "from province import Team\n"
        "names = ['小明']\n"
        "red = Team('红队', names)\n"
        "blue = Team('蓝队', names)\n"
        "red.add('小红')\n"
    )
    assert ns.red.members == ["小明", "小红"]
    assert ns.blue.members == ["小明"]
    assert ns.names == ["小明"]
