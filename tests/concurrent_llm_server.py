"""A loopback OpenAI-compatible endpoint that, like a vLLM cluster, answers several requests at once: every
``/v1/chat/completions`` request is answered after a fixed latency with the canned Chinese analysis of the
orchestration tests (``pipeline_doubles.canned_answer``: well formed, its numbers taken from the paper, so the
checks pass and the papers publish) and a fixed ``usage``, so a token budget's arithmetic is exact. It
records the most requests it ever had in flight at once.

``hold_until`` makes that maximum independent of timing: the first requests are held until that many are in
flight together (or ``hold_timeout`` passes, which only a pool that never sends that many hits), then every
request is answered after ``latency``. ``scale_world`` makes as many distinct papers as a test needs. Used by
tests/test_scale_out.py and bench/scale_out.py."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from paperbrief.calendar import ArxivCalendar
from paperbrief.records import ArxivEntry
from paperbrief.samples.papers import sample_entries

from pipeline_doubles import canned_answer

__all__ = ["ConcurrentLLMServer", "scale_world"]

Answer = Callable[[list[dict[str, Any]], dict[str, Any]], str]
_NAMES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu"]


def scale_world(sample_pdfs: dict[str, Path], n: int, now: datetime) -> tuple[list[ArxivEntry], dict[str, Path]]:
    """``n`` papers in the announcement window latest at ``now``, and their PDFs: the sample papers over and
    over, each copy with its own id and title (so no two prompts are alike and the LLM cache answers none of
    them), its PDF the sample's (``build_sample_pdfs``). The canned answer passes every check on these papers
    in one call."""
    window = ArxivCalendar().latest(now)
    base = sample_entries(within=(window.start, window.end))
    entries, pdfs = [], {}
    for i in range(n):
        b = base[i % len(base)]
        when = window.start + timedelta(minutes=1 + i)
        name = " ".join(_NAMES[j % len(_NAMES)] for j in ((i, i // len(_NAMES) - 1) if i >= len(_NAMES) else (i,)))
        e = b.model_copy(update={"arxiv_id": f"2611.{90001 + i}", "version": 1, "published": when,
                                 "updated": when, "title": f"{b.title}: {name}"})
        entries.append(e)
        pdfs[e.versioned_id] = sample_pdfs[b.versioned_id]
    return entries, pdfs


class ConcurrentLLMServer:
    """A threaded HTTP server on 127.0.0.1 (one thread per connection) with an OpenAI-compatible chat endpoint.

    ``latency``: seconds each answer takes; ``prompt_tokens`` / ``completion_tokens``: the ``usage`` of every
    answer; ``hold_until``: hold requests until this many are in flight at once (0: never hold);
    ``answer``: builds the answer text from the request's messages and JSON schema."""

    def __init__(self, latency: float = 0.0, *, hold_until: int = 0, hold_timeout: float = 60.0,
                 prompt_tokens: int = 1000, completion_tokens: int = 500,
                 answer: Answer = canned_answer) -> None:
        self.latency = latency
        self.hold_until = hold_until
        self.hold_timeout = hold_timeout
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self._answer = answer
        self.requests = 0  # chat completions answered or being answered
        self.in_flight = 0
        self.max_in_flight = 0
        self.held_too_long = False  # ``hold_until`` requests were never in flight together
        self._lock = threading.Lock()
        self._together = threading.Event()  # ``hold_until`` requests have been in flight at once
        if hold_until <= 1:
            self._together.set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as httpx's pooled connections expect of a real server

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no such path {self.path}"}})
                    return
                body = json.loads(raw or b"{}")
                server._enter()
                try:
                    server._wait()
                    self._send(200, server._completion(body))
                finally:
                    server._leave()

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 64
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def tokens_per_call(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def _enter(self) -> None:
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.in_flight >= self.hold_until:
                self._together.set()

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _wait(self) -> None:
        """Hold until ``hold_until`` requests are in flight together (once), then take ``latency`` seconds."""
        if not self._together.wait(self.hold_timeout):
            with self._lock:
                self.held_too_long = True
            self._together.set()  # answer the rest at once: the test fails on the maximum, not on a hang
        if self.latency:
            time.sleep(self.latency)

    def _completion(self, body: dict[str, Any]) -> dict[str, Any]:
        fmt = body.get("response_format") or {}
        schema = (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema") or {}
        text = self._answer(body.get("messages", []), schema)
        return {"id": f"chatcmpl-{self.requests}", "object": "chat.completion", "model": body.get("model", "m"),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                          "total_tokens": self.tokens_per_call}}

    def __enter__(self) -> "ConcurrentLLMServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
