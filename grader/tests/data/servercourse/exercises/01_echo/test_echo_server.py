"""Public test of 01_echo (weight 1)."""

import pytest

from grader.harness.sockets import LineClient, server_port

pytestmark = pytest.mark.student_module("echo_server")


def test_hello_comes_back_as_HELLO(student, student_env):
    server = student.make_server()
    port = server_port(server)
    student_env.serve(server)
    with LineClient("127.0.0.1", port) as client:
        client.send_line("hello")
        assert client.read_line() == b"HELLO"
