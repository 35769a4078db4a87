# ATTACK: submitted as 03_pager/conftest.py next to a pager whose end is not clamped. If
# pytest ever loaded it, this hookwrapper would turn every failure into a pass and the
# autouse fixture would print a marker. Expected: listed in ignored_files, never loaded,
# the honest score of the wrong pager.
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
    report.longrepr = None


@pytest.fixture(autouse=True)
def _loaded_marker():
    print("SUBMITTED-CONFTEST-LOADED")
    yield
