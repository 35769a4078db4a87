"""Builders of class downloads as each platform lays them out (see the layout modules
of grader/batch for the sources): written with code, so each test shows what it reads."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

from grader.tests.conftest import solution_source

PAGER = solution_source("03_pager", "pager.py").encode()
PROVINCE = solution_source("01_fields", "province.py").encode()
TEMPERATURE = solution_source("02_methods", "temperature.py").encode()
OLD_PAGER = PAGER + b"\n# first attempt\n"


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    root.mkdir(parents=True, exist_ok=True)
    return root


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in members.items():
            bundle.writestr(name, content)
    return path


def zip_bytes(tmp_path: Path, members: dict[str, bytes]) -> bytes:
    """A zip a student uploads, as bytes."""
    path = make_zip(tmp_path / f"upload-{len(list(tmp_path.iterdir()))}.zip", members)
    content = path.read_bytes()
    path.unlink()
    return content


def canvas_file(
    name: str | None, user: str, attachment: int, filename: str, *, late: bool = False
) -> str:
    """A file's name in Canvas's download: ``ContentZipper#get_filename`` joins the
    squeezed sortable name, ``LATE`` and the user id, then the attachment id and the
    file's display name."""
    prefix = "_".join(p for p in (name, "LATE" if late else None, user) if p)
    return f"{prefix}_{attachment}_{filename}"


def canvas_download(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """Canvas names the zip ``<course>-<assignment> submissions``, squeezed."""
    return make_zip(tmp_path / "cs101-day-8_submissions.zip", files)


def moodle_prefix(full_name: str, participant: int) -> str:
    """``assign::download_submissions``: full name with ``_`` as spaces, the
    participant's unique id, then the plugin."""
    return f"{full_name.replace('_', ' ')}_{participant}_assignsubmission_file_"


def gradescope_metadata(submissions: dict[str, tuple[str, list[tuple[str, str, str]]]]) -> str:
    """``submission_metadata.yml`` as Gradescope writes it: Ruby-style ``:keys``, quoted
    sids, an unquoted UTC timestamp with nine fraction digits; ``submissions`` maps a
    folder to (created_at, [(name, sid, email), ...])."""
    lines = ["---"]
    for folder, (created_at, submitters) in submissions.items():
        lines += [f"{folder}:", "  :submitters:"]
        for name, sid, email in submitters:
            lines += [f"  - :name: {json.dumps(name)}", f"    :sid: '{sid}'"]
            lines += [f"    :email: {email}"]
        lines += [
            f"  :created_at: {created_at}",
            "  :score: 0.0",
            "  :status: processed",
            "  :results:",
            "    score: 0.0",
            "    tests: []",
            "    output: This assignment does not have an autograder configured.",
            "  :history: []",
        ]
    return "\n".join(lines) + "\n"


def git_available() -> bool:
    try:
        subprocess.run(["git", "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def git(repo: Path, *args: str, when: str = "2026-12-10T10:00:00+08:00") -> str:
    """Run git in ``repo`` as a fixed person at a fixed time, without the user's config."""
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(repo.parent),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Student",
        "GIT_AUTHOR_EMAIL": "student@example.edu",
        "GIT_COMMITTER_NAME": "Student",
        "GIT_COMMITTER_EMAIL": "student@example.edu",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, env=environment, check=True
    )
    return done.stdout.decode()


def git_clone(root: Path, name: str, commits: list[tuple[str, dict[str, bytes]]]) -> Path:
    """A repository as ``gh classroom clone`` leaves it: one commit per (time, files)."""
    repo = root / name
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for when, files in commits:
        write_tree(repo, files)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "work", when=when)
    return repo
