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

SCHEMA = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
MSGS = [{"role": "user", "content": "Say hi as JSON."}]
YES_NO = {"type": "object", "properties": {"answer": {"type": "string", "enum": ["yes", "no"]}}, "required": ["answer"]}


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
    assert sent["response_format"]["type"] == "json_schema" and sent["response_format"]["json_schema"]["name"]
    schema = sent["response_format"]["json_schema"]["schema"]
    fields = ["keywords", "background", "past_methods", "method", "method_steps", "results", "performance",
              "innovation", "workload", "conclusion", "takeaways", "summary"]
    assert schema["type"] == "object" and list(schema["properties"]) == fields and schema["required"] == fields
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    assert {f for f, p in props.items() if p["type"] == "array"} == {"keywords", "method_steps", "takeaways"}
    assert all(p["type"] == "string" and p["minLength"] == 1 for f, p in props.items()
               if f not in ("keywords", "method_steps", "takeaways"))
    # caps for the default 1,400-token answer, in characters; list bounds
    assert (props["summary"]["maxLength"], props["method"]["maxLength"], props["background"]["maxLength"]) == \
        (191, 310, 215)
    assert (props["takeaways"]["minItems"], props["takeaways"]["maxItems"], props["takeaways"]["items"]) == \
        (5, 7, {"type": "string", "minLength": 1, "maxLength": 143})
    assert (props["keywords"]["minItems"], props["keywords"]["maxItems"]) == (3, 6)
    assert "pattern" not in json.dumps(schema)  # patterns are for the Chinese grammar only
    assert sent["max_tokens"] == 1400 and sent["model"] == "test-model"
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert sent["messages"][1]["content"].startswith("<paper>\nTitle: Sparse Mixture Adapters for Efficient")


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
        # 1. An answer the grammar bounds: a closed choice. Whatever the CPU, the model can only write one of
        # the two objects and must then stop, well within the limit; a backend that lost the schema, the
        # response format or the usage on the way fails here.
        done = backend.complete([{"role": "user", "content": "Is water wet? Answer yes or no as JSON."}], YES_NO,
                                max_tokens=60)
        assert backend.response_format_mode == "json_object_schema"  # llama.cpp's form, negotiated
        assert done.data in ({"answer": "yes"}, {"answer": "no"}), done.text
        assert done.finish_reason == "stop" and answers[-1][2] == "stop"
        assert done.tokens_in > 5 and 0 < done.tokens_out < 60
        # 2. An open string: it ends when the model closes it, or is cut off at exactly the limit
        answers.clear()
        try:
            greeting = backend.complete(MSGS, SCHEMA, max_tokens=40)
        except InvalidOutput as cut:  # a greeting longer than 40 tokens is cut off mid-string: still counted
            assert answers[-1][2] == "length" and "cut off at the output token limit" in str(cut), str(cut)
            assert cut.tokens_in > 0 and cut.tokens_out in (40, 41), cut.tokens_out
            assert cut.text.startswith('{') and '"answer"' in cut.text, cut.text
        else:
            assert answers[-1][2] == "stop" and list(greeting.data) == ["answer"], greeting.text
            assert isinstance(greeting.data["answer"], str)
            assert greeting.tokens_in > 0 and 0 < greeting.tokens_out <= 41
        # 3. A whole analysis through the same backend
        answers.clear()
        out = analyze_paper(backend, PAPER, language="en", token_budget=300, max_output_tokens=300)
        assert out.calls in (1, 2, 3, 4, 5) and out.calls == len(answers) and out.tokens_in > 0 and out.tokens_out > 0
        assert out.tokens_out <= 301 * out.calls  # the answer budget reached the server
        for schema, text, finish in answers:
            assert finish in ("stop", "length"), finish
            if finish == "stop":  # the server's grammar lets the model end only a whole object of the schema
                assert list(json.loads(text, strict=False)) == list(schema["properties"]), text
            else:  # the token limit may cut an answer anywhere, but only after the grammar's opening brace
                assert text.lstrip().startswith("{"), text
        schema = next(c for c in out.checks if c.name == "schema")
        fields = ["keywords", "background", "past_methods", "method", "method_steps", "results", "performance",
                  "innovation", "workload", "conclusion", "takeaways", "summary"]
        if out.error is None:  # some answer parsed: the grammar guarantees its shape (a blank field may be "empty")
            assert any(finish == "stop" for _, _, finish in answers)
            assert "missing" not in schema.detail and "wrong type" not in schema.detail, schema.detail
            published = [f for f in fields if getattr(out.analysis, f)]
            assert sorted(published + list(out.analysis.unavailable)) == sorted(fields)  # each field one or other
        else:  # every answer was cut off at the token limit
            assert answers and all(finish == "length" for _, _, finish in answers), out.error
            assert "cut off at the output token limit" in schema.detail, schema.detail
            assert all(not getattr(out.analysis, f) for f in fields)
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
