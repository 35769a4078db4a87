"""Which user and interpreter student code runs as.

An unprivileged grader runs student code under its own user id (nothing else is
possible without privileges). A grader running as root, as on Gradescope and most CI
containers, drops student processes to an unprivileged user id of their own, one per
grading (:mod:`grader.sandbox.uids`), when it can find a Python interpreter of the same
version that such a user can run, and says so in the report: as root, a student
process could otherwise read and write anything, reach into the trusted processes and
raise its own limits.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from grader.bootstrap import GRADER_PARENT, student_side_probe_argv
from grader.sandbox.permissions import EXECUTE, READ, reachable
from grader.sandbox.uids import leased_uid

_FALLBACK_INTERPRETERS = (
    f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}",
    f"/usr/local/bin/python{sys.version_info[0]}.{sys.version_info[1]}",
)


@dataclass(frozen=True)
class StudentIdentity:
    interpreter: str
    # Each grading runs student code as a user id of its own (the grader is root).
    drops_privileges: bool
    description: str


def _probe(interpreter: str, uid: int, gid: int) -> str:
    """Why ``uid`` cannot start the student side of the grader with ``interpreter``
    (empty when it can)."""
    try:
        done = subprocess.run(
            student_side_probe_argv(interpreter=interpreter),
            user=uid,
            group=gid,
            extra_groups=[],
            cwd="/",
            env={"PATH": "/usr/bin:/bin"},
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{interpreter}: {exc}"
    if done.returncode == 3:
        return f"{interpreter}: another Python version"
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"{interpreter}: {lines[-1] if lines else f'exit status {done.returncode}'}"
    return ""


@functools.lru_cache(maxsize=1)
def choose_identity() -> StudentIdentity:
    if os.geteuid() != 0:
        return StudentIdentity(sys.executable, False, "the grader's own user (unprivileged)")
    if not reachable(GRADER_PARENT / "grader" / "remote" / "child.py", READ):
        return StudentIdentity(
            sys.executable,
            False,
            f"root: the grader's files in {GRADER_PARENT} are not readable by other users",
        )
    reasons: list[str] = []
    with leased_uid() as lease:
        for candidate in dict.fromkeys((sys.executable, *_FALLBACK_INTERPRETERS)):
            if not reachable(Path(candidate), EXECUTE):
                reasons.append(f"{candidate}: not executable by other users")
                continue
            reason = _probe(candidate, lease.uid, lease.gid)
            if not reason:
                return StudentIdentity(
                    candidate, True, f"a user id of its own per grading (unprivileged), {candidate}"
                )
            reasons.append(reason)
    return StudentIdentity(
        sys.executable,
        False,
        "root: no Python of this version is usable by an unprivileged user ("
        + "; ".join(reasons)
        + ")",
    )
