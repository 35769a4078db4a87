"""The student's progress store: ``<exercises folder>/.grader/progress.json``.

``grader check`` records, per exercise checked, its status, its public tests passed and
in all, and the SHA-256 of its module files. ``grader list`` and ``grader next`` read it
back. The file lives in the student's folder, so student code (or a student) may have
written anything there: it is read without following links, with a size cap, entry by
entry; an entry that is not exactly what this module writes is dropped. It is used for
display only (``next`` may skip re-running an exercise it says passed with unchanged
modules: advice, never a grade). Writing is atomic (a temporary file renamed over) and
silently skipped when the folder cannot be written.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from grader.archives import is_real_dir
from grader.course import Course, Exercise
from grader.render.failures import not_started
from grader.results import ExerciseResult, Report, Status, Visibility

STORE_DIR = ".grader"
STORE_FILE = "progress.json"
_VERSION = 1
_MAX_STORE_BYTES = 1 << 20
_MAX_MODULE_BYTES = 8 << 20
_SHA = re.compile(r"[0-9a-f]{64}")
NOT_STARTED = "not_started"
_STATUSES = {status.value for status in Status} | {NOT_STARTED}


@dataclass(frozen=True)
class Entry:
    """One exercise's last check."""

    status: str  # a status word (passed, failed, error, timeout, skipped) or not_started
    passed: int  # public tests passed
    total: int  # public tests in all
    modules_sha256: str
    checked_at: str


class Shown(str, enum.Enum):
    """What ``grader list`` says of an exercise."""

    NOT_CHECKED = "not_checked"
    NOT_STARTED = "not_started"
    FAILING = "failing"
    PASSING = "passing"
    CHANGED = "changed"


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (never through a link) of at most
    ``limit`` bytes; None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 16):
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def module_hash(folder: Path, exercise: Exercise) -> str | None:
    """SHA-256 over the exercise's module files (name and content, in course order) in
    ``folder/<id>/``; a missing module counts as missing. None when the exercise's folder
    is not a real folder or a module cannot be read as a regular file."""
    where = folder / exercise.id
    if not is_real_dir(folder) or not is_real_dir(where):
        return None
    digest = hashlib.sha256()
    for module in exercise.modules:
        path = where / module
        digest.update(module.encode() + b"\0")
        if not os.path.lexists(path):
            digest.update(b"missing\0")
            continue
        content = read_regular(path, _MAX_MODULE_BYTES)
        if content is None:
            return None
        digest.update(str(len(content)).encode() + b"\0" + content)
    return digest.hexdigest()


def _entry(raw: object) -> Entry | None:
    if not isinstance(raw, dict) or set(raw) != {
        "status",
        "passed",
        "total",
        "modules_sha256",
        "checked_at",
    }:
        return None
    status, passed, total = raw["status"], raw["passed"], raw["total"]
    sha, when = raw["modules_sha256"], raw["checked_at"]
    if status not in _STATUSES or not isinstance(sha, str) or not _SHA.fullmatch(sha):
        return None
    counts = (passed, total)
    if any(isinstance(n, bool) or not isinstance(n, int) for n in counts):
        return None
    if not 0 <= passed <= total <= 100_000 or not isinstance(when, str) or len(when) > 40:
        return None
    return Entry(status, passed, total, sha, when)


def load(folder: Path, course: Course) -> dict[str, Entry]:
    """The valid entries of the store, for the course's exercises; {} when there is no
    store or it is broken."""
    store = folder / STORE_DIR
    if not is_real_dir(folder) or not is_real_dir(store):
        return {}
    data = read_regular(store / STORE_FILE, _MAX_STORE_BYTES)
    if data is None:
        return {}
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(parsed, dict) or parsed.get("version") != _VERSION:
        return {}
    exercises = parsed.get("exercises")
    if not isinstance(exercises, dict):
        return {}
    known = {e.id for e in course.exercises}
    entries = {key: _entry(value) for key, value in exercises.items() if key in known}
    return {key: entry for key, entry in entries.items() if entry is not None}


def entry_for(
    result: ExerciseResult,
    modules_sha256: str,
    when: str,
    untouched: frozenset[str] = frozenset(),
) -> Entry:
    public = [test for test in result.tests if test.visibility is Visibility.PUBLIC]
    passed = sum(test.status is Status.PASSED for test in public)
    status = NOT_STARTED if not_started(result, untouched) else result.status.value
    return Entry(status, passed, len(public), modules_sha256, when)


def record(
    folder: Path,
    course: Course,
    report: Report,
    hashes: Mapping[str, str | None],
    untouched: frozenset[str] = frozenset(),
) -> bool:
    """Store the checked exercises' results (``hashes``: module hashes taken before the
    check; ``untouched``: the exercises still the kit's stubs). False when nothing could
    be written (not a folder, not writable)."""
    when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    fresh = {
        result.id: entry_for(result, sha, when, untouched)
        for result in report.exercises
        if not result.grader_error and (sha := hashes.get(result.id)) is not None
    }
    if not fresh:
        return False
    entries = {**load(folder, course), **fresh}
    order = [e.id for e in course.exercises if e.id in entries]
    data = {"version": _VERSION, "exercises": {key: asdict(entries[key]) for key in order}}
    return _write(folder, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _write(folder: Path, text: str) -> bool:
    store = folder / STORE_DIR
    try:
        if not is_real_dir(folder):
            return False
        if not os.path.lexists(store):
            store.mkdir()
        if not is_real_dir(store):
            return False
        fd, temporary = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=store)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, store / STORE_FILE)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def shown(entry: Entry | None, current_sha256: str | None) -> Shown:
    """What to say of an exercise given its last check and its modules now."""
    if entry is None:
        return Shown.NOT_CHECKED
    if current_sha256 != entry.modules_sha256:
        return Shown.CHANGED
    if entry.status == NOT_STARTED:
        return Shown.NOT_STARTED
    if entry.status == Status.PASSED.value and entry.passed == entry.total:
        return Shown.PASSING
    return Shown.FAILING
