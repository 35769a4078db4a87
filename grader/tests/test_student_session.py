"""A student's whole session, scripted, in Chinese and in English: the public bundle,
``grader check`` in an exercise folder, ``grader watch`` while solving, ``grader hint``
one at a time, ``grader submit``; then the teacher grades the zip with the hidden tests.

The bundle's own ``grader`` package runs (PYTHONPATH), as it does for a student who
installed the bundle; installing it with pip is tested in test_bundle.py.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pexpect
import pytest

from grader.bundle import BundlePurpose, make_bundle
from grader.course import Course
from grader.grading import grade
from grader.i18n import t
from grader.results import Status
from grader.tests.conftest import KIT_ROOT

EXERCISE = "03_pager"
MODULE = "pager.py"


def _environment(bundle: Path, lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "LC_"))}
    env.update(
        {
            "PYTHONPATH": str(bundle),
            "LANG": "C.UTF-8",
            "GRADER_LANG": lang,
            "PYTHONIOENCODING": "utf-8",
            "COLUMNS": "200",
        }
    )
    return env


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_student_session_from_bundle_to_graded_submission(
    lang: str, tmp_path: Path, kit_course: Course
) -> None:
    bundle = make_bundle(
        course_file=KIT_ROOT / "course.yaml", purpose=BundlePurpose.PUBLIC, out_dir=tmp_path / "kit"
    ).root
    folder = bundle / "exercises" / EXERCISE
    env = _environment(bundle, lang)

    def grader(*args: str, cwd: Path = folder) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "grader", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=180,
            check=False,
        )

    # The untouched stub, checked from inside its folder: one line, no traceback.
    first = grader("check")
    assert first.returncode == 1, first.stderr
    assert t("not_started", lang) in first.stdout
    assert "Traceback" not in first.stdout and "01_fields" not in first.stdout

    # Solving it while `grader watch` runs: the save is checked and passes.
    watch = pexpect.spawn(
        sys.executable,
        ["-m", "grader", "watch"],
        cwd=str(folder),
        env=env,
        encoding="utf-8",
        timeout=120,
    )
    try:
        watching = re.escape(t("watch.watching", lang, folder="@", ids="@")).replace("@", ".*?")
        watch.expect(watching)
        solution = (KIT_ROOT / "solutions" / EXERCISE / MODULE).read_text(encoding="utf-8")
        (folder / MODULE).write_text(solution, encoding="utf-8")
        watch.expect(re.escape(t("watch.changed", lang, files="@")).replace("@", ".*?"))
        watch.expect(watching)
        assert t("public_total_all", lang, total=6) in watch.before
        watch.kill(signal.SIGINT)
        watch.expect(re.escape(t("watch.stopped", lang)))
        watch.expect(pexpect.EOF)
    finally:
        watch.close(force=True)
    assert watch.exitstatus == 0
    assert "Traceback" not in (watch.before or "")

    # Hints, one at a time, in the student's language.
    hints = [hint.get(lang) for hint in kit_course.exercise(EXERCISE).hints]
    shown = [grader("hint", "03").stdout for _ in range(2)]
    assert hints[0] in shown[0] and hints[1] not in shown[0]
    assert hints[1] in shown[1] and hints[0] not in shown[1]

    # The submission: exactly the modules, and the teacher's grade with hidden tests.
    package = tmp_path / "submission.zip"
    submitted = grader("submit", "-o", str(package), cwd=bundle)
    assert submitted.returncode == 0, submitted.stderr
    # "Still the stubs as given (...): 01_fields, 02_methods, 04_goods, ..."
    (stubs_line,) = [line for line in submitted.stdout.splitlines() if "01_fields, 02_" in line]
    assert "04_goods" in stubs_line and EXERCISE not in stubs_line
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert f"{EXERCISE}/{MODULE}" in names and "manifest.json" in names
    assert not [n for n in names if "test_" in n or ".grader" in n]
    report = grade(course=kit_course, submission=package, exercise_ids=[EXERCISE])
    (result,) = report.exercises
    assert (result.status, result.score) == (Status.PASSED, result.max_score)
