# ATTACK: sys.exit(0) while the module is being imported (appended to the reference
# solution). SystemExit must not stop the student process's request loop quietly nor the
# trusted pytest. Expected: "cannot import" (SystemExit), score 0.
import sys as _sys

_sys.exit(0)
