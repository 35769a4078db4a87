"""Gradescope "Export Submissions" of a programming assignment.

The export (usually ``assignment_<id>_export/``) holds ``submission_metadata.yml`` and
one folder per active submission holding the student's files. The YAML maps each
folder's name to the submission's details, with Ruby-style ``:keys``::

    submission_216975964:
      :submitters:
      - :name: Alice Sun
        :sid: '06758767'
        :email: alice@example.edu
      :created_at: 2023-12-02 02:52:07.938335000 Z
      :score: 0.0
      :history: [...]

as in real exports (sjinang/temp0, ``submission_metadata.yml``) and the samples
otter-grader parses (ucbds-infra/otter-grader, ``otter/grade/metadata.py``,
``test/sample-metadata/gradescope-export/submission_metadata.yml``, where a group
submission lists several submitters). ``:created_at`` is the submission time (the
field Gradescope's autograder documentation calls "Submission time" in its JSON
counterpart, gradescope-autograders.readthedocs.io, "Submission Metadata").

Every submitter of a submission is one student: the id is ``:sid`` (the student id the
course roster holds), or ``:email`` when the roster has no sid; the name is ``:name``;
``submitted_at`` is ``:created_at`` (UTC when it names no zone) with ``time_source``
``"lms"``. Gradescope gives no late marker (``late_flag`` None): lateness follows from
the time and course.yaml's schedule. A folder the YAML does not list, or one it lists
that is missing, is reported. Unknown YAML tags are read as plain data; the file is
never allowed to name a path outside the export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from grader.archives import shown
from grader.batch.intake_common import (
    Intake,
    StudentSubmission,
    Unsafe,
    display_name,
    list_folder,
    read_regular,
    safe_id,
    visible_entries,
)
from grader.errors import SubmissionError

METADATA = "submission_metadata.yml"
_MAX_METADATA_BYTES = 64 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """The safe loader, reading a tag it does not know (a Ruby object) as plain data."""


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


_Loader.add_constructor(None, _plain)


def looks_like(root: Path) -> bool:
    return (root / METADATA).exists() or (root / METADATA).is_symlink()


def _load(path: Path, label: str) -> dict[Any, Any]:
    try:
        text = read_regular(path, limit=_MAX_METADATA_BYTES)
    except Unsafe as exc:
        raise SubmissionError(
            f"{label}: {METADATA}: {exc}", zh=f"{label}：{METADATA}：{exc}"
        ) from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark is not None else ""
        at_zh = f"第 {mark.line + 1} 行：" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SubmissionError(
            f"{label}: {METADATA}: {at}invalid YAML: {problem}",
            zh=f"{label}：{METADATA}：{at_zh}YAML 格式不正确：{problem}",
        ) from None
    if not isinstance(data, dict):
        raise SubmissionError(
            f"{label}: {METADATA}: expected a mapping of submission folders",
            zh=f"{label}：{METADATA}：应为一个以提交文件夹为键的映射",
        )
    return data


def _time(value: object) -> dt.datetime | None:
    if isinstance(value, str):
        text = value.strip().replace(" Z", "+00:00").replace("Z", "+00:00")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    return value if value.utcoffset() is not None else value.replace(tzinfo=dt.timezone.utc)


def _safe_folder_name(key: object) -> str | None:
    if not isinstance(key, str | int) or isinstance(key, bool):
        return None
    name = str(key)
    bad = not name or name in {".", ".."} or any(c in name for c in "/\\\0")
    return None if bad else name


def read(root: Path, intake: Intake, label: str) -> list[StudentSubmission]:
    metadata = _load(root / METADATA, label)
    listed = {e.name for e in visible_entries(root)} - {METADATA}
    found: list[StudentSubmission] = []
    for key, details in metadata.items():
        folder_name = _safe_folder_name(key)
        if folder_name is None:
            intake.problem(f"{METADATA}: {key!r}", "not a folder name: refused")
            continue
        listed.discard(folder_name)
        folder = root / folder_name
        submitters = details.get(":submitters") if isinstance(details, dict) else None
        if not isinstance(submitters, list) or not submitters:
            intake.problem(folder_name, f"{METADATA} names no submitter: student unknown")
            continue
        if folder.is_symlink():
            intake.problem(folder_name, "symbolic link: refused, not followed")
            continue
        if not folder.is_dir():
            intake.problem(folder_name, f"listed in {METADATA} but not a folder of the export")
            continue
        try:
            files = list_folder(folder)
        except Unsafe as exc:
            intake.problem(folder_name, str(exc))
            continue
        if not intake.has_module(files):
            intake.no_module(folder_name)
            continue
        when = _time(details.get(":created_at"))
        if when is None:
            intake.problem(folder_name, "no readable :created_at: submission time unknown")
        for submitter in submitters:
            found.extend(_student(intake, folder, folder_name, submitter, when))
    for name in sorted(listed):
        intake.problem(name, f"not listed in {METADATA}: student unknown")
    return found


def _student(
    intake: Intake, folder: Path, folder_name: str, submitter: object, when: dt.datetime | None
) -> list[StudentSubmission]:
    person = submitter if isinstance(submitter, dict) else {}
    raw = next(
        (str(person[k]).strip() for k in (":sid", ":email") if display_name(person.get(k))), ""
    )
    student_id = safe_id(raw) if raw else None
    if student_id is None:
        intake.problem(folder_name, "a submitter with no :sid or :email: student unknown")
        return []
    return [
        StudentSubmission(
            student_id=student_id,
            name=display_name(person.get(":name")),
            source=f"{shown(folder_name)} ({shown(raw)})",
            submitted_at=when,
            time_source="lms" if when is not None else "",
            late_flag=None,
            path=folder,
        )
    ]
