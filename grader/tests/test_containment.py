"""The containment mechanisms one by one: scratch folders made without following links,
leased user ids, the grading's own network and mount namespace, the bubblewrap sandbox.

Each test needs what it exercises (root, bubblewrap, namespaces) and is skipped with
the reason where the machine does not offer it.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grader.bootstrap import GRADER_PARENT
from grader.errors import GraderError
from grader.render.sentences import exercise_message
from grader.sandbox import bubblewrap, namespaces, uids
from grader.sandbox.confinement import Confinement
from grader.sandbox.containment import machine_support
from grader.sandbox.launch import spawn
from grader.sandbox.scratch import make_scratch_dir

ROOT = os.geteuid() == 0
FAKE_SOLUTIONS = Path(__file__).parent / "data" / "fakecourse" / "solutions"
needs_root = pytest.mark.skipif(not ROOT, reason="needs root (a user id of its own per grading)")


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder every user can reach (tmp_path's parents may be private to root)."""
    path = Path(tempfile.mkdtemp(prefix="grader-containment-test-"))
    path.chmod(0o755)
    yield path
    subprocess.run(["rm", "-rf", str(path)], check=False)


# -- scratch folders ---------------------------------------------------------------------


def test_a_scratch_folder_belongs_to_the_student_and_has_a_fresh_name(tmp_path: Path) -> None:
    uid = 4242 if ROOT else None
    first = make_scratch_dir(tmp_path, uid, uid)
    second = make_scratch_dir(tmp_path, uid, uid)
    assert first != second and first.parent == tmp_path
    info = os.lstat(first)
    assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o755
    assert info.st_uid == (4242 if ROOT else os.geteuid())


