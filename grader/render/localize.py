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
    "import.cannot",
    "import.missing",
)
_PIECES = (
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
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


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
            pattern += f"(?P<{part}>[^\n]*)" if last else f"(?P<{part}>[^\n]*?)"
    return re.compile(pattern)


def _piece(text: str, lang: str) -> str:
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

        text = _english_form(key).sub(say, text)
    return text


def is_engine_sentence(text: str) -> bool:
    """Whether ``text`` holds one of the engine's own sentences (which name attributes,
    calls and lines of the student's code, never what a test passed in)."""
    return any(_english_form(key).search(text) for key in _SENTENCES)
