"""Reading a file a student's program wrote, without following its links."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from grader.said import Said

# pytest leaves this module's frames out of failure reports.
__tracebackhide__ = True


def open_below(root: Path, relative: Path) -> BinaryIO:
    """Open ``root/relative`` for reading, refusing symlinks at every step and anything
    but a regular file."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    directory = os.open(root, flags | os.O_DIRECTORY)
    try:
        for part in relative.parts[:-1]:
            inner = os.open(part, flags | os.O_DIRECTORY, dir_fd=directory)
            os.close(directory)
            directory = inner
        fd = os.open(relative.parts[-1], flags | os.O_NONBLOCK, dir_fd=directory)
    except OSError as exc:
        raise AssertionError(
            Said("harness.file.unreadable", path=str(relative), error=str(exc))
        ) from None
    finally:
        os.close(directory)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise AssertionError(Said("harness.file.not_regular", path=str(relative)))
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")
