# ATTACK: allocate 8 GiB at import (appended to the reference solution). Expected: the
# address-space limit turns it into a MemoryError, "cannot import", score 0; the machine
# is not exhausted.
_hog = bytearray(8 << 30)
