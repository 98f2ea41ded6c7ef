"""The openai-compatible backend: retries and backoff, the API key from the named environment variable,
structured-output negotiation (pytest-httpserver), and a real llama.cpp server on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from llm_fixtures import PAPER, good, require_test_model
from werkzeug import Request, Response

from paperbrief.config import LLMConfig
from paperbrief.errors import ConfigError, LLMError
from paperbrief.llm import analyze_paper, make_backend
from paperbrief.llm.base import InvalidOutput
from paperbrief.llm.openai_compat import OpenAICompatBackend
from paperbrief.llm.schema import analysis_schema

SCHEMA = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
MSGS = [{"role": "user", "content": "Say hi as JSON."}]


def _completion(content: str | dict, prompt_tokens: int = 100, completion_tokens: int = 50) -> Response:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    body = {"id": "c1", "object": "chat.completion", "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}
    return Response(json.dumps(body), status=200, content_type="application/json")


class Script:
    """A handler answering from a list of statuses/bodies; records each request."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(json.loads(request.get_data()))
            self.headers.append(dict(request.headers))
            step = self.steps[min(len(self.requests) - 1, len(self.steps) - 1)]
        if callable(step):
            return step(request)
        if isinstance(step, int):
            headers = {"Retry-After": "0"} if step == 429 else {}
            return Response(json.dumps({"error": {"message": f"status {step}"}}), status=step, headers=headers,
                            content_type="application/json")
        return _completion(step)


def _backend(httpserver, **kw) -> OpenAICompatBackend:
    kw.setdefault("backoff", 0.01)
    return OpenAICompatBackend(base_url=httpserver.url_for("/v1"), model="test-model", **kw)


def _serve(httpserver, script: Script) -> Script:
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(script)
    return script


def test_retries_429_and_500_then_succeeds(httpserver):
    script = _serve(httpserver, Script(429, 500, {"answer": "hi"}))
    backend = _backend(httpserver, max_retries=3)
    done = backend.complete(MSGS, SCHEMA)
    assert done.data == {"answer": "hi"} and done.tokens_in == 100 and done.tokens_out == 50
    assert len(script.requests) == 3 and backend.requests == 3


def test_gives_up_after_max_retries(httpserver):
    script = _serve(httpserver, Script(503))
    backend = _backend(httpserver, max_retries=2)
    with pytest.raises(LLMError, match=r"HTTP 503, and still after 2 retries"):
        backend.complete(MSGS, SCHEMA)
    assert len(script.requests) == 3
    out = analyze_paper(backend, PAPER, language="zh")  # a paper-level failure, not an exception
    assert out.error and "503" in out.error and out.analysis.unavailable


def test_client_errors_are_not_retried(httpserver):
    script = _serve(httpserver, Script(401))
    with pytest.raises(LLMError, match="HTTP 401: status 401"):
        _backend(httpserver, max_retries=3).complete(MSGS, SCHEMA)
    assert len(script.requests) == 1


def test_timeout_is_retried(httpserver):
    def slow(request):
        time.sleep(1.5)
        return _completion({"answer": "late"})

    script = _serve(httpserver, Script(slow, {"answer": "hi"}))
    backend = _backend(httpserver, timeout=0.5, max_retries=2)
    assert backend.complete(MSGS, SCHEMA).data == {"answer": "hi"}
    assert len(script.requests) >= 2


def test_api_key_comes_from_the_named_environment_variable(httpserver, monkeypatch):
    script = _serve(httpserver, Script({"answer": "hi"}))
    monkeypatch.setenv("PB_TEST_LLM_KEY", "sekret-123")
    cfg = LLMConfig(backend="openai-compatible", base_url=httpserver.url_for("/v1"), model="test-model",
                    api_key_env="PB_TEST_LLM_KEY")
    backend = make_backend(cfg)
    backend.complete(MSGS, SCHEMA)
    assert script.headers[0]["Authorization"] == "Bearer sekret-123"
    assert backend.name == "test-model (localhost, OpenAI-compatible API)"
    assert backend.max_concurrency == 1
    backend.close()
    monkeypatch.delenv("PB_TEST_LLM_KEY")
    with pytest.raises(ConfigError, match="PB_TEST_LLM_KEY"):
        make_backend(cfg)
    keyless = make_backend(cfg.model_copy(update={"api_key_env": "", "concurrency": 4}))
    keyless.complete(MSGS, SCHEMA)
    assert "Authorization" not in script.headers[-1] and keyless.max_concurrency == 4


