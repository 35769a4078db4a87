"""Grading accuracy: other correct solutions get full marks; realistic wrong ones lose
points on the tests named for their mistake.

Each ``data/variants/ID/*.py`` is a complete module for exercise ``ID`` whose first
comment lines declare what it is::

    # variant: alternative            (must score full marks)
    # variant: wrong                  (must lose points ...)
    # fails: test_name_fragment       (... and fail a test whose name contains this)
    # passes: test_name_fragment      (optional: every test whose name contains this
    #                                  passes, so it fails only for its own reason)
    # within: 60                      (optional: the exercise's run takes under 60 s)
    # module: file_client.py          (optional: the module it replaces; default: the
    #                                  exercise's first module)

The other modules of a multi-module exercise come from the reference solution.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.course import Course
from grader.grading import grade
from grader.results import Status

from .conftest import DATA, KIT_ROOT, SubmissionFactory

VARIANTS = DATA / "variants"


def _header(path: Path) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# ") or ":" not in line:
            break
        key, _, value = line[2:].partition(":")
        fields.setdefault(key.strip(), []).append(value.strip())
    return fields


def _variants() -> list[Path]:
    return sorted(VARIANTS.glob("*/*.py"))


def test_every_variant_belongs_to_a_course_exercise_and_declares_its_kind(
    kit_course: Course,
) -> None:
    ids = {e.id for e in kit_course.exercises}
    assert _variants()
    for path in _variants():
        assert path.parent.name in ids, path
        kind = _header(path).get("variant")
        assert kind in (["alternative"], ["wrong"]), f"{path}: needs '# variant: ...'"
        if kind == ["wrong"]:
            assert _header(path).get("fails"), f"{path}: needs '# fails: ...'"
        exercise = kit_course.exercise(path.parent.name)
        for module in _header(path).get("module", []):
            assert module in exercise.modules, f"{path}: {module} is not a module of it"
        for seconds in _header(path).get("within", []):
            assert 0 < float(seconds) < exercise.timeouts.exercise, f"{path}: within {seconds}"


def _replaced_module(path: Path, modules: tuple[str, ...]) -> str:
    named = _header(path).get("module")
    return named[0] if named else modules[0]


@pytest.mark.parametrize("variant", _variants(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_variant_is_graded_as_declared(
    kit_course: Course, make_submission: SubmissionFactory, variant: Path
) -> None:
    exercise = kit_course.exercise(variant.parent.name)
    header = _header(variant)
    replaced = _replaced_module(variant, exercise.modules)
    # Other modules of a multi-module exercise come from the reference solution.
    files: dict[str, str | bytes] = {
        f"{exercise.id}/{module}": (KIT_ROOT / "solutions" / exercise.id / module).read_text(
            encoding="utf-8"
        )
        for module in exercise.modules
        if module != replaced
    }
    files[f"{exercise.id}/{replaced}"] = variant.read_text(encoding="utf-8")
    report = grade(course=kit_course, submission=make_submission(files), exercise_ids=[exercise.id])
    (result,) = report.exercises
    assert not result.grader_error, result.message
    failing = [t.name for t in result.tests if t.status is not Status.PASSED]
    if header["variant"] == ["alternative"]:
        assert failing == []
        assert result.score == result.max_score
    else:
        assert result.score < result.max_score
        for fragment in header["fails"]:
            assert any(fragment in name for name in failing), (
                f"{variant.name} should fail a test named like {fragment!r}; failing: {failing}"
            )
    for fragment in header.get("passes", []):
        named = [t.name for t in result.tests if fragment in t.name]
        assert named, f"{variant.name}: no test is named like {fragment!r}"
        wrongly = [name for name in named if name in failing]
        assert not wrongly, f"{variant.name} should pass {wrongly} (they test something else)"
    for seconds in header.get("within", []):
        # The exercise's duration as the grader measured it (not withheld for teachers).
        assert result.duration_s is not None
        assert result.duration_s < float(seconds), (
            f"{variant.name} took {result.duration_s:.1f} s (limit for it: {seconds} s)"
        )
