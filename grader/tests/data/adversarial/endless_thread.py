# ATTACK: start a non-daemon thread that never ends, at import (appended to the reference
# solution). Hopes that the student process can never exit and the grader waits for it.
# Expected: full marks and the grading ends.
import threading as _threading

_never = _threading.Event()
_threading.Thread(target=_never.wait, name="never-ends", daemon=False).start()
print("cheat: a non-daemon thread that never ends is running")
