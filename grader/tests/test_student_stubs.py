"""An untouched stub is "not started" by its content, however its tests fail."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from grader.bundle import BundlePurpose, make_bundle
from grader.course import load_course
from grader.render.terminal import render
from grader.render.visibility import shown_report
from grader.student import progress
from grader.student.check import check_exercises
from grader.student.hints import next_hint
from grader.student.stubs import stub_hashes, untouched
from grader.tests.conftest import KIT_ROOT

# 04's stub fails a test with AttributeError (PRICE is None), not NotImplementedError.
EXERCISE = "04_goods"


def _copy_of_the_stub(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    shutil.copytree(KIT_ROOT / "exercises" / EXERCISE, folder / EXERCISE)
    return folder


def _checked_text(folder: Path) -> tuple[str, str]:
    course = load_course(KIT_ROOT / "course.yaml")
    checked = check_exercises(
        course=course, folder=folder, ids=[EXERCISE], lang="en", progress_stream=io.StringIO()
    )
    out = io.StringIO()
    render(
        shown_report(checked.report, course.reports.hidden_display),
        course=course,
        stream=out,
        untouched=checked.untouched,
        hints_revealed=checked.hints_revealed,
    )
    return out.getvalue(), progress.load(folder, course)[EXERCISE].status


def test_an_untouched_stub_is_one_line_not_started(tmp_path: Path) -> None:
    text, status = _checked_text(_copy_of_the_stub(tmp_path))
    assert "not started" in text
    assert "AttributeError" not in text and "│" not in text  # no failure details at all
    assert status == progress.NOT_STARTED


def test_a_touched_stub_shows_its_failures(tmp_path: Path) -> None:
    folder = _copy_of_the_stub(tmp_path)
    module = folder / EXERCISE / "goods.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# started\n", encoding="utf-8")
    text, status = _checked_text(folder)
    assert "not started" not in text
    assert "AttributeError" in text
    assert status == "failed"


def test_a_bundle_remembers_the_stubs_its_student_will_change(tmp_path: Path) -> None:
    bundle = make_bundle(
        course_file=KIT_ROOT / "course.yaml",
        purpose=BundlePurpose.PUBLIC,
        out_dir=tmp_path / "kit",
    )
    course = load_course(bundle.root / "course.yaml")
    recorded = json.loads((bundle.root / "bundle.json").read_text(encoding="utf-8"))["stubs"]
    assert set(recorded) == {e.id for e in course.exercises}
    # The student edits the bundle's own exercises/: the record still knows the stub.
    module = bundle.root / "exercises" / EXERCISE / "goods.py"
    module.write_text("class Goods:\n    pass\n", encoding="utf-8")
    folder = bundle.root / "exercises"
    assert stub_hashes(course, folder)[EXERCISE] == recorded[EXERCISE]
    hashes = {e.id: progress.module_hash(folder, e) for e in course.exercises}
    assert untouched(course, folder, hashes) == {e.id for e in course.exercises} - {EXERCISE}


def test_a_kits_own_exercises_folder_has_no_stubs_to_compare_with(tmp_path: Path) -> None:
    # A student working in a clone of the kit changes the stubs themselves.
    course = load_course(KIT_ROOT / "course.yaml")
    own = KIT_ROOT / "exercises"
    assert stub_hashes(course, own) == {}
    assert stub_hashes(course, _copy_of_the_stub(tmp_path))[EXERCISE]


def test_check_shows_only_the_hints_asked_for_and_offers_the_next(tmp_path: Path) -> None:
    folder = _copy_of_the_stub(tmp_path)
    module = folder / EXERCISE / "goods.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# started\n", encoding="utf-8")
    course = load_course(KIT_ROOT / "course.yaml")
    hints = [hint.get("en") for hint in course.exercise(EXERCISE).hints]
    assert len(hints) >= 2

    before, _ = _checked_text(folder)
    assert not any(hint in before for hint in hints)
    assert f"Stuck? `grader hint 04` shows a hint ({len(hints)} not seen yet)" in before

    next_hint(exercise=course.exercise(EXERCISE), folder=folder)
    after, _ = _checked_text(folder)
    assert hints[0] in after and hints[1] not in after
    assert f"({len(hints) - 1} not seen yet)" in after
