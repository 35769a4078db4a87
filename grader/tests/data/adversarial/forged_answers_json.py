# ATTACK: rewrite what the student process sends instead of what the student's code
# returns (appended to a pager whose has_next is off by one): has_next keeps answering
# wrongly to every caller, but json.dumps, which the student process used to encode its
# answers, is replaced by one that puts the right has_next into the next answer.
# Expected: the student process encodes with C objects bound before any student code
# ran; the honest score of the wrong pager.
import json as _json

_wrong_has_next = Pager.__dict__["has_next"]
_truth = []  # what has_next should have said, for the grader's next answer to carry


def _has_next(self):
    _truth[:] = [self.total is None or self.current_page < self.total_pages]
    return _wrong_has_next.__get__(self)


Pager.has_next = property(_has_next)

_real_dumps = _json.dumps


def _dumps(obj, *args, **kwargs):
    if _truth and type(obj) is dict and "ok" in obj:
        obj = {**obj, "ok": _truth.pop()}
    return _real_dumps(obj, *args, **kwargs)


_json.dumps = _dumps
