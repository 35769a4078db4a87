"""``grader submit``: a zip of exactly the student's exercise modules, ready to upload.

The zip holds ``ID/module.py`` for every module course.yaml lists that is found in the
exercises folder (nothing else of it: no public tests, no ``.grader/`` state, no stray
file) and ``manifest.json`` at the top: the course, the grader's version, the time
(UTC), each file's path, size and SHA-256, and the modules not found. A module that is a
symbolic link (or in an exercise folder that is one) is refused, never followed, and a
module larger than the grader accepts is refused too, so that the zip grades as it is.

The zip is deterministic: members in course order after the manifest, fixed timestamps,
permissions and compression; the same work at the same manifest time gives the same
bytes (``SOURCE_DATE_EPOCH`` fixes the time, as for reproducible builds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import hashlib
import io
import json
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.archives import MAX_MODULE_BYTES
from grader.course import Course
from grader.errors import BadInput, ExitCode
from grader.i18n_cli import HELP_ZH
from grader.student import progress, stubs
from grader.student.common import load_course_arg, target

DEFAULT_OUTPUT = "submission.zip"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "grader-submission/1"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_MESSAGES: dict[str, dict[str, str]] = {
    "packed": {
        "en": "Packed {count} file(s) into {output} (SHA-256 {digest}):",
        "zh": "已把 {count} 个文件打包进 {output}（SHA-256 {digest}）：",
    },
    "file": {"en": "  {path}  {size} bytes", "zh": "  {path}  {size} 字节"},
    "untouched": {
        "en": "Still the stubs as given (not started; they score 0): {ids}",
        "zh": "仍是原样的模板（尚未开始，得 0 分）：{ids}",
    },
    "missing": {
        "en": "Missing (not in the zip, graded as not submitted): {files}",
        "zh": "缺少（不在压缩包里，评分时按未提交处理）：{files}",
    },
    "upload": {
        "en": "Upload {output} as it is where your teacher collects the work (the course's "
        "LMS assignment, Gradescope...): do not unpack it or change the files inside. "
        "Your teacher grades it with the public and the hidden tests.",
        "zh": "把 {output} 原样上传到老师收作业的地方（课程平台上的作业、Gradescope 等）："
        "不要解压，也不要改动里面的文件。老师会用公开测试和隐藏测试为它评分。",
    },
    "exists": {
        "en": "{output}: already exists (use --force to replace it)",
        "zh": "{output}：已存在（用 --force 覆盖）",
    },
    "not_file": {
        "en": "{output}: exists and is not a file",
        "zh": "{output}：已存在且不是文件",
    },
    "no_folder": {
        "en": "{output}: the folder {parent} does not exist",
        "zh": "{output}：文件夹 {parent} 不存在",
    },
    "cannot_write": {
        "en": "{output}: cannot write the zip ({why})",
        "zh": "{output}：无法写入压缩包（{why}）",
    },
    "link": {
        "en": "{path}: is a symbolic link: put the file itself there (links are never submitted)",
        "zh": "{path}：是符号链接：请放入文件本身（符号链接不会被提交）",
    },
    "too_large": {
        "en": "{path}: {size} bytes is too large (limit {limit})",
        "zh": "{path}：{size} 字节，太大（上限 {limit}）",
    },
    "unreadable": {
        "en": "{path}: cannot be read ({why})",
        "zh": "{path}：无法读取（{why}）",
    },
    "nothing": {
        "en": "{folder}: no exercise module found (such as {example}): nothing to submit",
        "zh": "{folder}：没有找到任何练习模块（例如 {example}）：没有可提交的内容",
    },
}


def _say(key: str, lang: str, **values: object) -> str:
    return _MESSAGES[key]["zh" if lang == "zh" else "en"].format(**values)


def _error(key: str, **values: object) -> BadInput:
    return BadInput(_say(key, "en", **values), zh=_say(key, "zh", **values))


@dataclass(frozen=True)
class PackedFile:
    path: str  # ID/module.py, as in the zip
    size: int
    sha256: str


@dataclass(frozen=True)
class SubmitResult:
    output: Path
    files: tuple[PackedFile, ...]
    missing: tuple[str, ...]  # ID/module.py not found
    sha256: str  # of the zip


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_module(path: Path) -> bytes | None:
    """The contents of the regular file ``path``; None when there is none (or it is a
    folder, a FIFO...); a link is refused, never followed."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _error("unreadable", path=path, why=exc.strerror) from None
    if stat.S_ISLNK(info.st_mode):
        raise _error("link", path=path)
    if not stat.S_ISREG(info.st_mode):
        return None
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _error("link", path=path) from None
        raise _error("unreadable", path=path, why=exc.strerror) from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        return None
    with os.fdopen(handle, "rb") as stream:
        try:
            content = stream.read(MAX_MODULE_BYTES + 1)
        except OSError as exc:
            raise _error("unreadable", path=path, why=exc.strerror) from None
    if len(content) > MAX_MODULE_BYTES:
        size = max(len(content), info.st_size)
        raise _error("too_large", path=path, size=size, limit=MAX_MODULE_BYTES)
    return content


