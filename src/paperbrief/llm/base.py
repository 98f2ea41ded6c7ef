"""The backend contract: messages + JSON schema in, parsed JSON object + usage out.

Every backend (embedded llama.cpp, any OpenAI-compatible endpoint, and the tests' scripted double in
``tests/scripted_llm.py``) implements ``Backend.complete``. Transport problems raise ``LLMError``; an answer
that is not a JSON object raises ``LLMOutputInvalid`` carrying the raw text and the usage, so callers can still
count what it cost.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

from paperbrief.errors import LLMError, LLMOutputInvalid

__all__ = [
    "Backend",
    "Completion",
    "InvalidOutput",
    "parse_json_object",
    "parse_complete_members",
    "estimate_tokens",
    "LLMError",
    "LLMOutputInvalid",
]


@dataclass
class Completion:
    """One answered call."""

    data: dict[str, Any]
    text: str
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    finish_reason: str | None = None


class InvalidOutput(LLMOutputInvalid):
    """The backend answered but not with a JSON object. Carries what the call cost."""

    def __init__(self, message: str, text: str = "", tokens_in: int = 0, tokens_out: int = 0,
                 seconds: float = 0.0) -> None:
        super().__init__(message)
        self.text = text
        self.tokens_in = tokens_in
        self.tokens_out = tokens_out
        self.seconds = seconds


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S | re.I)


def parse_json_object(text: str) -> dict[str, Any]:
    """Parse a model's answer as one JSON object; tolerate a code fence or prose around it.

    Raises ``ValueError`` with a short reason otherwise.
    """
    if text is None or not str(text).strip():
        raise ValueError("empty answer")
    candidates = [text.strip()]
    candidates += [m.group(1).strip() for m in _FENCE.finditer(text)]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start:end + 1])
    last_err = "no JSON object found"
    for cand in candidates:
        try:
            value = json.loads(cand, strict=False)  # a raw newline or tab inside a string is harmless
        except json.JSONDecodeError as exc:
            last_err = f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
            continue
        if isinstance(value, dict):
            return value
        last_err = f"JSON value is a {type(value).__name__}, not an object"
    raise ValueError(last_err)


def parse_complete_members(text: str) -> dict[str, Any]:
    """The members of a JSON object that were written out in full before its text broke off: an answer cut at
    the output token limit (``{"summary": "…", "results": "…", "takeaways": ["…``) keeps ``summary`` and
    ``results``. Empty when no member is complete or the text does not open an object."""
    if not text:
        return {}
    start = text.find("{")
    if start < 0:
        return {}
    decoder = json.JSONDecoder(strict=False)
    out: dict[str, Any] = {}
    at = start + 1
    while True:
        at = _skip_space(text, at)
        if at < len(text) and text[at] == ",":
            at = _skip_space(text, at + 1)
        try:
            key, at = decoder.raw_decode(text, at)
            at = _skip_space(text, at)
            if not isinstance(key, str) or text[at:at + 1] != ":":
                return out
            value, at = decoder.raw_decode(text, _skip_space(text, at + 1))
        except (json.JSONDecodeError, IndexError):
            return out
        at = _skip_space(text, at)
        if text[at:at + 1] not in (",", "}"):  # "1." cut in a number, or text run on: not known to be whole
            return out
        out[key] = value
        if text[at] == "}":
            return out


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def estimate_tokens(text: str) -> int:
    """A conservative token estimate that needs no tokenizer: one per CJK character, about 3.5 characters per
    token for the rest (BPE tokenizers give ~4 for English prose; numbers and symbols cost more)."""
    if not text:
        return 0
    cjk = len(_CJK.findall(text))
    rest = len(text) - cjk
    return cjk + int(rest / 3.5) + 1


class Backend:
    """Base class. Subclasses set the attributes and implement ``_complete``."""

    #: Shown in the post's banner: the model that wrote the text.
    name: str = "unknown"
    #: Whether the backend constrains output to a JSON schema (otherwise only JSON mode or nothing).
    supports_json_schema: bool = False
    #: Whether every keyword of the schema constrains the output, ``pattern`` and ``maxLength`` included
    #: (llama.cpp's grammar does; servers differ, so remote backends do not claim it). Chinese answers then
    #: get a pattern that keeps English to the paper's terms, and a text at its length cap was cut off there.
    enforces_schema: bool = False
    #: Whether ``complete`` honours ``avoid`` (phrases the answer must not repeat; the embedded backend seeds
    #: its no-repeat rule with them). Other backends are never sent it.
    avoids_phrases: bool = False
    #: How many calls may be in flight at once.
    max_concurrency: int = 1
    #: The model's context window in tokens, when known (prompts are cut to fit it).
    context_window: int | None = None
    #: Default completion budget when the caller gives none.
    max_output_tokens: int = 1400

    @property
    def cache_id(self) -> str:
        """What identifies the model in cache keys (a different model never reuses another's answers)."""
        return self.name

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def chars_per_token(self, language: str) -> float | None:
        """Characters per token of answer text in ``language`` for this model, when it can tell (the schema's
        length caps are sized with it); ``None``: use the typical figure."""
        return None

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any],
                 max_tokens: int | None = None, temperature: float = 0.2,
                 avoid: Sequence[str] = ()) -> Completion:
        """Send one request; return the parsed JSON object and what it cost. ``avoid``: texts whose phrases
        the answer must not repeat (only where ``avoids_phrases``; ignored elsewhere).

        Raises ``LLMError`` on transport failure, ``InvalidOutput`` when the answer is not a JSON object.
        """
        extra = {"avoid": list(avoid)} if avoid and self.avoids_phrases else {}
        text, tokens_in, tokens_out, seconds, finish = self._complete(
            messages, schema, max_tokens or self.max_output_tokens, temperature, **extra)
        try:
            data = parse_json_object(text)
        except ValueError as exc:
            why = str(exc)
            if finish == "length":
                why += " (the answer was cut off at the output token limit)"
            raise InvalidOutput(f"The model's answer is not a JSON object: {why}.", text, tokens_in,
                                tokens_out, seconds) from None
        return Completion(data=data, text=text, tokens_in=tokens_in, tokens_out=tokens_out, seconds=seconds,
                          finish_reason=finish)

    def _complete(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int,
                  temperature: float) -> tuple[str, int, int, float, str | None]:
        """Return ``(text, tokens_in, tokens_out, seconds, finish_reason)``."""
        raise NotImplementedError

    def close(self) -> None:
        """Release resources (HTTP connections, the loaded model). Safe to call twice."""

    def __enter__(self) -> "Backend":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"

