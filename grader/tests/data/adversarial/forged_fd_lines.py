# ATTACK: forged result lines written at import to stdout, stderr and every other open
# file descriptor from 3 to 1023 that is not a socket (skipping the socket keeps the
# student process's own channel intact, so the module still imports), each write in a
# try/except (appended to a pager whose end is not clamped). The results pipe is never
# inherited by the student process. Expected: the forged lines show up only as printed
# output, and the score is exactly the honest score of the wrong pager.
import json as _json
import os as _os
import stat as _stat

_LINE = (
    _json.dumps(
        {
            "kind": "test",
            "nodeid": "exercises/03_pager/test_pager.py::"
            "test_last_page_with_total_is_clamped_and_has_no_next",
            "status": "passed",
            "message": "FORGED-RECORD",
            "detail": "",
            "duration_s": 0.0,
        }
    )
    + "\n"
).encode()


def _forge():
    hits = 0
    for fd in [1, 2, *range(3, 1024)]:
        try:
            if _stat.S_ISSOCK(_os.fstat(fd).st_mode):
                continue
            _os.write(fd, _LINE)
            hits += 1
        except OSError:
            pass
    _os.write(1, f"cheat: wrote a forged record to {hits} descriptor(s)\n".encode())


_forge()