def collect_modules(
    *, course: Course, folder: Path, exercise_ids: list[str]
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The modules of the exercises ``exercise_ids`` (all when empty) found in ``folder``
    as (``ID/module.py``, contents) in course order, and those not found."""
    wanted = set(exercise_ids)
    found: list[tuple[str, bytes]] = []
    missing: list[str] = []
    for exercise in course.exercises:
        if wanted and exercise.id not in wanted:
            continue
        exercise_dir = folder / exercise.id
        if _is_link(exercise_dir):
            raise _error("link", path=exercise_dir)
        for module in exercise.modules:
            content = _read_module(exercise_dir / module)
            if content is None:
                missing.append(f"{exercise.id}/{module}")
            else:
                found.append((f"{exercise.id}/{module}", content))
    return found, missing


def manifest_time(environ: dict[str, str] | None = None) -> dt.datetime:
    """Now (UTC), or ``SOURCE_DATE_EPOCH`` when it is set to a number of seconds."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def zip_bytes(
    *,
    course: Course,
    files: list[tuple[str, bytes]],
    missing: list[str],
    exercise_ids: list[str],
    created_at: dt.datetime,
) -> bytes:
    """The submission zip: ``manifest.json`` then ``files`` in the order given, each with
    the same timestamp, permissions and compression."""
    manifest = {
        "format": MANIFEST_FORMAT,
        "course": course.id,
        "grader": __version__,
        "created_at": created_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "exercises": exercise_ids or [e.id for e in course.exercises],
        "files": [
            {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for path, content in files
        ],
        "missing": missing,
    }
    members = [(MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8")), *files]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.create_system = 3  # Unix: the permissions below are read as such
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def _check_output(output: Path, *, force: bool) -> None:
    if os.path.lexists(output):
        if output.is_dir() and not _is_link(output):
            raise _error("not_file", output=output)
        if not force:
            raise _error("exists", output=output)
    parent = output.parent
    if not parent.is_dir():
        raise _error("no_folder", output=output, parent=parent)


def _write_atomically(output: Path, data: bytes) -> None:
    """``data`` written to a temporary file next to ``output``, renamed over it (a link
    in its place is replaced, never written through)."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=".submission-", dir=output.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _error("cannot_write", output=output, why=exc.strerror or exc) from None


def make_submission(
    *,
    course: Course,
    folder: Path,
    exercise_ids: list[str],
    output: Path,
    force: bool = False,
    created_at: dt.datetime | None = None,
) -> SubmitResult:
    """Write the submission zip of the work in ``folder`` (the exercises ``exercise_ids``,
    all when empty) to ``output``; refuses to replace a file unless ``force``."""
    for exercise_id in exercise_ids:
        course.exercise(exercise_id)  # an unknown id is refused
    _check_output(output, force=force)
    files, missing = collect_modules(course=course, folder=folder, exercise_ids=exercise_ids)
    if not files:
        first = next(e for e in course.exercises if not exercise_ids or e.id in exercise_ids)
        example = folder / first.id / first.modules[0]
        raise _error("nothing", folder=folder, example=example)
    data = zip_bytes(
        course=course,
        files=files,
        missing=missing,
        exercise_ids=exercise_ids,
        created_at=created_at or manifest_time(),
    )
    _write_atomically(output, data)
    packed = tuple(
        PackedFile(path, len(content), hashlib.sha256(content).hexdigest())
        for path, content in files
    )
    return SubmitResult(
        output=output,
        files=packed,
        missing=tuple(missing),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def submit_lines(result: SubmitResult, *, lang: str, untouched: tuple[str, ...] = ()) -> list[str]:
    """What ``grader submit`` prints: what it packed, what is still the stub
    (``untouched``), what is missing, how to upload."""
    lines = [
        _say(
            "packed", lang, count=len(result.files), output=result.output, digest=result.sha256[:12]
        )
    ]
    lines += [_say("file", lang, path=f.path, size=f.size) for f in result.files]
    if untouched:
        lines.append(_say("untouched", lang, ids=", ".join(untouched)))
    if result.missing:
        lines.append(_say("missing", lang, files=", ".join(result.missing)))
    lines.append(_say("upload", lang, output=result.output))
    return lines


def cmd_submit(args: argparse.Namespace) -> ExitCode:
    course = load_course_arg(args.course)
    # All the exercises unless some are named (by id, or by --path naming one exercise's
    # folder): the working folder, where the zip goes, does not choose.
    chosen = target(course, ids=args.ids, path=args.path, cwd=course.root)
    ordered = [e.id for e in course.exercises if e.id in chosen.ids]
    result = make_submission(
        course=course,
        folder=chosen.folder,
        exercise_ids=ordered,
        output=Path(args.output),
        force=args.force,
    )
    exercises = course.select(ordered)
    still_stubs = stubs.untouched(
        course, chosen.folder, {e.id: progress.module_hash(chosen.folder, e) for e in exercises}
    )
    untouched = tuple(e.id for e in exercises if e.id in still_stubs)
    for line in submit_lines(result, lang=args.lang, untouched=untouched):
        print(line)
    return ExitCode.FAILURES if result.missing else ExitCode.OK


_HELP_ZH = {
    "zip your exercise modules with a manifest, ready to upload (students)": (
        "把你的练习模块和清单打包成 zip，用于上传（学生使用）"
    ),
    "exercise ids: 03_pager, 03, 3 or pager (default: all)": (
        "练习编号：03_pager、03、3 或 pager（默认：全部）"
    ),
    "the zip to write (default: submission.zip in the working folder)": (
        "要写入的 zip 文件（默认：当前文件夹下的 submission.zip）"
    ),
    "replace the zip if it exists": "如果 zip 已存在则覆盖",
}


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Register ``grader submit`` (its help's Chinese in :data:`grader.i18n_cli.HELP_ZH`)."""
    HELP_ZH.update(_HELP_ZH)
    submit = commands.add_parser(
        "submit",
        parents=[common],
        help="zip your exercise modules with a manifest, ready to upload (students)",
    )
    submit.add_argument(
        "ids", nargs="*", metavar="ID", help="exercise ids: 03_pager, 03, 3 or pager (default: all)"
    )
    submit.add_argument(
        "--path",
        metavar="DIR",
        help="your exercises folder, or one exercise's folder (default: exercises/)",
    )
    submit.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=DEFAULT_OUTPUT,
        help="the zip to write (default: submission.zip in the working folder)",
    )
    submit.add_argument("--force", action="store_true", help="replace the zip if it exists")
    submit.set_defaults(run=cmd_submit)
