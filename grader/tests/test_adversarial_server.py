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
from grader.render.sentences import exercise_message
from grader.results import Status, Visibility
from grader.sandbox.reaper import descendants
from grader.tests.conftest import SERVER_COURSE, SubmissionFactory, grade_timed, with_attack
from grader.verify import verify

# Every attack runs in each containment tier this machine offers.
pytestmark = pytest.mark.usefixtures("containment_tier")

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


def test_a_server_that_never_answers_costs_one_timeout_and_the_later_tests_fail_at_once(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course, attacked(make_submission, "server_never_answers.py"), EXERCISE
    )
    result = graded.result
    assert result.score == 0
    assert [t.name for t in result.tests] == TEST_NAMES
    assert {t.status for t in result.tests} == {Status.TIMEOUT}
    first, *later = result.tests
    # The public test shows what went over the wire; the client timeout is 1 s (the
    # exercise's call timeout).
    assert first.message == "sent b'hello\\n'  expected b'HELLO\\n'  got b''  (no reply within 1 s)"
    assert first.time_limit_s == 1
    # The probe after the first test found the server wedged: no later test waited.
    assert {t.message for t in later} == {
        "not run: in an earlier test the server did not answer within 1 s, "
        "and then stopped answering"
    }
    assert all(t.duration_s < first.duration_s for t in later)
    assert result.status is Status.FAILED
    assert exercise_message(result, "en") == "0/4 tests passed"
    assert not result.grader_error


def test_a_server_wedged_on_one_path_only_costs_only_that_paths_tests(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    """A bug in one path (a line of "hello" hangs its handler) must not fail the tests
    of other paths: the probe after the timeout is answered, so grading goes on."""
    graded = grade_timed(
        server_course, attacked(make_submission, "server_hangs_on_hello.py"), EXERCISE
    )
    result = graded.result
    statuses = {t.name: t.status for t in result.tests}
    assert statuses == {
        "test_hello_comes_back_as_HELLO": Status.TIMEOUT,
        "test_one_line_comes_back_upper_cased": Status.PASSED,
        "test_lines_come_back_in_order_on_one_connection": Status.PASSED,
        "test_two_clients_are_served_at_the_same_time": Status.PASSED,
    }
    assert result.score == 8
    assert not result.grader_error


def test_a_make_server_that_never_returns_costs_one_call_timeout_and_the_rest_fail_at_once(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course, attacked(make_submission, "server_make_server_hangs.py"), EXERCISE
    )
    result = graded.result
    assert result.score == 0
    assert {t.status for t in result.tests} == {Status.TIMEOUT}
    first, *later = result.tests
    # The grader's own sentence, without its exception's class name.
    assert first.message.startswith(
        "student code did not answer within 1 s: the call make_server(...) did not finish"
    )
    assert first.message.endswith("; its process was stopped")
    assert {t.message for t in later} == {
        "not run: creating the server did not finish within 1 s in an earlier test"
    }
    assert {t.time_limit_s for t in result.tests} == {1}
    assert result.status is Status.FAILED
    assert not result.grader_error


def test_a_server_close_that_never_returns_still_gets_full_marks_and_the_process_is_replaced(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course, attacked(make_submission, "server_close_hangs.py"), EXERCISE
    )
    result = graded.result
    assert result.score == 10
    assert result.status is Status.PASSED
    assert not result.grader_error


def test_a_serve_forever_that_never_serves_costs_one_timeout_and_teardown_does_not_hang(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course, attacked(make_submission, "server_serve_forever_returns.py"), EXERCISE
    )
    result = graded.result
    assert result.score == 0
    first, *later = result.tests
    assert first.message.endswith("(no reply within 1 s)")
    assert {t.message for t in later} == {
        "not run: in an earlier test the server did not answer within 1 s, "
        "and then stopped answering"
    }
    assert not result.grader_error


def test_a_server_that_trickles_bytes_costs_one_timeout_and_its_later_lines_fail_fast(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    """Bytes without a line end are an answer, so the server is not declared dead (each
    test is run and reported), but once the probe found its reply unfinished, a line
    must end within the grace after its first byte: no later test waits a timeout."""
    graded = grade_timed(server_course, attacked(make_submission, "server_trickles.py"), EXERCISE)
    result = graded.result
    assert result.score == 0
    first, *later = result.tests
    assert first.status is Status.TIMEOUT
    assert first.message.startswith("sent b'hello\\n'  expected b'HELLO\\n'  got b'xxx")
    assert first.message.endswith("(the reply line did not finish within 1 s (no \\n))")
    assert first.time_limit_s == 1
    assert {t.status for t in later} == {Status.FAILED}
    assert not any(t.message.startswith("not run") for t in later)
    assert all(t.duration_s < first.duration_s for t in later)
    assert graded.seconds < 30
    assert not result.grader_error


def test_a_correct_server_overriding_serve_forever_without_poll_interval_gets_full_marks(
    server_course: Course, make_submission: SubmissionFactory
) -> None:
    graded = grade_timed(
        server_course,
        attacked(make_submission, "server_serve_forever_without_interval.py"),
        EXERCISE,
    )
    assert graded.result.score == 10
    assert "serving" in graded.result.output.text
