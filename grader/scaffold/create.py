"""The skeleton of a new exercise: its files, rendered from ``templates/``, and its entry
appended to course.yaml.

Everything is checked before anything is written: the id has course.yaml's form and is
new (in course.yaml and as a folder), every module name is a plain, new identifier.
course.yaml gets the rendered entry as text at the end of its ``exercises:`` list, so its
comments and layout stay as the teacher wrote them; the result is loaded back with the
course loader, and on any failure course.yaml is restored and the new folders removed.
"""

from __future__ import annotations

import json
import keyword
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from grader.course import EXERCISE_ID, RESERVED_MODULES, Course, Exercise, Text, load_course
from grader.errors import BadInput, CourseError

DEFAULT_POINTS = 10.0
TREES = ("exercises", "solutions", "tests")
_EXERCISES_KEY = re.compile(r"^exercises:[ \t]*(#.*)?$")
_ITEM = re.compile(r"^([ \t]*)- ")
# A line at the left margin that is neither a comment nor a list item: the next key.
_TOP_LEVEL = re.compile(r"^[^\s#-]|^---|^\.\.\.")


@dataclass(frozen=True)
class Created:
    """What ``grader new`` made: the exercise as course.yaml now loads it, and its files
    (relative to the course's folder)."""

    exercise: Exercise
    files: tuple[Path, ...]


def _docstring(text: str) -> str:
    """``text`` safe inside a triple-quoted docstring."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _yaml(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("grader.scaffold", "templates"),
        autoescape=False,  # Python, Markdown and YAML, escaped by the filters below
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["docstring"] = _docstring
    environment.filters["yaml"] = _yaml
    return environment


def _render(template: str, **values: object) -> str:
    return _environment().get_template(template).render(**values)


def _check_id(course: Course, exercise_id: str) -> None:
    if not EXERCISE_ID.match(exercise_id):
        raise BadInput(
            f"{exercise_id}: not an exercise id of the form NN_name (two digits, an "
            "underscore, then lower-case letters, digits and underscores, e.g. 15_slots)",
            zh=f"{exercise_id}：练习编号必须是 NN_name 的形式（两位数字、一个下划线，"
            "再跟小写字母、数字和下划线，例如 15_slots）",
        )
    if any(e.id == exercise_id for e in course.exercises):
        raise BadInput(
            f"{exercise_id}: already an exercise of course.yaml",
            zh=f"{exercise_id}：course.yaml 里已经有这个练习了",
        )
    for tree in TREES:
        folder = course.exercise_dir(tree, exercise_id)
        if folder.exists() or folder.is_symlink():
            raise BadInput(
                f"{folder}: already exists (remove it or choose another id)",
                zh=f"{folder}：已经存在（请删除它或换一个练习编号）",
            )


def _module_file(course: Course, name: str) -> str:
    stem = name.removesuffix(".py")
    if not stem.isidentifier() or keyword.iskeyword(stem):
        raise BadInput(
            f"{name}: not a module name (a Python identifier, e.g. pager or pager.py)",
            zh=f"{name}：不是合法的模块名（必须是 Python 标识符，例如 pager 或 pager.py）",
        )
    if stem in RESERVED_MODULES or stem in sys.stdlib_module_names:
        raise BadInput(
            f"{name}: would shadow a standard or pytest module (choose another with --module)",
            zh=f"{name}：会遮蔽同名的标准库模块或 pytest 模块（用 --module 换一个名字）",
        )
    for exercise in course.exercises:
        if stem in exercise.module_names:
            raise BadInput(
                f"{name}: already a module of {exercise.id} (each module name belongs to "
                "one exercise)",
                zh=f"{name}：已经是练习 {exercise.id} 的模块（每个模块名只能属于一个练习）",
            )
    return f"{stem}.py"


def _one_line(text: str, option: str) -> str:
    if not text.strip() or not text.isprintable():
        raise BadInput(
            f"{option}: one line of text, got {text!r}",
            zh=f"{option}：应为一行文字，实际是 {text!r}",
        )
    return text.strip()


def _points_text(points: float) -> str:
    if not points > 0 or points == float("inf"):
        raise BadInput(
            f"--points: must be a positive number, got {points:g}",
            zh=f"--points：必须是正数，实际是 {points:g}",
        )
    return f"{points:g}"


def _files(exercise_id: str, title: Text, modules: Sequence[str]) -> dict[Path, str]:
    """Every file of the skeleton, by its path relative to the course's folder."""
    stems = [m.removesuffix(".py") for m in modules]
    tests = [f"test_{stem}.py" for stem in stems]
    values = {
        "id": exercise_id,
        "title_en": title.en,
        "title_zh": title.zh,
        "modules": list(modules),
        "files": ", ".join(f"`{m}`" for m in modules),
        "public_tests": ", ".join(tests),
    }
    public = Path("exercises", exercise_id)
    hidden = Path("tests", exercise_id)
    files: dict[Path, str] = {
        public / "README.md": _render("README.md.j2", **values),
        public / "README.zh-CN.md": _render("README.zh-CN.md.j2", **values),
        hidden / "NOTES.md": _render("NOTES.md.j2", **values),
        hidden / "equivalent_mutants.txt": _render("equivalent_mutants.txt.j2", **values),
    }
    for module in modules:
        stem = module.removesuffix(".py")
        stub = _render("stub.py.j2", module=stem, **values)
        files[public / module] = stub
        # The solution starts as the stub, to be filled in: until it is, `grader verify`
        # says so.
        files[Path("solutions", exercise_id, module)] = stub
        files[public / f"test_{stem}.py"] = _render("test_public.py.j2", module=stem, **values)
        files[hidden / f"test_{stem}_hidden.py"] = _render(
            "test_hidden.py.j2", module=stem, **values
        )
    return files


