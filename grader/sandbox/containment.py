"""Which containment student code runs under on this machine, for the report.

Always on, with no privileges needed: a separate student process in its own session,
rlimits, a scrubbed environment, a private working folder holding only whitelisted
files, and a subreaper supervisor that kills every leftover process. Namespaces
(bubblewrap / unshare) are detected and reported; they are not used yet.
"""

from __future__ import annotations

import functools
import os
import shutil

from grader.results import Containment
from grader.sandbox.identity import choose_identity

_BASE = (
    "separate student process (trusted side never imports student code)",
    "own session and process group",
    "rlimits: address space, CPU, open files, file size, no core dumps",
    "scrubbed environment and private working folder with whitelisted files only",
    "subreaper supervisor kills every leftover process",
    "locked-down trusted pytest (own ini, no conftest, no plugin autoload)",
)


@functools.lru_cache(maxsize=1)
def detect() -> Containment:
    identity = choose_identity()
    mechanisms = list(_BASE)
    notes: list[str] = []
    if identity.drops_privileges:
        tier = "process+uid"
        mechanisms.append(f"student code runs as {identity.description}")
        mechanisms.append("rlimit: process count")
        notes.append("the student's user can still reach the network and read world-readable files")
    elif os.geteuid() == 0:
        tier = "process"
        notes.append(
            f"student code runs as root ({identity.description}): it could read and write "
            "anything; grade in a throw-away container"
        )
    else:
        tier = "process"
        mechanisms.append("rlimit: process count")
        mechanisms.append("trusted processes are not dumpable (no /proc or ptrace access)")
        notes.append(
            "student code runs under the grader's own user id: it has the network and can "
            "write what that user can write; use a throw-away container or account"
        )
    available = [tool for tool in ("bwrap", "unshare") if shutil.which(tool)]
    if available:
        notes.append(f"namespace tools present but not used yet: {', '.join(available)}")
    else:
        notes.append("no namespace tools found: no network or filesystem confinement")
    return Containment(tier=tier, mechanisms=tuple(mechanisms), notes=tuple(notes))
