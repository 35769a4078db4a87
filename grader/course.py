"""course.yaml: the one source of truth, loaded into typed, frozen objects.

Every problem is reported as a :class:`CourseError` naming the file, the key path and
what is wrong, so a teacher can fix a typo without reading a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import keyword
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grader.errors import CourseError
from grader.results import HiddenDisplay
from grader.settings import Limits, Timeouts
from grader.yaml_reader import Reader

COURSE_FILE = "course.yaml"
# The form of an exercise id (`grader new` refuses others too).
EXERCISE_ID = re.compile(r"^[0-9]{2}_[a-z][a-z0-9_]*$")
# Names a student file may never take: they would shadow what Python or pytest loads.
RESERVED_MODULES = frozenset({"conftest", "pytest", "sitecustomize", "usercustomize", "grader"})


@dataclass(frozen=True)
class Text:
    """A string in English and Chinese."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class LateRule:
    until: dt.datetime
    credit: float


@dataclass(frozen=True)
class Schedule:
    release: dt.datetime | None = None
    due: dt.datetime | None = None
    late: tuple[LateRule, ...] = ()


GRADESCOPE_VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


@dataclass(frozen=True)
class ReportSettings:
    """What students see of hidden tests, in every report format (``reports:``)."""

    # course.yaml's ``reports.hidden_tests``: how hidden tests are shown (whether they
    # ran is a grading's ``hidden_run``; which suites run, its ``Suites``).
    hidden_display: HiddenDisplay = HiddenDisplay.SUMMARY
    # Gradescope's visibility for hidden tests; any value but "visible" also hides
    # the student's total on Gradescope until then.
    gradescope_hidden_visibility: str = "after_due_date"


@dataclass(frozen=True)
class Exercise:
    id: str
    title: Text
    modules: tuple[str, ...]
    points: float
    timeouts: Timeouts
    limits: Limits
    topics: tuple[str, ...] = ()
    hints: tuple[Text, ...] = ()
    schedule: Schedule = field(default_factory=Schedule)
    # How much of a core one grading of this exercise keeps busy (0 < share <= 1): class
    # grading runs 1/share gradings per core of an exercise whose tests mostly wait on
    # sockets or timeouts. Only the kit's author sets it: no submission can change it.
    cpu_share: float = 1.0

    @property
    def module_names(self) -> tuple[str, ...]:
        return tuple(Path(m).stem for m in self.modules)


@dataclass(frozen=True)
class Course:
    id: str
    title: Text
    root: Path
    exercises: tuple[Exercise, ...]
    # What the command speaks where the locale names no language (CI runners, LMS
    # containers: C.UTF-8); --lang, GRADER_LANG and a zh_*/en_* locale come first.
    language: str = "en"
    schedule: Schedule = field(default_factory=Schedule)
    reports: ReportSettings = field(default_factory=ReportSettings)

    @property
    def max_score(self) -> float:
        return sum(e.points for e in self.exercises)

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises)
        raise CourseError(
            f"unknown exercise {exercise_id!r} (known: {known})",
            zh=f"没有练习 {exercise_id!r}（练习有：{known}）",
        )

    def select(self, ids: list[str] | tuple[str, ...] | None) -> tuple[Exercise, ...]:
        if not ids:
            return self.exercises
        return tuple(self.exercise(i) for i in dict.fromkeys(ids))

    def exercise_dir(self, tree: str, exercise_id: str) -> Path:
        return self.root / tree / exercise_id