def test_a_scratch_folder_swapped_for_a_link_is_never_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The student's code replaces the folder the grader just made with a link to a
    file it wants (a hidden test): the grader must not change that file's owner or
    mode, and the test that wanted the folder fails."""
    canary = tmp_path / "hidden_test.py"
    canary.write_text("secret = 1\n")
    canary.chmod(0o600)
    before = os.stat(canary)
    workdir = tmp_path / "student"
    workdir.mkdir()
    real_mkdir = os.mkdir

    def mkdir_then_swap(path: str, mode: int = 0o777, *, dir_fd: int | None = None) -> None:
        real_mkdir(path, mode, dir_fd=dir_fd)
        os.rmdir(path, dir_fd=dir_fd)
        os.symlink(canary, path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "mkdir", mkdir_then_swap)
    with pytest.raises(OSError) as raised:
        make_scratch_dir(workdir, 4242, 4242)
    monkeypatch.undo()
    assert raised.value.errno in (errno.ELOOP, errno.ENOTDIR)
    after = os.stat(canary)
    assert (after.st_uid, after.st_gid, after.st_mode) == (
        before.st_uid,
        before.st_gid,
        before.st_mode,
    )


# -- user ids ------------------------------------------------------------------------------


@needs_root
def test_gradings_at_the_same_time_get_different_user_ids_from_the_range(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(uids.RANGE_VARIABLE, "2100001000-2100001002")
    with uids.leased_uid() as first, uids.leased_uid() as second, uids.leased_uid() as third:
        taken = {first.uid, second.uid, third.uid}
        assert taken == {2100001000, 2100001001, 2100001002}
        with pytest.raises(GraderError, match="are in use by other gradings"):
            uids.lease_uid()
    with uids.leased_uid() as again:  # given back: usable again
        assert again.uid in taken


@needs_root
def test_a_leased_user_id_starts_and_ends_with_none_of_its_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(uids.RANGE_VARIABLE, "2100001010-2100001010")
    leftover = subprocess.Popen(["sleep", "300"], user=2100001010, group=2100001010)
    with uids.leased_uid() as lease:
        assert leftover.wait(timeout=10) == -signal.SIGKILL  # an earlier grading's leftover
        survivor = subprocess.Popen(["sleep", "300"], user=lease.uid, group=lease.gid)
    assert survivor.wait(timeout=10) == -signal.SIGKILL


@needs_root
def test_what_a_user_id_left_in_shared_folders_is_removed_without_following_links(
    shared_dir: Path,
) -> None:
    uid = 2100001020
    mine = shared_dir / "left-behind"
    (mine / "deep").mkdir(parents=True)
    (mine / "deep" / "file").write_text("x")
    (shared_dir / "file").write_text("x")
    elsewhere = shared_dir / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    link = shared_dir / "link"
    link.symlink_to(elsewhere)
    for path in (mine, mine / "deep", mine / "deep" / "file", shared_dir / "file"):
        os.chown(path, uid, uid)
    os.lchown(link, uid, uid)
    assert uids.remove_files_of(uid, (shared_dir,)) == 3
    assert sorted(p.name for p in shared_dir.iterdir()) == ["elsewhere"]
    assert (elsewhere / "keep.txt").read_text() == "keep"


@needs_root
def test_a_lock_folder_prepared_by_someone_else_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / "planted"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    monkeypatch.setattr(uids, "LOCK_DIR", planted)
    with pytest.raises(GraderError, match="must be a folder owned by root with mode 0700"):
        uids.lease_uid()
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    monkeypatch.setattr(uids, "LOCK_DIR", link)
    with pytest.raises(GraderError, match="must be a folder owned by root"):
        uids.lease_uid()


# -- the grading's own namespace ------------------------------------------------------------

needs_namespace = pytest.mark.skipif(
    not namespaces.available()[0],
    reason=f"no grading namespace here: {namespaces.available()[1]}",
)

_INSIDE = textwrap.dedent(
    """
    import errno, os, socket, sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from grader.sandbox import namespaces
    folder, outside_port = Path(sys.argv[2]), int(sys.argv[3])
    namespaces.enter(student_dir=folder, size_mb=2, uid=os.geteuid(), gid=os.getegid())
    # The module the runner put there is still there, on the new tmpfs.
    assert (folder / "pager.py").read_text() == "kept"
    # Only this namespace's loopback: the machine's server is out of reach.
    try:
        socket.create_connection(("127.0.0.1", outside_port), timeout=2).close()
        print("REACHED")
    except OSError:
        print("UNREACHABLE")
    with socket.create_server(("127.0.0.1", outside_port)) as server:
        print("SAME PORT FREE")
    try:
        (folder / "big").write_bytes(b"x" * (3 * 1024 * 1024))
        print("WROTE 3 MiB")
    except OSError as exc:
        print("FULL" if exc.errno == errno.ENOSPC else repr(exc))
    """
)


@needs_namespace
def test_a_grading_namespace_has_its_own_loopback_and_a_bounded_working_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "pager.py").write_text("kept")
    with socket.create_server(("127.0.0.1", 0)) as outside:
        port = outside.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-I", "-c", _INSIDE, str(GRADER_PARENT), str(folder), str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["UNREACHABLE", "SAME PORT FREE", "FULL"]
    # Nothing the namespace wrote reached the machine's folder.
    assert sorted(p.name for p in folder.iterdir()) == ["pager.py"]


# -- bubblewrap -----------------------------------------------------------------------------

SUPPORT = machine_support()
needs_bubblewrap = pytest.mark.skipif(
    SUPPORT.bubblewrap is None, reason=f"no bubblewrap sandbox: {SUPPORT.bubblewrap_problem}"
)

_LOOK_AROUND = textwrap.dedent(
    """
    import os, sys
    kit = sys.argv[1]
    print("pid", os.getpid())
    print("root", sorted(os.listdir("/")))
    print("kit", sorted(os.listdir(kit)) if os.path.isdir(kit) else "absent")
    print("home", os.path.isdir("/home") and os.listdir("/home"))
    print("run", os.path.exists("/run"))
    print("processes", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
    open("/tmp/left-behind", "w").write("x")
    sys.stdout.flush()
    """
)


@pytest.fixture
def confinement() -> Iterator[Confinement]:
    lease = uids.lease_uid() if SUPPORT.identity.drops_privileges else None
    try:
        from grader.sandbox.containment import confinement_for
        from grader.settings import Limits

        yield confinement_for(SUPPORT, lease, Limits(disk_mb=8))
    finally:
        if lease is not None:
            lease.release()


def _workdir(shared_dir: Path, confinement: Confinement) -> Path:
    workdir = shared_dir / "student"
    workdir.mkdir(mode=0o700)
    if confinement.uid is not None:
        os.chown(workdir, confinement.uid, confinement.gid or confinement.uid)
    return workdir


@needs_bubblewrap
def test_the_sandbox_holds_no_kit_no_home_no_user_sockets_and_no_other_process(
    shared_dir: Path, confinement: Confinement
) -> None:
    workdir = _workdir(shared_dir, confinement)
    process = spawn(
        [confinement.interpreter, "-I", "-S", "-c", _LOOK_AROUND, str(GRADER_PARENT)],
        workdir=workdir,
        confinement=confinement,
        stderr=subprocess.STDOUT,
    )
    assert process.popen.stdout is not None
    output = process.popen.stdout.read().decode()
    assert process.wait(timeout=30) == 0, output
    seen = dict(line.split(" ", 1) for line in output.splitlines())
    assert seen["pid"] == "2"  # its own pid namespace: bubblewrap's init is 1
    assert seen["kit"] == "['grader']"  # only the grader's own package, not tests/ or solutions/
    assert seen["home"] == "False" and seen["run"] == "False"
    assert seen["processes"] == "[1, 2]"
    assert not Path("/tmp/left-behind").exists()  # its /tmp was its own


@needs_bubblewrap
def test_signals_and_exit_statuses_go_through_the_sandbox(
    shared_dir: Path, confinement: Confinement
) -> None:
    workdir = _workdir(shared_dir, confinement)
    program = (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGTERM, lambda *a: sys.exit(7))\n"
        "print(os.getpid(), flush=True)\n"
        "signal.pause()\n"
    )
    process = spawn(
        [confinement.interpreter, "-I", "-S", "-c", program],
        workdir=workdir,
        confinement=confinement,
    )
    assert process.popen.stdout is not None
    assert process.popen.stdout.readline() == b"2\n"
    host = process.host_pid()
    assert host is not None and host != process.popen.pid
    assert process.pid_seen_by_student() == 2
    process.send_signal(signal.SIGTERM)  # reaches the program, not bubblewrap
    assert process.wait(timeout=30) == 7
    crash = spawn(
        [confinement.interpreter, "-I", "-S", "-c", "import os, signal; os.kill(os.getpid(), 11)"],
        workdir=workdir,
        confinement=confinement,
    )
    assert crash.wait(timeout=30) == -signal.SIGSEGV


def test_bubblewrap_sees_the_interpreter_and_the_graders_student_side_only() -> None:
    paths = bubblewrap.readonly_paths(sys.executable)
    assert str(GRADER_PARENT / "grader" / "remote") in paths
    assert str(GRADER_PARENT / "grader" / "__init__.py") in paths
    assert str(GRADER_PARENT) not in paths and str(GRADER_PARENT / "grader") not in paths
    assert os.path.realpath(sys.base_prefix) in paths or sys.base_prefix.startswith("/usr")


# -- the trusted pytest's own temporary folders ---------------------------------------------

_USES_TMP_PATH = """
import pytest

pytestmark = pytest.mark.student_module("adder")


def test_add_writes_through_a_temporary_folder(student, tmp_path):
    (tmp_path / "sum.txt").write_text(str(student.add(2, 3)))
    assert (tmp_path / "sum.txt").read_text() == "5"
"""


def test_a_prepared_pytest_temp_folder_changes_nothing_and_gradings_leave_none(
    fake_course_copy: Path, tmp_path: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Student code (or anybody) that prepares ``$TMPDIR/pytest-of-USER`` once changed
    later honest grades, and every grading left its temporary folders there: the
    trusted pytest keeps them in the grading's own folder instead."""
    from grader.course import load_course
    from grader.grading import grade

    hidden = fake_course_copy.parent / "tests" / "01_adder" / "test_tmp_path_hidden.py"
    hidden.write_text(_USES_TMP_PATH, encoding="utf-8")
    course = load_course(fake_course_copy)
    submission = tmp_path / "submission"
    shutil.copytree(fake_course_copy.parent / "solutions", submission)
    shared = shared_dir
    import getpass

    (shared / f"pytest-of-{getpass.getuser()}").write_text("not a folder")
    monkeypatch.setenv("TMPDIR", str(shared))
    tempfile.tempdir = None  # re-read TMPDIR
    try:
        report = grade(course=course, submission=submission, exercise_ids=["01_adder"])
    finally:
        monkeypatch.undo()
        tempfile.tempdir = None
    (exercise,) = report.exercises
    assert exercise.score == exercise.max_score, exercise_message(exercise, "en")
    assert sorted(p.name for p in shared.iterdir()) == [f"pytest-of-{getpass.getuser()}"]


@pytest.mark.skipif(
    not SUPPORT.identity.drops_privileges, reason="needs a student user of its own (root)"
)
def test_a_temporary_folder_the_student_cannot_pass_through_is_a_clear_grader_error(
    fake_course: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grader.grading import grade

    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    closed.chmod(0o700)
    monkeypatch.setenv("TMPDIR", str(closed))
    tempfile.tempdir = None
    try:
        with pytest.raises(GraderError, match=r"TMPDIR .*closed: the student's user cannot pass"):
            grade(
                course=fake_course,
                submission=FAKE_SOLUTIONS,
                exercise_ids=["01_adder"],
            )
    finally:
        monkeypatch.undo()
        tempfile.tempdir = None


_FAILING_BWRAP = """#!/bin/sh
# Passes the grader's start-up probe, fails every real launch.
case "$*" in *"import grader.remote.child"*) exec {real} "$@";; esac
echo "bwrap: Creating new namespace failed: Resource temporarily unavailable" >&2
exit 1
"""


@needs_bubblewrap
def test_a_sandbox_that_fails_at_grading_time_is_a_grader_error_not_a_zero(
    tmp_path: Path, shared_dir: Path
) -> None:
    """bubblewrap worked when the grader started but fails for a grading (e.g. the
    kernel's namespace limit is reached): the exercise is a grader error, exit 3."""
    assert SUPPORT.bubblewrap is not None
    shims = shared_dir / "bin"  # the student's user runs it: not under tmp_path
    shims.mkdir()
    (shims / "bwrap").write_text(_FAILING_BWRAP.format(real=SUPPORT.bubblewrap), "utf-8")
    (shims / "bwrap").chmod(0o755)
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "grader", "grade", str(FAKE_SOLUTIONS), "--quiet"]
    command += ["--exercise", "01_adder", "--course", str(FAKE_SOLUTIONS.parent / "course.yaml")]
    done = subprocess.run(
        [*command, "--json", str(report)],
        env={**os.environ, "PATH": f"{shims}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    (exercise,) = json.loads(report.read_text("utf-8"))["exercises"]
    assert exercise["grader_error"] is True and exercise["score"] == 0
    assert "the student process did not start" in exercise["message"]
    assert "Creating new namespace failed" in exercise["message"]
