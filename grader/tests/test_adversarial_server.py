"""Adversarial servers, graded on the stand-in course ``data/servercourse``.

Its one exercise, ``01_echo``, asks for ``make_server(host, port=0)`` returning a
ThreadingTCPServer that echoes lines upper-cased; the hidden tests start it with
``student_env.serve`` and talk to it over loopback with ``LineClient``. Timeouts: call
1 s, test 2 s, exercise 30 s. Four tests (weights 1 public + 1, 1, 2 hidden: 2 points per
unit, 10 in all). As in ``test_adversarial_pager``: (a) no more than the honest score,
(b) a bounded duration, (c) no process left behind (autouse fixture), (d) a plain report.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from grader.course import Course, load_course
from grader.results import Status, Visibility
from grader.sandbox.reaper import descendants
from grader.tests.conftest import SERVER_COURSE, SubmissionFactory, grade_timed, with_attack
from grader.verify import verify

EXERCISE = "01_echo"
SOLUTION = SERVER_COURSE.parent / "solutions" / EXERCISE / "echo_server.py"
TEST_NAMES = [
    "test_hello_comes_back_as_HELLO",
    "test_one_line_comes_back_upper_cased",
    "test_lines_come_back_in_order_on_one_connection",
    "test_two_clients_are_served_at_the_same_time",
]
CONNECTIONS = 5  # one per test, two in the last one


@pytest.fixture(scope="session")
def server_course() -> Course:
    return load_course(SERVER_COURSE)


def attacked(make_submission: SubmissionFactory, attack: str) -> Path:
    source = with_attack(SOLUTION.read_text(encoding="utf-8"), attack)
    return make_submission({f"{EXERCISE}/echo_server.py": source})


def test_the_stand_in_course_verifies_clean(server_course: Course) -> None:
    """The reference server gets full marks and the stub 0: the honest baseline."""
    assert verify(course=server_course) == []
    timeouts = server_course.exercise(EXERCISE).timeouts
    assert (timeouts.call, timeouts.test, timeouts.exercise) == (1, 2, 30)


def test_the_reference_server_passes_every_test(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    source = SOLUTION.read_text(encoding="utf-8")
    graded = grade_timed(
        server_course, make_submission({f"{EXERCISE}/echo_server.py": source}), EXERCISE
    )
    assert [t.name for t in graded.result.tests] == TEST_NAMES
    assert [t.visibility for t in graded.result.tests] == [Visibility.PUBLIC] + [
        Visibility.HIDDEN
    ] * 3
    assert [t.max_score for t in graded.result.tests] == [2, 2, 2, 4]
    assert graded.result.score == 10
    assert graded.result.status is Status.PASSED
    assert graded.seconds < 30


def test_a_handler_that_forks_a_daemon_per_connection_gets_full_marks_and_every_daemon_dies(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course, attacked(make_submission, "server_fork_per_connection.py"), EXERCISE
    )
    result = graded.result
    assert result.score == 10
    assert result.status is Status.PASSED
    daemons = {int(pid) for pid in re.findall(r"daemon pid (\d+)", result.output.text)}
    assert len(daemons) == CONNECTIONS
    assert not daemons & descendants(os.getpid())
    assert graded.seconds < 30


def test_a_server_that_never_answers_times_out_test_by_test_and_the_exercise_ends(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course, attacked(make_submission, "server_never_answers.py"), EXERCISE
    )
    result = graded.result
    assert result.score == 0
    assert [t.name for t in result.tests] == TEST_NAMES
    assert {t.status for t in result.tests} == {Status.TIMEOUT}
    hidden = [t for t in result.tests if t.visibility is Visibility.HIDDEN]
    assert {t.message for t in hidden} == {"the test did not finish within its time limit"}
    assert result.status is Status.FAILED
    assert result.message == "0/4 tests passed"
    assert not result.grader_error
    # Four tests of at most 2 s, plus a 1 s call timeout each when the server will not
    # stop; far below the 30 s wall, which is never reached.
    assert graded.seconds < 25


def test_a_make_server_that_never_returns_fails_every_test_with_a_call_timeout(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course, attacked(make_submission, "server_make_server_hangs.py"), EXERCISE
    )
    result = graded.result
    assert result.score == 0
    assert {t.status for t in result.tests} == {Status.TIMEOUT}
    hidden = [t for t in result.tests if t.visibility is Visibility.HIDDEN]
    assert {t.message for t in hidden} == {
        "student code did not answer within 1 s (call); its process was stopped"
    }
    assert result.status is Status.FAILED
    assert not result.grader_error
    assert graded.seconds < 20
