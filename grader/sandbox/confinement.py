"""How the student processes of one grading are confined: the settings the runner
decides once per grading and every process that runs student code obeys.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from grader.sandbox.limits import ProcessLimits


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
    limits: ProcessLimits = field(default_factory=ProcessLimits)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Confinement:
        values = dict(data)
        values["readonly"] = tuple(values.get("readonly", ()))
        values["limits"] = ProcessLimits(**values.get("limits", {}))
        return cls(**values)
