"""Moodle "Download all submissions" (assignment activity, mod_assign).

``assign::download_submissions`` (moodle/moodle, ``mod/assign/locallib.php``) names
each participant by ``fullname`` with ``_`` turned into spaces, then ``_`` and the
participant's unique id for this assignment (``get_uniqueid_for_user``: the number the
grading worksheet shows as "Participant N"); under blind marking the name is the word
"Participant". Each submission plugin then adds ``_assignsubmission_<type>_``. With
"Download submissions in folders" (the default since Moodle 3.1) every participant
and plugin gets a folder holding the student's files, sub-folders kept::

    Zhang San_41_assignsubmission_file_/pager.py
    Zhang San_41_assignsubmission_onlinetext_/onlinetext.html

and without it the same prefix is glued to each file name::

    Zhang San_41_assignsubmission_file_pager.py

Team submissions put the group's name and ``-`` before the person's name. Only the
``file`` plugin's files can hold modules; other plugins (online text, comments) are
read as the participant's presence and nothing more.

The student id is Moodle's participant number; the name is the full name (None under
blind marking). The download holds no time and no late marker: ``submitted_at`` and
``late_flag`` are None. Moodle does not tell the order of a student's files, so one
module given twice with different contents is graded from its exercise folder if
exactly one copy is there, else not at all (a problem says which).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from grader.batch.intake_common import (
    Intake,
    StudentSubmission,
    Unsafe,
    display_name,
    joined,
    list_folder,
    visible_entries,
)
from grader.batch.intake_uploads import Upload, submission_from_uploads

_FOLDER = re.compile(r"^(?P<name>[^_]*)_(?P<id>[0-9]+)_assignsubmission_(?P<plugin>[a-z0-9]+)_$")
_FLAT = re.compile(
    r"^(?P<name>[^_]*)_(?P<id>[0-9]+)_assignsubmission_(?P<plugin>[a-z0-9]+)_(?P<file>.+)$",
    re.DOTALL,
)
# Moodle's English word for a participant under blind marking.
_BLIND = "Participant"


def looks_like(entry_name: str, is_file: bool) -> bool:
    return bool((_FLAT if is_file else _FOLDER).match(entry_name))


def read(root: Path, intake: Intake) -> list[StudentSubmission]:
    people: dict[str, tuple[str, list[str], list[Upload]]] = {}
    for listed in visible_entries(root):
        entry = Path(listed.path)
        if listed.is_symlink():
            intake.problem(listed.name, "symbolic link: refused, not followed")
            continue
        is_folder = listed.is_dir(follow_symlinks=False)
        match = (_FOLDER if is_folder else _FLAT).match(entry.name)
        if match is None:
            intake.problem(
                entry.name,
                "not named as Moodle names a participant's files "
                "(Full Name_id_assignsubmission_file_): student unknown",
            )
            continue
        name, entries, uploads = people.setdefault(match["id"], (match["name"], [], []))
        entries.append(entry.name)
        if match["plugin"] != "file":
            continue
        if not is_folder:
            file = match["file"]
            uploads.append(
                Upload(
                    name=PurePosixPath(file), path=entry, order=None, entry=entry.name, label=file
                )
            )
            continue
        try:
            files = list_folder(entry)
        except Unsafe as exc:
            intake.problem(entry.name, str(exc))
            continue
        uploads.extend(
            Upload(
                name=relative,
                path=entry / relative,
                order=None,
                entry=f"{entry.name}/{relative}",
                label=str(relative),
            )
            for relative in files
        )
    found: list[StudentSubmission] = []
    for participant, (name, entries, uploads) in people.items():
        submission = submission_from_uploads(
            intake,
            raw_id=participant,
            source=joined(entries),
            uploads=uploads,
            name=None if name == _BLIND else display_name(name),
            late_flag=None,
        )
        if submission is not None:
            found.append(submission)
    return found
