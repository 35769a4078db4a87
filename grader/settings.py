"""An exercise's settings for the processes that run its student code: course.yaml's
``timeouts:`` and ``limits:``.

One type each, from course.yaml to the student process: :mod:`grader.course` reads
them, the runner hands them unchanged to the trusted pytest (inside the job file,
:mod:`grader.plugin.job`), and each is applied where it takes effect, never copied
field by field on the way:

- ``Timeouts.call``: every call into the student process (:mod:`grader.remote.process`)
  and the socket harness's waits; ``Timeouts.test``: pytest-timeout and
  ``Timeouts.exercise``: the supervisor's wall-clock limit (:mod:`grader.runner`).
- ``Limits.memory_mb``, ``cpu_s``, ``open_files``, ``processes``: the student process's
  rlimits (:func:`grader.sandbox.limits.rlimits`); ``output_kb``: the capture of its
  output (:mod:`grader.remote.process`); ``disk_mb``: its tmpfs folders
  (:mod:`grader.sandbox.launch`, :mod:`grader.sandbox.namespaces`).

A new limit is a field here, its reading in :mod:`grader.course` (generic: every field
is a course.yaml key) and the line that applies it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Timeouts:
    """Seconds: one call into student code, one test, one whole exercise."""

    call: float = 5.0
    test: float = 15.0
    exercise: float = 120.0


@dataclass(frozen=True)
class Limits:
    """Resource limits applied to every process that runs student code."""

    memory_mb: int = 2048
    cpu_s: int = 120
    open_files: int = 256
    processes: int = 64
    output_kb: int = 64
    # The student's working folder and private /tmp, each a tmpfs of at most this size
    # where the machine gives each grading namespaces of its own.
    disk_mb: int = 1024
