"""Hidden tests of 01_echo (weights 1, 1, 2; with the public test: 2 points per unit)."""

import pytest

from grader.harness.sockets import LineClient, clients, server_port

pytestmark = pytest.mark.student_module("echo_server")


def _serving(student, student_env):
    server = student.make_server()
    port = server_port(server)
    student_env.serve(server)
    return port


def test_one_line_comes_back_upper_cased(student, student_env):
    port = _serving(student, student_env)
    with LineClient("127.0.0.1", port) as client:
        client.send_line("ping")
        assert client.read_line() == b"PING"


def test_lines_come_back_in_order_on_one_connection(student, student_env):
    port = _serving(student, student_env)
    with LineClient("127.0.0.1", port) as client:
        for line in ("abc", "Def", "x y z"):
            client.send_line(line)
        assert [client.read_line() for _ in range(3)] == [b"ABC", b"DEF", b"X Y Z"]


@pytest.mark.points(2)
def test_two_clients_are_served_at_the_same_time(student, student_env):
    port = _serving(student, student_env)
    with clients("127.0.0.1", port, 2) as (first, second):
        first.send_line("first")
        second.send_line("second")
        assert second.read_line() == b"SECOND"
        assert first.read_line() == b"FIRST"
