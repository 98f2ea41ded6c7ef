"""The LLM API key is read from the environment variable ``llm.api_key_env`` names and goes nowhere else: a real
``paperbrief run`` subprocess against the loopback arXiv server and the loopback OpenAI-compatible server, then
every byte it left behind (posts, site, feeds, JSON, report.json, the SQLite files, any log or cache file under
the output, data and home folders) and its stdout/stderr are searched for the key. The server must have received
the key (``Authorization: Bearer …``), so the search cannot pass because the key was never used. A run whose
LLM endpoint is down, and one whose endpoint rejects the key and quotes it back, must not show it either."""

from __future__ import annotations

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import arxiv_world as W
from test_cli_run import NOW, pb, world  # noqa: F401 (the world fixture: loopback arXiv + canned LLM server)

KEY = "sk-paperbrief-SECRET-123"
ENV = "PAPERBRIEF_TEST_LLM_KEY"
NEEDLES = [KEY.encode(), b"SECRET-123", base64.b64encode(KEY.encode()), KEY.encode("utf-16-le")]


def _config(tmp_path: Path, stub, base_url: str) -> Path:
    lines = ["[arxiv]", f'base_url = "{stub.api_url}"', "delay_seconds = 0", "backoff_seconds = 0.05",
             "max_retries = 1", "[llm]", 'backend = "openai-compatible"', f'base_url = "{base_url}"',
             'model = "canned"', f'api_key_env = "{ENV}"', "max_retries = 0", "timeout_seconds = 10",
             "[output]", f'dir = "{tmp_path / "out"}"', "formats = [\"hexo\", \"markdown\", \"hugo\", \"jekyll\", "
             "\"json\", \"feed\"]", "[[topics]]"] + [f"{k} = {json.dumps(v)}" for k, v in W.DIFFUSION.items()]
    path = tmp_path / "paperbrief.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if "KEY" not in k and "TOKEN" not in k}
    env.update({ENV: KEY, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
                "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_STATE_HOME": str(home / ".local" / "state")})
    return env


def _leaks(tmp_path: Path, *streams: str) -> list[str]:
    """Every file under tmp_path (output, data, home) and every stream that holds the key in any form."""
    found = []
    for f in sorted(tmp_path.rglob("*")):
        if f.is_file():
            data = f.read_bytes()
            found += [f"{f.relative_to(tmp_path)}: {n!r}" for n in NEEDLES if n in data]
    for i, s in enumerate(streams):
        found += [f"stream {i}: {n!r}" for n in NEEDLES if n in s.encode("utf-8", "surrogatepass")]
    return found


def _artefacts(tmp_path: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


def test_a_run_and_a_site_build_never_write_the_key(tmp_path, world):  # noqa: F811
    stub, llm = world
    cfg = _config(tmp_path, stub, llm.base_url)
    env = _env(tmp_path)
    r = pb("run", "--config", str(cfg), "--now", NOW, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    site = pb("site", "build", "--config", str(cfg), env=env)
    doctor = pb("doctor", "--config", str(cfg), env=env)
    # not vacuous: the key was used, every request carried it, and the run wrote every kind of artefact
    assert llm.requests > 0 and set(llm.authorizations) == {f"Bearer {KEY}"}
    files = _artefacts(tmp_path)
    for part in ("out/posts/", "out/markdown/", "out/hugo/", "out/jekyll/", "out/json/", "out/feeds/",
                 "out/report.json", "out/data/paperbrief.sqlite"):
        assert any(f.startswith(part) for f in files), (part, files)
    assert site.returncode == 0, site.stderr[-2000:]
    assert any(f.startswith("out/site/papers/") and f.endswith(".html") for f in files), files
    assert ENV in doctor.stdout + doctor.stderr  # doctor names the variable ...
    assert _leaks(tmp_path, r.stdout, r.stderr, site.stdout, site.stderr, doctor.stdout, doctor.stderr) == []


def test_a_run_whose_llm_endpoint_is_down_does_not_show_the_key(tmp_path, world):  # noqa: F811
    stub, _ = world
    cfg = _config(tmp_path, stub, "http://127.0.0.1:9/v1")  # nothing listens there
    r = pb("run", "--config", str(cfg), "--now", NOW, env=_env(tmp_path))
    assert r.returncode == 3, r.stderr[-3000:]  # the window stays open for the next run
    assert "127.0.0.1:9" in r.stderr and "could not be reached" in r.stderr  # the error path was taken
    assert _leaks(tmp_path, r.stdout, r.stderr) == []


def test_a_missing_key_variable_names_the_variable_not_a_value(tmp_path, world):  # noqa: F811
    stub, llm = world
    cfg = _config(tmp_path, stub, llm.base_url)
    env = _env(tmp_path)
    del env[ENV]
    r = pb("run", "--config", str(cfg), "--now", NOW, env=env)
    assert r.returncode == 2 and ENV in r.stderr and "Traceback" not in r.stderr
    assert llm.requests == 0


class _EchoingServer:
    """An endpoint that rejects the key and quotes it back, as some providers do ("Incorrect API key provided:
    sk-…"), in the JSON error and in a header."""

    def __init__(self):
        self.authorizations: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                auth = self.headers.get("Authorization") or ""
                server.authorizations.append(auth)
                data = json.dumps({"error": {"message": f"Incorrect API key provided: {auth.split()[-1]}",
                                             "type": "invalid_request_error"}}).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_an_endpoint_that_quotes_the_key_back_does_not_make_it_leak(tmp_path, world):  # noqa: F811
    stub, _ = world
    echo = _EchoingServer()
    try:
        cfg = _config(tmp_path, stub, echo.base_url)
        r = pb("run", "--config", str(cfg), "--now", NOW, env=_env(tmp_path))
    finally:
        echo.close()
    assert echo.authorizations and set(echo.authorizations) == {f"Bearer {KEY}"}
    assert r.returncode == 3, r.stderr[-3000:]  # a refused key: the window stays open for the next run
    assert "HTTP 401" in r.stderr and "[the API key]" in r.stderr  # the quoted key, redacted
    assert _leaks(tmp_path, r.stdout, r.stderr) == []
