"""The socket harness's sentences (grader/harness/) in a Chinese report.

The harness says each sentence as a :class:`grader.said.Said` (its i18n key and values,
other sentences among them); its text is the English it always was, and a zh report
says it in Chinese (:func:`grader.said.say`), leaving the student's data (bytes reprs,
names, numbers) as it is, even when that data reads like one of the harness's sentences.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from grader.harness import kernel
from grader.harness.clients import LineClient, NoAnswer
from grader.harness.dead import DeadServer, ServerStoppedAnswering
from grader.harness.files import open_below
from grader.harness.probes import DatagramProbe, LineProbe, server_address
from grader.harness.transcript import Transcript
from grader.said import Message, Said, is_said, joined, said_of, say

# Words that may stay in the Chinese text: code and protocol names the student writes.
_CODE_WORDS = {"LISTENING", "port", "host", "flush", "True", "server_address", "TCP", "UDP"}
_CODE_WORDS |= {"Unix", "backlog", "n"}  # "\\n" leaves an "n"


def english_left(zh: str, values: tuple[str, ...]) -> list[str]:
    """The English words of ``zh`` once the placeholders' values are taken out."""
    for value in sorted(values, key=len, reverse=True):
        zh = zh.replace(value, " ")
    return [word for word in re.findall(r"[A-Za-z_]+", zh) if word not in _CODE_WORDS]


def sent(data: bytes, peer: str = "server") -> Transcript:
    transcript = Transcript(peer)
    transcript.on_send(data)
    return transcript


HELLO = b"say \"hi\" to 'bob'  (twice)\n"
HELLO_REPR = repr(HELLO)
REPLY = b"SAY 'HI' on time\n"
REPLY_REPR = repr(REPLY)

