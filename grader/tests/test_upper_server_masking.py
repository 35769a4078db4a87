"""Masking in 12_threading_server (issue 11): the lesson's own handler answers every
message without a ``"\\n"``. The dead-server probe gets an answer (bytes with no line
end), so the server is not declared dead: every test runs and reports its own rule,
the tests that exchange no line with the server pass, and grading stays well inside
the exercise's time limit because, once the probe found the replies unfinished, a
reply line that has not ended half a second after its first byte fails at once.
"""

from __future__ import annotations

from grader.course import Course
from grader.results import Status
from grader.tests.conftest import DATA, SubmissionFactory, grade_timed

EXERCISE = "12_threading_server"
VARIANT = DATA / "variants" / EXERCISE / "wrong_lesson_handler_no_line_end.py"

# The tests that exchange no line with the server: the lesson's handler passes them.
NO_LINE_EXCHANGED = {
    "test_upper_server_is_a_threading_tcp_server_with_the_two_flags",
    "test_program_closes_its_port_when_it_stops",
    "test_make_server_returns_an_upper_server_which_is_a_threading_tcp_server",
    "test_upper_server_sets_allow_reuse_address_and_daemon_threads_to_true",
    "test_make_server_without_arguments_binds_a_free_port_on_127_0_0_1",
    "test_a_half_close_without_lines_makes_the_server_close_the_connection",
}
# The only tests that may wait a whole client timeout: the first exchange (it finds the
# replies unfinished, then the probe confirms it), and clients the probe of
# ``net.serve`` does not vouch for: the program's, and one connected before serving.
MAY_TIME_OUT = {
    "test_one_line_comes_back_upper_cased",
    "test_program_prints_listening_serves_and_exits_0_on_sigterm",
    "test_program_prints_listening_with_the_real_port_and_serves",
    "test_program_exits_with_status_0_on_sigterm_with_a_client_connected",
    "test_program_exits_with_status_0_on_sigint_with_a_client_connected",
    "test_program_serves_several_clients_at_once",
    "test_program_binds_the_host_given_with_host",
    "test_make_server_is_listening_but_answers_only_once_serving",
}


def test_the_lessons_handler_without_line_ends_is_not_declared_dead_and_each_rule_is_reported(
    kit_course: Course, make_submission: SubmissionFactory
) -> None:
    source = VARIANT.read_text(encoding="utf-8")
    graded = grade_timed(
        kit_course, make_submission({f"{EXERCISE}/upper_server.py": source}), EXERCISE
    )
    result = graded.result
    assert not result.grader_error
    tests = result.tests
    assert len(tests) > 60
    assert [t.name for t in tests if t.message.startswith("not run")] == []
    assert {t.name for t in tests if t.status is Status.PASSED} == NO_LINE_EXCHANGED
    timed_out = {t.name for t in tests if t.status is Status.TIMEOUT}
    assert timed_out <= MAY_TIME_OUT
    assert {t.status for t in tests if t.name not in MAY_TIME_OUT | NO_LINE_EXCHANGED} == {
        Status.FAILED
    }
    first = tests[0]
    assert first.name == "test_one_line_comes_back_upper_cased"
    assert first.message == (
        "sent b'hello\\n'  expected b'HELLO\\n'  got b'HELLO'  "
        "(the reply line did not finish within 5 s (no \\n))"
    )
    spaces = next(t for t in tests if t.name == "test_spaces_around_and_inside_a_line_are_kept")
    assert spaces.message == (
        "sent b'  two  spaces \\n'  expected b'  TWO  SPACES \\n'  got b'TWO  SPACES'  "
        "(no line end within 0.5 s; this server's replies end without \\n)"
    )
    # One timeout per test would cost 59 x 5 s, far beyond the exercise's limit.
    assert graded.seconds < kit_course.exercise(EXERCISE).timeouts.exercise
