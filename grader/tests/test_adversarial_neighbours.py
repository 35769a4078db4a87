"""Gradings that run at the same time cannot reach each other, in every tier this
machine offers.

An attacker submission (03_pager's reference with the ``neighbour_*`` fragments of
``data/adversarial``: kill and freeze every process in sight, overwrite and copy other
gradings' modules, hold every task, fill every temporary folder, hold loopback ports)
is graded by one ``grader grade`` process; once it is armed (its helper process says
so), a victim (12_threading_server's reference, a server exercise) is graded by another
``grader grade`` process beside it. The victim's report must be exactly the report it
gets alone, the attacker must not print what it tried to steal, and nothing either
grading started or wrote may be left.

Tiers: as root, ``namespaces+uid`` (a user id per grading, bubblewrap, a network and
mount namespace per grading) and ``process+uid`` (``GRADER_CONTAINMENT=uid``: a user id
per grading only); as an unprivileged user, ``namespaces`` (both gradings run as the
same user: only the namespaces keep them apart). In ``process+uid`` the network and the
temporary folders are shared, which the report says: the fragments that attack them
(ports, fill) are left out there.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from grader.course import BUNDLE_MARKER
from grader.results import Status
from grader.sandbox.containment import CEILING_VARIABLE, machine_support
from grader.sandbox.permissions import searchable_by_others
from grader.sandbox.reaper import descendants

from .conftest import ADVERSARIAL, KIT_ROOT, solution_source

pytestmark = pytest.mark.slow

ATTACKER_EXERCISE, VICTIM_EXERCISE = "03_pager", "12_threading_server"
EVERY_TIER = ["prelude", "kill", "plant", "steal", "leftovers", "tasks"]
PRIVATE_NETWORK_AND_TMP = ["ports", "fill"]
# An unprivileged user for the tier without root: not in the grader's own range.
UNPRIVILEGED_UID = 1_999_999_990
ARMED_WITHIN_S = 60.0
GRADING_BOUND_S = 180.0


@dataclass(frozen=True)
class Tier:
    name: str
    fragments: tuple[str, ...]
    user: int | None  # run the grader as this user (None: as this test process)
    ceiling: str


def _available_tiers() -> list[Any]:
    support = machine_support()
    root = os.geteuid() == 0
    full = (*EVERY_TIER[:-1], *PRIVATE_NETWORK_AND_TMP, "tasks")

    def offered(tier: Tier, why_not: str | None) -> Any:
        return tier if why_not is None else pytest.param(tier, marks=pytest.mark.skip(why_not))

    return [
        offered(
            Tier("namespaces+uid", full, None, "namespaces"),
            None if root and support.tier == "namespaces+uid" else f"tier here: {support.tier}",
        ),
        offered(
            Tier("process+uid", tuple(EVERY_TIER), None, "uid"),
            None if root and support.identity.drops_privileges else "needs root",
        ),
        offered(
            Tier("namespaces", full, UNPRIVILEGED_UID, "namespaces"),
            None if root and support.bubblewrap else "needs root (to be another user), bubblewrap",
        ),
    ]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder every user can reach: the course copy, the submissions, the reports,
    and the graders' own temporary folder (TMPDIR), which must be empty afterwards."""
    path = Path(tempfile.mkdtemp(prefix="grader-neighbours-"))
    path.chmod(0o755)
    (path / "tmp").mkdir(mode=0o1777)
    (path / "tmp").chmod(0o1777)
    yield path
    subprocess.run(["rm", "-rf", str(path)], check=False)


