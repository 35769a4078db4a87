"""docs/adding-an-exercise.md, followed once: ``grader new ID`` makes a skeleton that
``grader verify`` rejects until the solution and the tests are written, and accepts
once they are; course.yaml keeps every comment, and a refused or failed ``new`` changes
nothing."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader.cli import main
from grader.course import load_course
from grader.errors import BadInput, CourseError
from grader.scaffold import create

from .conftest import KIT_ROOT

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SKELETON = [
    "exercises/99_demo/README.md",
    "exercises/99_demo/README.zh-CN.md",
    "exercises/99_demo/demo.py",
    "exercises/99_demo/test_demo.py",
    "solutions/99_demo/demo.py",
    "tests/99_demo/NOTES.md",
    "tests/99_demo/equivalent_mutants.txt",
    "tests/99_demo/test_demo_hidden.py",
]

# A tiny real exercise, as a teacher would write it into the skeleton.
FILLED = {
    "exercises/99_demo/demo.py": '''"""Exercise 99_demo: doubling."""


def double(n: int) -> int:
    """Return ``2 * n``."""
    # TODO
    raise NotImplementedError("double")
''',
    "solutions/99_demo/demo.py": '''"""Reference solution for exercise 99_demo."""


def double(n: int) -> int:
    return 2 * n
''',
    "exercises/99_demo/test_demo.py": """import pytest

pytestmark = pytest.mark.student_module("demo")


def test_double_of_three_is_six(student):
    assert student.double(3) == 6
""",
    "tests/99_demo/test_demo_hidden.py": """import pytest

pytestmark = pytest.mark.student_module("demo")


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [0, -4, 10**9])
def test_double_is_twice_the_argument(student, n):
    assert student.double(n) == 2 * n