class _Reader(Reader):
    """The course-specific parts of course.yaml: texts, timeouts, limits, schedules."""

    def text(self, value: object, where: str) -> Text:
        data = self.mapping(value, where, {"en", "zh"})
        return Text(
            en=self.string(self.required(data, "en", where), f"{where}.en"),
            zh=self.string(self.required(data, "zh", where), f"{where}.zh"),
        )

    def timeouts(self, value: object, where: str, base: Timeouts) -> Timeouts:
        data = self.mapping(value, where, set(Timeouts.__dataclass_fields__))
        values = {k: self.number(v, f"{where}.{k}", minimum=0.1) for k, v in data.items()}
        merged = Timeouts(**{**base.__dict__, **values})
        if not merged.call <= merged.test <= merged.exercise:
            raise self.fail(
                where,
                "timeouts must satisfy call <= test <= exercise",
                zh="超时时间必须满足 call <= test <= exercise",
            )
        return merged

    def limits(self, value: object, where: str, base: Limits) -> Limits:
        data = self.mapping(value, where, set(Limits.__dataclass_fields__))
        values = {k: self.integer(v, f"{where}.{k}") for k, v in data.items()}
        return Limits(**{**base.__dict__, **values})

    def reports(self, value: object, where: str) -> ReportSettings:
        data = self.mapping(value, where, {"hidden_tests", "gradescope_hidden_visibility"})
        base = ReportSettings()
        hidden = self.choice(
            data.get("hidden_tests", base.hidden_display.value),
            f"{where}.hidden_tests",
            tuple(h.value for h in HiddenDisplay),
        )
        visibility = self.choice(
            data.get("gradescope_hidden_visibility", base.gradescope_hidden_visibility),
            f"{where}.gradescope_hidden_visibility",
            GRADESCOPE_VISIBILITIES,
        )
        return ReportSettings(HiddenDisplay(hidden), visibility)

    def schedule(self, value: object, where: str) -> Schedule:
        data = self.mapping(value, where, {"release", "due", "late"})
        release = self.when(data["release"], f"{where}.release") if "release" in data else None
        due = self.when(data["due"], f"{where}.due") if "due" in data else None
        late_rules: list[LateRule] = []
        raw_late = data.get("late", [])
        if not isinstance(raw_late, list):
            raise self.wrong(f"{where}.late", raw_late, "a list", "列表")
        for i, item in enumerate(raw_late):
            at = f"{where}.late[{i}]"
            rule = self.mapping(item, at, {"until", "credit"})
            credit = self.number(self.required(rule, "credit", at), f"{at}.credit")
            if credit > 1:
                raise self.fail(
                    f"{at}.credit",
                    f"must be between 0 and 1, got {credit}",
                    zh=f"必须在 0 到 1 之间，实际是 {credit}",
                )
            late_rules.append(LateRule(self.when(self.required(rule, "until", at), at), credit))
        if release and due and due < release:
            raise self.fail(f"{where}.due", "is before the release", zh="早于发布时间（release）")
        previous = due
        for i, late_rule in enumerate(late_rules):
            if previous and late_rule.until <= previous:
                raise self.fail(
                    f"{where}.late[{i}].until",
                    "late deadlines must come in order",
                    zh="各个迟交截止时间必须按先后顺序排列",
                )
            previous = late_rule.until
        return Schedule(release=release, due=due, late=tuple(late_rules))


_EXERCISE_KEYS = {
    "id",
    "title",
    "modules",
    "points",
    "timeouts",
    "limits",
    "topics",
    "hints",
    "schedule",
    "cpu_share",
}


def _exercise(
    reader: _Reader, raw: object, where: str, timeouts: Timeouts, limits: Limits
) -> Exercise:
    data = reader.mapping(raw, where, _EXERCISE_KEYS)
    exercise_id = reader.string(reader.required(data, "id", where), f"{where}.id")
    if not EXERCISE_ID.match(exercise_id):
        raise reader.fail(
            f"{where}.id",
            f"{exercise_id!r} is not of the form NN_name",
            zh=f"{exercise_id!r} 不符合 NN_name 的格式",
        )
    modules = reader.string_list(reader.required(data, "modules", where), f"{where}.modules")
    if not modules:
        raise reader.fail(
            f"{where}.modules", "needs at least one module file", zh="至少需要一个模块文件"
        )
    for i, module in enumerate(modules):
        stem = module.removesuffix(".py")
        if (
            not module.endswith(".py")
            or "/" in module
            or not stem.isidentifier()
            or keyword.iskeyword(stem)
        ):
            raise reader.fail(
                f"{where}.modules[{i}]",
                f"{module!r} is not a plain NAME.py file",
                zh=f"{module!r} 不是一个普通的 NAME.py 文件",
            )
        if stem in RESERVED_MODULES or stem in sys.stdlib_module_names:
            raise reader.fail(
                f"{where}.modules[{i}]",
                f"{module!r} would shadow a standard or pytest module",
                zh=f"{module!r} 会遮蔽同名的标准库模块或 pytest 模块",
            )
    hints: list[Text] = []
    raw_hints = data.get("hints", [])
    if not isinstance(raw_hints, list):
        raise reader.wrong(f"{where}.hints", raw_hints, "a list", "列表")
    for i, hint in enumerate(raw_hints):
        hints.append(reader.text(hint, f"{where}.hints[{i}]"))
    return Exercise(
        id=exercise_id,
        title=reader.text(reader.required(data, "title", where), f"{where}.title"),
        modules=modules,
        points=reader.number(reader.required(data, "points", where), f"{where}.points"),
        timeouts=reader.timeouts(data.get("timeouts", {}), f"{where}.timeouts", timeouts),
        limits=reader.limits(data.get("limits", {}), f"{where}.limits", limits),
        topics=reader.string_list(data.get("topics", []), f"{where}.topics"),
        hints=tuple(hints),
        schedule=reader.schedule(data.get("schedule", {}), f"{where}.schedule"),
        cpu_share=_cpu_share(reader, data.get("cpu_share", 1.0), f"{where}.cpu_share"),
    )


