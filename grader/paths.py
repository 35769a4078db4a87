"""Where the grader's own code is: the folder that holds the ``grader`` package (a
source checkout or site-packages). Every child process the grader starts (the trusted
pytest, the student process, a probe) puts it first on its path from here."""

from __future__ import annotations

from pathlib import Path

GRADER_PACKAGE = Path(__file__).resolve().parent
GRADER_PARENT = GRADER_PACKAGE.parent
