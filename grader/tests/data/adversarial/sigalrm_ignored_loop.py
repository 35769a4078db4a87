# ATTACK: ignore SIGALRM (and SIGTERM, SIGINT, SIGHUP) at import, then loop forever in
# Pager.page (appended to the reference solution). Hopes that the timeouts are alarm
# signals delivered to the student process. Expected: exactly like a plain loop: each
# page() test times out, the process is killed (SIGKILL cannot be ignored) and restarted.
import signal as _signal

for _name in ("SIGALRM", "SIGTERM", "SIGINT", "SIGHUP"):
    _signal.signal(getattr(_signal, _name), _signal.SIG_IGN)


def _page(self, items):
    _signal.signal(_signal.SIGALRM, _signal.SIG_IGN)
    while True:
        pass


Pager.page = _page
