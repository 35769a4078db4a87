"""What comes from outside as files: one submission's zip, a teacher's class download.

The limits and checks that one submission (:mod:`grader.submission`) and a whole class
(:mod:`grader.batch.intake`) share: a zip is checked before anything in it is unpacked
(no absolute path, ``..`` or backslash, no link, not nested too deep, not too many
entries, not too many bytes), names from it are shown on one line, and the folders that
tools leave everywhere are passed over when a tree is walked.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Literal

MAX_MODULE_BYTES = 2 * 1024 * 1024
MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
# Levels of folders below a submission's root: the kit's layout needs three (a wrapping
# folder, the exercise folder, a module); thousands crash a recursive walk.
MAX_DEPTH = 32
# Passed over unread wherever a tree is walked (links or not); ``.grader`` holds the
# state that ``grader check``/``watch`` keep in a student's folder.
SKIP_DIRS = frozenset(
    {"__pycache__", ".git", ".pytest_cache", ".mypy_cache", ".venv", "node_modules", ".grader"}
)
_SHOWN_CHARS = 160


class UnsafeArchive(Exception):
    """A zip refused before anything in it was unpacked; the message is one line."""


class TreeRefused(Exception):
    """Why :func:`walk_tree` stopped: a link, a path nested too deep, a folder that
    cannot be read (``detail`` says why) or too many files; each caller words it."""

    def __init__(
        self,
        reason: Literal["link", "too deep", "unreadable", "too many"],
        path: PurePosixPath,
        detail: str = "",
    ) -> None:
        super().__init__(f"{path}: {reason}")
        self.reason = reason
        self.path = path
        self.detail = detail


def walk_tree(top: Path, *, limit: int | None = None) -> list[tuple[PurePosixPath, bool]]:
    """Every entry below ``top`` that is not a folder, as (its path relative to ``top``,
    whether it is a regular file), sorted by path. Trees are walked with ``os.scandir``,
    without recursion and without following a link: a link anywhere, an entry more than
    :data:`MAX_DEPTH` levels below ``top``, or more than ``limit`` regular files raise
    :class:`TreeRefused`. ``SKIP_DIRS`` folders are passed over unread."""
    found: list[tuple[PurePosixPath, bool]] = []
    regular = 0
    pending = [(top, PurePosixPath())]
    while pending:
        folder, relative = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            raise TreeRefused("unreadable", relative, exc.strerror or str(exc)) from None
        for entry in entries:
            if entry.name in SKIP_DIRS:
                continue
            path = relative / entry.name
            if entry.is_symlink():
                raise TreeRefused("link", path)
            if len(path.parts) > MAX_DEPTH:
                raise TreeRefused("too deep", path)
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), path))
                continue
            is_regular = entry.is_file(follow_symlinks=False)
            found.append((path, is_regular))
            regular += is_regular
            if limit is not None and regular > limit:
                raise TreeRefused("too many", path)
    return sorted(found, key=lambda item: item[0].parts)


def is_real_dir(path: Path) -> bool:
    """Whether ``path`` is a folder itself: not a link to one, not missing or unreadable."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def shown(text: str) -> str:
    """Text from a submission or a download for a one-line message: control and other
    invisible characters escaped, a long text cut."""
    visible = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return visible if len(visible) <= _SHOWN_CHARS else visible[: _SHOWN_CHARS - 1] + "…"


def zip_files(
    archive: Path, *, max_members: int = MAX_ZIP_MEMBERS, max_bytes: int = MAX_ZIP_BYTES
) -> list[PurePosixPath]:
    """The files ``archive`` holds, once it is known that unpacking it is safe; else
    :class:`UnsafeArchive`."""
    with _open(archive) as bundle:
        return _checked(bundle, max_members=max_members, max_bytes=max_bytes)


def unpack_zip(
    archive: Path,
    target: Path,
    *,
    max_members: int = MAX_ZIP_MEMBERS,
    max_bytes: int = MAX_ZIP_BYTES,
) -> None:
    """Unpack ``archive`` into the new folder ``target`` once it is known to be safe
    (checked and unpacked through one open file: a file swapped in between is not read)."""
    with _open(archive) as bundle:
        _checked(bundle, max_members=max_members, max_bytes=max_bytes)
        try:
            bundle.extractall(target)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
            raise UnsafeArchive(f"cannot unpack: {shown(str(exc))}") from None


def _open(archive: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeArchive(f"not a readable zip file ({shown(str(exc))})") from None


def _checked(bundle: zipfile.ZipFile, *, max_members: int, max_bytes: int) -> list[PurePosixPath]:
    members = bundle.infolist()
    if len(members) > max_members:
        raise UnsafeArchive(f"too many entries in zip ({len(members)}, limit {max_members})")
    total = sum(m.file_size for m in members)
    if total > max_bytes:
        raise UnsafeArchive(f"zip unpacks to {total} bytes (limit {max_bytes})")
    files: list[PurePosixPath] = []
    for member in members:
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
            raise UnsafeArchive(f"unsafe path in zip: {shown(repr(member.filename))}: refused")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise UnsafeArchive(f"symbolic link in zip: {shown(repr(member.filename))}: refused")
        if len(name.parts) > MAX_DEPTH:
            raise UnsafeArchive(
                f"path in zip nested more than {MAX_DEPTH} levels deep: "
                f"{shown(repr(member.filename))}"
            )
        if not member.is_dir():
            files.append(name)
    return files
