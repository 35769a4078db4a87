"""The reference 12_threading_server works with clients nobody here wrote: ``socat`` and
OpenBSD ``nc`` (netcat), run exactly as the exercise's spec page shows them.

The reference solution runs as a program on port 0 (``--port 0``, then its
``LISTENING <port>`` line); each tool is skipped, with the reason, when it is not
installed (``.ci/run`` installs both).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import KIT_ROOT

SERVER = KIT_ROOT / "solutions" / "12_threading_server" / "upper_server.py"
READMES = [
    KIT_ROOT / "exercises" / "12_threading_server" / "README.md",
    KIT_ROOT / "exercises" / "12_threading_server" / "README.zh-CN.md",
]
TIMEOUT = 10.0

# The sessions of the spec page: (command shown there, its input, the output shown there).
NC_SESSION = (
    "printf 'hello\\r\\nstraße\\n  two  spaces  \\n\\xff\\xfe\\n' | nc -N 127.0.0.1 9999",
    "hello\r\nstraße\n  two  spaces  \n".encode() + b"\xff\xfe\n",
    b"HELLO\nSTRASSE\n  TWO  SPACES  \nERROR invalid utf-8\n",
)
SOCAT_SESSION = (
    "printf 'hello\\nstraße\\n' | socat - TCP:127.0.0.1:9999",
    "hello\nstraße\n".encode(),
    b"HELLO\nSTRASSE\n",
)
LONG_LINE_SESSION = (
    "python -c \"print('x' * 65537)\" | nc -N 127.0.0.1 9999",
    b"x" * 65537 + b"\n",
    b"ERROR line too long\n",
)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


@pytest.fixture
def port() -> Iterator[int]:
    """The reference server, run as a program; stopped with SIGTERM, which must give 0."""
    server = subprocess.Popen(
        [sys.executable, str(SERVER), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline().decode()
        assert first.startswith("LISTENING "), first
        yield int(first.split()[1])
        server.send_signal(signal.SIGTERM)
        assert server.wait(TIMEOUT) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        assert server.stdout is not None and server.stderr is not None
        server.stdout.close()
        server.stderr.close()


def run(argv: list[str], data: bytes) -> bytes:
    done = subprocess.run(argv, input=data, capture_output=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def test_socat_session_of_the_spec_page(port: int) -> None:
    _, data, expected = SOCAT_SESSION
    assert run([tool("socat"), "-", f"TCP:127.0.0.1:{port}"], data) == expected


def test_nc_session_of_the_spec_page(port: int) -> None:
    _, data, expected = NC_SESSION
    assert run([tool("nc"), "-N", "127.0.0.1", str(port)], data) == expected


def test_nc_gets_line_too_long_for_a_line_of_65537_bytes(port: int) -> None:
    _, data, expected = LONG_LINE_SESSION
    assert run([tool("nc"), "-N", "127.0.0.1", str(port)], data) == expected


def test_an_idle_socat_client_does_not_delay_an_nc_client(port: int) -> None:
    socat, nc = tool("socat"), tool("nc")
    idle = subprocess.Popen(
        [socat, "-", f"TCP:127.0.0.1:{port}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert idle.stdin is not None and idle.stdout is not None
        idle.stdin.write(b"first\n")
        idle.stdin.flush()
        assert idle.stdout.readline() == b"FIRST\n"  # connected and served; now idle
        assert run([nc, "-N", "127.0.0.1", str(port)], b"meanwhile\n") == b"MEANWHILE\n"
        idle.stdin.write(b"last\n")
        idle.stdin.close()  # socat half-closes; the server answers, then closes
        assert idle.stdout.read() == b"LAST\n"
        assert idle.wait(TIMEOUT) == 0
    finally:
        if idle.poll() is None:
            idle.kill()
            idle.wait()
        if idle.stdout is not None:
            idle.stdout.close()


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_the_spec_page_shows_the_commands_and_outputs_tested_here(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    for command, _, output in (NC_SESSION, SOCAT_SESSION, LONG_LINE_SESSION):
        assert f"$ {command}\n{output.decode()}" in text