# (English today, English the code produces now, the placeholders' values)
CASES: list[tuple[str, str, tuple[str, ...]]] = [
    (
        f"sent {HELLO_REPR}  expected b'SAY \"HI\"\\n'  got {REPLY_REPR}",
        sent(HELLO).failure(expected="b'SAY \"HI\"\\n'", got=REPLY),
        (HELLO_REPR, "b'SAY \"HI\"\\n'", REPLY_REPR),
    ),
    (
        f"sent {HELLO_REPR}  expected a line  got b'half a li'  (connection closed by server)",
        sent(HELLO).failure(
            expected=Said("harness.expect.line"),
            got=b"half a li",
            reason=sent(b"").says("harness.reason.closed"),
        ),
        (HELLO_REPR, "b'half a li'"),
    ),
    (
        "sent nothing  expected the student's socket to close the connection  "
        "got b'bye now'  (connection closed by student's socket)",
        Transcript("student's socket").failure(
            expected=sent(b"", "student's socket").says("harness.expect.close"),
            got=b"bye now",
            reason=sent(b"", "student's socket").says("harness.reason.closed"),
        ),
        ("b'bye now'",),
    ),
    (
        f"sent {HELLO_REPR}  expected b'A B\\n'  got b'A B'  "
        "(the reply line did not finish within 2.5 s (no \\n))",
        sent(HELLO).unfinished_line(expected="b'A B\\n'", got=b"A B", limit=2.5),
        (HELLO_REPR, "b'A B\\n'", "b'A B'", "2.5"),
    ),
    (
        f"sent {HELLO_REPR}  expected b'x\\n'  got b'x y'  "
        "(no line end within 0.5 s; this server's replies end without \\n)",
        sent(HELLO).failure(
            expected="b'x\\n'",
            got=b"x y",
            reason=Said("harness.reason.no_line_end", limit="0.5"),
        ),
        (HELLO_REPR, "b'x\\n'", "b'x y'", "0.5"),
    ),
    (
        f"sent {HELLO_REPR}  expected a line  got b''  (no reply within 5 s)",
        sent(HELLO).failure(
            expected=Said("harness.expect.line"),
            got=b"",
            reason=Said("harness.reason.no_reply", limit="5"),
        ),
        (HELLO_REPR, "b''", "5"),
    ),
    (
        f"sent {HELLO_REPR}  expected a line  got b'aaaa'  (no newline within 1048576 bytes)",
        sent(HELLO).failure(
            expected=Said("harness.expect.line"),
            got=b"aaaa",
            reason=Said("harness.reason.no_newline", limit=1 << 20),
        ),
        (HELLO_REPR, "b'aaaa'", "1048576"),
    ),
    (
        f"sent {HELLO_REPR}  expected the server to read what we sent  "
        "(connection closed by server while sending: [Errno 32] Broken pipe)",
        sent(HELLO).failure(
            expected=sent(b"").says("harness.expect.reads"),
            got=None,
            reason=sent(b"").says("harness.reason.closed_sending", error="[Errno 32] Broken pipe"),
        ),
        (HELLO_REPR, "[Errno 32] Broken pipe"),
    ),
    (
        "sent b'x'  expected the student's socket to read what we sent  "
        "(it stopped reading; sending blocked for 5 s)",
        sent(b"x", "student's socket").failure(
            expected=sent(b"", "student's socket").says("harness.expect.reads"),
            got=None,
            reason=Said("harness.reason.send_blocked", limit="5"),
        ),
        ("b'x'", "5"),
    ),
    (
        "sent b'GET a b'  expected 1000 bytes  (connection closed by server after 17 bytes)",
        sent(b"GET a b").failure(
            expected=Said("harness.expect.bytes", count=1000),
            got=None,
            reason=sent(b"").says("harness.reason.closed_after", count=17),
        ),
        ("b'GET a b'", "1000", "17"),
    ),
    (
        "sent b'ping'  expected a reply datagram  (no reply within 0.2 s)",
        sent(b"ping").failure(
            expected=Said("harness.expect.datagram"),
            got=None,
            reason=Said("harness.reason.no_reply", limit="0.2"),
        ),
        ("b'ping'", "0.2"),
    ),
    (
        "sent b'ping'  expected a reply datagram  (nothing listens on the port)",
        sent(b"ping").failure(
            expected=Said("harness.expect.datagram"),
            got=None,
            reason=Said("harness.reason.nothing_listens"),
        ),
        ("b'ping'",),
    ),
    (
        "sent b'x'  expected the connection to be closed  got b'more data'",
        sent(b"x").failure(expected=Said("harness.expect.closed"), got=b"more data"),
        ("b'x'", "b'more data'"),
    ),
    (
        "sent b'x'  expected at most 65536 bytes before the connection closes  got b'zz'",
        sent(b"x").failure(expected=Said("harness.expect.at_most", limit=65536), got=b"zz"),
        ("b'x'", "65536", "b'zz'"),
    ),
    (
        "sent b'ping\\n'  expected an answer to b'ping' on each of 8 simultaneous connections "
        "(this is connection 3)  got b'pong on 3'",
        sent(b"ping\n").failure(
            expected=Said("harness.expect.each", line=repr(b"ping"), count=8, number=3),
            got=b"pong on 3",
        ),
        ("b'ping\\n'", "b'ping'", "8", "3", "b'pong on 3'"),
    ),
    (
        "sent b'ping'  expected a line",
        sent(b"ping").failure(expected=Said("harness.expect.line"), got=None),
        ("b'ping'",),
    ),
    # Summaries (a timeout's message, hidden tests too).
    (
        "the server did not read what was sent within 5 s",
        sent(b"").says("harness.summary.no_read", limit="5"),
        ("5",),
    ),
    (
        "the student's socket did not read what was sent within 1.5 s",
        sent(b"", "student's socket").says("harness.summary.no_read", limit="1.5"),
        ("1.5",),
    ),
    (
        "the server's reply line did not finish within 5 s",
        sent(b"").says("harness.summary.unfinished", limit="5"),
        ("5",),
    ),
    (
        "the student's socket's reply line did not finish within 5 s",
        sent(b"", "student's socket").says("harness.summary.unfinished", limit="5"),
        ("5",),
    ),
    (
        "the server did not answer within 5 s",
        sent(b"").says("harness.summary.no_answer", limit="5"),
        ("5",),
    ),
    (
        "the student's socket did not answer within 5 s",
        sent(b"", "student's socket").says("harness.summary.no_answer", limit="5"),
        ("5",),
    ),
    (
        "the server did not accept a connection within 5 s",
        Said("harness.summary.no_accept", limit="5"),
        ("5",),
    ),
    # Connecting.
    (
        "could not connect to 127.0.0.1:4242 within 5 s (is the listen backlog full?)",
        Said("harness.connect_timeout_backlog", where="127.0.0.1:4242", limit="5"),
        ("127.0.0.1:4242", "5"),
    ),
    (
        "could not connect to the Unix socket /tmp/my server.sock within 5 s",
        Said(
            "harness.connect_timeout",
            where=Said("harness.unix_socket", path="/tmp/my server.sock"),
            limit="5",
        ),
        ("/tmp/my server.sock", "5"),
    ),
    (
        "could not connect to ::1:80: [Errno 111] Connection refused",
        Said("harness.connect_failed", where="::1:80", error="[Errno 111] Connection refused"),
        ("::1:80", "[Errno 111] Connection refused"),
    ),
    # The dead-server rule.
    (
        "not run: the server stopped answering: in test_upper[two words] it got no reply "
        "within 5 s, and then on a fresh connection no answer to b'ping on\\n' within 2 s",
        said_of(
            ServerStoppedAnswering(
                DeadServer(
                    reason=Said(
                        "harness.dead.silent",
                        test="test_upper[two words]",
                        what=Said("harness.did.no_reply", limit="5"),
                        problem=Said("harness.probe.silent", sent="b'ping on\\n'", limit="2"),
                    ),
                    summary="",
                    limit_s=5.0,
                )
            )
        ),
        ("test_upper[two words]", "5", "b'ping on\\n'", "2"),
    ),
    (
        "not run: the server stopped answering: in test_echo it sending 10 bytes did not "
        "finish within 5 s, and then on a fresh connection no answer to the datagram "
        "b'a b' within 2 s",
        Said(
            "harness.not_run",
            reason=Said(
                "harness.dead.silent",
                test="test_echo",
                what=Said("harness.did.send", count=10, limit="5"),
                problem=Said(
                    "harness.probe.silent",
                    sent=Said("harness.probe.datagram", data="b'a b'"),
                    limit="2",
                ),
            ),
        ),
        ("test_echo", "10", "5", "b'a b'", "2"),
    ),
    (
        "not run: the server's replies have no line end: in test_a it got a reply line that "
        "did not finish within 5 s, and then on a fresh connection b'ping\\n' was answered "
        "b'PING' with no line end (\\n) within 2 s",
        Said(
            "harness.not_run",
            reason=Said(
                "harness.dead.no_line_end",
                test="test_a",
                what=Said("harness.did.unfinished", limit="5"),
                problem=Said(
                    "harness.probe.no_line_end", sent="b'ping\\n'", reply="b'PING'", limit="2"
                ),
            ),
        ),
        ("test_a", "5", "b'ping\\n'", "b'PING'", "2"),
    ),
    (
        "not run: the server stopped answering: in test_b it got no reply datagram within 1 s, "
        "and then on a fresh connection no answer to the datagram b'' within 1 s",
        Said(
            "harness.not_run",
            reason=Said(
                "harness.dead.silent",
                test="test_b",
                what=Said("harness.did.no_datagram", limit="1"),
                problem=Said(
                    "harness.probe.silent",
                    sent=Said("harness.probe.datagram", data="b''"),
                    limit="1",
                ),
            ),
        ),
        ("test_b", "1", "b''"),
    ),
    (
        "not run: the server stopped answering: in test_d it connecting did not finish within "
        "1 s, and then on a fresh connection no answer to b'x\\n' within 1 s",
        Said(
            "harness.not_run",
            reason=Said(
                "harness.dead.silent",
                test="test_d",
                what=Said("harness.did.connect", limit="1"),
                problem=Said("harness.probe.silent", sent="b'x\\n'", limit="1"),
            ),
        ),
        ("test_d", "1", "b'x\\n'"),
    ),
    (
        "not run: in test_c creating the server did not finish (student code did not answer "
        "within 5 s: the call make_server(...) did not finish; its process was stopped)",
        Said(
            "harness.not_run",
            reason=Said(
                "harness.dead.creating",
                test="test_c",
                error=Said(
                    "timeout.call",
                    limit="5",
                    what=Said("timeout.what_call", name="make_server"),
                    where="",
                ),
            ),
        ),
        ("test_c", "5", "make_server"),
    ),
    (
        "not run: in an earlier test the server did not answer within 5 s, and then stopped "
        "answering",
        said_of(
            ServerStoppedAnswering(
                DeadServer(
                    reason=Said("harness.dead.summary_silent", limit="5"), summary="", limit_s=5
                )
            )
        ),
        ("5",),
    ),
    (
        "not run: creating the server did not finish within 3 s in an earlier test",
        Said(
            "harness.not_run",
            reason=Said("harness.dead.summary_creating", limit="3"),
        ),
        ("3",),
    ),
    (
        "not run: the server's replies have no line end",
        Said("harness.not_run", reason=Said("harness.dead.summary_no_line_end")),
        (),
    ),
    # The student's server, its address, its files.
    (
        "server_address is '/tmp/s p.sock', but no Unix socket of the student's process "
        "is bound there",
        Said("harness.address.unix_not_held", address=repr("/tmp/s p.sock")),
        ("'/tmp/s p.sock'",),
    ),
    (
        "server_address ('10.0.0.1', 80) is not on this machine's loopback",
        Said("harness.address.not_loopback", address=repr(("10.0.0.1", 80))),
        ("('10.0.0.1', 80)",),
    ),
    (
        "server_address is ('127.0.0.1', 9), but no socket of the student's process "
        "listens on port 9",
        Said("harness.address.port_not_held", address=repr(("127.0.0.1", 9)), port=9),
        ("('127.0.0.1', 9)", "9"),
    ),
    (
        "no TCP socket of the student's process listens on port 8080",
        Said("harness.kernel.none_tcp", port=8080),
        ("8080",),
    ),
    (
        "no UDP socket of the student's process is bound on port 53",
        Said("harness.kernel.none_udp", port=53),
        ("53",),
    ),
    (
        "several TCP sockets of the student's process listens on port 80: 127.0.0.1, ::1",
        Said("harness.kernel.several_tcp", port=80, hosts="127.0.0.1, ::1"),
        ("80", "127.0.0.1, ::1"),
    ),
    (
        "several UDP sockets of the student's process is bound on port 53: 0.0.0.0, ::",
        Said("harness.kernel.several_udp", port=53, hosts="0.0.0.0, ::"),
        ("53", "0.0.0.0, ::"),
    ),
    (
        "cannot read out/a b.txt (not a plain file?): [Errno 40] Too many levels of "
        "symbolic links: 'a b.txt'",
        Said(
            "harness.file.unreadable",
            path="out/a b.txt",
            error="[Errno 40] Too many levels of symbolic links: 'a b.txt'",
        ),
        ("out/a b.txt", "[Errno 40] Too many levels of symbolic links: 'a b.txt'"),
    ),
    (
        "out/fifo is not a regular file",
        Said("harness.file.not_regular", path="out/fifo"),
        ("out/fifo",),
    ),
    (
        "the student-side socket did not connect",
        Said("harness.socket.not_connected"),
        (),
    ),
    # A student's program.
    (
        "the student's program is not running",
        Said("harness.program.not_running"),
        (),
    ),
    (
        "upper_server.py printed no first line within 5 s "
        "(print the line with flush=True before serving)",
        Said("harness.program.no_first_line", name="upper_server.py", limit="5"),
        ("upper_server.py", "5"),
    ),
    (
        "upper_server.py closed its standard output without printing 'LISTENING <port>'",
        Said("harness.program.closed_stdout", name="upper_server.py"),
        ("upper_server.py",),
    ),
    (
        "upper_server.py ended (status 1) before printing 'LISTENING <port>'; its error output "
        "ends with:\nTraceback (most recent call last):\nOSError: [Errno 98] Address in use",
        # As grader/harness/programs.py makes it: the sentence, then the program's own
        # error output.
        Message(
            Said("harness.program.ended", name="upper_server.py", status=1),
            Message(
                Said("harness.program.stderr_tail"),
                "\nTraceback (most recent call last):\nOSError: [Errno 98] Address in use",
            ),
        ),
        (
            "upper_server.py",
            "1",
            "Traceback (most recent call last):",
            "OSError: [Errno 98] Address in use",
        ),
    ),
    (
        "the first line of standard output must be exactly 'LISTENING <port>', "
        "got b'Listening on 80\\n'",
        Said("harness.program.bad_first_line", got=repr(b"Listening on 80\n")),
        ("b'Listening on 80\\n'",),
    ),
    (
        "upper_server.py printed 'LISTENING 8080', but it has no socket listening on port 8080",
        Said("harness.program.not_listening", name="upper_server.py", port=8080),
        ("upper_server.py", "8080"),
    ),
    (
        "upper_server.py was still running after 2 s",
        Said("harness.program.still_running", name="upper_server.py", limit="2"),
        ("upper_server.py", "2"),
    ),
]


