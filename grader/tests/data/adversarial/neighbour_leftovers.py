# ATTACK (neighbours): leave files in every shared temporary folder, for a later grading
# to trip over (and to fill the machine over many gradings).
for _folder in ("/tmp", "/var/tmp", "/dev/shm"):
    try:
        with open(_os.path.join(_folder, f"grader-attack-leftover-{_os.getpid()}"), "w") as _f:
            _f.write("left behind")
    except OSError:
        pass
