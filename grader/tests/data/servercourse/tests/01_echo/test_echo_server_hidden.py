"""Hidden tests of 01_echo (weights 1, 1, 2; with the public test: 2 points per unit)."""

import pytest

from grader.harness import LineProbe

pytestmark = pytest.mark.student_module("echo_server")
PROBE = LineProbe(send=b"ping", expect=b"PING")


@pytest.fixture
def served(student, net):
    return net.serve(student.make_server, probe=PROBE)


def test_one_line_comes_back_upper_cased(served):
    with served.client() as client:
        client.send_line("ping")
        client.expect_line("PING")


def test_lines_come_back_in_order_on_one_connection(served):
    with served.client() as client:
        for line in ("abc", "Def", "x y z"):
            client.send_line(line)
        client.expect_lines(["ABC", "DEF", "X Y Z"])


@pytest.mark.points(2)
def test_two_clients_are_served_at_the_same_time(served):
    first, second = served.clients(2)
    first.send_line("first")
    second.send_line("second")
    second.expect_line("SECOND")
    first.expect_line("FIRST")
