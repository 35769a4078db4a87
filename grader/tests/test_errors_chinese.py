"""Every error a user can meet (a one-line ``grader: error: ...``) carries its Chinese:
each construction of BadInput, CourseError or SubmissionError in the grader passes
``zh=``, and course.yaml's reader says each problem in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from grader.course import load_course
from grader.errors import CourseError

GRADER = Path(__file__).resolve().parents[1]
ERRORS = {"BadInput", "CourseError", "SubmissionError"}


def _constructions() -> list[tuple[str, int, bool]]:
    """(file, line, has zh=) of every call of an error class in grader/ (not its tests)."""
    found: list[tuple[str, int, bool]] = []
    for path in sorted(GRADER.rglob("*.py")):
        relative = path.relative_to(GRADER.parent)
        if relative.parts[1] == "tests":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ERRORS:
                has_zh = any(keyword.arg == "zh" for keyword in node.keywords)
                found.append((str(relative), node.lineno, has_zh))
    return found


def test_every_error_the_grader_raises_has_its_chinese() -> None:
    constructions = _constructions()
    assert len(constructions) > 20  # the scan sees them
    missing = [f"{file}:{line}" for file, line, has_zh in constructions if not has_zh]
    assert not missing, f"give these errors zh=...: {missing}"


@pytest.mark.parametrize(
    ("change", "english", "chinese"),
    [
        ("points: 10", "points: expected a number, got str", "应为数字"),
        ("id: 01_fields", "unknown key", "未知"),
    ],
)
def test_course_yaml_problems_are_said_in_both_languages(
    tmp_path: Path, change: str, english: str, chinese: str
) -> None:
    text = (GRADER.parent / "course.yaml").read_text(encoding="utf-8")
    if change.startswith("points"):
        text = text.replace("    points: 10\n", '    points: "ten"\n', 1)
    else:
        text = text.replace("  - id: 01_fields\n", "  - id: 01_fields\n    colour: red\n", 1)
    broken = tmp_path / "course.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(CourseError) as raised:
        load_course(broken, check_files=False)
    assert english in str(raised.value)
    assert chinese in raised.value.said("zh") and str(broken) in raised.value.said("zh")
