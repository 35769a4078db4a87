"""``grader bundle``: the part of the kit a platform (or, later, a student) receives.

A grading bundle holds what grading needs and nothing else: course.yaml, ``bundle.json``
(its purpose: the course loader then expects no ``solutions/``), each course
exercise's public folder (``exercises/ID``: spec, stub, public tests) and hidden suite
(``tests/ID``), the ``grader`` package without its own tests, ``pyproject.toml`` and
``README.md`` (so ``pip install BUNDLE`` works) and the platform recipes
(``docs/ci``). A public bundle's README is the students' (``README.md`` and
``README.zh-CN.md``, made from course.yaml by :mod:`grader.student.readme`). Never
``solutions/``, ``.git`` (and the credentials a clone keeps in it), ``.grader/`` (a
student's state), caches, or anything else of the kit. A public bundle is the same
without the hidden suites, for CI that the students control (GitHub Actions, GitLab CI).
"""

from __future__ import annotations

import enum
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.bootstrap import GRADER_PACKAGE
from grader.course import BUNDLE_MARKER, load_course
from grader.errors import BadInput
from grader.student.readme import student_readmes
from grader.student.stubs import STUBS_KEY, stub_hashes_of_kit

# ".*" keeps out every hidden folder, a student's ``.grader/`` state among them.
_SKIP = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".*", "*.egg-info", ".pytest_cache", ".mypy_cache", ".hypothesis"
)
_TOP_FILES = ("pyproject.toml", "README.md")


class BundlePurpose(str, enum.Enum):
    GRADING = "grading"  # with the hidden tests: a platform that grades for the teacher
    PUBLIC = "public"  # without them: CI that students control


@dataclass(frozen=True)
class Bundle:
    root: Path
    purpose: BundlePurpose
    files: tuple[str, ...]  # relative paths, sorted

    @property
    def has_hidden_tests(self) -> bool:
        return any(f.startswith("tests/") for f in self.files)


def make_bundle(*, course_file: Path, purpose: BundlePurpose, out_dir: Path) -> Bundle:
    """Copy the bundle for ``purpose`` of the kit of ``course_file`` into ``out_dir``
    (which must not exist, or be empty, and not be inside a folder the bundle copies)."""
    course = load_course(course_file)
    kit = course.root
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise BadInput(
            f"{out_dir}: exists and is not an empty folder",
            zh=f"{out_dir}：已存在，且不是空文件夹",
        )
    # Anywhere but inside the course's own folders (a bundle would copy itself, or land
    # in the course): `build/kit` in the kit is fine.
    for part in ("exercises", "tests", "solutions", "grader", "docs"):
        folder = kit / part
        if out_dir.absolute().is_relative_to(folder.absolute()) or out_dir.resolve().is_relative_to(
            folder.resolve()
        ):
            raise BadInput(
                f"{out_dir}: is inside the kit's {part}/; "
                "choose another folder (such as build/kit)",
                zh=f"{out_dir}：在课程包的 {part}/ 里面；请换一个文件夹（比如 build/kit）",
            )
    package = kit / "grader"
    if not (package / "__init__.py").is_file():
        package = GRADER_PACKAGE
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(course_file, out_dir / "course.yaml")
    marker = {
        "purpose": purpose.value,
        "course": course.id,
        "grader": __version__,
        # The student's copy of exercises/ changes; `grader check` knows an untouched
        # stub by these.
        STUBS_KEY: stub_hashes_of_kit(course),
    }
    (out_dir / BUNDLE_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    for name in _TOP_FILES:
        if (kit / name).is_file():
            shutil.copyfile(kit / name, out_dir / name)
    if purpose is BundlePurpose.PUBLIC:
        # The students' README (zh-CN and en, from course.yaml), not the teacher's.
        for name, text in student_readmes(course).items():
            (out_dir / name).write_text(text, encoding="utf-8")
    trees = ["exercises"] + (["tests"] if purpose is BundlePurpose.GRADING else [])
    for exercise in course.exercises:
        for tree in trees:
            source = course.exercise_dir(tree, exercise.id)
            if source.is_dir():
                shutil.copytree(source, out_dir / tree / exercise.id, ignore=_SKIP)
    shutil.copytree(package, out_dir / "grader", ignore=_package_filter(package))
    if (kit / "docs" / "ci").is_dir():
        shutil.copytree(kit / "docs" / "ci", out_dir / "docs" / "ci", ignore=_SKIP)
    files = sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*") if p.is_file())
    return Bundle(root=out_dir, purpose=purpose, files=tuple(files))


def _package_filter(package: Path) -> Callable[[str, list[str]], set[str]]:
    """The package without its own tests (their data holds working solutions)."""

    def skip(folder: str, names: list[str]) -> set[str]:
        skipped = set(_SKIP(folder, names))
        if Path(folder) == package:
            skipped.add("tests")
        return skipped

    return skip
