"""How the student processes of one grading are confined: the settings the runner
decides once per grading and every process that runs student code obeys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.settings import Limits


@dataclass(frozen=True)
class Confinement:
    interpreter: str = ""  # empty: the trusted interpreter
    uid: int | None = None  # None: the grader's own user
    gid: int | None = None
    # bubblewrap's path when student processes run inside it (grader.sandbox.bubblewrap)
    bubblewrap: str | None = None
    # What the bubblewrap sandbox sees read-only besides the system folders.
    readonly: tuple[str, ...] = ()
    # The grading has a network and mount namespace of its own (grader.sandbox.namespaces).
    grading_namespace: bool = False
    # The exercise's limits (course.yaml), as they are.
    limits: Limits = field(default_factory=Limits)
