"""Benchmark: what a socket exercise costs to grade, healthy and wedged.

Three measurements in the same run, alternating, reported as ratios:

    python bench/bench_sockets.py [--exercise 12_threading_server] [--runs 5]

* baseline: ``python -m pytest`` on the exercise's public + hidden tests in direct mode
  (the reference server runs inside pytest; the harness owns its loop there too);
* graded: ``grader``'s runner on the reference solution (student process, isolation);
  target: graded / baseline < 2x;
* wedged: the same reference with every connection's handling hanging forever
  (``BaseServer.finish_request`` never returns). The dead-server rule must make this
  cost about one client timeout plus one probe per kind of server, not one timeout per
  test; target: (wedged - graded) / (client timeout + probe timeout) < 2 per server kind.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baseline import bare_pytest, why_not_full_marks  # noqa: E402

from grader.course import load_course  # noqa: E402
from grader.harness.net import CLIENT_TIMEOUT_CAP, PROBE_TIMEOUT  # noqa: E402
from grader.runner import RunOptions, run_exercise  # noqa: E402
from grader.submission import ExerciseFiles, open_submission  # noqa: E402

TARGET_GRADED_RATIO = 2.0
TARGET_WEDGED_TIMEOUTS = 2.0
WEDGE = b"""

import socketserver as _wedge_socketserver
import threading as _wedge_threading


def _wedged_finish_request(self, request, client_address):
    _wedge_threading.Event().wait()


_wedge_socketserver.BaseServer.finish_request = _wedged_finish_request
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="12_threading_server")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = parser.parse_args()
    course = load_course(ROOT / "course.yaml")
    exercise = course.exercise(args.exercise)
    bare, env = bare_pytest(
        course, exercise, course.exercise_dir("solutions", exercise.id), "-p", "pytest_timeout"
    )
    baseline: list[float] = []
    graded: list[float] = []
    wedged: list[float] = []
    with open_submission(ROOT / "solutions", course) as submission:
        files = submission.files_for(exercise)
        wedged_files = ExerciseFiles(
            modules={name: source + WEDGE for name, source in files.modules.items()},
            missing=files.missing,
            ignored=files.ignored,
        )
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(bare, cwd=ROOT, env=env, check=True, capture_output=True)
            baseline.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = run_exercise(
                course=course, exercise=exercise, files=files, options=RunOptions()
            )
            graded.append(time.perf_counter() - started)
            if result.score != result.max_score:
                why = why_not_full_marks(result)
                print(f"graded run did not give full marks: {why}", file=sys.stderr)
                return 1
            started = time.perf_counter()
            stuck = run_exercise(
                course=course, exercise=exercise, files=wedged_files, options=RunOptions()
            )
            wedged.append(time.perf_counter() - started)
    base, split, stuck_s = (statistics.median(x) for x in (baseline, graded, wedged))
    client_timeout = min(exercise.timeouts.call, CLIENT_TIMEOUT_CAP)
    timeouts_paid = (stuck_s - split) / (client_timeout + PROBE_TIMEOUT)
    server_tests = len(stuck.tests)
    numbers = {
        "exercise": exercise.id,
        "runs": args.runs,
        "tests": len(result.tests),
        "baseline_median_s": round(base, 3),
        "graded_median_s": round(split, 3),
        "graded_ratio": round(split / base, 3),
        "target_graded_ratio": TARGET_GRADED_RATIO,
        "wedged_median_s": round(stuck_s, 3),
        "wedged_score": stuck.score,
        "wedged_cost_in_timeouts": round(timeouts_paid, 2),
        "target_wedged_timeouts_per_server_kind": TARGET_WEDGED_TIMEOUTS,
        "one_timeout_per_test_would_be_s": round(server_tests * client_timeout, 1),
    }
    print(f"{exercise.id}: {len(result.tests)} tests, {args.runs} runs each (medians)")
    print(f"  bare pytest (direct mode)  {base:8.2f} s")
    print(
        f"  grader, reference          {split:8.2f} s   {split / base:5.2f}x baseline "
        f"(target < {TARGET_GRADED_RATIO}x)"
    )
    print(
        f"  grader, wedged server      {stuck_s:8.2f} s   score {stuck.score:g}; "
        f"extra cost = {timeouts_paid:.2f} x (client timeout {client_timeout:g} s + "
        f"probe {PROBE_TIMEOUT:g} s) (target < {TARGET_WEDGED_TIMEOUTS} per kind of server)"
    )
    print(f"  (one timeout per test would cost {server_tests * client_timeout:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
