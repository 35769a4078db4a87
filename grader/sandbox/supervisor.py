"""Runs one trusted pytest process for one exercise and cleans up after it.

``python -m grader.sandbox.supervisor --wall S -- COMMAND...``

The supervisor adopts every orphan (subreaper), enforces the exercise's wall-clock
limit, and at the end kills every process left in its tree, whatever the student's code
did to escape (new sessions, double forks, ignored signals). Its last line of standard
output is a JSON status for the runner.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time

from grader.sandbox.reaper import become_subreaper, kill_descendants


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="grader.sandbox.supervisor")
    parser.add_argument("--wall", type=float, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--pass-fd", type=int, action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    subreaper = become_subreaper()
    started = time.monotonic()
    wall_timeout = False
    with open(args.log, "wb") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=tuple(args.pass_fd),
            start_new_session=True,
        )
        for fd in args.pass_fd:
            os.close(fd)
        try:
            returncode = process.wait(timeout=args.wall)
        except subprocess.TimeoutExpired:
            wall_timeout = True
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            returncode = process.wait()
    leftovers = kill_descendants()
    status = {
        "returncode": returncode,
        "wall_timeout": wall_timeout,
        "duration_s": round(time.monotonic() - started, 4),
        "leftover_processes": leftovers,
        "subreaper": subreaper,
    }
    sys.stdout.write(json.dumps(status) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
