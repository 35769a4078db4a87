"""Engine sentences in the reader's language.

The engine records its sentences in English, each made from a ``grader.i18n`` entry
(``t(key, "en", ...)``: grader/remote/messages.py, the recorder, the runner, the student
process's supervision); a report in another language shows them by matching the
English form of the entry and saying it again from the same entry in that language.
Anything else (names, student text, pytest's own report) stays as it is.
"""

from __future__ import annotations

import functools
import re

from grader.i18n import t

# Engine sentences (grader/remote/messages.py) are recorded in English; a report in
# another language shows them by matching the English form of their i18n entry. The
# sentences first, then the pieces their placeholders may hold.
_SENTENCES = (
    "engine.test_time_limit",
    "engine.exercise_out_of_time",
    "engine.no_result",
    "engine.process_gone",
    "engine.channel_closed",
    # Before engine.killed, whose last placeholder would take the hint in too.
    "engine.killed_at_limit",
    "engine.killed",
    "engine.exited",
    "timeout.call",
    "not_plain.compared",
    "not_plain.truth",
    "import.not_submitted",
    "import.see_above",
    # Before import.cannot: its last placeholder (why) then ends where the why ends.
    "import.missing",
    "import.cannot",
    # The engine's sentences of grader/runner.py, grader/records.py, grader/remote/ and
    # grader/plugin/ (the violations before the sentence holding them; the specific
    # non-iterator sentence before the general one).
    "engine.record_not_json",
    "engine.record_after_end",
    "engine.record_unexpected",
    "engine.records_too_big",
    "engine.records_tampered",
    "engine.no_collection",
    "engine.cannot_collect",
    "engine.ended_abnormally",
    "engine.log_tail",
    "engine.grader_error",
    "engine.stopped_after",
    "engine.all_skipped",
    "engine.ended_during_test",
    "engine.test_error",
    "engine.assertion_failed",
    "engine.in_your_code",
    "engine.never_ran",
    "failure.assertion",
    "failure.student_exception",
    "engine.restarted",
    "engine.stale_object",
    "engine.not_running",
    "engine.did_not_start",
    "engine.call_timeout",
    "engine.invalid_answer",
    "engine.invalid_value",
    "engine.malformed_error",
    "engine.not_exercise_file",
    "engine.cannot_send",
    "engine.not_sendable",
    "engine.non_iterator",
    "engine.wrong_type",
    "engine.each_needs_object",
    "engine.each_too_many",
    "engine.each_bad_answer",
    "engine.each_bad_outcome",
    "engine.serve_needs_server",
    "engine.first_not_hello",
    "engine.unasked_answer",
    "engine.no_module_handle",
    "engine.import_too_slow",
    # grader/harness/: transcripts (the unfinished line, whose reason holds a ")", and
    # the lines with a reason before the ones without), then "not run: ..." (before the
    # summaries, which its reasons contain), then the harness's other sentences.
    "harness.line_unfinished",
    "harness.line_reason",
    "harness.line_no_got",
    "harness.line",
    "harness.line_short",
    "harness.not_run",
    "harness.summary.no_read.server",
    "harness.summary.no_read.socket",
    "harness.summary.unfinished.server",
    "harness.summary.unfinished.socket",
    "harness.summary.no_answer.server",
    "harness.summary.no_answer.socket",
    "harness.summary.no_accept",
    "harness.connect_timeout_backlog",
    "harness.connect_timeout",
    "harness.connect_failed",
    "harness.address.unix_not_held",
    "harness.address.not_loopback",
    "harness.address.port_not_held",
    "harness.address.not_tuple",
    "harness.address.not_real",
    "harness.kernel.none_tcp",
    "harness.kernel.none_udp",
    "harness.kernel.several_tcp",
    "harness.kernel.several_udp",
    "harness.file.unreadable",
    "harness.file.not_regular",
    "harness.socket.not_connected",
    "harness.program.not_running",
    "harness.program.no_first_line",
    "harness.program.closed_stdout",
    "harness.program.ended",
    "harness.program.stderr_tail",
    "harness.program.bad_first_line",
    "harness.program.not_listening",
    "harness.program.still_running",
)
_PIECES = (
    # grader/harness/: what a transcript's placeholders hold (what was expected, why it
    # failed), and the dead-server rule's reasons. First: timeout.what_operation ("{op}
    # on {name}") would take in any of them holding " on ". "{count} bytes" last of them,
    # as the other pieces ending in "bytes" would fit it too.
    "harness.nothing",
    "harness.expect.line",
    "harness.expect.closed",
    "harness.expect.at_most",
    "harness.expect.datagram",
    "harness.expect.each",
    "harness.expect.reads.server",
    "harness.expect.reads.socket",
    "harness.expect.close.server",
    "harness.expect.close.socket",
    "harness.reason.no_reply",
    "harness.reason.no_newline",
    "harness.reason.no_line_end",
    "harness.reason.send_blocked",
    "harness.reason.nothing_listens",
    "harness.reason.closed.server",
    "harness.reason.closed.socket",
    "harness.reason.closed_sending.server",
    "harness.reason.closed_sending.socket",
    "harness.reason.closed_after.server",
    "harness.reason.closed_after.socket",
    "harness.unix_socket",
    "harness.did.send",
    "harness.did.unfinished",
    "harness.did.no_reply",
    "harness.did.no_datagram",
    "harness.did.connect",
    "harness.dead.silent",
    "harness.dead.no_line_end",
    "harness.dead.creating",
    "harness.dead.summary_silent",
    "harness.dead.summary_creating",
    "harness.dead.summary_no_line_end",
    "harness.probe.silent",
    "harness.probe.no_line_end",
    "harness.probe.datagram",
    "harness.expect.bytes",
    "subject.unknown",
    "describe.method",
    "describe.function",
    "describe.class",
    "describe.module",
    "describe.subclass",
    "describe.instance",
    "describe.object",
    "describe.unknown",
    "advice.property",
    "advice.call",
    "advice.plain",
    "advice.subclass",
    "timeout.what_call",
    "timeout.what_attribute",
    "timeout.what_operation",
    "timeout.what_unknown",
    "timeout.where",
    # Why an import failed (grader/remote/process.py), in import.cannot.
    "engine.import_where",
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# How much a sentence's leading placeholder ("{module} is not a file...") may hold: a
# name. Unbounded, each position of a long line would be tried up to its end (quadratic
# time on a long message); its Chinese form starts with the same placeholder.
_LEADING_MAX = 300


@functools.cache
def _english_form(key: str) -> re.Pattern[str]:
    """The English sentence of ``key`` as a pattern, one group per placeholder (a
    placeholder used twice must hold the same text twice); within one line."""
    parts = _PLACEHOLDER.split(t(key, "en"))
    pattern, seen = "", set()
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pattern += re.escape(part)
        elif part in seen:
            pattern += f"(?P={part})"
        else:
            seen.add(part)
            last = index == len(parts) - 2 and parts[-1] == ""
            if last:
                pattern += f"(?P<{part}>[^\n]*)"
            elif index == 1 and parts[0] == "":
                pattern += f"(?P<{part}>[^\n]{{0,{_LEADING_MAX}}}?)"
            else:
                pattern += f"(?P<{part}>[^\n]*?)"
    return re.compile(pattern)


@functools.cache
def _needle(key: str) -> str:
    """The longest fixed text of ``key``'s English sentence: a text without it cannot
    hold the sentence (checked first: far cheaper than the pattern)."""
    return max(_PLACEHOLDER.split(t(key, "en"))[::2], key=len)


def _piece(text: str, lang: str) -> str:
    if text.startswith(("b'", 'b"')) and text.endswith(("'", '"')):
        return text  # a bytes repr: the student's data (or a test's), never a piece
    for key in _PIECES:
        found = _english_form(key).fullmatch(text)
        if found is not None:
            values = {name: _piece(value, lang) for name, value in found.groupdict().items()}
            return t(key, lang, **values)
    return text


def localized(text: str, lang: str) -> str:
    """``text`` with each engine sentence in it (see ``_SENTENCES``) in ``lang``; the
    rest (names, student text, pytest's own report) as it is."""
    if lang == "en" or not text:
        return text
    for key in _SENTENCES:

        def say(found: re.Match[str], key: str = key) -> str:
            values = {name: _piece(value, lang) for name, value in found.groupdict().items()}
            return t(key, lang, **values)

        if _needle(key) in text:
            text = _english_form(key).sub(say, text)
    return text


def is_engine_sentence(text: str) -> bool:
    """Whether ``text`` holds one of the engine's own sentences (which name attributes,
    calls and lines of the student's code, never what a test passed in)."""
    return any(_needle(key) in text and _english_form(key).search(text) for key in _SENTENCES)
