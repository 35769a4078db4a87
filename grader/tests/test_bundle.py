"""``grader bundle`` (what a platform receives: never solutions/ or .git) and the check of
what student code can read of the kit (hidden tests, solutions)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from grader.bundle import BundlePurpose, make_bundle
from grader.course import Course, load_course
from grader.errors import BadInput
from grader.sandbox.exposure import kit_exposure
from grader.sandbox.permissions import READ, grants, reachable, searchable_by_others
from grader.student.readme import INSTALL_COMMAND, markdown_text, student_readmes

from .conftest import KIT_ROOT

EXERCISES = ("01_fields", "03_pager")
NOBODY = {"student_uid": 65534, "sandbox": None}
SAME_USER = {"student_uid": None, "sandbox": None}


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kit with a .git holding a token, solutions and two exercises."""
    root = tmp_path_factory.mktemp("kit")
    for name in ("exercises", "solutions", "tests", "grader", "docs"):
        (root / name).symlink_to(KIT_ROOT / name)
    (root / "pyproject.toml").write_text((KIT_ROOT / "pyproject.toml").read_text())
    (root / "README.md").write_text("kit\n")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("url = https://user:TOKEN@example.com/kit.git\n")
    data = yaml.safe_load((KIT_ROOT / "course.yaml").read_text(encoding="utf-8"))
    data["exercises"] = [e for e in data["exercises"] if e["id"] in EXERCISES]
    (root / "course.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


def test_a_grading_bundle_has_what_grading_needs_and_nothing_secret(
    kit: Path, tmp_path: Path
) -> None:
    bundle = make_bundle(
        course_file=kit / "course.yaml", purpose=BundlePurpose.GRADING, out_dir=tmp_path / "b"
    )
    tops = {f.split("/")[0] for f in bundle.files}
    assert tops == {
        "course.yaml",
        "bundle.json",
        "pyproject.toml",
        "README.md",
        "exercises",
        "tests",
        "grader",
        "docs",
    }
    assert bundle.has_hidden_tests
    assert {f.split("/")[1] for f in bundle.files if f.startswith(("exercises/", "tests/"))} == set(
        EXERCISES
    )
    assert not any(f.startswith("grader/tests/") for f in bundle.files)  # holds solutions
    assert not any("__pycache__" in f or "/." in f or f.startswith(".") for f in bundle.files)
    assert "docs/ci/gradescope/run_autograder" in bundle.files
    assert "TOKEN" not in "".join(
        (tmp_path / "b" / f).read_text(errors="replace") for f in bundle.files
    )
    assert all(not (tmp_path / "b" / f).is_symlink() for f in bundle.files)


def test_a_public_bundle_has_no_hidden_tests(kit: Path, tmp_path: Path) -> None:
    bundle = make_bundle(
        course_file=kit / "course.yaml", purpose=BundlePurpose.PUBLIC, out_dir=tmp_path / "p"
    )
    assert not bundle.has_hidden_tests
    assert not (tmp_path / "p" / "tests").exists()
    assert "exercises/03_pager/test_pager.py" in bundle.files


def test_a_bundle_goes_to_a_new_folder_outside_what_it_copies(kit: Path, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    refused = [tmp_path / "full", kit / "tests" / "bundle", kit / "exercises" / "x" / "bundle"]
    for out in refused:
        with pytest.raises(BadInput):
            make_bundle(course_file=kit / "course.yaml", purpose=BundlePurpose.GRADING, out_dir=out)
    assert not (KIT_ROOT / "tests" / "bundle").exists()
    # The README's command, run in the kit: build/kit.
    out = kit / "build" / "kit"
    made = make_bundle(course_file=kit / "course.yaml", purpose=BundlePurpose.GRADING, out_dir=out)
    assert "course.yaml" in made.files and not any(f.startswith("build/") for f in made.files)
    shutil.rmtree(kit / "build")


def _grader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GRADER_LANG": "en"},
    )


def test_the_bundle_command(kit: Path, tmp_path: Path) -> None:
    done = _grader("bundle", "--for", "grading", str(tmp_path / "g"), cwd=kit)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("bundle: ") and "no solutions, no .git" in done.stdout
    again = _grader("bundle", "--for", "grading", str(tmp_path / "g"), cwd=kit)
    assert again.returncode == 2
    assert again.stderr == f"grader: error: {tmp_path / 'g'}: exists and is not an empty folder\n"
    wrong = _grader("bundle", "--for", "students", str(tmp_path / "s"), cwd=kit)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def test_a_public_bundle_grades_public_tests_only(kit: Path, tmp_path: Path) -> None:
    _grader("bundle", "--for", "public", str(tmp_path / "p"), cwd=kit)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pager.py").write_bytes(
        (KIT_ROOT / "solutions" / "03_pager" / "pager.py").read_bytes()
    )
    course = str(tmp_path / "p" / "course.yaml")
    refused = _grader("grade", str(tmp_path / "sub"), "--course", course, cwd=tmp_path)
    assert refused.returncode == 2
    assert "no hidden tests (tests/): grade with --public-only" in refused.stderr
    args = ("grade", str(tmp_path / "sub"), "--course", course, "--public-only")
    done = _grader(*args, "--exercise", "03_pager", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # A public-only run counts public tests, never points (issue 11).
    assert "all public tests pass" in done.stdout and "10/10" not in done.stdout


# -- what student code can read of the kit -------------------------------------------------


def _tree(root: Path, *, folder_mode: int, file_mode: int) -> Path:
    (root / "tests" / "03_pager").mkdir(parents=True)
    (root / "tests" / "03_pager" / "test_pager_hidden.py").write_text("SECRET = 1\n")
    for path in (root / "tests" / "03_pager" / "test_pager_hidden.py",):
        path.chmod(file_mode)
    for path in (root / "tests" / "03_pager", root / "tests"):
        path.chmod(folder_mode)
    root.chmod(0o755)
    return root


def test_readable_by_follows_the_other_bits_along_the_path(tmp_path: Path) -> None:
    # tmp_path's parents may be private: build under a folder searchable by all.
    kit = _tree(tmp_path / "open", folder_mode=0o755, file_mode=0o644)
    hidden = kit / "tests" / "03_pager" / "test_pager_hidden.py"
    searchable = all(os.stat(p).st_mode & 0o001 for p in hidden.resolve().parents)
    assert reachable(hidden, READ, uid=65534, gid=65534) is searchable
    assert reachable(hidden, READ) is searchable  # any other user: the "other" bits
    assert searchable_by_others(hidden.parent) is searchable
    hidden.chmod(0o640)
    assert reachable(hidden, READ, uid=65534, gid=65534) is False
    assert reachable(hidden, READ) is False
    info = os.stat(hidden)
    assert grants(info, READ, uid=65534, gid=info.st_gid) is True  # the group's bits
    assert grants(info, READ, uid=None, gid=None) is False
    assert reachable(hidden, READ, uid=os.stat(hidden).st_uid, gid=12345) is True  # the owner
    hidden.chmod(0o644)
    (kit / "tests").chmod(0o700)  # go-rwx on the folder is enough
    assert reachable(hidden, READ, uid=65534, gid=65534) is False
    assert searchable_by_others(hidden.parent) is False
    assert reachable(kit / "nothing-here", READ, uid=0, gid=0) is False


def test_kit_exposure_says_what_the_students_user_can_read(tmp_path: Path) -> None:
    kit = _tree(tmp_path / "kit", folder_mode=0o700, file_mode=0o600)
    closed = kit_exposure(kit=kit, **NOBODY)
    assert closed.readable == ()
    assert closed.notes == ("the hidden tests (tests/) are not readable by the student's user",)
    assert closed.warnings == ()
    same = kit_exposure(kit=kit, **SAME_USER)
    assert same.readable == ("tests",)
    assert "can read the kit's hidden tests (tests/)" in same.notes[0]
    assert kit_exposure(kit=tmp_path / "empty", **NOBODY).notes == ()


def test_a_kit_outside_the_sandbox_is_out_of_reach_whatever_its_permissions(
    tmp_path: Path,
) -> None:
    kit = _tree(tmp_path / "kit", folder_mode=0o755, file_mode=0o644)
    outside = kit_exposure(kit=kit, student_uid=None, sandbox=("/usr", "/etc"))
    assert outside.readable == ()
    assert outside.notes == ("not in the student's sandbox at all: the hidden tests (tests/)",)
    # A kit inside a folder bound into the sandbox is judged by its permissions again.
    inside = kit_exposure(kit=kit, student_uid=None, sandbox=(str(tmp_path),))
    assert inside.readable == ("tests",)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to set up a path others can search")
def test_kit_exposure_warns_with_the_fix_when_readable(tmp_path: Path) -> None:
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="grader-exposure-"))
    try:
        shared.chmod(0o755)
        kit = _tree(shared / "kit", folder_mode=0o755, file_mode=0o644)
        (kit / "solutions").mkdir()
        (kit / "solutions" / "pager.py").write_text("answer = 42\n")
        (kit / "solutions" / "pager.py").chmod(0o644)
        (kit / "solutions").chmod(0o755)
        open_ = kit_exposure(kit=kit, **NOBODY)
        assert open_.readable == ("tests", "solutions")
        assert open_.notes == ()  # what is readable is a warning, not a note
        assert open_.warnings[0] == (
            "the hidden tests (tests/) are readable by the student's user (uid 65534), "
            "e.g. tests/03_pager/test_pager_hidden.py: student code can read and print them; "
            f"fix: chmod -R go-rwx {kit / 'tests'}"
        )
        assert "grader bundle --for grading" in open_.warnings[1]
    finally:
        subprocess.run(["rm", "-rf", str(shared)], check=False)


