"""Test doubles for orchestration tests only: an LLM that answers a well-formed Chinese analysis built from the
paper's own prompt (its numbers come from the paper, so grounding holds), in process (``CannedBackend``) or
behind a real OpenAI-compatible HTTP server on 127.0.0.1 (``CannedLLMServer``, for CLI subprocess tests). The
real model is tested end to end in test_pipeline_e2e.py and the LLM tests."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from paperbrief.llm.base import Backend


def canned_answer(messages: list[dict], schema: dict) -> str:
    prompt = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
    # the paper's abstract; for the results field's own call, the paper's result sentences
    abstract = prompt.split("Abstract", 1)[-1] if "Abstract" in prompt else prompt.split("Key results:", 1)[-1]
    numbers = re.findall(r"\d+\.\d+", abstract)
    n = next((x for x in numbers if len(x) >= 2), "")
    # stated the way the abstract states it: a difference ("improves PSNR by 1.7 dB") or a value
    by = bool(n) and re.search(rf"\bby\s+{re.escape(n)}", abstract) is not None
    data = {
        "title_translated": "扩散模型的新方法",
        "summary": "本文提出一种扩散模型的新方法。",
        "takeaways": ["提出一种无需训练的新框架。", "在标准数据集上验证了效果。", "方法简单且易于复现。",
                      "分析了现有方法的不足。", "讨论了局限性与未来工作。"],
        "keywords": ["扩散模型", "图像生成", "采样"],
        "background": "扩散模型生成质量高，但采样较慢且难以控制。",
        "past_methods": "已有方法需要额外训练，或者在相邻结果之间缺乏一致性。",
        "method": "作者设计了新的引导方式与损失函数来控制生成过程。",
        "method_steps": ["构建条件表示。", "在采样过程中融合条件信息。", "按先验选择路径。"],
        "results": (f"论文报告的结果提高了 {n}。" if by else f"论文报告的结果包括 {n}。") if n else "实验表明该方法优于基线。",
        "conclusion": "该工作表明无需训练即可改进生成质量。",
        "innovation": "首次将这一思路用于条件插值。",
        "performance": "在多个基准上超过了对比方法。",
        "workload": "实验覆盖多个数据集并包含用户研究。",
    }
    data = {k: v for k, v in data.items() if k in schema.get("properties", data)}
    return json.dumps(data, ensure_ascii=False)


class CannedBackend(Backend):
    name = "canned-test-model"
    supports_json_schema = True
    max_concurrency = 4

    def __init__(self, crash_after: int | None = None, fail_titles: tuple[str, ...] = ()):
        self.calls = 0
        self.crash_after = crash_after
        self.fail_titles = fail_titles
        self._lock = threading.Lock()

    def _complete(self, messages, schema, max_tokens, temperature):
        prompt = "\n".join(m["content"] for m in messages)
        with self._lock:
            self.calls += 1
            if self.crash_after is not None and self.calls > self.crash_after:
                raise KeyboardInterrupt("simulated crash mid-run")
        if any(t in prompt for t in self.fail_titles):
            from paperbrief.errors import LLMError

            raise LLMError("the endpoint answered HTTP 500 (simulated)")
        text = canned_answer(messages, schema)
        return text, len(prompt) // 4, len(text) // 2, 0.01, "stop"


class CannedLLMServer:
    """An OpenAI-compatible chat-completions endpoint on 127.0.0.1 answering ``canned_answer``."""

    def __init__(self):
        self.requests = 0
        self.authorizations: list[str | None] = []  # each request's Authorization header (API key tests)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests += 1
                server.authorizations.append(self.headers.get("Authorization"))
                fmt = body.get("response_format") or {}
                schema = (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema") or {}
                text = canned_answer(body.get("messages", []), schema)
                out = json.dumps({"id": "c", "object": "chat.completion", "model": body.get("model", "m"),
                                  "choices": [{"index": 0, "finish_reason": "stop",
                                               "message": {"role": "assistant", "content": text}}],
                                  "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}})
                data = out.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> "CannedLLMServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
