"""Which exercises a student has not touched: their modules are still the kit's stubs.

A stub is recognised by content, not by how its tests fail (a stub whose class
attribute is None fails an attribute test, not with NotImplementedError). A bundle,
whose ``exercises/`` is the student's working copy, records the stubs' hashes in its
``bundle.json`` when it is made (:func:`stub_hashes_of_kit`). In a kit, ``exercises/``
holds the stubs, so a folder checked elsewhere is compared with them; the kit's own
``exercises/`` (a student working in a clone of the kit) has nothing to be compared
with, and only the test rule of :func:`grader.render.failures.not_started` applies.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.course import BUNDLE_MARKER, Course
from grader.student.progress import module_hash

STUBS_KEY = "stubs"
_MAX_MARKER_BYTES = 1 << 20


def stub_hashes_of_kit(course: Course) -> dict[str, str]:
    """Each exercise's stub hash, from the kit's own ``exercises/`` (to record in a
    bundle)."""
    hashes = {e.id: module_hash(course.root / "exercises", e) for e in course.exercises}
    return {exercise_id: digest for exercise_id, digest in hashes.items() if digest}


def _recorded(course: Course) -> dict[str, str] | None:
    """The hashes a bundle recorded; None when ``course.root`` is not a bundle."""
    marker = course.root / BUNDLE_MARKER
    try:
        with open(marker, "rb") as stream:
            data = json.loads(stream.read(_MAX_MARKER_BYTES))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    stubs = data.get(STUBS_KEY)
    if not isinstance(stubs, dict):
        return {}
    return {k: v for k, v in stubs.items() if isinstance(k, str) and isinstance(v, str)}


def stub_hashes(course: Course, folder: Path) -> dict[str, str]:
    """The hashes of the stubs the work in ``folder`` started from: a bundle's record,
    else the kit's ``exercises/`` unless ``folder`` is that very folder (none then)."""
    recorded = _recorded(course)
    if recorded is not None:
        return recorded
    try:
        own = folder.resolve() == (course.root / "exercises").resolve()
    except OSError:
        own = True
    return {} if own else stub_hashes_of_kit(course)


def untouched(course: Course, folder: Path, hashes: dict[str, str | None]) -> frozenset[str]:
    """The ids, among ``hashes`` (exercise id -> hash of the student's modules in
    ``folder``), whose modules are exactly the stubs."""
    stubs = stub_hashes(course, folder)
    return frozenset(i for i, digest in hashes.items() if digest and stubs.get(i) == digest)
