"""The README's platform recipes (kept in docs/ci/ and quoted in the README verbatim),
run locally as each platform would run them: on the reference solutions and on a
partly wrong submission, checking the files they leave and their exit codes."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest
import yaml

from grader.sandbox.identity import choose_identity

from .conftest import KIT_ROOT
from .test_formats import GRADESCOPE_SCHEMA

CI = KIT_ROOT / "docs" / "ci"
EXERCISES = ("01_fields", "03_pager")
SENTENCE = re.compile(r"public tests: all passed; hidden tests: \d+ of \d+ failed")


@pytest.fixture(scope="module")
def whole_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit with two finished exercises (others are being written meanwhile)."""
    root = tmp_path_factory.mktemp("kit")
    for name in ("exercises", "solutions", "tests", "grader", "docs"):
        (root / name).symlink_to(KIT_ROOT / name)
    data = yaml.safe_load((KIT_ROOT / "course.yaml").read_text(encoding="utf-8"))
    data["exercises"] = [e for e in data["exercises"] if e["id"] in EXERCISES]
    (root / "course.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root


def bundle_of(whole_kit: Path, out: Path, purpose: str) -> Path:
    """What the README tells teachers to ship: ``grader bundle --for PURPOSE OUT``."""
    done = subprocess.run(
        [sys.executable, "-m", "grader", "bundle", "--for", purpose, str(out)],
        cwd=whole_kit,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not (out / "solutions").exists() and not (out / ".git").exists()
    return out


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder other users can search, as /autograder is on Gradescope (pytest's own
    temporary folders are private, which would hide the kit from the student's user)."""
    folder = Path(tempfile.mkdtemp(prefix="grader-recipe-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def kit(whole_kit: Path, shared: Path) -> Path:
    """A grading bundle: real files (the recipes change their modes), no solutions."""
    return bundle_of(whole_kit, shared / "grading-kit", "grading")


@pytest.fixture
def public_kit(whole_kit: Path, shared: Path) -> Path:
    return bundle_of(whole_kit, shared / "public-kit", "public")


def write_submission(folder: Path, *, wrong: bool) -> Path:
    """The reference solutions, or a realistic partly wrong version of them: the counter
    written through ``type(self)`` (a public and some hidden tests fail) and a pager
    that accepts bools (public tests pass, hidden ones fail)."""
    for exercise in EXERCISES:
        shutil.copytree(KIT_ROOT / "solutions" / exercise, folder / exercise)
    if wrong:
        province = folder / "01_fields" / "province.py"
        text = province.read_text(encoding="utf-8")
        province.write_text(text.replace("Province.count += 1", "type(self).count += 1", 1))
        pager = folder / "03_pager" / "pager.py"
        text = pager.read_text(encoding="utf-8")
        check = "if isinstance(value, bool) or not isinstance(value, int):"
        assert check in text
        pager.write_text(text.replace(check, "if not isinstance(value, int):"))
    return folder


@pytest.fixture
def tools(tmp_path: Path) -> dict[str, str]:
    """An environment whose ``grader`` and ``python3`` are this interpreter's."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # Scripts, not links: a link to a virtual environment's python, called by another
    # name in another folder, does not find the environment's packages.
    for name, command in (
        ("grader", f'"{sys.executable}" -m grader'),
        ("python3", f'"{sys.executable}"'),
    ):
        shim = bin_dir / name
        shim.write_text(f'#!/bin/sh\nexec {command} "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "GITHUB_"))}
    env.update({"PATH": f"{bin_dir}:{env['PATH']}", "GRADER_LANG": "en", "COLUMNS": "120"})
    return env


def run_bash(
    script: str, *, cwd: Path, env: dict[str, str], options: str = "-eo pipefail"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "--noprofile", "--norc", *options.split(), "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_readme_quotes_every_recipe_verbatim() -> None:
    readme = (KIT_ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.findall(r"<!-- file: (docs/ci/\S+) -->\n```\w*\n(.*?)```", readme, flags=re.S)
    files = {str(p.relative_to(KIT_ROOT)) for p in CI.rglob("*") if p.is_file()}
    assert {name for name, _ in quoted} == files
    for name, block in quoted:
        assert block == (KIT_ROOT / name).read_text(encoding="utf-8"), name


# -- GitHub Actions -----------------------------------------------------------------------


def _github_step(workflow: dict[str, Any], step_id: str) -> dict[str, Any]:
    (step,) = [s for s in workflow["jobs"]["grade"]["steps"] if s.get("id") == step_id]
    return step


def test_ci_that_students_control_runs_public_tests_from_a_public_kit() -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["grade"]["steps"]
    for step in steps:
        if str(step.get("uses", "")).startswith("actions/checkout"):
            assert step["with"]["persist-credentials"] is False  # no token in .git/config
            assert "token" not in step["with"]
    assert "--public-only" in _github_step(workflow, "grader")["run"]
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))["grade"]
    assert "--public-only" in " ".join(job["script"])
    assert "TOKEN" not in " ".join(job["before_script"])  # cloned without credentials


@pytest.mark.parametrize("wrong", [False, True], ids=["solutions", "wrong"])
def test_github_actions_workflow(
    wrong: bool, public_kit: Path, tmp_path: Path, tools: dict[str, str]
) -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    step = _github_step(workflow, "grader")
    reporter = workflow["jobs"]["grade"]["steps"][-1]
    assert reporter["with"]["runners"] == "grader"
    assert reporter["env"]["GRADER_RESULTS"] == "${{ steps.grader.outputs.result }}"
    workspace = tmp_path / "workspace"
    (workspace / "submission").mkdir(parents=True)
    write_submission(workspace / "submission" / "exercises", wrong=wrong)
    (workspace / "kit").symlink_to(public_kit)
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    env = {**tools, **step["env"], "GITHUB_STEP_SUMMARY": str(summary)}
    env["GITHUB_OUTPUT"] = str(outputs)

    done = run_bash(step["run"], cwd=workspace, env=env)

    assert done.returncode == 0, done.stdout + done.stderr
    assert (workspace / "report.html").is_file()
    (line,) = outputs.read_text().splitlines()
    result = json.loads(base64.b64decode(line.removeprefix("result=")))
    markdown = summary.read_text(encoding="utf-8")
    assert all(t["test_code"].startswith("exercises/") for t in result["tests"])  # public only
    assert "(hidden)" not in markdown
    if wrong:
        assert result["status"] == "fail"  # the counter fails a public test
        assert "Total: 20/20" not in markdown
    else:
        assert result["status"] == "pass"
        assert "**Total: 20/20**" in markdown
    # The terminal report of a public-only run counts the public tests and shows no points
    # that could pass for the grade (issue 11).
    passed = sum(t["status"] == "pass" for t in result["tests"])
    assert f"Public tests: {passed}/{len(result['tests'])} passed" in done.stdout or (
        not wrong and f"All public tests pass ({passed}/{passed})" in done.stdout
    )
    assert "Total" not in done.stdout


# -- GitLab CI ----------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", [False, True], ids=["solutions", "wrong"])
def test_gitlab_ci_job(
    wrong: bool, public_kit: Path, tmp_path: Path, tools: dict[str, str]
) -> None:
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))["grade"]
    project = tmp_path / "project"
    project.mkdir()
    write_submission(project / job["variables"]["SUBMISSION"], wrong=wrong)
    (project / job["variables"]["KIT"]).symlink_to(public_kit)
    env = {**tools, **job["variables"]}

    done = run_bash("\n".join(job["script"]), cwd=project, env=env)

    assert done.returncode == 0, done.stdout + done.stderr
    for path in job["artifacts"]["paths"]:
        assert (project / path).is_file(), path
    xml = junitparser.JUnitXml.fromfile(str(project / job["artifacts"]["reports"]["junit"]))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == set(EXERCISES)
    failures = sum(suite.failures + suite.errors for suite in suites.values())
    assert (failures > 0) is wrong
    markdown = (project / "report.md").read_text(encoding="utf-8")
    assert "(hidden)" not in markdown  # public tests only


# -- Gradescope ---------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", [False, True], ids=["solutions", "wrong"])
def test_gradescope_run_autograder(
    wrong: bool, kit: Path, tmp_path: Path, tools: dict[str, str]
) -> None:
    submission = tmp_path / "submission"
    # Uploaded from GitHub (the whole repository) or as the exercise folders themselves.
    write_submission(submission / "exercises" if wrong else submission, wrong=wrong)
    results = tmp_path / "results"
    results.mkdir()
    env = {**tools, "GRADER": shutil.which("grader", path=tools["PATH"]) or "grader"}
    env.update({"KIT": str(kit), "SUBMISSION": str(submission), "RESULTS": str(results)})
    script = (CI / "gradescope" / "run_autograder").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash")
    assert os.access(CI / "gradescope" / "run_autograder", os.X_OK)

    done = run_bash(script, cwd=tmp_path, env=env, options="")

    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, GRADESCOPE_SCHEMA)
    assert (data["score"] < 20) is wrong
    assert round(sum(t["score"] for t in data["tests"]), 6) == data["score"]
    hidden = {t["visibility"] for t in data["tests"] if t["visibility"] != "visible"}
    assert hidden == {"after_due_date"}
    assert bool(SENTENCE.search(data["output"])) is wrong


def test_gradescope_grades_module_files_uploaded_on_their_own(
    kit: Path, tmp_path: Path, tools: dict[str, str]
) -> None:
    """Gradescope's default upload: the files themselves, flat in the submission."""
    submission, results = tmp_path / "submission", tmp_path / "results"
    write_submission(tmp_path / "folders", wrong=False)
    submission.mkdir()
    for exercise in EXERCISES:
        for module in (tmp_path / "folders" / exercise).glob("*.py"):
            shutil.copy(module, submission / module.name)
    results.mkdir()
    env = {**tools, "GRADER": shutil.which("grader", path=tools["PATH"]) or "grader"}
    env.update({"KIT": str(kit), "SUBMISSION": str(submission), "RESULTS": str(results)})
    script = (CI / "gradescope" / "run_autograder").read_text(encoding="utf-8")

    done = run_bash(script, cwd=tmp_path, env=env, options="")

    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    assert data["score"] == 20, data["output"]


_ATTACK = """\
import glob as _glob
_stolen = []
for _pattern in ({patterns}):
    for _path in _glob.glob(_pattern, recursive=True) or [_pattern]:
        try:
            with open(_path, encoding="utf-8") as _file:
                _stolen.append(_file.read())
        except OSError:
            pass
if _stolen:
    print("STOLEN", _stolen)
    raise ImportError("STOLEN " + _stolen[0][:500])
"""


def _attacking_submission(folder: Path, kit: Path, secret_file: Path) -> Path:
    """The solutions, with a pager that reads the kit's hidden tests and solutions at
    import, prints them, and refuses to import (scores 0) whenever it could read one."""
    write_submission(folder, wrong=False)
    patterns = (f"{kit}/tests/**/*.py", f"{kit}/solutions/**/*.py", str(secret_file))
    attack = _ATTACK.format(patterns=", ".join(repr(p) for p in patterns))
    pager = folder / "03_pager" / "pager.py"
    pager.write_text(attack + pager.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.skipif(
    not choose_identity().drops_privileges,
    reason="needs root and an unprivileged user for student code (process+uid)",
)
def test_gradescope_recipe_keeps_hidden_tests_from_student_code(
    kit: Path, tmp_path: Path, tools: dict[str, str]
) -> None:
    # As in Gradescope's Docker containers, where namespaces are not allowed: the recipe's
    # chmod is then what keeps the hidden tests secret (bubblewrap would not even mount
    # the kit).
    tools = {**tools, "GRADER_CONTAINMENT": "uid"}
    secret_file = sorted((kit / "tests" / "03_pager").glob("test_*.py"))[0]
    secret = secret_file.read_text(encoding="utf-8")[:300]
    submission = _attacking_submission(tmp_path / "submission", kit, secret_file)
    grader = [sys.executable, "-m", "grader", "grade", str(submission)]
    grader += ["--course", str(kit / "course.yaml"), "--format", "json"]

    # Control: a bundle left as it is, graded directly: the student's user reads the
    # hidden tests, and the report and the terminal say so.
    exposed = subprocess.run(
        [*grader, "-o", str(tmp_path / "exposed.json"), "--quiet"],
        cwd=tmp_path, env=tools, capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads((tmp_path / "exposed.json").read_text(encoding="utf-8"))
    assert report["containment"]["exposed"] == ["tests"]
    assert "grader: warning: the hidden tests (tests/) are readable" in exposed.stderr
    # The import error is said once, in the exercise's message.
    assert any("STOLEN" in e["message"] for e in report["exercises"])

    # The recipe: the hidden tests become unreadable for the student's user.
    results = tmp_path / "results"
    results.mkdir()
    env = {**tools, "GRADER": shutil.which("grader", path=tools["PATH"]) or "grader"}
    env.update({"KIT": str(kit), "SUBMISSION": str(submission), "RESULTS": str(results)})
    script = (CI / "gradescope" / "run_autograder").read_text(encoding="utf-8")
    done = run_bash(script, cwd=tmp_path, env=env, options="")

    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    assert data["score"] == 20  # the pager imported: it could read nothing
    everything = done.stdout + done.stderr + (results / "results.json").read_text()
    assert secret not in everything and "STOLEN" not in everything
    assert "warning" not in done.stderr
    graded = subprocess.run(
        [*grader, "-o", str(tmp_path / "report.json"), "--quiet"],
        cwd=tmp_path, env=tools, capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["containment"]["exposed"] == [] and graded.stderr == ""
    notes = report["containment"]["notes"]
    assert any("hidden tests (tests/) are not readable by the student's user" in n for n in notes)
    assert secret not in json.dumps(report) and "STOLEN" not in json.dumps(report)


def test_gradescope_setup_installs_the_kit_in_a_virtualenv() -> None:
    setup = (CI / "gradescope" / "setup.sh").read_text(encoding="utf-8")
    assert os.access(CI / "gradescope" / "setup.sh", os.X_OK)
    assert "/autograder/venv/bin/pip install /autograder/source/kit" in setup
    assert "chmod -R go-rwx /autograder/source/kit/tests" in setup
    assert "grader bundle --for grading" in setup
    assert subprocess.run(["bash", "-n", str(CI / "gradescope" / "setup.sh")]).returncode == 0


# -- PrairieLearn -------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", [False, True], ids=["solutions", "wrong"])
def test_prairielearn_external_grader(
    wrong: bool, kit: Path, tmp_path: Path, tools: dict[str, str]
) -> None:
    info = json.loads((CI / "prairielearn" / "info.json").read_text(encoding="utf-8"))
    options = info["externalGradingOptions"]
    assert options["entrypoint"].endswith("/docs/ci/prairielearn/run.sh")
    assert options["serverFilesCourse"] == ["python-day8-kit/"]
    tests, student, results = tmp_path / "tests", tmp_path / "student", tmp_path / "results"
    tests.mkdir()
    (tests / "exercise").write_text("03_pager\n", encoding="utf-8")
    write_submission(tmp_path / "sub", wrong=wrong)
    shutil.copytree(tmp_path / "sub" / "03_pager", student)
    env = {**tools, "KIT": str(kit), "TESTS": str(tests), "STUDENT": str(student)}
    env["RESULTS"] = str(results)
    script = (CI / "prairielearn" / "run.sh").read_text(encoding="utf-8")

    done = run_bash(script, cwd=tmp_path, env=env, options="")

    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    assert data["gradable"] is True
    assert (data["score"] < 1) is wrong
    assert [t["name"].split(":")[0] for t in data["tests"]] == ["03_pager"] * len(data["tests"])
    assert bool(SENTENCE.search(data["message"])) is wrong
