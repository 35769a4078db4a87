"""``grader bundle`` (what a platform receives: never solutions/ or .git) and the check of
what student code can read of the kit (hidden tests, solutions)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from grader.bundle import BundlePurpose, make_bundle
from grader.errors import BadInput
from grader.sandbox.exposure import kit_exposure, readable_by

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
    assert "10/10" in done.stdout


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
    assert readable_by(hidden, 65534, 65534) is searchable
    hidden.chmod(0o640)
    assert readable_by(hidden, 65534, 65534) is False
    assert readable_by(hidden, os.stat(hidden).st_uid, 12345) is True  # the owner
    hidden.chmod(0o644)
    (kit / "tests").chmod(0o700)  # go-rwx on the folder is enough
    assert readable_by(hidden, 65534, 65534) is False
    assert readable_by(kit / "nothing-here", 0, 0) is False


def test_kit_exposure_says_what_the_students_user_can_read(tmp_path: Path) -> None:
    kit = _tree(tmp_path / "kit", folder_mode=0o700, file_mode=0o600)
    closed = kit_exposure(kit=kit, **NOBODY)
    assert closed.readable == ()
    assert closed.notes == ("the hidden tests (tests/) are not readable by the student's user",)
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
        assert open_.notes[0] == (
            "WARNING: the hidden tests (tests/) are readable by the student's user (uid 65534), "
            "e.g. tests/03_pager/test_pager_hidden.py: student code can read and print them; "
            f"fix: chmod -R go-rwx {kit / 'tests'}"
        )
        assert "grader bundle --for grading" in open_.notes[1]
    finally:
        subprocess.run(["rm", "-rf", str(shared)], check=False)
