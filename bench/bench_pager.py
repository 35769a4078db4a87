"""Benchmark: grading 03_pager's reference solution through the split vs a bare pytest.

Both are measured in the same run, alternating, and reported as a ratio (target < 1.5x):

    python bench/bench_pager.py [--runs 15]

* baseline: ``python -m pytest`` on the same public + hidden tests in direct mode
  (the module imported into pytest itself; no isolation);
* graded: ``grader``'s runner for the exercise (supervisor, locked-down pytest, student
  process, result pipe, cleanup).
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
from grader.runner import RunOptions, run_exercise  # noqa: E402
from grader.submission import open_submission  # noqa: E402

EXERCISE = "03_pager"
TARGET_RATIO = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = parser.parse_args()
    course = load_course(ROOT / "course.yaml")
    exercise = course.exercise(EXERCISE)
    bare, env = bare_pytest(course, exercise, course.exercise_dir("solutions", EXERCISE))
    baseline: list[float] = []
    graded: list[float] = []
    with open_submission(ROOT / "solutions", course) as submission:
        files = submission.files_for(exercise)
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
    base, split = statistics.median(baseline), statistics.median(graded)
    ratio = split / base
    numbers = {
        "exercise": EXERCISE,
        "runs": args.runs,
        "tests": len(result.tests),
        "baseline_median_s": round(base, 4),
        "graded_median_s": round(split, 4),
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
    }
    print(f"{EXERCISE}: {len(result.tests)} tests, {args.runs} runs each (medians)")
    print(f"  bare pytest (direct mode)  {base * 1000:8.1f} ms")
    print(f"  grader (split, isolated)   {split * 1000:8.1f} ms")
    print(
        f"  ratio                      {ratio:8.2f}x  (target < {TARGET_RATIO}x: "
        f"{'met' if ratio < TARGET_RATIO else 'NOT met'})"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
