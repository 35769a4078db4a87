"""``grader hint``: one more hint at each call, remembered in ``.grader/hints.json``."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from grader.cli import main
from grader.course import Course
from grader.student.hints import (
    HintEvent,
    hint_lines,
    next_hint,
    read_state,
    reset_hints,
    revealed_hints,
    write_state,
)

from .conftest import KIT_ROOT

COURSE = str(KIT_ROOT / "course.yaml")


def hint(
    capsys: pytest.CaptureFixture[str], folder: Path, *args: str, lang: str = "en"
) -> tuple[int, str, str]:
    code = main(["hint", *args, "--course", COURSE, "--path", str(folder), "--lang", lang])
    out, err = capsys.readouterr()
    return code, out, err


def test_each_call_shows_the_next_hint_then_all_of_them(
    tmp_path: Path, kit_course: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    pager = kit_course.exercise("03_pager")
    assert len(pager.hints) == 3
    texts = [h.en for h in pager.hints]

    for number in (1, 2, 3):
        code, out, err = hint(capsys, tmp_path, "03_pager")
        assert code == 0 and err == ""
        lines = out.splitlines()
        assert lines[0] == f"03_pager · {pager.title.en}"
        assert lines[1] == f"Hint {number} of 3: {texts[number - 1]}"
        # Only the new hint: none of the earlier ones again.
        assert sum(line.startswith("Hint ") for line in lines) == 1
        assert lines[2] == (
            "That was the last hint."
            if number == 3
            else f"{3 - number} more: run `grader hint 03_pager` again when you need the next one."
        )
    assert read_state(tmp_path) == {"03_pager": 3}

    code, out, _ = hint(capsys, tmp_path, "03_pager")
    assert code == 0
    assert "All 3 hints have been shown" in out
    assert [line for line in out.splitlines() if line.startswith("Hint ")] == [
        f"Hint {n} of 3: {text}" for n, text in enumerate(texts, start=1)
    ]
    assert read_state(tmp_path) == {"03_pager": 3}


def test_all_shows_what_was_revealed_and_reset_starts_again(
    tmp_path: Path, kit_course: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    pager = kit_course.exercise("03_pager")
    code, out, _ = hint(capsys, tmp_path, "03_pager", "--all")
    assert code == 0 and "No hint shown yet (3 available)" in out
    assert read_state(tmp_path) == {}  # --all reveals nothing

    hint(capsys, tmp_path, "03_pager")
    hint(capsys, tmp_path, "03_pager")
    code, out, _ = hint(capsys, tmp_path, "03_pager", "--all")
    assert "2 of 3 hints shown so far:" in out
    assert [line for line in out.splitlines() if line.startswith("Hint ")] == [
        f"Hint 1 of 3: {pager.hints[0].en}",
        f"Hint 2 of 3: {pager.hints[1].en}",
    ]

    hint(capsys, tmp_path, "01_fields")
    code, out, _ = hint(capsys, tmp_path, "03_pager", "--reset")
    assert code == 0 and "the next `grader hint 03_pager` shows hint 1 of 3" in out
    assert read_state(tmp_path) == {"01_fields": 1}  # the other exercise is kept
    _, out, _ = hint(capsys, tmp_path, "03_pager")
    assert f"Hint 1 of 3: {pager.hints[0].en}" in out

    with pytest.raises(SystemExit) as usage:
        hint(capsys, tmp_path, "03_pager", "--all", "--reset")
    assert usage.value.code == 2
    assert "--reset: not allowed with argument --all" in capsys.readouterr().err


def test_hints_in_chinese(
    tmp_path: Path, kit_course: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    pager = kit_course.exercise("03_pager")
    code, out, _ = hint(capsys, tmp_path, "pager", lang="zh")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"03_pager · {pager.title.zh}"
    assert lines[1] == f"提示 1/3：{pager.hints[0].zh}"
    assert lines[2] == "还有 2 条：需要下一条时再运行 `grader hint 03_pager`。"
    hint(capsys, tmp_path, "pager", lang="zh")
    hint(capsys, tmp_path, "pager", lang="zh")
    _, out, _ = hint(capsys, tmp_path, "pager", lang="zh")
    assert "全部 3 条提示都已显示过" in out
    assert pager.hints[2].zh in out and pager.hints[2].en not in out


@pytest.mark.parametrize("given", ["03", "3", "pager", "pager.py", "03_pager", "03_PAGER"])
def test_short_ids(tmp_path: Path, given: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = hint(capsys, tmp_path, given)
    assert code == 0 and out.startswith("03_pager · ")
    assert read_state(tmp_path) == {"03_pager": 1}


def test_the_exercise_folder_one_is_in_names_the_exercise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # --path naming one exercise's folder: that exercise, its state in the folder above.
    (tmp_path / "03_pager").mkdir()
    code, out, _ = hint(capsys, tmp_path / "03_pager")
    assert code == 0 and out.startswith("03_pager · ")
    assert read_state(tmp_path) == {"03_pager": 1}
    # Without --path: the exercise folder of the kit one is in.
    kit = tmp_path / "kit"
    (kit / "exercises" / "03_pager").mkdir(parents=True)
    for name in ("solutions", "tests"):
        (kit / name).symlink_to(KIT_ROOT / name)
    for exercise in ("01_fields", "03_pager"):
        shutil.copytree(
            KIT_ROOT / "exercises" / exercise, kit / "exercises" / exercise, dirs_exist_ok=True
        )
    data = yaml.safe_load((KIT_ROOT / "course.yaml").read_text(encoding="utf-8"))
    data["exercises"] = [e for e in data["exercises"] if e["id"] in ("01_fields", "03_pager")]
    (kit / "course.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(kit / "exercises" / "03_pager")
    assert main(["hint", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("03_pager · ")
    assert read_state(kit / "exercises") == {"03_pager": 1}
    monkeypatch.chdir(kit)
    assert main(["hint", "--lang", "en"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert err.startswith("grader: error: which exercise? give its id")


def test_unknown_ids_and_folders_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = hint(capsys, tmp_path, "pagr")
    assert code == 2 and len(err.splitlines()) == 1
    assert "unknown exercise 'pagr'" in err and "03_pager" in err
    code, _, err = hint(capsys, tmp_path / "nowhere", "03")
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith(f"grader: error: {tmp_path / 'nowhere'}: ")


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[1, 2, 3]",
        b'{"shown": [1]}',
        b'{"shown": {"03_pager": "2"}}',
        b'{"shown": {"03_pager": true}}',
        b'{"shown": {"03_pager": -5}}',
        b'{"shown": {"03_pager": 2.0}}',
        b"[" * 200_000,
        b'{"shown": {"03_pager": 2}, "padding": "' + b"x" * 70_000 + b'"}',
    ],
    ids=lambda c: repr(c[:24]),
)
def test_a_broken_or_hostile_state_file_counts_as_empty(
    tmp_path: Path, kit_course: Course, content: bytes
) -> None:
    state = tmp_path / ".grader" / "hints.json"
    state.parent.mkdir()
    state.write_bytes(content)
    assert read_state(tmp_path) == {}
    pager = kit_course.exercise("03_pager")
    outcome = next_hint(exercise=pager, folder=tmp_path)
    assert (outcome.event, outcome.shown, outcome.saved) == (HintEvent.NEW, 1, True)
    assert json.loads(state.read_text()) == {"shown": {"03_pager": 1}}


def test_links_and_fifos_in_place_of_the_state_are_not_followed(
    tmp_path: Path, kit_course: Course
) -> None:
    pager = kit_course.exercise("03_pager")
    other = tmp_path / "other"
    other.mkdir()
    assert write_state(other, {"03_pager": 2}) == ""
    folder = tmp_path / "work"
    (folder / ".grader").mkdir(parents=True)
    # The state file a link to a valid state elsewhere: not read.
    (folder / ".grader" / "hints.json").symlink_to(other / ".grader" / "hints.json")
    assert read_state(folder) == {}
    # Saving replaces the link itself, never writes through it.
    assert next_hint(exercise=pager, folder=folder).saved
    assert not (folder / ".grader" / "hints.json").is_symlink()
    assert read_state(folder) == {"03_pager": 1}
    assert read_state(other) == {"03_pager": 2}
    # A FIFO would block a plain open(): read as empty at once.
    fifo_folder = tmp_path / "fifo"
    (fifo_folder / ".grader").mkdir(parents=True)
    os.mkfifo(fifo_folder / ".grader" / "hints.json")
    assert read_state(fifo_folder) == {}
    # The .grader folder itself a link: neither read nor written through.
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / ".grader").symlink_to(other / ".grader")
    assert read_state(linked) == {}
    assert not next_hint(exercise=pager, folder=linked).saved
    assert read_state(other) == {"03_pager": 2}


def test_a_folder_where_nothing_can_be_saved_still_shows_the_first_hint(
    tmp_path: Path, kit_course: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file where the .grader folder should be: nothing can be saved there (root
    # ignores permissions, so this is how a read-only folder is made here).
    (tmp_path / ".grader").write_text("not a folder\n")
    pager = kit_course.exercise("03_pager")
    for _ in range(2):
        code, out, err = hint(capsys, tmp_path, "03")
        assert code == 0
        assert f"Hint 1 of 3: {pager.hints[0].en}" in out
        assert err.startswith("grader: warning: cannot save which hints you have seen (")
        assert err.rstrip().endswith("the next `grader hint 03_pager` shows this one again")
    _, _, err = hint(capsys, tmp_path, "03", lang="zh")
    assert err.startswith("grader: warning: 无法保存已看过的提示（")
    (tmp_path / ".grader").unlink()
    (tmp_path / ".grader" / "hints.json").mkdir(parents=True)  # a folder in the file's place
    outcome = next_hint(exercise=pager, folder=tmp_path)
    assert (outcome.shown, outcome.saved) == (1, False) and outcome.problem
    code, _, err = hint(capsys, tmp_path, "03", "--reset")
    assert code == 0  # nothing was saved, so there is nothing to reset


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_still_shows_the_first_hint(tmp_path: Path, kit_course: Course) -> None:
    tmp_path.chmod(0o555)
    try:
        outcome = next_hint(exercise=kit_course.exercise("03_pager"), folder=tmp_path)
    finally:
        tmp_path.chmod(0o755)
    assert (outcome.event, outcome.shown, outcome.saved) == (HintEvent.NEW, 1, False)


def test_writes_are_atomic_and_leave_nothing_behind(tmp_path: Path, kit_course: Course) -> None:
    for exercise in kit_course.exercises[:3]:
        next_hint(exercise=exercise, folder=tmp_path)
    assert sorted(p.name for p in (tmp_path / ".grader").iterdir()) == ["hints.json"]
    assert read_state(tmp_path) == {e.id: 1 for e in kit_course.exercises[:3]}
    # A count above the number of hints (an edited file) shows them all.
    write_state(tmp_path, {"03_pager": 99})
    outcome = next_hint(exercise=kit_course.exercise("03_pager"), folder=tmp_path)
    assert (outcome.event, outcome.shown) == (HintEvent.ALL_SHOWN, 3)


def test_an_exercise_without_hints(tmp_path: Path, kit_course: Course) -> None:
    bare = dataclasses.replace(kit_course.exercise("03_pager"), hints=())
    for outcome in (
        next_hint(exercise=bare, folder=tmp_path),
        revealed_hints(exercise=bare, folder=tmp_path),
    ):
        assert outcome.event is HintEvent.NO_HINTS
        assert hint_lines(outcome, lang="en")[1] == "This exercise has no hints."
        assert hint_lines(outcome, lang="zh")[1] == "这个练习没有提示。"
    assert reset_hints(exercise=bare, folder=tmp_path).event is HintEvent.RESET
    assert not (tmp_path / ".grader").exists()
