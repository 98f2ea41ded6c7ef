"""A scripted LLM backend, a test double kept out of the installed package: answers from a list, records every
request it was sent."""

from __future__ import annotations

import json
import threading
from typing import Any, Callable, Iterable

from paperbrief.errors import LLMError
from paperbrief.llm.base import Backend, estimate_tokens

__all__ = ["ScriptedBackend"]

Reply = str | dict | Exception | Callable[[list[dict[str, str]]], "str | dict"]


class ScriptedBackend(Backend):
    """Each call takes the next reply: a dict (sent as JSON), a string (sent as is), an exception (raised), or a
    callable given the messages. Usage is counted with the token estimate. When the script runs out the last
    reply repeats, or ``LLMError`` is raised if ``strict``."""

    supports_json_schema = True

    def __init__(self, replies: Iterable[Reply], name: str = "scripted (test)", max_concurrency: int = 1,
                 context_window: int | None = None, strict: bool = False, avoids_phrases: bool = False) -> None:
        self.replies = list(replies)
        self.avoids_phrases = avoids_phrases  # record what a retry asks the backend not to repeat
        self.name = name
        self.max_concurrency = max_concurrency
        self.context_window = context_window
        self.strict = strict
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self.closed = False

    @property
    def calls(self) -> int:
        return len(self.requests)

    def _complete(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int,
                  temperature: float, avoid: list[str] | None = None) -> tuple[str, int, int, float, str | None]:
        with self._lock:
            i = len(self.requests)
            self.requests.append({"messages": messages, "schema": schema, "max_tokens": max_tokens,
                                  "temperature": temperature, "avoid": list(avoid or [])})
            if i < len(self.replies):
                reply = self.replies[i]
            elif self.replies and not self.strict:
                reply = self.replies[-1]
            else:
                raise LLMError("The scripted backend has no reply left.")
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            reply = reply(messages)
        text = reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)
        tokens_in = sum(estimate_tokens(m["content"]) for m in messages)
        return text, tokens_in, estimate_tokens(text), 0.0, "stop"

    def close(self) -> None:
        self.closed = True
