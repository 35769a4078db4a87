"""Public tests for exercise 01_fields.

Run them with ``pytest exercises/01_fields`` or ``grader check 01_fields``.
The hidden tests check the same rules more thoroughly (see README.md).

Tests never import ``province`` themselves: the ``student`` fixture is your
module, and ``student_env.builtins`` are the builtins of the process that
runs your code.  ``Province.count`` is shared by the whole test session, so the
tests look at how much it *changes*, not at its value.
"""

import pytest

pytestmark = pytest.mark.student_module("province")


@pytest.mark.points(2)
def test_country_is_a_class_attribute_seen_by_every_instance(student, student_env):
    hebei = student.Province("河北")
    shandong = student.Province("山东")
    assert student.Province.country == "中国"
    assert "country" in student_env.builtins.vars(student.Province)
    assert hebei.country == "中国"
    assert shandong.country == "中国"


@pytest.mark.points(2)
def test_vars_of_a_province_is_exactly_its_name(student, student_env):
    hebei = student.Province("河北")
    assert hebei.name == "河北"
    assert student_env.builtins.vars(hebei) == {"name": "河北"}


@pytest.mark.points(2)
def test_count_on_province_goes_up_by_one_per_new_province(student):
    before = student.Province.count
    student.Province("河北")
    assert student.Province.count == before + 1
    student.Province("山东")
    assert student.Province.count == before + 2


def test_instances_of_a_subclass_are_counted_on_province(student, student_env):
    before = student.Province.count
    # A subclass must be defined next to your code, so the test sends it as source.
    ns = student_env.exec(
        "from province import Province\n"
        "class City(Province):\n"
        "    pass\n"
        "beijing = City('北京')\n"
    )
    assert student.Province.count == before + 1
    assert "count" not in student_env.builtins.vars(ns.City)


def test_team_without_members_starts_empty_and_add_appends(student):
    team = student.Team("红队")
    assert team.name == "红队"
    assert team.members == []
    team.add("小明")
    team.add("小红")
    assert team.members == ["小明", "小红"]


@pytest.mark.points(2)
def test_two_teams_created_without_members_do_not_share_a_list(student):
    red = student.Team("红队")
    blue = student.Team("蓝队")
    red.add("小明")
    assert red.members == ["小明"]
    assert blue.members == []


def test_adding_to_a_team_does_not_change_the_callers_list(student, student_env):
    # Lists you pass from a test are copied on their way to your code, so the
    # check runs next to your code instead.
    ns = student_env.exec(
        "from province import Team\n"
        "names = ['小明']\n"
        "team = Team('红队', names)\n"
        "team.add('小红')\n"
    )
    assert ns.names == ["小明"]
    assert ns.team.members == ["小明", "小红"]
