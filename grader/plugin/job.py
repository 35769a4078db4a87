"""The job description the runner hands to the trusted pytest process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from grader.sandbox.confinement import Confinement


@dataclass(frozen=True)
class Job:
    exercise_id: str
    modules: tuple[str, ...]
    workdir: str
    call_timeout: float
    output_cap: int
    confinement: Confinement = field(default_factory=Confinement)
    # Modules of the exercise the submission does not have (their tests fail at once).
    missing_modules: tuple[str, ...] = ()

    def dumps(self) -> str:
        return json.dumps(
            {
                "exercise_id": self.exercise_id,
                "modules": list(self.modules),
                "workdir": self.workdir,
                "call_timeout": self.call_timeout,
                "output_cap": self.output_cap,
                "confinement": self.confinement.to_json(),
                "missing_modules": list(self.missing_modules),
            }
        )

    @classmethod
    def load(cls, path: Path) -> Job:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["modules"] = tuple(data["modules"])
        data["confinement"] = Confinement.from_json(data["confinement"])
        data["missing_modules"] = tuple(data.get("missing_modules", ()))
        return cls(**data)
