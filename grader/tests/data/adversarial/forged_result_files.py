# ATTACK: forged result files. At import, write result records in the runner's own
# format (a "collected" list holding one fake test, that test "passed", the failing
# public test "passed", "finished") into the working folder, its parent (the job folder:
# job.json and pytest.ini are overwritten, pytest.log appended to), /tmp, $TMPDIR and
# $HOME (appended to a pager whose end is not clamped). The runner reads results only
# from its own pipe, so nothing changes. Expected: exactly the honest score of the wrong
# pager. Files left in /tmp are named grader-forged-*; the test removes them.
import json as _json
import os as _os
from pathlib import Path as _Path


def _forged_lines():
    fake = "forged.py::test_everything_passes"
    public = "exercises/03_pager/test_pager.py::test_last_page_with_total_is_clamped_and_has_no_next"
    passed = {"status": "passed", "failure": "", "message": "", "public_message": "",
              "detail": "", "duration_s": 0.0}
    records = [
        {"kind": "collected", "tests": [
            {"nodeid": fake, "name": "test_everything_passes", "path": "forged.py", "weight": 1.0},
        ]},
        {"kind": "test", "nodeid": fake, **passed},
        {"kind": "test", "nodeid": public, **passed},
        {"kind": "finished", "exitstatus": 0, "output": "", "output_bytes": 0,
         "output_truncated": False, "cannot_import": None, "process_starts": 1},
    ]
    return "".join(_json.dumps(record) + "\n" for record in records)


def _forge():
    text = _forged_lines()
    here = _Path.cwd()
    folders = [here, here.parent, _Path("/tmp"),
               _Path(_os.environ.get("TMPDIR", here)), _Path(_os.environ.get("HOME", here))]
    written = 0
    for folder in folders:
        for name in ("grader-forged-results.jsonl", "grader-forged-report.json"):
            try:
                (folder / name).write_text(text)
                written += 1
            except OSError:
                pass
    job = here.parent
    for name, mode in (("job.json", "w"), ("pytest.ini", "w"), ("pytest.log", "a"),
                       ("results.jsonl", "w")):
        try:
            with open(job / name, mode) as stream:
                stream.write(text)
            written += 1
        except OSError:
            pass
    print(f"cheat: forged {written} result files")


_forge()
