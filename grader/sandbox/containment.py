"""What this machine allows, how each grading is confined, and how the report says so.

Always on, with no privileges needed: a separate student process in its own session,
rlimits, a scrubbed environment, a private working folder holding only whitelisted
files, and a subreaper supervisor that kills every leftover process. On top of that,
each where the machine allows it (tried for real once per grader process):

* a user id of its own per grading (the grader runs as root);
* a network and mount namespace of its own per grading: private loopback, a working
  folder of bounded size in memory (:mod:`grader.sandbox.namespaces`);
* bubblewrap around every student process: user, pid, IPC and mount namespaces, a
  file system without the kit, the home folders or the user's sockets
  (:mod:`grader.sandbox.bubblewrap`).

``GRADER_CONTAINMENT`` caps what is used (``namespaces``, the default: everything
available; ``uid``: no namespaces; ``process``: not even a separate user id), for a
machine where a mechanism misbehaves and for the tests of the lower tiers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import bootstrap
from grader.errors import BadInput
from grader.results import Containment
from grader.sandbox import bubblewrap, namespaces
from grader.sandbox.confinement import Confinement
from grader.sandbox.exposure import Exposure, kit_exposure
from grader.sandbox.identity import StudentIdentity, choose_identity
from grader.sandbox.uids import UidLease, leased_uid, uid_range
from grader.settings import Limits

CEILING_VARIABLE = "GRADER_CONTAINMENT"
_CEILINGS = ("namespaces", "uid", "process")

_BASE = (
    "separate student process (trusted side never imports student code)",
    "own session and process group",
    "rlimits: address space, CPU, open files, file size, no core dumps",
    "scrubbed environment and private working folder with whitelisted files only",
    "subreaper supervisor kills every leftover process",
    "locked-down trusted pytest (own ini, no conftest, no plugin autoload)",
)


@dataclass(frozen=True)
class MachineSupport:
    """The mechanisms this grader process can use, each tried once."""

    identity: StudentIdentity
    bubblewrap: str | None  # bwrap's path, when student code can run inside it
    bubblewrap_problem: str
    grading_namespace: bool
    namespace_problem: str

    @property
    def namespaces(self) -> bool:
        """Both kinds of namespace hold: the grading's own network and mount namespace,
        and bubblewrap around student code. Either alone leaves a way out (a sandbox in
        the machine's network reaches the user's loopback services and abstract sockets:
        an X server would take keystrokes)."""
        return self.bubblewrap is not None and self.grading_namespace

    @property
    def tier(self) -> str:
        if self.identity.drops_privileges:
            return "namespaces+uid" if self.namespaces else "process+uid"
        if os.geteuid() != 0 and self.namespaces:
            return "namespaces"
        return "process"

    @property
    def protected(self) -> bool:
        """Whether student code is kept away from the grader, the kit and the reports."""
        return self.identity.drops_privileges or (os.geteuid() != 0 and self.namespaces)


def ceiling() -> str:
    value = os.environ.get(CEILING_VARIABLE, "namespaces").strip() or "namespaces"
    if value not in _CEILINGS:
        raise BadInput(
            f"{CEILING_VARIABLE}={value!r}: expected one of {', '.join(_CEILINGS)}",
            zh=f"{CEILING_VARIABLE}={value!r}：应为以下之一：{', '.join(_CEILINGS)}",
        )
    return value


def _bubblewrap_works(identity: StudentIdentity) -> tuple[str | None, str]:
    """bwrap's path if student code runs inside it here (tried as the student's user),
    else None and why."""
    bwrap = bubblewrap.executable()
    if bwrap is None:
        return None, "bubblewrap (bwrap) is not installed"
    if os.geteuid() == 0 and not identity.drops_privileges:
        return None, "bubblewrap is only used with an unprivileged student user"
    workdir = Path(tempfile.mkdtemp(prefix="grader-probe-"))
    try:
        argv = bubblewrap.command(
            bwrap,
            workdir=workdir,
            readonly=bubblewrap.readonly_paths(identity.interpreter),
            tmp_mb=1,
            argv=bootstrap.student_side_probe_argv(interpreter=identity.interpreter),
        )
        with contextlib.ExitStack() as stack:
            user: dict[str, Any] = {}
            if identity.drops_privileges:
                lease = stack.enter_context(leased_uid())
                os.chown(workdir, lease.uid, lease.gid)
                user = {"user": lease.uid, "group": lease.gid, "extra_groups": []}
            done = subprocess.run(
                argv, capture_output=True, timeout=30, check=False, cwd=workdir, **user
            )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"bubblewrap failed: {exc}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, "bubblewrap failed: " + (lines[-1] if lines else f"status {done.returncode}")
    return bwrap, ""


def machine_support() -> MachineSupport:
    """What this grader process can use under the current ``GRADER_CONTAINMENT``."""
    return support_under(ceiling())


@functools.cache
def support_under(cap: str) -> MachineSupport:
    """What this grader process can use under the ceiling ``cap`` (tried once each)."""
    if cap == "process":
        identity = StudentIdentity(
            sys.executable, False, f"the grader's own user ({CEILING_VARIABLE}=process)"
        )
    else:
        identity = choose_identity()
    if cap != "namespaces":
        problem = f"namespaces not used ({CEILING_VARIABLE}={cap})"
        return MachineSupport(identity, None, problem, False, problem)
    bwrap, bwrap_problem = _bubblewrap_works(identity)
    usable, namespace_problem = namespaces.available()
    return MachineSupport(identity, bwrap, bwrap_problem, usable, namespace_problem)


def confinement_for(support: MachineSupport, lease: UidLease | None, limits: Limits) -> Confinement:
    """How the student processes of one grading run (``lease``: its own user id)."""
    identity = support.identity
    return Confinement(
        interpreter=identity.interpreter,
        uid=None if lease is None else lease.uid,
        gid=None if lease is None else lease.gid,
        bubblewrap=support.bubblewrap,
        readonly=(bubblewrap.readonly_paths(identity.interpreter) if support.bubblewrap else ()),
        grading_namespace=support.grading_namespace,
        limits=limits,
    )


def _mechanisms_and_notes(
    support: MachineSupport,
) -> tuple[list[str], list[str], list[str]]:
    """The mechanisms in force, the notes on what is missing, and the warnings: what
    the person grading must act on."""
    mechanisms = list(_BASE)
    notes: list[str] = []
    warnings: list[str] = []
    root = os.geteuid() == 0
    if support.identity.drops_privileges:
        start, end = uid_range()
        mechanisms.append(
            f"student code runs as a user id of its own per grading ({start}-{end}): "
            "no signals, tracing or files across gradings"
        )
        mechanisms.append("rlimit: process count (per grading)")
    elif root:
        notes.append(
            f"student code runs as root ({support.identity.description}): it could read "
            "and write anything; grade in a throw-away container"
        )
    else:
        mechanisms.append("rlimit: process count")
        mechanisms.append("trusted processes are not dumpable (no /proc or ptrace access)")
    if support.grading_namespace:
        mechanisms.append("own network namespace per grading: private loopback, no other network")
        mechanisms.append("working folder of bounded size in memory (tmpfs), gone afterwards")
    else:
        notes.append(
            "no network namespace: student code shares the machine's network and loopback "
            f"ports with other gradings ({support.namespace_problem})"
        )
    if support.bubblewrap:
        mechanisms.append(
            "bubblewrap: own user, pid, IPC and mount namespaces; read-only system, no kit, "
            "no home folders; private /tmp, /var/tmp and /dev/shm"
        )
    else:
        notes.append(f"no bubblewrap sandbox ({support.bubblewrap_problem})")
        if support.identity.drops_privileges:
            notes.append(
                "student code can read world-readable files and write to the shared "
                "/tmp (what it leaves there is removed after each grading)"
            )
    if not support.protected:
        warnings.append(
            "the grade is not protected: student code runs as the grader's own user "
            "without a sandbox: "
            "it can rewrite the kit, the reports and the grade, and reach your files and "
            "processes. Install bubblewrap (apt install bubblewrap) or grade as root in a "
            "throw-away container (see README: Containment)"
        )
    return mechanisms, notes, warnings


def describe(support: MachineSupport, kit: Path) -> Containment:
    """The report's account of the containment, with what student code can read of
    the kit."""
    mechanisms, notes, warnings = _mechanisms_and_notes(support)
    exposure: Exposure = kit_exposure(
        kit=kit,
        student_uid=uid_range()[0] if support.identity.drops_privileges else None,
        sandbox=(
            (
                *bubblewrap.SYSTEM,
                *bubblewrap.readonly_paths(support.identity.interpreter),
            )
            if support.bubblewrap
            else None
        ),
    )
    return Containment(
        tier=support.tier,
        mechanisms=tuple(mechanisms),
        notes=(*notes, *exposure.notes),
        warnings=(*warnings, *exposure.warnings),
        exposed=exposure.readable,
    )