def _zh(text: str) -> str:
    """``text`` in Chinese, once sure the code made it as sentences, not plain English."""
    assert is_said(text), f"said as plain text: {text!r}"
    return say(text, "zh")


@pytest.mark.parametrize(("english", "produced", "values"), CASES)
def test_the_english_is_todays_and_the_chinese_leaves_only_the_data(
    english: str, produced: str, values: tuple[str, ...]
) -> None:
    assert produced == english
    assert say(produced, "en") == english
    zh = _zh(produced)
    assert zh != english
    assert english_left(zh, values) == []
    for value in values:
        assert value in zh  # the student's data as it came


def test_two_sentences_in_one_message_are_both_translated() -> None:
    first = sent(HELLO).failure(
        expected=Said("harness.expect.line"),
        got=b"",
        reason=Said("harness.reason.no_reply", limit="5"),
    )
    second = Said("harness.program.still_running", name="upper_server.py", limit="2")
    summary = sent(b"").says("harness.summary.no_answer", limit="5")
    message = Message(first, "\n", joined("; ", [second, summary]))
    assert message == f"{first}\n{second}; {summary}"
    zh = _zh(message)
    assert english_left(zh, (HELLO_REPR, "b''", "upper_server.py")) == []
    assert "5 秒内没有回复" in zh and "2 秒后仍在运行" in zh and "服务器没有在 5 秒内回答" in zh


