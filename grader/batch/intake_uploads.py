"""A student's loose files from an LMS (Canvas, Moodle) made into one submission.

Course module files (``pager.py``, or ``03_pager/pager.py`` where the LMS kept the
student's folders) are copied into ``ID/module.py`` of a folder of the intake's own, which
:func:`grader.submission.open_submission` reads like any submission. A module name that
several exercises share is placed only from its exercise folder. When one module comes
twice with different contents, the later upload is used if the LMS tells the order
(Canvas), else the copy in its exercise folder; otherwise neither, since nothing tells
which is final. Each such choice is reported. Without module files, a single .zip
holding course modules is the submission itself; of several, the latest upload where
the order is known, else none. A zip beside loose module files is reported and not
used, rather than grading a mix of the two the student may never have meant together.
Each other file beside the modules (``Pager.py``, ``pager (1).py``, ``notes.pdf``) is
given to the assembled submission as an empty file of the same name, never read, so that
the student's report lists it as not used, with a "did you mean".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from grader.archives import shown
from grader.batch.intake_common import (
    Intake,
    StudentSubmission,
    Unsafe,
    check_zip,
    joined,
    read_regular,
    safe_id,
)


@dataclass(frozen=True, kw_only=True)
class Upload:
    """One file a student gave an LMS: the student's own name for it (a path where the
    LMS keeps folders), where it lies now, the upload order where the LMS tells it
    (Canvas's increasing file ids: larger is later), its name in the download (``entry``)
    and how to name it among the student's files (``label``)."""

    name: PurePosixPath
    path: Path
    order: int | None
    entry: str
    label: str


def submission_from_uploads(
    intake: Intake,
    *,
    raw_id: str,
    source: str,
    uploads: list[Upload],
    name: str | None,
    late_flag: bool | None,
) -> StudentSubmission | None:
    """The submission of one student of an LMS download whose files come loose (no
    time in the download); None, with the problem noted, when there is none."""
    student_id = safe_id(raw_id)
    if student_id is None:  # pragma: no cover - both LMS patterns admit safe ids only
        intake.problem(source, "no usable student id")
        return None
    path = assemble(intake, student_id, source, uploads)
    if path is None:
        intake.no_module(source)
        return None
    return StudentSubmission(
        student_id=student_id,
        name=name,
        source=source,
        submitted_at=None,
        time_source="",
        late_flag=late_flag,
        path=path,
    )


def assemble(intake: Intake, student_id: str, source: str, uploads: list[Upload]) -> Path | None:
    """The submission in a student's loose LMS files (see the module's docstring): a
    folder assembled under the intake's scratch folder, a zip of the download, or None
    when no course module is there."""
    candidates: dict[tuple[str, str], list[tuple[Upload, bool]]] = {}
    zips: list[Upload] = []
    unplaced: list[str] = []
    for upload in uploads:
        name = upload.name.name
        if upload.name.suffix.lower() == ".zip":
            zips.append(upload)
            continue
        parent = upload.name.parent.name
        if name in intake.exercise_modules.get(parent, ()):
            candidates.setdefault((parent, name), []).append((upload, True))
        elif name in intake.owners:
            owners = intake.owners[name]
            if len(owners) > 1:
                intake.problem(
                    upload.entry,
                    f"{name} could belong to {', '.join(owners)}: not graded "
                    "(put it in its exercise folder)",
                )
                continue
            candidates.setdefault((owners[0], name), []).append((upload, False))
        else:
            unplaced.append(name)
    chosen: dict[tuple[str, str], bytes] = {}
    for target, offered in sorted(candidates.items()):
        picked = _pick_module(intake, source, target, offered)
        if picked is not None:
            chosen[target] = picked
    if chosen:
        folder = intake.student_folder(student_id)
        for (exercise_id, module), content in chosen.items():
            (folder / exercise_id).mkdir(exist_ok=True)
            (folder / exercise_id / module).write_bytes(content)
        for upload in zips:
            intake.problem(upload.entry, "a zip beside loose module files: not graded")
        _name_the_others(folder, unplaced)
        return folder
    return _pick_zip(intake, source, zips)


def _name_the_others(folder: Path, names: list[str]) -> None:
    """An empty file in ``folder`` for each upload not placed, under the student's own
    (base) name for it: its contents are never read, only its name listed in the report."""
    for name in names:
        if name in {"", ".", ".."} or "\0" in name or "/" in name:
            continue
        target = folder / name
        if os.path.lexists(target):
            continue
        try:
            target.touch(exist_ok=False)
        except OSError:
            continue  # a name this file system refuses: nothing to list


def _pick_module(
    intake: Intake, source: str, target: tuple[str, str], offered: list[tuple[Upload, bool]]
) -> bytes | None:
    contents: list[tuple[Upload, bool, bytes]] = []
    for upload, in_folder in offered:
        try:
            contents.append((upload, in_folder, read_regular(upload.path)))
        except Unsafe as exc:
            intake.problem(upload.entry, str(exc))
    if not contents:
        return None
    if len({content for _, _, content in contents}) == 1:
        return contents[0][2]
    where = "/".join(target)
    names = joined(u.label for u, _, _ in contents)
    orders = [u.order for u, _, _ in contents]
    if all(order is not None for order in orders):
        latest = max(contents, key=lambda item: item[0].order or 0)
        intake.problem(
            source,
            f"{where} given {len(contents)} times ({names}): the latest upload, "
            f"{shown(latest[0].label)}, is graded",
        )
        return latest[2]
    placed = [item for item in contents if item[1]]
    if len(placed) == 1:
        intake.problem(
            source,
            f"{where} given {len(contents)} times ({names}): the one in its exercise "
            "folder is graded",
        )
        return placed[0][2]
    intake.problem(
        source,
        f"{where} given {len(contents)} times ({names}) with different contents: "
        "none graded, since nothing tells which is final",
    )
    return None


def _pick_zip(intake: Intake, source: str, zips: list[Upload]) -> Path | None:
    usable: list[Upload] = []
    for upload in zips:
        try:
            files = check_zip(upload.path)
        except Unsafe as exc:
            intake.problem(upload.entry, str(exc))
            continue
        if intake.has_module(files):
            usable.append(upload)
    if len(usable) <= 1:
        return usable[0].path if usable else None
    names = joined(u.label for u in usable)
    if all(u.order is not None for u in usable):
        latest = max(usable, key=lambda u: u.order or 0)
        intake.problem(
            source,
            f"{len(usable)} zips ({names}): the latest upload, {shown(latest.label)}, is graded",
        )
        return latest.path
    intake.problem(
        source, f"{len(usable)} zips ({names}): none graded, since nothing tells which is final"
    )
    return None
