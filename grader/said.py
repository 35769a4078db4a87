"""What the engine says, kept as data until a report says it in its reader's language.

A :class:`Said` is one sentence of the engine: its ``grader.i18n`` key and the values of
its placeholders (each a number, the student's or a test's own text, or another
``Said``). A :class:`Message` strings sentences and literal text together ("a sentence,
then the student's traceback"). Both are ``str``: their text is the English sentence, so
an exception raised with one reads as it always did (pytest's own report, logs), while
the records, the results and the renderers keep the structure and say it again in
Chinese (:func:`say`) without ever parsing English.

Literal text (anything that is a plain ``str``) is never translated: it is the student's
text, a test's, or a name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from grader.i18n import known, t

Value = str | int | float
_MAX_DEPTH = 16


class Said(str):
    """One engine sentence: ``Said("timeout.call", limit="5", what=..., where="")``."""

    key: str
    values: tuple[tuple[str, Value], ...]

    def __new__(cls, key: str, /, **values: Value) -> Said:
        # Formatted even without values, in both languages: a placeholder without its
        # value is a KeyError here, never "{signal}" in a report.
        forced: dict[str, Value] = {"_said": "", **values}
        t(key, "zh", **forced)
        self = super().__new__(cls, t(key, "en", **forced))
        self.key = key
        self.values = tuple(values.items())
        return self

    def say(self, lang: str) -> str:
        return t(self.key, lang, **{name: say(value, lang) for name, value in self.values})

    def map_literals(self, change: Callable[[str], str]) -> Said:
        return Said(self.key, **{k: map_literals(v, change) for k, v in self.values})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_said, (self.key, self.values))

    def __deepcopy__(self, memo: object) -> Said:
        return self  # immutable

    def __copy__(self) -> Said:
        return self


def _said(key: str, values: tuple[tuple[str, Value], ...]) -> Said:
    return Said(key, **dict(values))


class Message(str):
    """Sentences and literal text, in order; as a str, their English joined."""

    parts: tuple[str, ...]

    def __new__(cls, *parts: str) -> Message:
        flat: list[str] = []
        for part in parts:
            if isinstance(part, Message):
                flat += part.parts
            elif part:
                flat.append(part)
        self = super().__new__(cls, "".join(flat))
        self.parts = tuple(flat)
        return self

    def say(self, lang: str) -> str:
        return "".join(say(part, lang) for part in self.parts)

    def map_literals(self, change: Callable[[str], str]) -> Message:
        return Message(*(map_literals(part, change) for part in self.parts))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, self.parts)

    def __deepcopy__(self, memo: object) -> Message:
        return self

    def __copy__(self) -> Message:
        return self


def joined(separator: str, items: Iterable[str]) -> Message:
    """``separator.join(items)``, keeping each item's sentences."""
    parts: list[str] = []
    for index, item in enumerate(items):
        parts += [separator, item] if index else [item]
    return Message(*parts)


def say(text: Value, lang: str) -> str:
    """``text`` in ``lang``: the engine's sentences translated, literal text as it is."""
    if isinstance(text, Said | Message):
        return text.say(lang)
    return str(text)


def is_said(text: object) -> bool:
    """Whether ``text`` holds at least one sentence of the engine's own."""
    if isinstance(text, Said):
        return True
    return isinstance(text, Message) and any(is_said(part) for part in text.parts)


def map_literals(text: Value, change: Callable[[str], str]) -> Any:
    """``text`` with ``change`` applied to every literal piece of it (a sentence's
    wording stays; what its placeholders hold, and any text between sentences, change)."""
    if isinstance(text, Said | Message):
        return text.map_literals(change)
    if isinstance(text, str):
        return change(text)
    return text


def capped(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: its literal pieces cut first (a sentence's
    wording is short; what is long is the student's text), else its English cut."""
    if len(text) <= limit:
        return text
    shorter = map_literals(text, lambda piece: piece[:limit])
    return shorter if len(shorter) <= limit else str(text)[:limit]


def said_of(exc: BaseException) -> str:
    """An exception's message, as the engine said it (a :class:`Said` or
    :class:`Message` when it was raised with one), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Said | Message):
        return exc.args[0]
    return str(exc)


# -- JSON ------------------------------------------------------------------------------------


def to_json(text: Value) -> Any:
    """Plain JSON: a literal as a string, a sentence as ``{"said": key, "values": {...}}``,
    a message as ``{"parts": [...]}``."""
    if isinstance(text, Said):
        return {"said": text.key, "values": {k: to_json(v) for k, v in text.values}}
    if isinstance(text, Message):
        return {"parts": [to_json(part) for part in text.parts]}
    if isinstance(text, str):
        return str(text)
    return text


def from_json(data: Any, depth: int = 0) -> Any:
    """The text :func:`to_json` wrote; ``ValueError`` for anything else (an unknown key,
    values its sentence cannot take, too deep)."""
    if depth > _MAX_DEPTH:
        raise ValueError("text nested too deeply")
    if type(data) is str:
        return data
    if type(data) in (int, float):
        return data
    if type(data) is dict and set(data) == {"said", "values"}:
        key, values = data["said"], data["values"]
        if type(key) is not str or not known(key) or type(values) is not dict:
            raise ValueError(f"not a sentence: {key!r}")
        try:
            return Said(key, **{str(k): from_json(v, depth + 1) for k, v in values.items()})
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"{key}: {exc}") from None
    if type(data) is dict and set(data) == {"parts"} and type(data["parts"]) is list:
        return Message(*(_text(from_json(part, depth + 1)) for part in data["parts"]))
    raise ValueError("not a text")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a message part is not text")
    return value