def test_a_reply_holding_what_looks_like_a_reason_is_shown_as_it_came() -> None:
    english = sent(b"x").failure(expected="b'X\\n'", got=b"turn on  (light)\n")
    zh = _zh(english)
    assert "b'turn on  (light)\\n'" in zh
    assert english_left(zh, ("b'x'", "b'X\\n'", "b'turn on  (light)\\n'")) == []
    # The student's bytes are never translated, even when they read like a sentence
    # of the harness.
    mimic = sent(b"no reply within 5 s").failure(
        expected="b'x'", got=b"(connection closed by server)"
    )
    zh = _zh(mimic)
    assert "b'no reply within 5 s'" in zh
    assert "b'(connection closed by server)'" in zh
    left = ("b'no reply within 5 s'", "b'x'", "b'(connection closed by server)'")
    assert english_left(zh, left) == []


def test_the_english_of_the_clients_and_helpers_is_unchanged(tmp_path: Path) -> None:
    with pytest.raises(AssertionError) as failure:
        server_address(type("S", (), {"server_address": ("127.0.0.1", 0)})())
    said = said_of(failure.value)
    assert said == "server_address has no real (host, port): ('127.0.0.1', 0)"
    assert _zh(said) == "server_address 不是真实的 (host, port)：('127.0.0.1', 0)"
    with pytest.raises(AssertionError) as failure:
        server_address(type("S", (), {"server_address": 42})())
    said = said_of(failure.value)
    assert said == "server_address is not a (host, port) tuple: 42"
    assert _zh(said) == "server_address 不是 (host, port) 元组：42"
    (tmp_path / "folder").mkdir()
    with pytest.raises(AssertionError) as failure:
        open_below(tmp_path, Path("folder"))
    said = said_of(failure.value)
    assert said == "folder is not a regular file"
    assert _zh(said) == "folder 不是普通文件"
    (tmp_path / "link").symlink_to(tmp_path / "folder")
    with pytest.raises(AssertionError) as failure:
        open_below(tmp_path, Path("link"))
    said = said_of(failure.value)
    assert said.startswith("cannot read link (not a plain file?): [Errno 40]")
    assert _zh(said).startswith("无法读取 link（不是普通文件？）：[Errno 40]")


