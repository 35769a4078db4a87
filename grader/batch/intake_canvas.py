"""Canvas "Download Submissions": a zip of flat files, one per uploaded file.

The names are made by Canvas's ``ContentZipper`` (instructure/canvas-lms,
``lib/content_zipper.rb``: ``get_filename``, ``add_upload_submission``,
``sanitize_user_name``): the student's sortable name downcased and stripped of
everything but word characters (``Smith, Bob`` → ``smithbob``), ``LATE`` when Canvas
marks the submission late, the Canvas user id (``anon_<id>`` when the assignment
anonymises students, and then no name), the attachment id and the file's own name::

    smithbob_340934_208490284_pager.py
    wellslane_LATE_334244_394803489_province.py
    LATE_anon_x7Yq2_55501_pager.py

as the canvas-unzipper README (mikewesthad/canvas-unzipper) shows from real downloads.
Text entries and URLs become ``<name>_<id>_text.html`` / ``_link.html``: they identify
the student and hold no module. Canvas renames a file uploaded again under a name its
folder already holds to ``pager-1.py`` (``Attachment.make_unique_filename``; after
seven tries ``pager-<uuid>.py``): such a name is read as ``pager.py`` when that is a
course module and the name as given is not.

The student id is the Canvas user id (the ``ID`` column of Canvas's gradebook export),
not the SIS id. The name is Canvas's squeezed sortable name: all a download carries.
The user id is read from the leftmost ``_digits_digits_`` pair, as Canvas's own upload
of graded files reads it (``sanitize_user_name`` keeps such pairs out of names).

The download carries no submission time: ``submitted_at`` is None and ``late_flag`` is
Canvas's ``LATE`` marker (False without it). Attachment ids grow with each upload, so
where a student's download holds one module twice the larger id (the later upload) is
graded and a problem says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from grader.batch.intake_common import (
    Intake,
    StudentSubmission,
    display_name,
    joined,
    visible_entries,
)
from grader.batch.intake_uploads import Upload, submission_from_uploads

# Canvas's renamings, the random one first: its last part may be all digits.
_RENAMED = (
    re.compile(
        r"^(?P<stem>.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        r"(?P<ext>\.[A-Za-z0-9]+)$"
    ),
    re.compile(r"^(?P<stem>.+)-[0-9]+(?P<ext>\.[A-Za-z0-9]+)$"),
)
_TEXT_ENTRIES = ("text.html", "link.html")


@dataclass(frozen=True)
class CanvasName:
    name: str | None
    late: bool
    user: str
    attachment: int | None
    file: str | None


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _alnum(text: str) -> bool:
    return text.isascii() and text.isalnum()


def parse(filename: str) -> CanvasName | None:
    """The parts of a Canvas download's file name, or None if it is not one."""
    parts = filename.split("_")
    for i in range(len(parts)):
        if _digits(parts[i]):
            user, after = parts[i], i + 1
        elif parts[i] == "anon" and i + 1 < len(parts) and _alnum(parts[i + 1]):
            user, after = f"anon_{parts[i + 1]}", i + 2
        else:
            continue
        if after >= len(parts):
            continue
        rest = parts[after:]
        if len(rest) >= 2 and _digits(rest[0]) and rest[1]:
            attachment: int | None = int(rest[0])
            file: str | None = "_".join(rest[1:])
        elif len(rest) == 1 and rest[0] in _TEXT_ENTRIES:
            attachment, file = None, None
        else:
            continue
        prefix = parts[:i]
        late = bool(prefix) and prefix[-1] == "LATE"
        name = "_".join(prefix[:-1] if late else prefix)
        anonymous = user.startswith("anon_")
        return CanvasName(None if anonymous else name or None, late, user, attachment, file)
    return None


def looks_like(entry_name: str, is_file: bool) -> bool:
    return is_file and parse(entry_name) is not None


def original_name(intake: Intake, file: str) -> str:
    """The name the student gave the file, undoing Canvas's ``-1`` renaming where that
    makes it a course module."""
    if file in intake.owners:
        return file
    for renamed in _RENAMED:
        match = renamed.match(file)
        if match and match["stem"] + match["ext"] in intake.owners:
            return match["stem"] + match["ext"]
    return file


def read(root: Path, intake: Intake) -> list[StudentSubmission]:
    students: dict[str, list[tuple[str, CanvasName]]] = {}
    for entry in visible_entries(root):
        if entry.is_symlink():
            intake.problem(entry.name, "symbolic link: refused, not followed")
            continue
        if entry.is_dir(follow_symlinks=False):
            intake.problem(entry.name, "a folder, where Canvas gives only files: not read")
            continue
        parsed = parse(entry.name) if entry.is_file(follow_symlinks=False) else None
        if parsed is None:
            intake.problem(
                entry.name,
                "not named as Canvas names a submitted file (name_userid_fileid_file): "
                "student unknown",
            )
            continue
        students.setdefault(parsed.user, []).append((entry.name, parsed))
    found: list[StudentSubmission] = []
    for user, files in students.items():
        uploads = [
            Upload(
                name=PurePosixPath(original_name(intake, parsed.file)),
                path=root / name,
                order=parsed.attachment,
                entry=name,
                label=name,
            )
            for name, parsed in files
            if parsed.file is not None
        ]
        submission = submission_from_uploads(
            intake,
            raw_id=user,
            source=joined(name for name, _ in files),
            uploads=uploads,
            name=display_name(next((p.name for _, p in files if p.name), None)),
            late_flag=any(parsed.late for _, parsed in files),
        )
        if submission is not None:
            found.append(submission)
    return found
