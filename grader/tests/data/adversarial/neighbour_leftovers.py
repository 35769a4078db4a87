# ATTACK (neighbours): leave files in every shared temporary folder, for a later grading
# to trip over (and to fill the machine over many gradings). The test replaces __TAG__
# with a name of its own.
for _folder in ("/tmp", "/var/tmp", "/dev/shm"):
    try:
        with open(_os.path.join(_folder, f"__TAG__-{_os.getpid()}"), "w") as _f:
            _f.write("left behind")
    except OSError:
        pass