def test_the_kernel_says_which_socket_is_missing() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        assert kernel.bound_address(os.getpid(), port) == ("127.0.0.1", port)
        # This process has a TCP socket on the port, not a UDP one.
        with pytest.raises(AssertionError) as failure:
            kernel.bound_address(os.getpid(), port, "udp")
    said = said_of(failure.value)
    assert said == f"no UDP socket of the student's process is bound on port {port}"
    assert _zh(said) == f"学生进程没有任何 UDP 套接字绑定在端口 {port} 上"


def test_a_silent_server_gives_the_english_transcript_and_summary() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        host, port = listener.getsockname()[:2]
        with LineClient(host, port, timeout=0.2) as client:
            client.send_line("hi there")
            with pytest.raises(NoAnswer) as failure:
                client.expect_line("HI THERE")
    said = said_of(failure.value)
    assert said == "sent b'hi there\\n'  expected b'HI THERE\\n'  got b''  (no reply within 0.2 s)"
    assert failure.value.summary == "the server did not answer within 0.2 s"
    assert _zh(said) == "发送了 b'hi there\\n'  期望 b'HI THERE\\n'  收到 b''  (0.2 秒内没有回复)"
    assert _zh(failure.value.summary) == "服务器没有在 0.2 秒内回答"


def test_a_server_that_stopped_answering_says_why_in_chinese() -> None:
    stopped = ServerStoppedAnswering(
        DeadServer(
            reason=Said(
                "harness.dead.silent",
                test="test_upper",
                what=Said("harness.did.no_reply", limit="5"),
                problem=Said("harness.probe.silent", sent="b'ping\\n'", limit="2"),
            ),
            summary=Said("harness.dead.summary_silent", limit="5"),
            limit_s=5.0,
        )
    )
    said = said_of(stopped)
    assert said.startswith("not run: the server stopped answering: in test_upper it got no reply")
    zh = _zh(said)
    assert english_left(zh, ("test_upper", "b'ping\\n'")) == []
    assert stopped.summary == (
        "not run: in an earlier test the server did not answer within 5 s, "
        "and then stopped answering"
    )
    assert _zh(stopped.summary) == (
        "未运行：在之前的一个测试中，服务器没有在 5 秒内回答，之后就不再响应了"
    )


def test_a_silent_datagram_server_gives_the_english_probe_problem() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mute:
        mute.bind(("127.0.0.1", 0))
        problem = DatagramProbe(send=b"a b", expect=b"A B").check(mute.getsockname(), 0.2)
    assert problem == "no answer to the datagram b'a b' within 0.2 s"
    assert _zh(problem) == "数据报 b'a b' 在 0.2 秒内没有得到回答"


def test_a_server_that_never_accepts_gives_the_english_probe_problem() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        problem = LineProbe(send=b"ping", expect=b"PING").check(listener.getsockname(), 0.2)
    assert problem == "no answer to b'ping\\n' within 0.2 s"
    assert _zh(problem) == "b'ping\\n' 在 0.2 秒内没有得到回答"
