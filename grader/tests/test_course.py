"""course.yaml: loading the real files, and one clear CourseError per mistake."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grader.course import Course, find_course_file, load_course
from grader.errors import BadInput, CourseError
from grader.settings import Limits, Timeouts
from grader.tests.conftest import KIT_ROOT, edit_course_yaml

CST = dt.timezone(dt.timedelta(hours=8))


# -- the real files -----------------------------------------------------------------------


def test_the_kit_course_loads(kit_course: Course) -> None:
    assert kit_course.id == "python-day8"
    assert kit_course.root == KIT_ROOT
    ids = [e.id for e in kit_course.exercises]
    assert ids == sorted(ids)
    assert ids[:10] == [
        "01_fields",
        "02_methods",
        "03_pager",
        "04_goods",
        "05_private",
        "06_special_members",
        "07_sliceable",
        "08_iterator",
        "09_dynamic_class",
        "10_metaclass",
    ]
    pager = kit_course.exercise("03_pager")
    assert pager.modules == ("pager.py",)
    assert pager.module_names == ("pager",)
    assert pager.points == 10.0
    assert pager.timeouts == Timeouts(call=5.0, test=15.0, exercise=120.0)
    assert pager.limits == Limits(
        memory_mb=2048, cpu_s=120, open_files=256, processes=64, output_kb=64
    )
    assert len(pager.hints) == 3
    assert pager.title.get("zh").startswith("属性")
    assert pager.title.get("en") == "Properties: a pager"
    assert kit_course.schedule.due == dt.datetime(2026, 12, 15, 23, 59, tzinfo=CST)
    assert [rule.credit for rule in kit_course.schedule.late] == [0.8, 0.5]
    assert kit_course.max_score == sum(e.points for e in kit_course.exercises)


def test_the_fake_course_loads_with_inherited_defaults(fake_course: Course) -> None:
    assert [e.id for e in fake_course.exercises] == ["01_adder", "02_greeter"]
    assert fake_course.max_score == 24.0
    for exercise in fake_course.exercises:
        assert exercise.timeouts == Timeouts(call=1.5, test=4.0, exercise=20.0)
        assert exercise.limits.output_kb == 16
        assert exercise.limits.memory_mb == 1024
    assert fake_course.schedule.due is None


def test_per_exercise_timeouts_override_only_the_keys_given(fake_course_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["exercises"][1]["timeouts"] = {"exercise": 9}

    course = load_course(edit_course_yaml(fake_course_copy, change))

    assert course.exercise("02_greeter").timeouts == Timeouts(call=1.5, test=4.0, exercise=9.0)
    assert course.exercise("01_adder").timeouts == Timeouts(call=1.5, test=4.0, exercise=20.0)


def test_selection_keeps_the_given_order_and_drops_repeats(fake_course: Course) -> None:
    assert [e.id for e in fake_course.select(None)] == ["01_adder", "02_greeter"]
    assert [e.id for e in fake_course.select([])] == ["01_adder", "02_greeter"]
    chosen = fake_course.select(["02_greeter", "01_adder", "02_greeter"])
    assert [e.id for e in chosen] == ["02_greeter", "01_adder"]


def test_an_unknown_exercise_names_the_known_ones(fake_course: Course) -> None:
    with pytest.raises(
        CourseError, match=r"unknown exercise '04_x' \(known: 01_adder, 02_greeter\)"
    ):
        fake_course.exercise("04_x")


def test_find_course_file_walks_up_from_a_subfolder(fake_course_copy: Path) -> None:
    deep = fake_course_copy.parent / "exercises" / "01_adder"
    assert find_course_file(deep) == fake_course_copy.resolve()


def test_find_course_file_fails_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"course\.yaml: not found in .*\(use --course\)"):
        find_course_file(tmp_path)


def test_course_errors_are_bad_input() -> None:
    assert issubclass(CourseError, BadInput)


def test_check_files_false_skips_the_file_checks(fake_course_copy: Path) -> None:
    shutil.rmtree(fake_course_copy.parent / "solutions")
    with pytest.raises(CourseError):
        load_course(fake_course_copy)
    course = load_course(fake_course_copy, check_files=False)
    assert [e.id for e in course.exercises] == ["01_adder", "02_greeter"]


# -- one error per mistake ----------------------------------------------------------------


def assert_course_error(path: Path, where: str, problem: str) -> None:
    """load_course fails with one line: ``PATH: WHERE: PROBLEM...``."""
    with pytest.raises(CourseError) as info:
        load_course(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {where}: "), message
    assert problem in message, message


Change = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _duplicate_first_exercise(data: dict[str, Any]) -> None:
    data["exercises"][1]["id"] = data["exercises"][0]["id"]


CASES: list[tuple[str, Change, str, str]] = [
    (
        "unknown key",
        _set(["exercises", 0, "colour"], "red"),
        "exercises[0].colour",
        "unknown key (allowed: cpu_share, hints, id, limits, modules, points, schedule, "
        "timeouts, title, topics)",
    ),
    (
        "unknown top-level key",
        _set(["extra"], 1),
        "(top level).extra",
        "unknown key",
    ),
    (
        "points of the wrong type",
        _set(["exercises", 0, "points"], "ten"),
        "exercises[0].points",
        "expected a number, got str",
    ),
    (
        "points as a boolean",
        _set(["exercises", 0, "points"], True),
        "exercises[0].points",
        "expected a number, got bool",
    ),
    (
        "negative points",
        _set(["exercises", 1, "points"], -1),
        "exercises[1].points",
        "must be >= 0.0, got -1",
    ),
    (
        "a limit of the wrong type",
        _set(["defaults", "limits", "memory_mb"], 1.5),
        "defaults.limits.memory_mb",
        "expected an integer, got float",
    ),
    (
        "title without Chinese",
        _set(["exercises", 0, "title"], {"en": "Adder"}),
        "exercises[0].title",
        "missing required key 'zh'",
    ),
    (
        "modules not a list",
        _set(["exercises", 0, "modules"], "adder.py"),
        "exercises[0].modules",
        "expected a list, got str",
    ),
    (
        "duplicate id",
        _duplicate_first_exercise,
        "exercises[1].id",
        "duplicate exercise id '01_adder'",
    ),
    (
        "bad id",
        _set(["exercises", 0, "id"], "1_adder"),
        "exercises[0].id",
        "'1_adder' is not of the form NN_name",
    ),
    (
        "id with capitals",
        _set(["exercises", 0, "id"], "01_Adder"),
        "exercises[0].id",
        "is not of the form NN_name",
    ),
    (
        "module shadowing the standard library",
        _set(["exercises", 0, "modules"], ["json.py"]),
        "exercises[0].modules[0]",
        "'json.py' would shadow a standard or pytest module",
    ),
    (
        "conftest.py as a module",
        _set(["exercises", 1, "modules"], ["greeter.py", "conftest.py"]),
        "exercises[1].modules[1]",
        "'conftest.py' would shadow a standard or pytest module",
    ),
    (
        "module in a folder",
        _set(["exercises", 0, "modules"], ["pkg/adder.py"]),
        "exercises[0].modules[0]",
        "'pkg/adder.py' is not a plain NAME.py file",
    ),
    (
        "module named after a keyword",
        _set(["exercises", 0, "modules"], ["class.py"]),
        "exercises[0].modules[0]",
        "is not a plain NAME.py file",
    ),
    (
        "default timeouts out of order",
        _set(["defaults", "timeouts"], {"call": 5, "test": 2, "exercise": 20}),
        "defaults.timeouts",
        "timeouts must satisfy call <= test <= exercise",
    ),
    (
        "exercise timeout below the inherited test timeout",
        _set(["exercises", 1, "timeouts"], {"exercise": 3}),
        "exercises[1].timeouts",
        "timeouts must satisfy call <= test <= exercise",
    ),
    (
        "late credit above 1",
        _set(
            ["schedule"],
            {
                "due": "2026-12-15T23:59:00+08:00",
                "late": [{"until": "2026-12-18T23:59:00+08:00", "credit": 1.5}],
            },
        ),
        "schedule.late[0].credit",
        "must be between 0 and 1, got 1.5",
    ),
    (
        "late deadlines out of order",
        _set(
            ["schedule"],
            {
                "due": "2026-12-15T23:59:00+08:00",
                "late": [{"until": "2026-12-14T23:59:00+08:00", "credit": 0.5}],
            },
        ),
        "schedule.late[0].until",
        "late deadlines must come in order",
    ),
    (
        "due before release",
        _set(
            ["exercises", 0, "schedule"],
            {"release": "2026-12-10T08:00:00+08:00", "due": "2026-12-01T08:00:00+08:00"},
        ),
        "exercises[0].schedule.due",
        "is before the release",
    ),
    (
        "date-time without a UTC offset",
        _set(["schedule"], {"due": "2026-12-15T23:59:00"}),
        "schedule.due",
        "date-time needs a UTC offset",
    ),
    (
        "cpu share of more than a core",
        _set(["exercises", 0, "cpu_share"], 2),
        "exercises[0].cpu_share",
        "2 is more than one core (a share is between 0.25 and 1)",
    ),
    (
        "cpu share too small",
        _set(["exercises", 0, "cpu_share"], 0.1),
        "exercises[0].cpu_share",
        "must be >= 0.25, got 0.1",
    ),
    (
        "cpu share not a number",
        _set(["exercises", 0, "cpu_share"], "half"),
        "exercises[0].cpu_share",
        "expected a number, got str",
    ),
    (
        "no exercises",
        _set(["exercises"], []),
        "exercises",
        "expected a non-empty list of exercises",
    ),
]


@pytest.mark.parametrize(
    ("change", "where", "problem"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_mistake_is_one_line_naming_file_key_and_problem(
    fake_course_copy: Path, change: Change, where: str, problem: str
) -> None:
    assert_course_error(edit_course_yaml(fake_course_copy, change), where, problem)


def test_a_missing_module_file_is_named(fake_course_copy: Path) -> None:
    (fake_course_copy.parent / "solutions" / "02_greeter" / "greeter.py").unlink()
    assert_course_error(
        fake_course_copy, "exercises[1].modules", "missing file solutions/02_greeter/greeter.py"
    )


def test_a_missing_stub_is_named(fake_course_copy: Path) -> None:
    (fake_course_copy.parent / "exercises" / "01_adder" / "adder.py").unlink()
    assert_course_error(
        fake_course_copy, "exercises[0].modules", "missing file exercises/01_adder/adder.py"
    )


def test_a_missing_hidden_suite_is_named(fake_course_copy: Path) -> None:
    shutil.rmtree(fake_course_copy.parent / "tests" / "02_greeter")
    assert_course_error(
        fake_course_copy, "exercises[1]", "missing hidden suite folder tests/02_greeter"
    )


def test_invalid_yaml_names_the_line(fake_course_copy: Path) -> None:
    fake_course_copy.write_text("course:\n  id: x\n  title: [unclosed\nexercises: []\n", "utf-8")
    with pytest.raises(CourseError) as info:
        load_course(fake_course_copy)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{fake_course_copy}: line ")
    assert "invalid YAML" in message


def test_a_yaml_list_at_the_top_is_rejected(fake_course_copy: Path) -> None:
    fake_course_copy.write_text("- 1\n- 2\n", "utf-8")
    assert_course_error(fake_course_copy, "(top level)", "expected a mapping, got list")


def test_an_unreadable_course_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "course.yaml"
    with pytest.raises(CourseError, match="cannot read"):
        load_course(missing)
    with pytest.raises(CourseError) as info:
        load_course(missing)
    assert str(info.value).startswith(f"{missing}: ")