def _course(root: Path) -> Path:
    for tree in ("exercises", "tests"):  # as a grading bundle: no solutions
        for exercise in (ATTACKER_EXERCISE, VICTIM_EXERCISE):
            shutil.copytree(
                KIT_ROOT / tree / exercise,
                root / tree / exercise,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
    data = yaml.safe_load((KIT_ROOT / "course.yaml").read_text(encoding="utf-8"))
    data["exercises"] = [
        e for e in data["exercises"] if e["id"] in (ATTACKER_EXERCISE, VICTIM_EXERCISE)
    ]
    data["defaults"]["timeouts"] = {"call": 10, "test": 15, "exercise": 20}
    data["defaults"]["limits"]["disk_mb"] = 64
    data["reports"]["hidden_tests"] = "full"
    course = root / "course.yaml"
    course.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    (root / BUNDLE_MARKER).write_text(json.dumps({"purpose": "grading"}), "utf-8")
    # The hidden tests stay the grader's: student code must not be able to read them.
    subprocess.run(["chmod", "-R", "go-rwx", str(root / "tests")], check=True)
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", f"{UNPRIVILEGED_UID}", str(root / "tests")], check=True)
    return course


def _unprivileged_python(shared: Path) -> Path:
    """A Python that the unprivileged user can run, with this grader and its
    dependencies importable (a venv of a system Python pointing at ours)."""
    system = Path(machine_support().identity.interpreter)
    venv = shared / "venv"
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    for folder in (Path(purelib), KIT_ROOT):
        if not searchable_by_others(folder):
            pytest.skip(f"{folder} is not reachable by other users on this machine")
    (site,) = venv.glob("lib/python*/site-packages")
    (site / "grader-tests.pth").write_text(f"{purelib}\n{KIT_ROOT}\n", encoding="utf-8")
    return venv / "bin" / "python"


def _start(
    tier: Tier, python: Path, course: Path, submission: Path, exercise: str, out: Path
) -> subprocess.Popen[bytes]:
    shared = course.parent.parent
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(shared),
        "TMPDIR": str(shared / "tmp"),
        "LANG": "C.UTF-8",
        CEILING_VARIABLE: tier.ceiling,
    }
    user: dict[str, Any] = {}
    if tier.user is not None:
        user = {"user": tier.user, "group": tier.user, "extra_groups": []}
    argv = [str(python), "-m", "grader", "grade", str(submission), "--course", str(course)]
    argv += ["--exercise", exercise, "--quiet", "--format", "json", "-o", str(out)]
    return subprocess.Popen(argv, env=env, cwd=shared, stderr=subprocess.PIPE, **user)


def _finish(process: subprocess.Popen[bytes], out: Path) -> dict[str, Any]:
    _, errors = process.communicate(timeout=GRADING_BOUND_S)
    assert process.returncode == 0, errors.decode(errors="replace")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def _armed(process: subprocess.Popen[bytes]) -> bool:
    for pid in descendants(process.pid):
        try:
            if b"ATTACK-ARMED" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        except OSError:
            continue
    return False