def _cannot_append(course_file: Path, why: str, why_zh: str) -> BadInput:
    return BadInput(
        f"{course_file}: cannot add the exercise at the end of the exercises list ({why}); "
        "nothing was changed",
        zh=f"{course_file}：无法把练习加到 exercises 列表末尾（{why_zh}）；什么都没有改动",
    )


def appended(course_file: Path, text: str, entry: dict[str, object]) -> str:
    """course.yaml's ``text`` with ``entry`` rendered at the end of its ``exercises:``
    block list, in the indentation of the list's items, everything else unchanged."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _EXERCISES_KEY.match(line.rstrip("\r\n"))]
    if len(starts) != 1:
        raise _cannot_append(
            course_file,
            "no top-level 'exercises:' line followed by a block list",
            "找不到顶层的 'exercises:' 行及其下的块列表",
        )
    last = None
    indent = None
    for i in range(starts[0] + 1, len(lines)):
        line = lines[i].rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        if _TOP_LEVEL.match(line):
            break
        item = _ITEM.match(line)
        if indent is None and item:
            indent = item.group(1)
        last = i
    if last is None or indent is None:
        raise _cannot_append(course_file, "the list has no items", "列表里没有任何练习")
    newline = "\r\n" if lines[last].endswith("\r\n") else "\n"
    block = _render("exercise.yaml.j2", indent=indent, **entry)
    if newline != "\n":
        block = block.replace("\n", newline)
    head = "".join(lines[: last + 1])
    if not head.endswith(("\n", "\r")):
        head += newline
    return head + block + "".join(lines[last + 1 :])


def new_exercise(
    *,
    course_file: Path,
    exercise_id: str,
    title_en: str | None = None,
    title_zh: str | None = None,
    modules: Sequence[str] = (),
    points: float = DEFAULT_POINTS,
) -> Created:
    """Create the skeleton of exercise ``exercise_id`` and append it to course.yaml.

    Default module: the id's name (``15_slots`` -> ``slots.py``); default titles: that
    name, capitalised (the Chinese one too, to be translated).
    """
    course = load_course(course_file)
    _check_id(course, exercise_id)
    default_title = exercise_id.split("_", 1)[1].replace("_", " ").capitalize()
    title_en = _one_line(title_en, "--title") if title_en is not None else default_title
    title_zh = _one_line(title_zh, "--title-zh") if title_zh is not None else title_en
    names = list(modules) or [exercise_id.split("_", 1)[1]]
    files_of_modules = [_module_file(course, name) for name in names]
    if len(set(files_of_modules)) < len(files_of_modules):
        raise BadInput(
            f"--module: a module is named twice: {', '.join(files_of_modules)}",
            zh=f"--module：有模块名重复：{', '.join(files_of_modules)}",
        )
    title = Text(en=title_en, zh=title_zh)
    files = _files(exercise_id, title, files_of_modules)
    original = course_file.read_bytes()
    entry: dict[str, object] = {
        "id": exercise_id,
        "title_en": title.en,
        "title_zh": title.zh,
        "modules": files_of_modules,
        "points": _points_text(points),
    }
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError:
        raise _cannot_append(course_file, "not UTF-8", "不是 UTF-8 编码") from None
    changed = appended(course_file, text, entry)
    made: list[Path] = []
    try:
        for tree in TREES:
            folder = course.exercise_dir(tree, exercise_id)
            folder.mkdir(parents=True)
            made.append(folder)
        for relative, content in files.items():
            (course.root / relative).write_text(content, encoding="utf-8")
        course_file.write_bytes(changed.encode("utf-8"))
        loaded = load_course(course_file)
        exercise = loaded.exercises[-1]
        if exercise.id != exercise_id or exercise.modules != tuple(files_of_modules):
            raise _cannot_append(
                course_file,
                "the new entry did not load as the list's last exercise",
                "新条目没有成为列表中的最后一个练习",
            )
    except BaseException as exc:
        course_file.write_bytes(original)
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, CourseError):
            raise _cannot_append(course_file, str(exc), exc.said("zh")) from None
        if isinstance(exc, OSError):
            where = exc.filename or course_file
            raise BadInput(
                f"{where}: cannot write ({exc.strerror}); nothing was changed",
                zh=f"{where}：无法写入（{exc.strerror}）；什么都没有改动",
            ) from None
        raise
    return Created(exercise=exercise, files=tuple(sorted(files)))