# A grading's processes always take some CPU: more than four per core would only make
# them wait for each other.
MIN_CPU_SHARE = 0.25


def _cpu_share(reader: _Reader, raw: object, where: str) -> float:
    share = reader.number(raw, where, minimum=MIN_CPU_SHARE)
    if share > 1:
        raise reader.fail(
            where,
            f"{share:g} is more than one core (a share is between {MIN_CPU_SHARE:g} and 1)",
            zh=f"{share:g} 超过了一个核（份额应在 {MIN_CPU_SHARE:g} 到 1 之间）",
        )
    return share


def load_course(path: Path, *, check_files: bool = True) -> Course:
    """Load and validate ``course.yaml``; with ``check_files`` every exercise's stub,
    solution and test folders must exist next to it."""
    path = Path(path)
    reader = _Reader(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or exc
        raise CourseError(
            f"{path}: cannot read: {reason}", zh=f"{path}：无法读取：{reason}"
        ) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}" if mark is not None else "document"
        at_zh = f"第 {mark.line + 1} 行" if mark is not None else "文档"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CourseError(
            f"{path}: {at}: invalid YAML: {problem}",
            zh=f"{path}：{at_zh}：YAML 格式有误：{problem}",
        ) from None
    top = reader.mapping(
        raw, "(top level)", {"course", "defaults", "schedule", "reports", "exercises"}
    )
    course = reader.mapping(
        reader.required(top, "course", "(top level)"), "course", {"id", "title", "language"}
    )
    defaults = reader.mapping(top.get("defaults", {}), "defaults", {"timeouts", "limits"})
    timeouts = reader.timeouts(defaults.get("timeouts", {}), "defaults.timeouts", Timeouts())
    limits = reader.limits(defaults.get("limits", {}), "defaults.limits", Limits())
    raw_exercises = reader.required(top, "exercises", "(top level)")
    if not isinstance(raw_exercises, list) or not raw_exercises:
        raise reader.fail(
            "exercises", "expected a non-empty list of exercises", zh="应为非空的练习列表"
        )
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for i, raw_exercise in enumerate(raw_exercises):
        exercise = _exercise(reader, raw_exercise, f"exercises[{i}]", timeouts, limits)
        if exercise.id in seen:
            raise reader.fail(
                f"exercises[{i}].id",
                f"duplicate exercise id {exercise.id!r}",
                zh=f"练习 id {exercise.id!r} 重复了",
            )
        seen.add(exercise.id)
        exercises.append(exercise)
    result = Course(
        id=reader.string(reader.required(course, "id", "course"), "course.id"),
        title=reader.text(reader.required(course, "title", "course"), "course.title"),
        language=reader.choice(course.get("language", "en"), "course.language", ("en", "zh")),
        root=path.resolve().parent,
        exercises=tuple(exercises),
        schedule=reader.schedule(top.get("schedule", {}), "schedule"),
        reports=reader.reports(top.get("reports", {}), "reports"),
    )
    if check_files:
        # A bundle (``grader bundle``, marked by its bundle.json) has no solutions/, and
        # a public one no tests/.
        bundle = _bundle_purpose(result.root)
        trees = ["exercises"] if bundle else ["exercises", "solutions"]
        for i, exercise in enumerate(result.exercises):
            for module in exercise.modules:
                for tree in trees:
                    file = result.exercise_dir(tree, exercise.id) / module
                    if not file.is_file():
                        missing = file.relative_to(result.root)
                        raise reader.fail(
                            f"exercises[{i}].modules",
                            f"missing file {missing}",
                            zh=f"缺少文件 {missing}",
                        )
            hidden = result.exercise_dir("tests", exercise.id)
            if bundle != "public" and not hidden.is_dir():
                raise reader.fail(
                    f"exercises[{i}]",
                    f"missing hidden suite folder tests/{exercise.id}",
                    zh=f"缺少隐藏测试文件夹 tests/{exercise.id}",
                )
    return result


BUNDLE_MARKER = "bundle.json"


def _bundle_purpose(root: Path) -> str:
    """The purpose written in a bundle's marker ("grading", "public"), or "" for a kit."""
    try:
        data = json.loads((root / BUNDLE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    purpose = data.get("purpose") if isinstance(data, dict) else None
    return purpose if purpose in ("grading", "public") else ""


def find_course_file(start: Path | None = None) -> Path:
    """The nearest course.yaml at or above ``start`` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / COURSE_FILE
        if candidate.is_file():
            return candidate
    raise CourseError(
        f"{COURSE_FILE}: not found in {here} or any parent folder (use --course)",
        zh=f"{COURSE_FILE}：在 {here} 及其上层文件夹中都没有找到（用 --course 指定）",
    )
