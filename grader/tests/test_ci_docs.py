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
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest
import yaml

from .conftest import KIT_ROOT
from .test_formats import GRADESCOPE_SCHEMA

CI = KIT_ROOT / "docs" / "ci"
EXERCISES = ("01_fields", "03_pager")
SENTENCE = re.compile(r"public tests: all passed; hidden tests: \d+ of \d+ failed")


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit with two finished exercises (others are being written meanwhile)."""
    root = tmp_path_factory.mktemp("kit")
    for name in ("exercises", "solutions", "tests", "grader"):
        (root / name).symlink_to(KIT_ROOT / name)
    data = yaml.safe_load((KIT_ROOT / "course.yaml").read_text(encoding="utf-8"))
    data["exercises"] = [e for e in data["exercises"] if e["id"] in EXERCISES]
    (root / "course.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root


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
    for name, command in (("grader", f'"{sys.executable}" -m grader'), ("python3", None)):
        shim = bin_dir / name
        if command is None:
            shim.symlink_to(sys.executable)
        else:
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


@pytest.mark.parametrize("wrong", [False, True], ids=["solutions", "wrong"])
def test_github_actions_workflow(
    wrong: bool, kit: Path, tmp_path: Path, tools: dict[str, str]
) -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    step = _github_step(workflow, "grader")
    reporter = workflow["jobs"]["grade"]["steps"][-1]
    assert reporter["with"]["runners"] == "grader"
    assert reporter["env"]["GRADER_RESULTS"] == "${{ steps.grader.outputs.result }}"
    workspace = tmp_path / "workspace"
    (workspace / "submission").mkdir(parents=True)
    write_submission(workspace / "submission" / "exercises", wrong=wrong)
    (workspace / "kit").symlink_to(kit)
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    env = {**tools, **step["env"], "GITHUB_STEP_SUMMARY": str(summary)}
    env["GITHUB_OUTPUT"] = str(outputs)

    done = run_bash(step["run"], cwd=workspace, env=env)

    assert done.returncode == 0, done.stdout + done.stderr
    assert (workspace / "report.html").is_file()
    (line,) = outputs.read_text().splitlines()
    result = json.loads(base64.b64decode(line.removeprefix("result=")))
    markdown = summary.read_text(encoding="utf-8")
    if wrong:
        assert result["status"] == "fail"
        assert SENTENCE.search(markdown.replace("\\", ""))
        assert "Total: 20/20" not in markdown
    else:
        assert result["status"] == "pass"
        assert "**Total: 20/20**" in markdown
    shown = re.search(r"Total: ([\d.]+)/20", done.stdout)  # the terminal report, 2 decimals
    assert shown is not None
    assert sum(t["score"] for t in result["tests"]) == pytest.approx(float(shown[1]), abs=0.005)


# -- GitLab CI ----------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", [False, True], ids=["solutions", "wrong"])
def test_gitlab_ci_job(wrong: bool, kit: Path, tmp_path: Path, tools: dict[str, str]) -> None:
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))["grade"]
    project = tmp_path / "project"
    project.mkdir()
    write_submission(project / job["variables"]["SUBMISSION"], wrong=wrong)
    (project / job["variables"]["KIT"]).symlink_to(kit)
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
    assert bool(SENTENCE.search(markdown.replace("\\", ""))) is wrong


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


def test_gradescope_setup_installs_the_kit_in_a_virtualenv() -> None:
    setup = (CI / "gradescope" / "setup.sh").read_text(encoding="utf-8")
    assert os.access(CI / "gradescope" / "setup.sh", os.X_OK)
    assert "/autograder/venv/bin/pip install /autograder/source/kit" in setup
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