# -- the students' README of a public bundle -----------------------------------------------


def _in_order(text: str, needles: list[str]) -> bool:
    positions = [text.find(n) for n in needles]
    return -1 not in positions and positions == sorted(positions)


def test_a_public_bundle_has_the_students_readme_in_chinese_and_english(
    kit: Path, tmp_path: Path
) -> None:
    public = make_bundle(
        course_file=kit / "course.yaml", purpose=BundlePurpose.PUBLIC, out_dir=tmp_path / "p"
    )
    grading = make_bundle(
        course_file=kit / "course.yaml", purpose=BundlePurpose.GRADING, out_dir=tmp_path / "g"
    )
    # The grading bundle keeps the teacher's README, and only it.
    assert (tmp_path / "g" / "README.md").read_text() == "kit\n"
    assert "README.zh-CN.md" not in grading.files
    assert {"README.md", "README.zh-CN.md"} <= set(public.files)
    zh = (tmp_path / "p" / "README.zh-CN.md").read_text(encoding="utf-8")
    en = (tmp_path / "p" / "README.md").read_text(encoding="utf-8")
    assert zh.startswith("**中文** | [English](README.md)\n")
    assert en.startswith("[中文](README.zh-CN.md) | **English**\n")
    course = load_course(kit / "course.yaml")
    for text, lang in ((zh, "zh"), (en, "en")):
        assert f"```bash\n{INSTALL_COMMAND}\n```" in text
        for command in ("check", "watch", "hint", "list", "next", "submit"):
            assert f"`grader {command}" in text, command
        rows = [line for line in text.splitlines() if line.startswith("| 1 |")]
        assert len(rows) == 1 and "`01_fields`" in rows[0] and "| 10 |" in rows[0]
        assert "2026-12-15 23:59 (UTC+08:00)" in rows[0]
        expected = [
            f"| {n} | `{e.id}` | {markdown_text(e.title.get(lang))} |"
            for n, e in enumerate(course.exercises, start=1)
        ]
        assert _in_order(text, expected)
    assert "按顺序完成" in zh and "submission.zip" in zh and "原样" in zh


