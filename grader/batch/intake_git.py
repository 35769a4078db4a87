"""A folder of git clones, as GitHub Classroom's ``gh classroom clone student-repos``
makes it.

The command (github/gh-classroom, ``cmd/gh-classroom/clone/student-repos``) clones
every accepted assignment into ``<assignment-slug>-submissions/<repository name>``, and
Classroom names a student's repository ``<assignment-slug>-<github-username>``: the
assignment's prefix, then the username (gh-classroom issue #29, "the naming of the
folders is assignmentname-userid"; the Birkbeck2 organisation's guide to its Classroom,
``web-development-contact-form-joemull``). So the student id is the repository's
folder name without the ``<slug>-`` prefix, the slug being read from the
``-submissions`` folder's name; when the folder was renamed, from the prefix all
repositories share (with at least two), else the whole folder name is the id. A
repository's ``exercises/`` folder holds the ``ID/module.py`` files; a repository with
exercise folders at its top is read there.

The submission time is the last commit's committer time, read with
``git log -1 --format=%cI`` in a subprocess with a timeout. Nothing else of the
repository is trusted: ``.git`` must be a real folder (a ``.git`` file pointing
elsewhere, or a link, is refused), global and system configuration are not read, the
options of the repository's own configuration that run programs while logging
(``log.showSignature`` with ``gpg.program``, ``core.fsmonitor``, pagers) are turned
off on the command line, and replacement objects are ignored. The committer time is
set by the student's own machine and can be forged: ``time_source`` is ``"git"`` so
that a later stage can weigh it. There is no name and no late marker.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from grader.archives import is_real_dir, shown
from grader.batch.intake_common import (
    Intake,
    StudentSubmission,
    Unsafe,
    list_folder,
    safe_id,
    visible_entries,
)

GIT_TIMEOUT_S = 10.0
_SUFFIX = "-submissions"
# Each neutralises a setting of the repository's own config that would run a program.
_OVERRIDES = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "log.showSignature=false",
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
)


class GitFailure(Exception):
    """The commit time could not be read: one line saying why."""


def looks_like(entry: Path) -> bool:
    return (entry / ".git").exists() or (entry / ".git").is_symlink()


def commit_time(repo: Path, git: str, home: Path) -> dt.datetime:
    """The committer time of ``repo``'s last commit, timezone-aware."""
    command = [git, "--no-pager", "-C", str(repo), "--git-dir=.git", "--work-tree=."]
    for setting in _OVERRIDES:
        command += ["-c", setting]
    command += ["log", "-1", "--no-show-signature", "--format=%cI"]
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_CEILING_DIRECTORIES": str(repo.parent),
    }
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=environment,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitFailure(f"git log took longer than {GIT_TIMEOUT_S:g} s") from None
    except OSError as exc:
        raise GitFailure(f"git could not run ({exc.strerror})") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailure(f"git log failed: {shown(said[0] if said else 'no message')}")
    text = done.stdout.decode("ascii", "replace").strip()
    if not text:
        raise GitFailure("no commit")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise GitFailure(f"git gave no date: {shown(text)}") from None
    if moment.utcoffset() is None:
        raise GitFailure(f"git gave a date without a zone: {shown(text)}")
    return moment


def _prefix(folder_name: str, repos: list[str]) -> str:
    if folder_name.endswith(_SUFFIX) and len(folder_name) > len(_SUFFIX):
        return folder_name[: -len(_SUFFIX)] + "-"
    if len(repos) < 2:
        return ""
    shortest = min(repos, key=len)
    common = next(
        (shortest[:i] for i, c in enumerate(shortest) if any(r[i] != c for r in repos)),
        shortest,
    )
    return common[: common.rfind("-") + 1]


def _exercises(intake: Intake, repo: Path) -> Path | None:
    folder = repo / "exercises"
    if is_real_dir(folder):
        return folder
    if folder.is_symlink():
        raise Unsafe("exercises: symbolic link: refused, not followed")
    if any(is_real_dir(repo / exercise_id) for exercise_id in intake.exercise_modules):
        return repo
    return None


def read(root: Path, intake: Intake, folder_name: str) -> list[StudentSubmission]:
    repos = []
    for listed in visible_entries(root):
        if listed.is_symlink():
            intake.problem(listed.name, "symbolic link: refused, not followed")
        elif not listed.is_dir(follow_symlinks=False):
            intake.problem(listed.name, "not a folder: not a clone")
        elif not looks_like(Path(listed.path)):
            intake.problem(listed.name, "not a git clone (no .git): not graded")
        elif not is_real_dir(Path(listed.path) / ".git"):
            intake.problem(listed.name, ".git is not a folder (a link or a file): refused")
        else:
            repos.append(listed.name)
    prefix = _prefix(folder_name, repos)
    git = shutil.which("git")
    found: list[StudentSubmission] = []
    for name in repos:
        repo = root / name
        raw_id = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        student_id = safe_id(raw_id)
        if student_id is None:
            intake.problem(name, "no usable student id in this name: not graded")
            continue
        try:
            path = _exercises(intake, repo)
            files = list_folder(path) if path is not None else []
        except Unsafe as exc:
            intake.problem(name, str(exc))
            continue
        if path is None or not intake.has_module(files):
            intake.no_module(name)
            continue
        when: dt.datetime | None = None
        if git is None:
            if not intake.git_missing_reported:
                intake.problem(str(root), "git is not installed: submission times unknown")
                intake.git_missing_reported = True
        else:
            try:
                when = commit_time(repo, git, intake.scratch)
            except GitFailure as exc:
                intake.problem(name, f"{exc}: submission time unknown")
        found.append(
            StudentSubmission(
                student_id=student_id,
                name=None,
                source=shown(name),
                submitted_at=when,
                time_source="git" if when is not None else "",
                late_flag=None,
                path=path,
            )
        )
    return found
