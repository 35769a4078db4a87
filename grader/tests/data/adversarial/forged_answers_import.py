# ATTACK: as forged_answers_json.py, by patching the grader's own student-side code:
# `import grader.remote.child` (or `__main__.main.__globals__`, left by the bootstrap)
# gives Session.answer, replaced by one that puts the right has_next into the next answer
# (appended to a pager whose has_next is off by one). Expected: the grader's modules are
# gone from sys.modules and __main__; the import fails (printed); the honest score.
import sys as _sys

_wrong_has_next = Pager.__dict__["has_next"]
_truth = []  # what has_next should have said, for the grader's next answer to carry


def _has_next(self):
    _truth[:] = [self.total is None or self.current_page < self.total_pages]
    return _wrong_has_next.__get__(self)


Pager.has_next = property(_has_next)


def _child_session():
    try:
        import grader.remote.child as child

        return child.Session
    except ImportError as exc:
        print(f"cheat: cannot import the grader: {type(exc).__name__}")
    main = getattr(_sys.modules.get("__main__"), "main", None)
    if main is not None:
        return main.__globals__.get("Session")
    print("cheat: no grader code in __main__ either")
    return None


_session = _child_session()
if _session is not None:
    _real_answer = _session.answer

    def _answer(self, msg):
        reply = _real_answer(self, msg)
        if _truth and "ok" in reply:
            reply["ok"] = _truth.pop()
        return reply

    _session.answer = _answer
    print("cheat: patched the student process's answers")