def test_structured_output_negotiation(httpserver):
    def only_llamacpp_style(request):
        fmt = json.loads(request.get_data()).get("response_format", {})
        if fmt.get("type") == "json_schema":  # what llama_cpp.server answers: a 500 naming the field
            return Response(json.dumps({"error": {"message": "1 validation error: {'type': 'literal_error', 'loc': "
                                                             "('body', 'response_format', 'type')}",
                                                  "type": "internal_server_error"}}),
                            status=500, content_type="application/json")
        assert fmt == {"type": "json_object", "schema": SCHEMA}
        return _completion({"answer": "hi"})

    script = _serve(httpserver, Script(only_llamacpp_style))
    backend = _backend(httpserver)
    assert backend.complete(MSGS, SCHEMA).data == {"answer": "hi"}
    assert backend.response_format_mode == "json_object_schema" and backend.supports_json_schema
    backend.complete(MSGS, SCHEMA)
    assert len(script.requests) == 3  # the rejected form is not tried again
    assert script.requests[0]["response_format"]["json_schema"]["schema"] == SCHEMA


def test_deepseek_uses_json_mode():
    backend = OpenAICompatBackend(base_url="https://api.deepseek.com/v1", model="deepseek-chat", api_key="k")
    assert backend.response_format_mode == "json_object" and not backend.supports_json_schema
    backend.close()


def test_analyze_paper_over_http(httpserver):
    script = _serve(httpserver, Script(good("en")))
    backend = _backend(httpserver, concurrency=4)
    out = analyze_paper(backend, PAPER, language="en")
    assert out.error is None and out.analysis.unavailable == {} and out.calls == 1
    assert out.tokens_in == 100 and out.tokens_out == 50
    sent = script.requests[0]
    assert sent["response_format"]["json_schema"]["schema"] == analysis_schema("en", 1400)
    assert sent["messages"][0]["role"] == "system"


# --- a real llama.cpp server ------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.model
@pytest.mark.slow
def test_real_llama_cpp_server(tmp_path):
    model = require_test_model()
    port = _free_port()
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "2048"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(600):  # readiness: the models endpoint answers (model loaded)
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {(tmp_path / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not become ready")
        backend = OpenAICompatBackend(base_url=base, model="smollm2", concurrency=2, backoff=0.1, timeout=600,
                                      context_window=2048, max_output_tokens=300)
        answers = []  # (schema, text, finish_reason) of every call; what SmolLM2 writes differs between CPUs
        complete = backend._complete

        def recording(messages, schema, max_tokens, temperature, **kw):
            answer = complete(messages, schema, max_tokens, temperature, **kw)
            answers.append((schema, answer[0], answer[4]))
            return answer

        backend._complete = recording
        try:
            done = backend.complete(MSGS, SCHEMA, max_tokens=40)
        except InvalidOutput as cut:  # a greeting longer than 40 tokens is cut off mid-string: still counted
            assert answers[-1][2] == "length" and "cut off at the output token limit" in str(cut), str(cut)
            tokens_in, tokens_out = cut.tokens_in, cut.tokens_out
        else:
            assert isinstance(done.data.get("answer"), str)
            tokens_in, tokens_out = done.tokens_in, done.tokens_out
        assert tokens_in > 0 and tokens_out > 0
        assert backend.response_format_mode == "json_object_schema"  # llama.cpp's form, negotiated
        answers.clear()
        out = analyze_paper(backend, PAPER, language="en", token_budget=300, max_output_tokens=300)
        assert out.calls in (1, 2) and out.calls == len(answers) and out.tokens_in > 0 and out.tokens_out > 0
        for schema, text, finish in answers:
            if finish == "stop":  # the server's grammar lets the model end only a whole object of the schema
                assert list(json.loads(text, strict=False)) == list(schema["properties"]), text
            else:  # the token limit may cut an answer anywhere
                assert finish == "length", finish
        schema = next(c for c in out.checks if c.name == "schema")
        if out.error is None:  # some answer parsed: the grammar guarantees its shape (a blank field may be "empty")
            assert "missing" not in schema.detail and "wrong type" not in schema.detail, schema.detail
        else:  # every answer was cut off at the token limit
            assert all(finish == "length" for _, _, finish in answers), out.error
            assert "cut off at the output token limit" in schema.detail, schema.detail
        for field, why in out.analysis.unavailable.items():
            assert why and not getattr(out.analysis, field)
        backend.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    assert proc.returncode is not None
    assert not _port_open(port)
