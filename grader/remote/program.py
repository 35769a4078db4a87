"""Run a student's module as a program (``python module.py ARGS``) inside the sandbox.

Runs on the untrusted side, started by the trusted side with ``python -I -S -B`` (see
:mod:`grader.bootstrap`): it applies the same limits as the student process, then hands
the interpreter over to the student's file as ``__main__``.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys

from grader.remote.child import apply_limits


def main() -> None:
    config = json.loads(sys.argv[1])
    grader_path, path, args = sys.argv[2], sys.argv[3], sys.argv[4:]
    apply_limits({k: int(v) for k, v in config["limits"].items()})
    os.chdir(config["workdir"])
    sys.path[:] = [config["workdir"]] + [p for p in sys.path if p and p != grader_path]
    sys.argv[:] = [path, *args]
    # A process started from a pytest worker may inherit SIGINT as ignored; a program
    # started from a shell would not, and Ctrl-C must reach the student's code.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in [m for m in sys.modules if m == "grader" or m.startswith("grader.")]:
        del sys.modules[name]
    runpy.run_path(path, run_name="__main__")
