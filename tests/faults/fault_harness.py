"""The fault suite's world and its checks.

One announcement window (Monday 30 November 2026) of the test week, one topic ("Diffusion Models"), the real
loopback arXiv server (``ArxivStub`` with a fault script), a loopback OpenAI-compatible LLM endpoint whose
answers are scripted per request, a real SQLite file and ``paperbrief run`` as a real subprocess. Every case
checks the same guarantees: the exit code and message, ``PRAGMA integrity_check``, and that every paper of the
window ends in exactly one written post or in the report with its reason; then a run without the fault finishes
the work and its post equals the post of a run that never met a fault."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import arxiv_world as W
from pipeline_doubles import canned_answer

NOW = W.NOW  # Monday 30 November 2026, 21:00 US Eastern
LATER = W.NOW + timedelta(hours=1)
POST = "2026-11-30-diffusion-models.md"
# the Monday window's papers on the topic (arxiv_world: window 5 has two diffusion papers and one on both
# topics; 2611.50004 is video-only and 2611.50005 matches neither)
EXPECTED = ["2611.50001", "2611.50002", "2611.50003"]
TOPIC = {"name": "Diffusion Models", "query": "cat:cs.CV AND abs:diffusion", "max_papers": 10}


class ScriptedLLMServer:
    """An OpenAI-compatible endpoint on 127.0.0.1. ``script`` is consumed one request at a time; each item is
    "ok" (a valid answer for the schema sent), "invalid-json", "schema" (valid JSON of the wrong shape),
    "refusal", "hang" (answers after ``hang_seconds``), "overflow" (HTTP 400 context length exceeded),
    "500", or a callable returning (status, body). After the script every request gets "ok"."""

    def __init__(self, script: list | None = None, hang_seconds: float = 30.0):
        self.script = list(script or [])
        self.hang_seconds = hang_seconds
        self.requests: list[dict] = []
        self.received = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(body)
                server.received.set()
                step = server.script.pop(0) if server.script else "ok"
                status, payload = server.answer(step, body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up (timeout) or died
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, step, body) -> tuple[int, bytes]:
        fmt = body.get("response_format") or {}
        schema = (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema") or {}
        if callable(step):
            return step(body)
        if step == "hang":
            time.sleep(self.hang_seconds)
        if step == "500":
            return 500, b'{"error": {"message": "internal error"}}'
        if step == "overflow":
            return 400, json.dumps({"error": {"message": "This model's maximum context length is 4096 tokens. "
                                              "However, your messages resulted in 9000 tokens.",
                                              "type": "invalid_request_error",
                                              "code": "context_length_exceeded"}}).encode()
        # broken off inside its first field: no field complete to keep (a complete one is kept and checked:
        # test_llm_analyze.py)
        text = {"invalid-json": '{"summary": "一句话。还没写完',
                "schema": json.dumps({"answer": "not the schema", "takeaways": "one string"}),
                "refusal": "I'm sorry, but I can't help with that request."}.get(step)
        if text is None:
            text = canned_answer(body.get("messages", []), schema)
        return 200, json.dumps({"id": "c", "object": "chat.completion", "model": body.get("model", "m"),
                                "choices": [{"index": 0, "finish_reason": "stop",
                                             "message": {"role": "assistant", "content": text}}],
                                "usage": {"prompt_tokens": 100, "completion_tokens": 50,
                                          "total_tokens": 150}}).encode()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> "ScriptedLLMServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class World:
    """The loopback arXiv server (with an optional fault script) and the scripted LLM endpoint, started and
    stopped together: ``with World(entries, pdfs, script=[...]) as (stub, llm)``."""

    def __init__(self, entries, sample_pdfs, script=(), failures=(), hang_seconds: float = 30.0):
        from paperbrief.samples.server import ArxivStub

        self.stub = ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs), failures=list(failures))
        self.llm = ScriptedLLMServer(list(script), hang_seconds=hang_seconds)

    def __enter__(self):
        self.stub.start()
        self.llm.__enter__()
        return self.stub, self.llm

    def __exit__(self, *exc):
        self.llm.__exit__()
        self.stub.stop()


def write_config(folder: Path, arxiv_url: str, llm_url: str, *, arxiv: dict | None = None,
                 llm: dict | None = None, output: dict | None = None) -> Path:
    arxiv = {"base_url": arxiv_url, "delay_seconds": 0, "backoff_seconds": 0.05, "max_retries": 2,
             "timeout_seconds": 5, **(arxiv or {})}
    llm = {"backend": "openai-compatible", "base_url": llm_url, "model": "canned", "api_key_env": "",
           "timeout_seconds": 20, "max_retries": 1, "backoff_seconds": 0.05, **(llm or {})}
    output = {"dir": str(folder / "out"), **(output or {})}
    lines = []
    for table, values in (("arxiv", arxiv), ("llm", llm), ("output", output)):
        lines += [f"[{table}]"] + [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    lines += ["[[topics]]"] + [f"{k} = {json.dumps(v)}" for k, v in TOPIC.items()]
    path = folder / "paperbrief.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def command(config: Path, *args: str, now=NOW) -> list[str]:
    return [sys.executable, "-m", "paperbrief", "run", "--config", str(config), "--now", now.isoformat(), *args]


def pb_run(config: Path, *args: str, now=NOW, timeout: float = 300, env: dict | None = None
           ) -> subprocess.CompletedProcess:
    return subprocess.run(command(config, *args, now=now), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, env=env)


def out(folder: Path) -> Path:
    return folder / "out"


def database(folder: Path) -> Path:
    return out(folder) / "data" / "paperbrief.sqlite"


def integrity(folder: Path) -> str:
    """``PRAGMA integrity_check`` of the run's database (a run that stopped before creating it: "absent")."""
    path = database(folder)
    if not path.exists():
        return "absent"
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def report(folder: Path) -> dict:
    return json.loads((out(folder) / "report.json").read_text(encoding="utf-8"))


