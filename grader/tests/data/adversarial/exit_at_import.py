# ATTACK: os._exit(0) while the module is being imported (appended to the reference
# solution). Hopes that a clean exit status reads as success, or that the grader waits
# forever for an answer. Expected: "cannot import" after two attempts, score 0.
import os as _os

_os._exit(0)
