"""Finished gradings kept on disk, so that a class graded again grades only what is new.

One file per (kit, grader version, submission, exercise): the key is the kit's content
hash (course.yaml, public and hidden tests, the grader's own code), the grader's
version, the submission's SHA-256 and the exercise id, so a changed hidden test, a
new grader or a changed submission never reuses a stale result. A file is written to a
temporary name and renamed into place: an interrupted class leaves whole results or
none. What is stored is the whole result, as the grader saw it (hidden tests in full):
reports are rendered from it for each reader afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader import __version__
from grader.bootstrap import GRADER_PARENT
from grader.course import Course
from grader.results import (
    CapturedOutput,
    Containment,
    ExerciseResult,
    Reason,
    Status,
    TestResult,
    Visibility,
)
from grader.said import from_json, to_json

# Bumped when the stored form changes: older files are then simply not found.
STORE_FORMAT = 2


def exercise_to_json(result: ExerciseResult) -> dict[str, Any]:
    data = asdict(result)  # its enums are str enums: JSON keeps their values
    # What the engine said stays data (reports say it in their reader's language).
    for key in _SAID:
        data[key] = [to_json(text) for text in getattr(result, key)]
    for test, stored in zip(result.tests, data["tests"], strict=True):
        stored["message"] = to_json(test.message)
    return data


def exercise_from_json(data: dict[str, Any]) -> ExerciseResult:
    tests = tuple(
        TestResult(
            **{
                **test,
                "status": Status(test["status"]),
                "visibility": Visibility(test["visibility"]),
                "reason": _reason(test["reason"]),
                "message": _text(test["message"]),
            }
        )
        for test in data["tests"]
    )
    return ExerciseResult(
        **{
            **data,
            "status": Status(data["status"]),
            "reason": _reason(data["reason"]),
            "tests": tests,
            "output": CapturedOutput(**data["output"]),
            "ignored_files": tuple(data["ignored_files"]),
            "missing_files": tuple(data["missing_files"]),
            **{key: tuple(_text(text) for text in data[key]) for key in _SAID},
        }
    )


_SAID = ("import_errors", "problems")


def _text(data: Any) -> str:
    text = from_json(data)
    if not isinstance(text, str):
        raise TypeError("not a text")
    return text


def _reason(value: str | None) -> Reason | None:
    return None if value is None else Reason(value)


def _files_of(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    found: set[Path] = set()
    for pattern in patterns:
        found.update(p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return sorted(found)


def kit_hash(course: Course) -> str:
    """The SHA-256 of everything that decides a grade: course.yaml, each exercise's
    public and hidden tests (and their helpers), and the grader's own code."""
    digest = hashlib.sha256()
    kit_files = ["course.yaml"]
    for exercise in course.exercises:
        kit_files += [f"exercises/{exercise.id}/*.py", f"tests/{exercise.id}/**/*"]
    grader_files = ("grader/**/*.py", "grader/**/*.ini", "grader/**/*.j2")
    sources = [(course.root, tuple(kit_files)), (GRADER_PARENT, grader_files)]
    for root, patterns in sources:
        for path in _files_of(root, patterns):
            relative = path.relative_to(root).as_posix()
            if relative.startswith("grader/tests/"):
                continue
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def containment_to_json(where: Containment) -> dict[str, Any]:
    return {
        "tier": where.tier,
        "mechanisms": list(where.mechanisms),
        "notes": list(where.notes),
        "warnings": list(where.warnings),
        "exposed": list(where.exposed),
    }


def containment_from_json(data: dict[str, Any]) -> Containment:
    return Containment(
        tier=str(data["tier"]),
        mechanisms=tuple(str(m) for m in data["mechanisms"]),
        notes=tuple(str(n) for n in data["notes"]),
        warnings=tuple(str(w) for w in data["warnings"]),
        exposed=tuple(str(e) for e in data["exposed"]),
    )


@dataclass(frozen=True)
class Stored:
    """A result from the store, and the containment it was graded under (None in a
    file written before that was kept)."""

    result: ExerciseResult
    where: Containment | None


class ResultStore:
    """Results under ``folder`` (``OUT/.results``), keyed as the module says."""

    def __init__(self, folder: Path, *, kit: str, grader_version: str = __version__) -> None:
        self.folder = folder / f"v{STORE_FORMAT}" / kit[:16] / grader_version
        self.kit = kit

    def _path(self, submission_sha256: str, exercise_id: str) -> Path:
        return self.folder / submission_sha256 / f"{exercise_id}.json"

    def get(self, submission_sha256: str, exercise_id: str) -> Stored | None:
        try:
            data = json.loads(self._path(submission_sha256, exercise_id).read_text("utf-8"))
            if data.get("kit") != self.kit:
                return None
            where = data.get("containment")
            return Stored(
                result=exercise_from_json(data["result"]),
                where=None if where is None else containment_from_json(where),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or unreadable: graded again

    def put(
        self, submission_sha256: str, result: ExerciseResult, where: Containment | None = None
    ) -> None:
        """Keep ``result``, and the containment it was graded under (``where``: this
        machine's, or a cluster worker's)."""
        path = self._path(submission_sha256, result.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        record: dict[str, Any] = {"kit": self.kit, "result": exercise_to_json(result)}
        if where is not None:
            record["containment"] = containment_to_json(where)
        body = json.dumps(record, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(body)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