def posts(folder: Path) -> dict[str, str]:
    folder = out(folder) / "posts"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))} if folder.exists() else {}


def ids_in(text: str) -> list[str]:
    """The arXiv ids of a post's papers, from their PDF links (main list, "also new" and "updated")."""
    return re.findall(r"arxiv\.org/abs/(\d{4}\.\d{5})v\d+\)", text)


def account_for_every_paper(folder: Path, expected: list[str] = EXPECTED) -> dict[str, str]:
    """Each expected paper is in exactly one post, or the last report names it (or its whole window) with a
    reason. Returns where each paper ended: "post", or the reason."""
    written = [i for text in posts(folder).values() for i in ids_in(text)]
    where: dict[str, str] = {}
    rep = report(folder) if (out(folder) / "report.json").exists() else None
    for paper in expected:
        count = written.count(paper)
        if count > 1:
            raise AssertionError(f"{paper} is published {count} times: {sorted(posts(folder))}")
        if count == 1:
            where[paper] = "post"
            continue
        if rep is None:
            raise AssertionError(f"{paper} is in no post and there is no report")
        reason = None
        for w in rep["windows"]:
            lines = {p["id"].split("v")[0]: p for p in w["papers"]}
            excluded = {x["id"].split("v")[0]: x for x in w["excluded_papers"]}
            if paper in lines and lines[paper]["reasons"]:
                reason = "; ".join(lines[paper]["reasons"])
            elif paper in excluded:
                reason = f"{excluded[paper]['rule']}: {excluded[paper]['reason']}"
            elif w["status"] in ("unreachable", "stale", "not-fetched") and w["warnings"]:
                reason = f"window {w['status']}: {'; '.join(w['warnings'])}"
        if not reason:
            raise AssertionError(f"{paper} is in no post and the report gives no reason: {rep['windows']}")
        where[paper] = reason
    return where


def reference_post(folder: Path, make_world: Callable) -> str:
    """The post of a run that met no fault, with the same world (for comparison after a recovery)."""
    folder.mkdir(parents=True, exist_ok=True)
    with make_world() as (stub, llm):
        cfg = write_config(folder, stub.api_url, llm.base_url)
        done = pb_run(cfg, now=LATER)
        if done.returncode != 0:
            raise AssertionError(done.stderr)
    return posts(folder)[POST]
