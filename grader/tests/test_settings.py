"""course.yaml's limits and timeouts reach the student process through one type each
(grader/settings.py): the job file carries them as they are, strictly read, and a real
grading's student process sees exactly the values course.yaml gave."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from grader import runner
from grader.course import load_course
from grader.errors import CourseError
from grader.grading import grade
from grader.plugin.job import Job, JobFileError
from grader.remote.process import ProcessConfig, StudentProcess
from grader.results import Status
from grader.sandbox.confinement import Confinement
from grader.sandbox.containment import machine_support
from grader.sandbox.limits import FILE_SIZE_MB, rlimits
from grader.settings import Limits, Timeouts

MIB = 1024 * 1024

# Every setting distinct from its default and from each other; the exercise overrides
# some of the course's defaults, which must win.
DEFAULT_TIMEOUTS = {"call": 2.25, "test": 6.5, "exercise": 41.0}
DEFAULT_LIMITS = {
    "memory_mb": 1280,
    "cpu_s": 66,
    "open_files": 99,
    "processes": 41,
    "output_kb": 5,
    "disk_mb": 37,
}
EXERCISE_TIMEOUTS = {"call": 2.75, "test": 7.5}
EXERCISE_LIMITS = {"memory_mb": 1536, "cpu_s": 77, "output_kb": 3, "disk_mb": 55}
TIMEOUTS = Timeouts(**{**DEFAULT_TIMEOUTS, **EXERCISE_TIMEOUTS})
LIMITS = Limits(**{**DEFAULT_LIMITS, **EXERCISE_LIMITS})

PROBE = """\
import os
import resource
import sys

_NAMES = {
    "as": resource.RLIMIT_AS,
    "cpu": resource.RLIMIT_CPU,
    "nofile": resource.RLIMIT_NOFILE,
    "core": resource.RLIMIT_CORE,
    "fsize": resource.RLIMIT_FSIZE,
    "nproc": resource.RLIMIT_NPROC,
}


def _size(path):
    found = os.statvfs(path)
    return found.f_blocks * found.f_frsize


def observed():
    return {
        "rlimits": {name: list(resource.getrlimit(which)) for name, which in _NAMES.items()},
        "uid": os.getuid(),
        "workdir_bytes": _size("."),
        "tmp_bytes": _size("/tmp"),
    }


def shout(count):
    sys.stdout.write("#" * count)
    sys.stdout.flush()
"""

# The trusted test: what the student process saw, and the timeouts the trusted pytest
# applies, written where the engine test reads them.
TRUSTED_TEST = """\
import json

import pytest

pytestmark = pytest.mark.student_module("probe")