def test_the_students_readme_lists_every_exercise_of_the_course_in_order(
    kit_course: Course,
) -> None:
    readmes = student_readmes(kit_course)
    for name, lang in (("README.md", "en"), ("README.zh-CN.md", "zh")):
        rows = [line for line in readmes[name].splitlines() if re.match(r"\| \d+ \| ", line)]
        assert [row.split(" | ")[1].strip("`") for row in rows] == [
            e.id for e in kit_course.exercises
        ]
        for row, exercise in zip(rows, kit_course.exercises, strict=True):
            assert row.split(" | ")[2] == markdown_text(exercise.title.get(lang))
            assert row.split(" | ")[4] == f"{exercise.points:g}"
    # A title's Markdown characters are shown as they are (__del__ is not bold).
    assert "\\_\\_del\\_\\_" in readmes["README.md"]
    assert f"{kit_course.max_score:g} points in all" in readmes["README.md"]
    assert f"总分 {kit_course.max_score:g} 分" in readmes["README.zh-CN.md"]


def test_no_student_state_goes_into_a_bundle(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    for name in ("tests", "solutions", "grader", "docs"):
        (kit / name).symlink_to(KIT_ROOT / name)
    (kit / "pyproject.toml").write_text((KIT_ROOT / "pyproject.toml").read_text())
    data = yaml.safe_load((KIT_ROOT / "course.yaml").read_text(encoding="utf-8"))
    data["exercises"] = [e for e in data["exercises"] if e["id"] in EXERCISES]
    (kit / "course.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for exercise in EXERCISES:
        shutil.copytree(KIT_ROOT / "exercises" / exercise, kit / "exercises" / exercise)
        (kit / "exercises" / exercise / ".grader").mkdir()
        (kit / "exercises" / exercise / ".grader" / "hints.json").write_text("{}")
    (kit / "exercises" / ".grader").mkdir()
    (kit / "exercises" / ".grader" / "progress.json").write_text("{}")
    for purpose in BundlePurpose:
        bundle = make_bundle(
            course_file=kit / "course.yaml", purpose=purpose, out_dir=tmp_path / purpose.value
        )
        assert "exercises/03_pager/pager.py" in bundle.files
        assert not [f for f in bundle.files if ".grader" in f]


@pytest.mark.slow
def test_the_readmes_install_and_check_commands_work_in_a_public_bundle(
    kit: Path, tmp_path: Path
) -> None:
    """As a student: install with the README's command, check the stubs, get a hint,
    submit. Needs pip to reach a package index (or a local mirror) for the dependencies."""
    bundle = tmp_path / "bundle"
    made = _grader("bundle", "--for", "public", str(bundle), cwd=kit)
    assert made.returncode == 0, made.stderr
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert INSTALL_COMMAND in readme
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    # python3 as a student's shell finds it: not this test run's virtual environment.
    here = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != here)
    env["GRADER_LANG"] = "en"
    installed = subprocess.run(
        ["bash", "-c", INSTALL_COMMAND],
        cwd=bundle,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    grader = str(bundle / ".venv" / "bin" / "grader")

    def student(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [grader, *args],
            cwd=bundle,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    listed = student("list")
    assert listed.returncode == 0, listed.stderr
    assert _in_order(listed.stdout, list(EXERCISES))
    checked = student("check")  # the README's command, on the untouched stubs
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr
    assert _in_order(checked.stdout, list(EXERCISES))
    # The public report: no total that looks final.
    assert "public tests" in checked.stdout.lower() and "Total" not in checked.stdout
    hinted = student("hint", "03")
    assert hinted.returncode == 0 and "Hint 1 of 3: " in hinted.stdout
    submitted = student("submit")
    assert submitted.returncode == 0, submitted.stderr
    assert "Packed 2 file(s) into submission.zip" in submitted.stdout
    assert (bundle / "submission.zip").is_file()
