# ATTACK: an infinite loop at import (appended to the reference solution). Expected: the
# import times out twice (call timeout), the exercise "cannot import", score 0, and the
# grading ends.
while True:
    pass
