"""grader.bootstrap: one place knows where the grader's code is and how each child
process starts (flags, program, path rules)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path

from grader import bootstrap
from grader.bootstrap import GRADER_PACKAGE, GRADER_PARENT

SANDBOX_FREE = {"limits": {}}


def _all_kinds(tmp_path: Path) -> dict[str, tuple[list[str], tuple[str, ...]]]:
    """Every kind of child: its argv and the flags it must start with."""
    sandbox = {**SANDBOX_FREE, "workdir": str(tmp_path)}
    enter = {"student_dir": str(tmp_path), "size_mb": 1, "uid": 1000, "gid": 1000}
    student = ("-I", "-S", "-B")
    return {
        "trusted pytest": (bootstrap.trusted_pytest_argv(enter=None), ("-I", "-B")),
        "trusted pytest, own namespace": (bootstrap.trusted_pytest_argv(enter=enter), ("-I", "-B")),
        "student process": (
            bootstrap.student_process_argv(interpreter="/py", fd=7, sandbox=sandbox),
            (*student, "-u"),
        ),
        "student program": (
            bootstrap.student_program_argv(
                interpreter="/py", sandbox=sandbox, path=tmp_path / "x.py", args=["a"]
            ),
            student,
        ),
        "student-side probe": (bootstrap.student_side_probe_argv(interpreter="/py"), student),
        "namespace probe": (bootstrap.namespace_probe_argv(folder=tmp_path), student),
        "installation probe": (bootstrap.installation_probe_argv(interpreter="/py"), student),
    }


def test_every_child_starts_with_its_interpreter_and_isolating_flags(tmp_path: Path) -> None:
    programs = {
        bootstrap.TRUSTED_PYTEST,
        bootstrap.STUDENT_PROCESS,
        bootstrap.STUDENT_PROGRAM,
        bootstrap.STUDENT_SIDE_PROBE,
        bootstrap.NAMESPACE_PROBE,
        bootstrap.INSTALLATION_PROBE,
    }
    for kind, (argv, flags) in _all_kinds(tmp_path).items():
        assert argv[0] in ("/py", sys.executable), kind
        assert tuple(argv[1 : 1 + len(flags)]) == flags, kind
        # The program comes right after the flags, and is one of this module's.
        assert argv[1 + len(flags)] == "-c", kind
        assert argv[2 + len(flags)] in programs, kind
        # The grader's folder is an argument, never pasted into a program's source.
        assert str(GRADER_PARENT) not in argv[2 + len(flags)], kind


def test_the_student_side_is_told_where_the_grader_is_and_gets_its_sandbox(
    tmp_path: Path,
) -> None:
    sandbox = {"workdir": str(tmp_path), "limits": {"cpu": 3}}
    argv = bootstrap.student_process_argv(interpreter="/py", fd=7, sandbox=sandbox)
    assert json.loads(argv[-2]) == {"fd": 7, "grader_path": str(GRADER_PARENT), **sandbox}
    assert argv[-1] == str(GRADER_PARENT)
    program = bootstrap.student_program_argv(
        interpreter="/py", sandbox=sandbox, path=tmp_path / "srv.py", args=["--port", "0"]
    )
    assert program[-5:] == [
        json.dumps(sandbox),
        str(GRADER_PARENT),
        str(tmp_path / "srv.py"),
        "--port",
        "0",
    ]
    assert bootstrap.local_program_argv(path=tmp_path / "srv.py", args=["1"]) == [
        sys.executable,
        "-c",
        bootstrap.LOCAL_PROGRAM,
        str(tmp_path / "srv.py"),
        "1",
    ]


def test_the_grader_folder_is_where_the_package_is() -> None:
    assert (GRADER_PACKAGE / "__init__.py").is_file()
    assert GRADER_PACKAGE.parent == GRADER_PARENT
    assert Path(bootstrap.__file__).resolve().parent == GRADER_PACKAGE
    assert bootstrap.student_side_paths() == (
        str(GRADER_PARENT / "grader" / "__init__.py"),
        str(GRADER_PARENT / "grader" / "remote"),
    )


def test_a_no_site_child_imports_the_grader_from_its_folder(tmp_path: Path) -> None:
    """``-I -S``: no site-packages (so no installed or editable grader) and no working
    folder on the path; the probe still imports the student side from GRADER_PARENT."""
    done = subprocess.run(
        bootstrap.student_side_probe_argv(interpreter=sys.executable),
        cwd=tmp_path,
        env={},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    other = [*bootstrap.student_side_probe_argv(interpreter=sys.executable)[:-1], "2.7"]
    assert subprocess.run(other, cwd=tmp_path, env={}, timeout=60, check=False).returncode == 3


def test_a_student_program_has_neither_its_folder_nor_the_grader_on_its_path(
    tmp_path: Path,
) -> None:
    """The student side puts its own folder first and drops the grader's: a student
    file can neither shadow nor import the grader."""
    work, elsewhere = tmp_path / "student", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    (work / "look.py").write_text(
        textwrap.dedent(
            """\
            import json, sys
            try:
                import grader
                found = grader.__file__
            except ImportError:
                found = None
            print(json.dumps({"path": sys.path, "grader": found, "argv": sys.argv,
                              "flags": [sys.flags.isolated, sys.flags.no_site,
                                        sys.flags.dont_write_bytecode]}))
            """
        ),
        encoding="utf-8",
    )
    argv = bootstrap.student_program_argv(
        interpreter=sys.executable,
        sandbox={"workdir": str(work), "limits": {}},
        path=work / "look.py",
        args=["one"],
    )
    done = subprocess.run(
        argv, cwd=elsewhere, env={}, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["path"][0] == str(work)
    assert str(GRADER_PARENT) not in seen["path"]
    assert "" not in seen["path"] and str(elsewhere) not in seen["path"]
    assert seen["grader"] is None
    assert seen["argv"] == [str(work / "look.py"), "one"]
    assert seen["flags"] == [1, 1, 1]


def test_a_fresh_trusted_pytest_runs_the_checkout_grader_without_its_working_folder(
    tmp_path: Path,
) -> None:
    trusted, tests = tmp_path / "trusted", tmp_path / "tests"
    trusted.mkdir()
    tests.mkdir()
    (tests / "test_inside.py").write_text(
        textwrap.dedent(
            f"""\
            import os, sys
            import grader

            def test_inside():
                assert grader.__file__ == {str(GRADER_PACKAGE / "__init__.py")!r}
                # pytest puts this test's folder first; the grader's comes before
                # everything that was on the path when the interpreter started.
                assert sys.path.index({str(GRADER_PARENT)!r}) <= 1
                assert os.getcwd() not in sys.path and "" not in sys.path
                assert sys.flags.isolated and sys.dont_write_bytecode
                assert sys.argv[0] == "pytest"
            """
        ),
        encoding="utf-8",
    )
    argv = [
        *bootstrap.trusted_pytest_argv(enter=None),
        "-p",
        "no:cacheprovider",
        "-q",
        "--rootdir",
        str(tests),
        str(tests / "test_inside.py"),
    ]
    done = subprocess.run(
        argv, cwd=trusted, env={}, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert not list(tests.rglob("__pycache__"))


# Where a "-c" string may appear outside grader.bootstrap: options of other programs.
_OTHER_PROGRAMS_OPTIONS = {
    "batch/intake_git.py",  # git -c NAME=VALUE
    "batch/warm.py",  # pytest -c INI
    "runner.py",  # pytest -c INI
}


def _strings(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(tok.start[0], tok.string) for tok in tokens if tok.type == tokenize.STRING]


def test_no_child_program_is_built_outside_the_bootstrap_module() -> None:
    found: list[str] = []
    for path in sorted(GRADER_PACKAGE.rglob("*.py")):
        relative = path.relative_to(GRADER_PACKAGE).as_posix()
        if relative.startswith("tests/") or relative == "bootstrap.py":
            continue
        for line, text in _strings(path):
            if text in ('"-c"', "'-c'") and relative not in _OTHER_PROGRAMS_OPTIONS:
                found.append(f"{relative}:{line}: {text}")
            if "sys.path.insert" in text or "import sys;" in text:
                found.append(f"{relative}:{line}: an inline program")
    assert found == []
    # The check itself sees what it looks for.
    assert any(text == '"-c"' for _, text in _strings(GRADER_PACKAGE / "bootstrap.py"))