def _wait_until_armed(process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + ARMED_WITHIN_S
    while not _armed(process):
        if process.poll() is not None:
            _, errors = process.communicate()
            reports = list(Path(process.args[-1]).parent.glob("a.json"))  # type: ignore[index]
            said = reports[0].read_text("utf-8")[:3000] if reports else ""
            pytest.fail(f"the attacker's grading ended before it was armed: {errors!r} {said}")
        assert time.monotonic() < deadline, "the attacker was not armed in time"
        time.sleep(0.05)  # polling for a process to appear: there is no event to wait on


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """What must not change when a neighbour attacks: scores, statuses, messages."""
    (exercise,) = report["exercises"]
    return {
        "score": report["score"],
        "status": exercise["status"],
        "message": exercise["message"],
        "tests": [(t["name"], t["status"], t["score"], t["message"]) for t in exercise["tests"]],
    }


def _left_in_shared_folders(tag: str) -> list[str]:
    """The files this test's attacker named with ``tag`` in the shared folders."""
    return [
        entry.path
        for folder in ("/tmp", "/var/tmp", "/dev/shm")
        for entry in os.scandir(folder)
        if entry.name.startswith(tag)
    ]


def _processes_of(uid: int) -> list[int]:
    """Live processes of ``uid`` (zombies are reaped by this test's fixtures)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                state = Path(entry.path, "stat").read_bytes().rsplit(b")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state not in (b"Z", b"X"):
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("tier", _available_tiers(), ids=lambda t: t.name)
def test_a_grading_beside_an_attacker_gets_exactly_its_report_alone(
    tier: Tier, shared_dir: Path
) -> None:
    course = _course(shared_dir / "kit")
    python = Path(sys.executable)
    if tier.user is not None:
        python = _unprivileged_python(shared_dir)
    victim = shared_dir / "victim"
    (victim / VICTIM_EXERCISE).mkdir(parents=True)
    victim_source = solution_source(VICTIM_EXERCISE, "upper_server.py")
    (victim / VICTIM_EXERCISE / "upper_server.py").write_text(
        victim_source + "\n# VICTIM-MARKER: a neighbour must never read this\n", "utf-8"
    )
    attacker = shared_dir / "attacker"
    (attacker / ATTACKER_EXERCISE).mkdir(parents=True)
    source = solution_source(ATTACKER_EXERCISE, "pager.py")
    # The attacker's files carry this test's own tag: other tests running meanwhile
    # leave files of their own.
    tag = f"grader-attack-{os.getpid()}-{time.monotonic_ns()}"
    for fragment in (*tier.fragments, "armed", "linger"):
        text = (ADVERSARIAL / f"neighbour_{fragment}.py").read_text("utf-8")
        source += "\n\n" + text.replace("__TAG__", tag)
    (attacker / ATTACKER_EXERCISE / "pager.py").write_text(source, "utf-8")
    for path in (shared_dir / "kit", victim, attacker):
        subprocess.run(["chmod", "-R", "a+rX", str(path)], check=True)
    subprocess.run(["chmod", "-R", "go-rwx", str(shared_dir / "kit" / "tests")], check=True)
    reports = shared_dir / "reports"
    reports.mkdir(mode=0o777)
    reports.chmod(0o777)

    alone = _finish(
        _start(tier, python, course, victim, VICTIM_EXERCISE, reports / "alone.json"),
        reports / "alone.json",
    )
    assert alone["containment"]["tier"] == tier.name
    assert alone["score"] == 10, alone["exercises"][0]["message"]

    attacking = _start(tier, python, course, attacker, ATTACKER_EXERCISE, reports / "a.json")
    try:
        _wait_until_armed(attacking)
        beside = _finish(
            _start(tier, python, course, victim, VICTIM_EXERCISE, reports / "beside.json"),
            reports / "beside.json",
        )
        # The attack went on for the whole of the victim's grading.
        assert _armed(attacking), "the attacker's grading ended before the victim's"
        attacked = _finish(attacking, reports / "a.json")
    finally:
        if attacking.poll() is None:
            attacking.send_signal(signal.SIGKILL)
            attacking.wait()

    assert _comparable(beside) == _comparable(alone)
    assert "stole" not in (attacked["exercises"][0]["output"].get("text") or "")
    assert attacked["score"] <= 10
    # Nothing left: no process (of this test: see the autouse no_leftover_processes; of
    # the unprivileged user, which only this tier uses), no file in the shared folders,
    # no working folder.
    if tier.user is not None:
        assert _processes_of(tier.user) == []
    assert _left_in_shared_folders(tag) == []
    assert list((shared_dir / "tmp").iterdir()) == []


# -- a teacher's laptop: the grader and student code as the same unprivileged user ------


def _kit_digest(root: Path) -> dict[str, str]:
    import hashlib

    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.skipif(
    not (os.geteuid() == 0 and machine_support().bubblewrap),
    reason="needs root (to be another user) and bubblewrap",
)
def test_an_unprivileged_graders_kit_processes_and_report_are_out_of_reach(
    shared_dir: Path,
) -> None:
    """Student code runs as the teacher's own user: it tries to rewrite the kit's hidden
    tests, freeze the grader and rewrite the report afterwards. In the sandbox none of
    that reaches them, and nothing of it keeps running."""
    tier = Tier("namespaces", (), UNPRIVILEGED_UID, "namespaces")
    kit = shared_dir / "kit"
    course = _course(kit)
    python = _unprivileged_python(shared_dir)
    reports = shared_dir / "reports"
    reports.mkdir()
    attack = (ADVERSARIAL / "tamper_kit_and_report.py").read_text("utf-8")
    attack = attack.replace("__KIT__", str(kit)).replace("__REPORT__", str(reports / "r.json"))
    submission = shared_dir / "submission"
    (submission / ATTACKER_EXERCISE).mkdir(parents=True)
    (submission / ATTACKER_EXERCISE / "pager.py").write_text(
        solution_source(ATTACKER_EXERCISE, "pager.py") + "\n\n" + attack, "utf-8"
    )
    # The teacher's own files: everything belongs to the user the grader runs as.
    for path in (shared_dir / "tmp", kit, reports, submission):
        subprocess.run(["chown", "-R", str(UNPRIVILEGED_UID), str(path)], check=True)
    before = _kit_digest(kit)
    started = time.monotonic()
    report = _finish(
        _start(tier, python, course, submission, ATTACKER_EXERCISE, reports / "r.json"),
        reports / "r.json",
    )
    assert time.monotonic() - started < GRADING_BOUND_S
    assert report["containment"]["tier"] == "namespaces"
    assert report["exercises"][0]["score"] == 10  # the code is correct; it gained nothing
    assert _kit_digest(kit) == before
    assert _processes_of(UNPRIVILEGED_UID) == []  # no daemon left to rewrite the report
    assert json.loads((reports / "r.json").read_text("utf-8")) == report


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root (to be another user)")
def test_an_unprivileged_grading_without_a_sandbox_says_loudly_it_is_not_protected(
    shared_dir: Path,
) -> None:
    tier = Tier("process", (), UNPRIVILEGED_UID, "uid")  # no namespaces: no bubblewrap
    course = _course(shared_dir / "kit")
    python = _unprivileged_python(shared_dir)
    submission = shared_dir / "submission"
    (submission / ATTACKER_EXERCISE).mkdir(parents=True)
    (submission / ATTACKER_EXERCISE / "pager.py").write_text(
        solution_source(ATTACKER_EXERCISE, "pager.py"), "utf-8"
    )
    reports = shared_dir / "reports"
    reports.mkdir(mode=0o777)
    reports.chmod(0o777)
    subprocess.run(["chmod", "-R", "a+rX", str(shared_dir)], check=True)
    process = _start(tier, python, course, submission, ATTACKER_EXERCISE, reports / "r.json")
    _, errors = process.communicate(timeout=GRADING_BOUND_S)
    assert process.returncode == 0, errors
    report = json.loads((reports / "r.json").read_text("utf-8"))
    assert report["containment"]["tier"] == "process"
    warnings = report["containment"]["warnings"]
    assert any(w.startswith("the grade is not protected") for w in warnings)
    assert set(warnings) <= set(report["containment"]["notes"])  # notes: as in version 3
    assert b"grader: warning: the grade is not protected" in errors


# -- the root chown race on scratch folders ----------------------------------------------


def test_swapping_a_scratch_folder_for_a_link_hands_over_no_file(
    containment_tier: str, kit_course: Any, make_submission: Any, tmp_path: Path
) -> None:
    """13_more_servers makes its Unix sockets in scratch folders; the student swaps each
    for a link to a root-owned file as soon as it appears."""
    canary = tmp_path / "hidden_test.py"
    canary.write_text("secret = 1\n")
    canary.chmod(0o600)
    before = os.stat(canary)
    attack = (ADVERSARIAL / "scratch_swap.py").read_text("utf-8").replace("__CANARY__", str(canary))
    source = solution_source("13_more_servers", "more_servers.py") + "\n\n" + attack
    submission = make_submission({"13_more_servers/more_servers.py": source})
    honest = make_submission(
        {"13_more_servers/more_servers.py": solution_source("13_more_servers", "more_servers.py")}
    )
    from grader.grading import grade

    (attacked,) = grade(
        course=kit_course, submission=submission, exercise_ids=["13_more_servers"]
    ).exercises
    (alone,) = grade(
        course=kit_course, submission=honest, exercise_ids=["13_more_servers"]
    ).exercises
    after = os.stat(canary)
    assert (after.st_uid, after.st_gid, after.st_mode) == (
        before.st_uid,
        before.st_gid,
        before.st_mode,
    )
    assert attacked.score <= alone.score == alone.max_score


# -- a server that reports somebody else's address ----------------------------------------


def test_a_server_reporting_another_servers_port_gains_nothing(
    containment_tier: str, make_submission: Any
) -> None:
    """A correct server that is not the student's listens on loopback (as another
    grading's would in a tier without a network of its own); the student's server
    reports its port. The trusted clients must never talk to it."""
    import socketserver as _socketserver
    import threading

    from grader.course import load_course

    from .conftest import SERVER_COURSE, grade_timed

    class Upper(_socketserver.StreamRequestHandler):
        def handle(self) -> None:
            for line in self.rfile:
                self.wfile.write(line.rstrip(b"\r\n").upper() + b"\n")

    with _socketserver.ThreadingTCPServer(("127.0.0.1", 0), Upper) as other:
        other.daemon_threads = True
        threading.Thread(target=other.serve_forever, daemon=True).start()
        try:
            solution = SERVER_COURSE.parent / "solutions" / "01_echo" / "echo_server.py"
            attack = (ADVERSARIAL / "server_reports_another_address.py").read_text("utf-8")
            source = (
                solution.read_text("utf-8")
                + "\n\n"
                + attack.replace("__PORT__", str(other.server_address[1]))
            )
            submission = make_submission({"01_echo/echo_server.py": source})
            result = grade_timed(load_course(SERVER_COURSE), submission, "01_echo").result
        finally:
            other.shutdown()
    served = [t for t in result.tests if t.status is not Status.PASSED]
    assert result.score == 0, [(t.name, t.status, t.message) for t in result.tests]
    messages = [t.message for t in served]
    assert any("no socket of the student's process listens" in m for m in messages), messages
