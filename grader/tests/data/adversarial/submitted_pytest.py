# ATTACK: submitted as 03_pager/pytest.py, hoping to shadow the real pytest module where
# the student module is imported (or in the trusted process). Importing it would "pass"
# everything by exiting with status 0. Expected: listed in ignored_files, never imported.
import os

os._exit(0)
