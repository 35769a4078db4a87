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
    notes: list[str] = [
        "student code runs under the grader's own user id: it has the network and can "
        "write what that user can write; use a throw-away container or account"
    ]
    mechanisms = list(_BASE)
    if os.geteuid() == 0:
        notes.append("running as root: the kernel does not enforce the process-count rlimit")
    else:
        mechanisms.append("rlimit: process count")
    available = [tool for tool in ("bwrap", "unshare") if shutil.which(tool)]
    if available:
        notes.append(f"namespace tools present but not used: {', '.join(available)}")
    else:
        notes.append("no namespace tools found: no network or filesystem confinement")
    return Containment(tier="process", mechanisms=tuple(mechanisms), notes=tuple(notes))
