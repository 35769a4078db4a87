# ATTACK: as forged_answers_json.py, with sys.setprofile: the profile function sees each
# frame the student process enters after the student's code returned, and when the
# frame encodes the answer (wire.encode) it replaces the value there with the right
# has_next (appended to a pager whose has_next is off by one); has_next installs it
# again at every read. Expected: the student process removes profile and trace
# functions before it handles the result; the honest score.
import sys as _sys

_wrong_has_next = Pager.__dict__["has_next"]
_truth = []  # what has_next should have said, for the grader's next answer to carry


def _has_next(self):
    _truth[:] = [self.total is None or self.current_page < self.total_pages]
    return _wrong_has_next.__get__(self)


Pager.has_next = property(_has_next)


def _profile(frame, event, arg):
    code = frame.f_code
    if event == "call" and _truth and code.co_name == "encode" and code.co_filename.endswith(
        "wire.py"
    ):
        if frame.f_locals.get("depth") == 0:
            frame.f_locals["value"] = _truth.pop()


def _has_next_profiled(self):
    _sys.setprofile(_profile)
    return _has_next(self)


Pager.has_next = property(_has_next_profiled)
_sys.setprofile(_profile)