def test_reports_what_it_sees(student, student_env, request):
    seen = {
        "student": student.observed(),
        "call_timeout": student_env.call_timeout,
        "test_timeout": float(request.config.getoption("timeout")),
    }
    student.shout(SHOUT)
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump(seen, out)
"""
SHOUT = 20_000


def _probe_course(root: Path, out: Path) -> Path:
    (root / "tests" / "01_probe").mkdir(parents=True)
    (root / "exercises" / "01_probe").mkdir(parents=True)
    test = TRUSTED_TEST.replace("SHOUT", str(SHOUT)).replace("OUT", repr(str(out)))
    (root / "tests" / "01_probe" / "test_probe.py").write_text(test, encoding="utf-8")
    course = {
        "course": {"id": "probe", "title": {"en": "Probe", "zh": "探针"}},
        "defaults": {"timeouts": DEFAULT_TIMEOUTS, "limits": DEFAULT_LIMITS},
        "exercises": [
            {
                "id": "01_probe",
                "title": {"en": "Probe", "zh": "探针"},
                "modules": ["probe.py"],
                "points": 1,
                "timeouts": EXERCISE_TIMEOUTS,
                "limits": EXERCISE_LIMITS,
            }
        ],
    }
    path = root / "course.yaml"
    path.write_text(json.dumps(course), encoding="utf-8")  # JSON is YAML
    return path


def test_the_probe_course_sets_every_setting_to_a_value_of_its_own() -> None:
    # A new limit or timeout must be set here too, or the proof below does not cover it.
    assert set(DEFAULT_LIMITS) == {f.name for f in dataclasses.fields(Limits)}
    assert set(DEFAULT_TIMEOUTS) == {f.name for f in dataclasses.fields(Timeouts)}
    for settings in (LIMITS, TIMEOUTS):
        values = dataclasses.astuple(settings)
        assert len(set(values)) == len(values)
        assert all(getattr(settings, f.name) != f.default for f in dataclasses.fields(settings))


def test_a_student_process_sees_exactly_the_limits_and_timeouts_of_course_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "seen.json"
    course = load_course(_probe_course(tmp_path / "course", out), check_files=False)
    exercise = course.exercise("01_probe")
    assert (exercise.timeouts, exercise.limits) == (TIMEOUTS, LIMITS)
    submission = tmp_path / "submission"
    (submission / "01_probe").mkdir(parents=True)
    (submission / "01_probe" / "probe.py").write_text(PROBE, encoding="utf-8")

    walls: list[float] = []
    supervise = runner.run_supervised

    def spy(*args: Any, **kwargs: Any) -> Any:
        walls.append(kwargs["wall_s"])
        return supervise(*args, **kwargs)

    monkeypatch.setattr(runner, "run_supervised", spy)
    report = grade(course=course, submission=submission, exercise_ids=["01_probe"])
    (result,) = report.exercises
    assert [t.status for t in result.tests] == [Status.PASSED], result

    seen = json.loads(out.read_text(encoding="utf-8"))
    assert walls == [TIMEOUTS.exercise]
    assert seen["test_timeout"] == TIMEOUTS.test
    assert seen["call_timeout"] == TIMEOUTS.call
    student = seen["student"]
    limits = student["rlimits"]
    assert limits["as"] == [LIMITS.memory_mb * MIB] * 2
    assert limits["cpu"] == [LIMITS.cpu_s, LIMITS.cpu_s + 1]
    assert limits["nofile"] == [LIMITS.open_files] * 2
    assert limits["fsize"] == [FILE_SIZE_MB * MIB] * 2
    assert limits["core"] == [0, 0]
    support = machine_support()
    if student["uid"] != 0 and support.bubblewrap is not None:
        # Inside bubblewrap the limit counts the sandbox's init besides the student's.
        assert limits["nproc"] == [LIMITS.processes + 1] * 2
    elif support.identity.drops_privileges or os.geteuid() != 0:
        assert LIMITS.processes <= limits["nproc"][0] < LIMITS.processes + 4096
    if support.grading_namespace:
        assert student["workdir_bytes"] == LIMITS.disk_mb * MIB
    if support.bubblewrap is not None:
        assert student["tmp_bytes"] == LIMITS.disk_mb * MIB
    # output_kb: the head and tail kept of what the student printed.
    assert result.output.total_bytes == SHOUT
    assert result.output.truncated
    assert result.output.text.count("#") == LIMITS.output_kb * 1024


def _job() -> Job:
    return Job(
        exercise_id="01_probe",
        process=ProcessConfig(
            workdir=Path("/somewhere/student"),
            allowed_modules=("probe", "other"),
            timeouts=TIMEOUTS,
            confinement=Confinement(
                interpreter="/usr/bin/python3",
                uid=2100000007,
                gid=2100000007,
                bubblewrap="/usr/bin/bwrap",
                readonly=("/opt/python", "/kit/grader"),
                grading_namespace=True,
                limits=LIMITS,
            ),
            missing_modules=("other",),
        ),
    )


def test_the_job_file_round_trips_the_settings_objects_themselves() -> None:
    job = _job()
    assert Job.loads(job.dumps()) == job
    plain = Job(exercise_id="x", process=ProcessConfig(Path("w"), ("m",)))
    assert Job.loads(plain.dumps()) == plain
    # The settings are written under their own names, once.
    data = json.loads(job.dumps())
    assert data["process"]["timeouts"] == dataclasses.asdict(TIMEOUTS)
    assert data["process"]["confinement"]["limits"] == dataclasses.asdict(LIMITS)


def test_the_job_file_is_written_and_read_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "job.json"
    path.write_text(_job().dumps(), encoding="utf-8")
    assert Job.load(path) == _job()


def _edited(change: Any) -> str:
    data = json.loads(_job().dumps())
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(extra=1), "job: unknown key 'extra'"),
        (lambda d: d["process"]["timeouts"].update(grace=1.0), "job.process.timeouts: unknown"),
        (
            lambda d: d["process"]["confinement"]["limits"].update(stack_mb=8),
            "job.process.confinement.limits: unknown key 'stack_mb'",
        ),
        (
            lambda d: d["process"]["confinement"]["limits"].pop("cpu_s"),
            "job.process.confinement.limits: missing key 'cpu_s'",
        ),
        (lambda d: d["process"].pop("timeouts"), "job.process: missing key 'timeouts'"),
        (
            lambda d: d["process"]["confinement"]["limits"].update(memory_mb="1024"),
            "job.process.confinement.limits.memory_mb: expected int, got str",
        ),
        (
            lambda d: d["process"]["confinement"]["limits"].update(processes=True),
            "job.process.confinement.limits.processes: expected int, got bool",
        ),
        (
            lambda d: d["process"]["confinement"]["limits"].update(open_files=2.5),
            "job.process.confinement.limits.open_files: expected int, got float",
        ),
        (
            lambda d: d["process"]["timeouts"].update(call=None),
            "job.process.timeouts.call: expected float, got NoneType",
        ),
        (
            lambda d: d["process"].update(allowed_modules="probe"),
            "job.process.allowed_modules: expected a list, got str",
        ),
        (
            lambda d: d["process"]["confinement"].update(readonly=[1]),
            "job.process.confinement.readonly[0]: expected str, got int",
        ),
        (
            lambda d: d["process"].update(confinement=[]),
            "job.process.confinement: expected an object, got list",
        ),
    ],
)
def test_the_job_file_is_read_strictly(change: Any, problem: str) -> None:
    with pytest.raises(JobFileError) as raised:
        Job.loads(_edited(change))
    assert problem in str(raised.value)


def test_the_job_file_takes_whole_numbers_of_seconds_and_no_user_id() -> None:
    def whole(data: dict[str, Any]) -> None:
        data["process"]["timeouts"]["call"] = 3
        data["process"]["confinement"]["uid"] = None

    job = Job.loads(_edited(whole))
    assert job.process.timeouts.call == 3.0 and isinstance(job.process.timeouts.call, float)
    assert job.process.confinement.uid is None


def test_a_job_file_that_is_not_json_is_a_job_file_error() -> None:
    with pytest.raises(JobFileError, match="not JSON"):
        Job.loads("{not json")


def test_rlimits_are_made_from_the_course_limits() -> None:
    limits = Limits(memory_mb=100, cpu_s=7, open_files=30, processes=9)
    assert rlimits(limits, 1000, counted_tasks=3) == {
        "as": 100 * MIB,
        "cpu": 7,
        "nofile": 30,
        "core": 0,
        "fsize": FILE_SIZE_MB * MIB,
        "nproc": 12,
    }
    # The kernel does not enforce a process count for root: none is set.
    assert "nproc" not in rlimits(limits, 0, counted_tasks=3)


def test_the_student_process_keeps_as_much_output_as_course_yaml_says(tmp_path: Path) -> None:
    process = StudentProcess(
        ProcessConfig(tmp_path, ("probe",), confinement=Confinement(limits=Limits(output_kb=2)))
    )
    process.output.feed(b"#" * 10_000)
    assert process.output.snapshot().text.count("#") == 2 * 1024


def test_course_yaml_refuses_a_limit_the_settings_do_not_have(tmp_path: Path) -> None:
    out = tmp_path / "unused.json"
    path = _probe_course(tmp_path / "course", out)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["defaults"]["limits"]["stack_mb"] = 8
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CourseError, match="stack_mb"):
        load_course(path, check_files=False)
