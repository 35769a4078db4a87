"""Public test of 01_echo (weight 1)."""

import pytest

from grader.harness import LineProbe

pytestmark = pytest.mark.student_module("echo_server")


def test_hello_comes_back_as_HELLO(student, net):
    served = net.serve(student.make_server, probe=LineProbe(send=b"ping", expect=b"PING"))
    with served.client() as client:
        client.send_line("hello")
        client.expect_line("HELLO")
