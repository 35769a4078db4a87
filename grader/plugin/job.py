"""The job description the runner hands to the trusted pytest process."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.sandbox.limits import ProcessLimits


@dataclass(frozen=True)
class Job:
    exercise_id: str
    modules: tuple[str, ...]
    workdir: str
    call_timeout: float
    output_cap: int
    limits: ProcessLimits = field(default_factory=ProcessLimits)
    interpreter: str = ""  # empty: the trusted interpreter
    uid: int | None = None  # None: the grader's own user
    gid: int | None = None

    def dumps(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def load(cls, path: Path) -> Job:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["modules"] = tuple(data["modules"])
        data["limits"] = ProcessLimits(**data["limits"])
        return cls(**data)
