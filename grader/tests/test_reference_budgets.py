"""The trusted reference servers keep a bounded amount of what a client sends.

A student's client talks to 14_file_server's reference server on the trusted side; a
hostile one once left a gigabyte of uploads behind. Whatever a client sends, the
server keeps at most its store budget on disk and its log budget in memory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import socket
import socketserver
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import KIT_ROOT

USERS = {"alice": "secret"}


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    path = KIT_ROOT / "tests" / "14_file_server" / "reference_file_server.py"
    spec = importlib.util.spec_from_file_location("reference_file_server_budgets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def serve(reference: ModuleType) -> Iterator[type[socketserver.ThreadingTCPServer]]:
    servers: list[socketserver.ThreadingTCPServer] = []

    def start(handler: type[socketserver.BaseRequestHandler]) -> tuple[str, int]:
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[:2]  # type: ignore[return-value]

    yield start  # type: ignore[misc]
    for server in servers:
        server.shutdown()
        server.server_close()


def _exchange(sock: socket.socket, reader: socket.SocketIO, request: dict[str, object]) -> dict:
    sock.sendall(json.dumps(request).encode() + b"\n")
    return json.loads(reader.readline())  # type: ignore[no-any-return]


def test_uploads_beyond_the_store_budget_are_refused_and_not_kept(
    reference: ModuleType, serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reference, "STORE_BUDGET", 100_000)
    handler = reference.make_handler(str(tmp_path), USERS)
    address = serve(handler)
    small, large = b"s" * 60_000, b"L" * 60_000
    with socket.create_connection(address, timeout=10) as sock:
        reader = sock.makefile("rb")
        assert _exchange(sock, reader, {"cmd": "login", "user": "alice", "password": "secret"})[
            "ok"
        ]
        for name, data, expected in (
            ("small.bin", small, {"ok": True}),
            ("large.bin", large, {"ok": False, "error": "no_space"}),
        ):
            header = {"cmd": "put", "path": name, "size": len(data)}
            header["sha256"] = hashlib.sha256(data).hexdigest()
            sock.sendall(json.dumps(header).encode() + b"\n" + data)
            assert json.loads(reader.readline()) == expected
        # The connection still works after a refusal: the body was read, not left behind.
        assert _exchange(sock, reader, {"cmd": "ls", "path": ""})["ok"] is True
    home = tmp_path / "alice"
    assert sorted(p.name for p in home.iterdir()) == ["small.bin"]
    assert handler.store_left == 100_000 - len(small)


def test_logged_request_lines_stay_within_the_log_budget(
    reference: ModuleType, serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reference, "LOG_BUDGET", 10_000)
    handler = reference.make_handler(str(tmp_path), USERS)
    address = serve(handler)
    line = json.dumps({"cmd": "ls", "path": "x" * 900}).encode() + b"\n"
    with socket.create_connection(address, timeout=10) as sock:
        reader = sock.makefile("rb")
        for _ in range(50):
            sock.sendall(line)
            assert json.loads(reader.readline()) == {"ok": False, "error": "auth"}
    assert sum(len(raw) for raw in handler.raw_lines) <= 10_000
    assert len(handler.requests) == len(handler.raw_lines) == 10_000 // len(line)