""",
}


def grader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args, "--lang", "en"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_skeleton_is_rejected_until_filled_then_accepted(fake_course_copy: Path) -> None:
    root = fake_course_copy.parent
    before = fake_course_copy.read_text(encoding="utf-8")

    made = grader("new", "99_demo", "--title", "Doubling", "--title-zh", "翻倍", cwd=root)
    assert made.returncode == 0, made.stderr
    assert (
        sorted(
            str(p.relative_to(root))
            for p in root.rglob("*")
            if "99_demo" in p.parts and p.is_file()
        )
        == SKELETON
    )
    for name in SKELETON:
        assert f"  {name}\n" in made.stdout
    assert "grader verify --exercise 99_demo" in made.stdout
    # Appended as text: every byte of course.yaml before, comments included, is kept.
    after = fake_course_copy.read_text(encoding="utf-8")
    assert after.startswith(before) and after != before
    exercise = load_course(fake_course_copy).exercise("99_demo")
    assert (exercise.title.en, exercise.title.zh) == ("Doubling", "翻倍")
    assert (exercise.modules, exercise.points) == (("demo.py",), 10)
    # Both READMEs have the sections of the kit's own.
    readme = (root / "exercises/99_demo/README.md").read_text(encoding="utf-8")
    assert readme.startswith("[中文版](README.zh-CN.md) | **English**\n\n# 99_demo — Doubling\n")
    for heading in ("## The API (`demo.py`)", "### Edge cases in one place", "## Worked examples"):
        assert f"\n{heading}\n" in readme
    assert "pytest exercises/99_demo " in readme and "grader check 99_demo " in readme
    readme_zh = (root / "exercises/99_demo/README.zh-CN.md").read_text(encoding="utf-8")
    assert readme_zh.startswith("**中文** | [English](README.md)\n\n# 99_demo —— 翻倍\n")
    for heading in ("## 接口（`demo.py`）", "### 边界情况汇总", "## 示例", "## 运行测试"):
        assert f"\n{heading}\n" in readme_zh

    # Unfilled: the stub fails every test (as it should), but the solution is the stub.
    unfilled = grader("verify", "--exercise", "99_demo", cwd=root)
    assert unfilled.returncode == 1, unfilled.stdout + unfilled.stderr
    problems = [line for line in unfilled.stdout.splitlines() if "99_demo" in line]
    assert len(problems) == 2, unfilled.stdout
    assert problems[0] == (
        "verify: solutions/99_demo/demo.py: the solution is not written yet (it is the stub)"
    )
    assert problems[1].startswith("verify: solutions/99_demo: scored 0"), problems[1]
    # Nothing about the stub: it raises NotImplementedError and scored 0.
    assert not any("exercises/99_demo" in line for line in problems)

    for relative, source in FILLED.items():
        (root / relative).write_text(source, encoding="utf-8")
    filled = grader("verify", cwd=root)
    assert filled.returncode == 0, filled.stdout + filled.stderr
    assert "verify: ok: 3 exercise(s), solutions full marks, stubs 0" in filled.stdout


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_the_skeleton_passes_the_kits_lint(fake_course_copy: Path) -> None:
    root = fake_course_copy.parent
    assert main(["new", "99_demo", "--course", str(fake_course_copy)]) == 0
    config = ["--config", str(KIT_ROOT / "pyproject.toml")]
    folders = [str(root / tree / "99_demo") for tree in create.TREES]
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, *config, *folders],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["01_adder"], "01_adder: already an exercise of course.yaml"),
        (["9_demo"], "9_demo: not an exercise id of the form NN_name"),
        (["99_Demo"], "99_Demo: not an exercise id of the form NN_name"),
        (["99_demo", "--module", "my-demo"], "my-demo: not a module name"),
        (["99_demo", "--module", "class.py"], "class.py: not a module name"),
        (["99_socket"], "socket: would shadow a standard or pytest module"),
        (["99_demo", "--module", "adder"], "adder: already a module of 01_adder"),
        (["99_demo", "--module", "a", "--module", "a.py"], "--module: a module is named twice"),
        (["99_demo", "--title", "two\nlines"], "--title: one line of text"),
        (["99_demo", "--points", "0"], "--points: must be a positive number"),
    ],
)
def test_a_refused_new_is_one_line_and_changes_nothing(
    fake_course_copy: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    root = fake_course_copy.parent
    before = _tree(root)
    assert main(["new", *argv, "--course", str(fake_course_copy), "--lang", "en"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"grader: error: {said}") and error.count("\n") == 1, error
    assert _tree(root) == before
    # The same refusal in Chinese.
    assert main(["new", *argv, "--course", str(fake_course_copy), "--lang", "zh"]) == 2
    error_zh = capsys.readouterr().err
    assert error_zh.startswith("grader: 错误: ") and error_zh.count("\n") == 1, error_zh
    assert CHINESE.search(error_zh.removeprefix("grader: 错误: ")), error_zh


def test_a_folder_already_there_is_refused(
    fake_course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fake_course_copy.parent
    (root / "tests" / "99_demo").mkdir()
    before = _tree(root)
    assert main(["new", "99_demo", "--course", str(fake_course_copy), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"grader: error: {root / 'tests' / '99_demo'}: already exists "
        "(remove it or choose another id)\n"
    )
    assert _tree(root) == before and not (root / "exercises" / "99_demo").exists()


def test_the_entry_goes_at_the_end_of_the_list_before_what_follows_it(
    fake_course_copy: Path,
) -> None:
    # Another top-level key after the exercises, with its comment: both stay after it.
    tail = "\n# What students see of hidden tests.\nreports:\n  hidden_tests: full  # review\n"
    before = fake_course_copy.read_text(encoding="utf-8") + tail
    fake_course_copy.write_text(before, encoding="utf-8")
    assert main(["new", "99_demo", "--course", str(fake_course_copy)]) == 0
    after = fake_course_copy.read_text(encoding="utf-8")
    assert after.endswith(tail)
    head, block = before.removesuffix(tail), after.removesuffix(tail)
    assert block.startswith(head)
    assert block.removeprefix(head).startswith("  - id: 99_demo\n    title:\n")
    course = load_course(fake_course_copy)
    assert course.exercises[-1].id == "99_demo"
    assert course.reports.hidden_display.value == "full"


def test_a_flow_style_exercises_list_is_refused(fake_course_copy: Path) -> None:
    text = fake_course_copy.read_text(encoding="utf-8")
    head, _, _ = text.partition("exercises:")
    flow = (
        head
        + "exercises: [{id: 02_greeter, title: {en: G, zh: G}, modules: [greeter.py], points: 6}]\n"
    )
    with pytest.raises(
        BadInput, match="cannot add the exercise at the end of the exercises list"
    ) as refused:
        create.appended(fake_course_copy, flow, {})
    assert refused.value.zh


def test_an_entry_that_does_not_load_is_rolled_back(
    fake_course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fake_course_copy.parent
    before = _tree(root)
    loads = iter([load_course(fake_course_copy)])

    def load_then_fail(path: Path) -> object:
        # The course as it was, then the appended course.yaml does not load.
        for course in loads:
            return course
        raise CourseError(f"{path}: exercises[2]: broken", zh=f"{path}：exercises[2]：坏了")

    monkeypatch.setattr(create, "load_course", load_then_fail)
    with pytest.raises(BadInput, match="nothing was changed") as failed:
        create.new_exercise(course_file=fake_course_copy, exercise_id="99_demo")
    assert failed.value.zh and "坏了" in failed.value.zh
    assert _tree(root) == before
    assert not any((root / tree / "99_demo").exists() for tree in create.TREES)


def test_the_docs_show_what_grader_new_appends(fake_course_copy: Path) -> None:
    doc = (KIT_ROOT / "docs" / "adding-an-exercise.md").read_text(encoding="utf-8")
    command = 'grader new 15_slots --title "__slots__" --title-zh "__slots__ 与内存"\n'
    assert f"```bash\n{command}" in doc
    before = fake_course_copy.read_text(encoding="utf-8")
    argv = ["new", "15_slots", "--title", "__slots__", "--title-zh", "__slots__ 与内存"]
    assert main([*argv, "--course", str(fake_course_copy)]) == 0
    appended = fake_course_copy.read_text(encoding="utf-8").removeprefix(before)
    assert f"```yaml\n{appended}```\n" in doc
