"""The reference 14_file_server works with clients nobody here wrote: ``socat`` and
OpenBSD ``nc`` (netcat), fed exactly the sessions that the exercise's spec page shows.

The reference solution has no program form (the contract asks only for
``make_server``), so each test starts it with a one-line ``python -c`` on port 0 in a
fresh folder and reads its ``LISTENING <port>`` line; each tool is skipped, with the
reason, when it is not installed (``.ci/run`` installs both).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import KIT_ROOT

SOLUTION = KIT_ROOT / "solutions" / "14_file_server"
READMES = [
    KIT_ROOT / "exercises" / "14_file_server" / "README.md",
    KIT_ROOT / "exercises" / "14_file_server" / "README.zh-CN.md",
]
TIMEOUT = 10.0
START = (
    "import sys; sys.path.insert(0, sys.argv[1]); import file_server; "
    "server = file_server.make_server('srv', {'alice': 'secret', 'bob': 'builder'}, port=0); "
    "print('LISTENING', server.server_address[1], flush=True); server.serve_forever()"
)

LOGIN = '{"cmd": "login", "user": "alice", "password": "secret"}'
HELLO_SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"  # b"hello\n"

# The sessions of the spec page: (command shown there, its input, the output shown there).
NC_SESSION = (
    'printf \'%s\\n\' \'{"cmd": "ls", "path": ""}\' '
    '\'{"cmd": "login", "user": "alice", "password": "oops"}\' '
    f"'{LOGIN}' "
    '\'{"cmd": "ls", "path": ""}\' \'ls please\' \'{"cmd": "quit"}\' '
    "| nc -N 127.0.0.1 9999",
    (
        '{"cmd": "ls", "path": ""}\n'
        '{"cmd": "login", "user": "alice", "password": "oops"}\n'
        f"{LOGIN}\n"
        '{"cmd": "ls", "path": ""}\nls please\n{"cmd": "quit"}\n'
    ).encode(),
    (
        b'{"ok": false, "error": "auth"}\n{"ok": false, "error": "auth"}\n{"ok": true}\n'
        b'{"ok": true, "entries": []}\n{"ok": false, "error": "bad_request"}\n'
    ),
)
SOCAT_SESSION = (
    f'printf \'%s\\n\' \'{LOGIN}\' \'{{"cmd": "mkdir", "path": "notes"}}\' '
    f'\'{{"cmd": "put", "path": "notes/hi.txt", "size": 6, "sha256": "{HELLO_SHA}"}}\' '
    'hello \'{"cmd": "ls", "path": "notes"}\' '
    '\'{"cmd": "get", "path": "notes/hi.txt"}\' '
    '\'{"cmd": "get", "path": "../bob/secret.txt"}\' \'{"cmd": "quit"}\' '
    "| socat - TCP:127.0.0.1:9999",
    (
        f"{LOGIN}\n"
        '{"cmd": "mkdir", "path": "notes"}\n'
        f'{{"cmd": "put", "path": "notes/hi.txt", "size": 6, "sha256": "{HELLO_SHA}"}}\n'
        "hello\n"
        '{"cmd": "ls", "path": "notes"}\n'
        '{"cmd": "get", "path": "notes/hi.txt"}\n'
        '{"cmd": "get", "path": "../bob/secret.txt"}\n'
        '{"cmd": "quit"}\n'
    ).encode(),
    (
        b'{"ok": true}\n{"ok": true}\n{"ok": true}\n'
        b'{"ok": true, "entries": [{"name": "hi.txt", "type": "file", "size": 6}]}\n'
        + f'{{"ok": true, "size": 6, "sha256": "{HELLO_SHA}"}}\n'.encode()
        + b'hello\n{"ok": false, "error": "forbidden"}\n'
    ),
)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


@pytest.fixture
def port(tmp_path: Path) -> Iterator[int]:
    """The reference server on a fresh root (tmp_path/srv); killed at the end."""
    server = subprocess.Popen(
        [sys.executable, "-c", START, str(SOLUTION)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline().decode()
        assert first.startswith("LISTENING "), first
        yield int(first.split()[1])
    finally:
        server.kill()
        server.wait()
        assert server.stdout is not None and server.stderr is not None
        server.stdout.close()
        server.stderr.close()


def run(argv: list[str], data: bytes) -> bytes:
    done = subprocess.run(argv, input=data, capture_output=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def test_nc_session_of_the_spec_page(port: int) -> None:
    _, data, expected = NC_SESSION
    assert run([tool("nc"), "-N", "127.0.0.1", str(port)], data) == expected


def test_socat_session_of_the_spec_page(port: int, tmp_path: Path) -> None:
    _, data, expected = SOCAT_SESSION
    assert run([tool("socat"), "-", f"TCP:127.0.0.1:{port}"], data) == expected
    assert (tmp_path / "srv" / "alice" / "notes" / "hi.txt").read_bytes() == b"hello\n"


def test_socat_replies_are_one_json_object_per_line(port: int) -> None:
    socat = tool("socat")
    session = subprocess.Popen(
        [socat, "-", f"TCP:127.0.0.1:{port}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert session.stdin is not None and session.stdout is not None
        session.stdin.write(b'{"cmd": "login", "user": "bob", "password": "builder"}\n')
        session.stdin.flush()
        assert json.loads(session.stdout.readline()) == {"ok": True}
        session.stdin.write(b'{"cmd": "ls", "path": "/etc"}\n{"cmd": "ls", "path": "."}\n')
        session.stdin.flush()
        assert json.loads(session.stdout.readline()) == {"ok": False, "error": "forbidden"}
        assert json.loads(session.stdout.readline()) == {"ok": True, "entries": []}
        session.stdin.close()  # socat half-closes; the server sees the end and closes
        assert session.stdout.read() == b""
        assert session.wait(TIMEOUT) == 0
    finally:
        if session.poll() is None:
            session.kill()
            session.wait()
        if session.stdout is not None:
            session.stdout.close()


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_the_spec_page_shows_the_commands_and_outputs_tested_here(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    for command, _, output in (NC_SESSION, SOCAT_SESSION):
        assert f"$ {command}\n{output.decode()}" in text
