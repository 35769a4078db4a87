# ATTACK: print 200 MB at import, in 1 MiB writes, from an otherwise correct solution
# (appended to the reference solution). Hopes to exhaust the grader's memory or bloat the
# report. Expected: full marks, the captured output truncated to its head and tail, and
# the trusted pytest's memory bounded.
import sys as _sys

_sys.stdout.write("FIRST-LINE-OF-THE-FLOOD\n")
_chunk = "x" * ((1 << 20) - 1) + "\n"
for _ in range(200):
    _sys.stdout.write(_chunk)
_sys.stdout.write("LAST-LINE-OF-THE-FLOOD\n")
_sys.stdout.flush()
