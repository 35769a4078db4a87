"""A plain folder of submissions: each entry a folder or a .zip named by the student id
(``alice/03_pager/pager.py``, ``bob.zip``), as a teacher lays out what students
handed in, or as the README's shell loop over ``submissions/*`` expects.

The entry's name is the student id (a zip's without ``.zip``); there is no name, time
or late marker. Each entry is handed to :func:`open_submission` as it is; the intake
only checks it safely (no link anywhere, bounded size, a safe zip) and that a course
module is in it. A file that is neither a folder nor a zip is reported, not read.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from grader.archives import shown
from grader.batch.intake_common import (
    Intake,
    StudentSubmission,
    Unsafe,
    check_zip,
    list_folder,
    safe_id,
    visible_entries,
)


def contents(entry: Path, *, is_folder: bool) -> list[PurePosixPath]:
    """The files of one submission entry, checked; :class:`Unsafe` when refused."""
    return list_folder(entry) if is_folder else check_zip(entry)


def read(root: Path, intake: Intake) -> list[StudentSubmission]:
    found: list[StudentSubmission] = []
    for listed in visible_entries(root):
        entry = Path(listed.path)
        if listed.is_symlink():
            intake.problem(listed.name, "symbolic link: refused, not followed")
            continue
        is_folder = listed.is_dir(follow_symlinks=False)
        is_zip = listed.is_file(follow_symlinks=False) and entry.suffix.lower() == ".zip"
        if not (is_folder or is_zip):
            intake.problem(listed.name, "neither a folder nor a .zip: not a submission")
            continue
        raw_id = entry.name if is_folder else entry.name[: -len(".zip")]
        student_id = safe_id(raw_id)
        if student_id is None:
            intake.problem(listed.name, "no usable student id in this name: not graded")
            continue
        try:
            files = contents(entry, is_folder=is_folder)
        except Unsafe as exc:
            intake.problem(listed.name, str(exc))
            continue
        if not intake.has_module(files):
            intake.no_module(listed.name)
            continue
        found.append(
            StudentSubmission(
                student_id=student_id,
                name=None,
                source=shown(listed.name),
                submitted_at=None,
                time_source="",
                late_flag=None,
                path=entry,
            )
        )
    return found
