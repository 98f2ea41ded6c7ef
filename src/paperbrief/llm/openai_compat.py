"""Any OpenAI-compatible chat endpoint: OpenAI, DeepSeek, Gemini's OpenAI endpoint, vLLM, Ollama, a llama.cpp
server. Plain HTTP (httpx) so that retries are ours: 429, 5xx, timeouts and dropped connections are retried
with exponential backoff (``Retry-After`` honoured); other HTTP errors fail at once with one clear sentence.

Structured output differs between servers, so ``response_format`` is negotiated: the standard ``json_schema``
form first, then llama.cpp's ``{"type": "json_object", "schema": …}``, then plain JSON mode, then none; the
first form the server accepts is kept for the rest of the run. The schema is described in the prompt as well.
"""

from __future__ import annotations

import threading
import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from paperbrief.errors import ConfigError, LLMError, LLMUnavailable

from .base import Backend

__all__ = ["OpenAICompatBackend", "FORMAT_MODES"]

#: Ways of asking for JSON, most constrained first.
FORMAT_MODES = ("json_schema", "json_object_schema", "json_object", "none")
_RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529}
_MAX_SLEEP = 60.0
# the endpoint cannot answer any paper: a wrong key, no such model or path; the run stops and retries later
_UNAVAILABLE_STATUS = {401, 402, 403, 404}


class OpenAICompatBackend(Backend):
    def __init__(self, base_url: str, model: str, api_key: str | None = None, concurrency: int = 1,
                 timeout: float = 900.0, max_retries: int = 3, backoff: float = 1.0,
                 response_format: str = "auto", max_output_tokens: int = 1400, context_window: int | None = None,
                 name: str | None = None, transport: httpx.BaseTransport | None = None) -> None:
        if not base_url:
            raise ConfigError("llm.base_url must be set for the openai-compatible backend.")
        if not model:
            raise ConfigError("llm.model must be set for the openai-compatible backend.")
        if response_format != "auto" and response_format not in FORMAT_MODES:
            raise ConfigError(f"llm.response_format must be 'auto' or one of {', '.join(FORMAT_MODES)}.")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_concurrency = max(1, int(concurrency))
        self.max_retries = max(0, int(max_retries))
        self.backoff = max(0.0, float(backoff))
        self.max_output_tokens = max_output_tokens
        self.context_window = context_window
        self.name = name or f"{model} ({_host(self.base_url)}, OpenAI-compatible API)"
        if response_format == "auto":
            self._modes = ["json_object"] if "deepseek" in self.base_url.lower() else list(FORMAT_MODES)
        else:
            self._modes = [response_format]
        self._mode_lock = threading.Lock()
        headers = {"Content-Type": "application/json"}
        self._secret = api_key or None  # never in a message: an endpoint may quote the key back
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        limits = httpx.Limits(max_connections=self.max_concurrency, max_keepalive_connections=self.max_concurrency)
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout, connect=30.0), limits=limits,
                                    transport=transport)
        self.requests = 0  # HTTP requests sent, retries included

    @property
    def cache_id(self) -> str:
        return f"openai-compatible|{self.base_url}|{self.model}"

    @property
    def supports_json_schema(self) -> bool:  # type: ignore[override]
        return self._modes[0] in ("json_schema", "json_object_schema")

    @property
    def response_format_mode(self) -> str:
        return self._modes[0]

    def _body(self, mode: str, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int,
              temperature: float) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": messages, "max_tokens": max_tokens,
                                "temperature": temperature}
        if mode == "json_schema":
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "paper_analysis", "schema": schema, "strict": False}}
        elif mode == "json_object_schema":
            body["response_format"] = {"type": "json_object", "schema": schema}
        elif mode == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def _complete(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int,
                  temperature: float) -> tuple[str, int, int, float, str | None]:
        t0 = time.monotonic()
        while True:
            with self._mode_lock:
                mode = self._modes[0]
            resp = self._post(self._body(mode, messages, schema, max_tokens, temperature))
            if _format_rejected(resp):
                with self._mode_lock:
                    if len(self._modes) > 1 and self._modes[0] == mode:
                        self._modes.pop(0)
                        continue
                    if self._modes[0] != mode:
                        continue  # another thread already moved on
            if resp.status_code >= 400:
                kind = LLMUnavailable if resp.status_code in _UNAVAILABLE_STATUS else LLMError
                raise kind(f"The LLM endpoint {self.base_url} answered HTTP {resp.status_code}: "
                           f"{self._redact(_error_text(resp))}.")
            break
        try:
            payload = resp.json()
            choice = payload["choices"][0]
            text = choice["message"].get("content") or ""
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMError(f"The LLM endpoint {self.base_url} sent a response that is not a chat completion.") \
                from None
        usage = payload.get("usage") or {}
        return (text, int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0),
                time.monotonic() - t0, choice.get("finish_reason"))

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        url = f"{self.base_url}/chat/completions"
        attempt = 0
        while True:
            self.requests += 1
            try:
                resp = self._client.post(url, json=body)
            except httpx.TimeoutException:
                why, resp, down = "timed out", None, False
            except httpx.TransportError as exc:
                why, resp = f"could not be reached ({type(exc).__name__})", None
                down = isinstance(exc, httpx.ConnectError)  # nobody listens there: no paper can be analysed
            else:
                if resp.status_code not in _RETRY_STATUS or _format_rejected(resp):
                    return resp  # llama.cpp's server rejects an unknown response_format with a 500
                why, down = f"answered HTTP {resp.status_code}", False
            if attempt >= self.max_retries:
                raise (LLMUnavailable if down else LLMError)(
                    f"The LLM endpoint {self.base_url} {why}, and still after {attempt} "
                    f"{'retry' if attempt == 1 else 'retries'}.")
            time.sleep(self._delay(attempt, resp))
            attempt += 1

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, "[the API key]") if self._secret else text

    def _delay(self, attempt: int, resp: httpx.Response | None) -> float:
        delay = self.backoff * (2 ** attempt)
        if resp is not None:
            ra = resp.headers.get("retry-after")
            if ra:
                try:
                    delay = max(delay, float(ra))
                except ValueError:
                    try:
                        delay = max(delay, parsedate_to_datetime(ra).timestamp() - time.time())
                    except (TypeError, ValueError):
                        pass
        return min(max(0.0, delay), _MAX_SLEEP)

    def close(self) -> None:
        self._client.close()


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host or url
    except Exception:  # noqa: BLE001
        return url


def _error_text(resp: httpx.Response) -> str:
    try:
        data = resp.json()
        err = data.get("error", data) if isinstance(data, dict) else data
        msg = err.get("message") if isinstance(err, dict) else None
        text = str(msg or err)
    except ValueError:
        text = resp.text
    text = " ".join(text.split())
    return text[:200] or resp.reason_phrase


def _format_rejected(resp: httpx.Response) -> bool:
    """Whether the server refused the request because of its ``response_format``."""
    if resp.status_code not in (400, 422, 500):
        return False
    text = resp.text.lower()
    return any(w in text for w in ("response_format", "json_schema", "response format"))
