"""`paperbrief run` as cron runs it: a real subprocess against the loopback arXiv server and a loopback
OpenAI-compatible LLM endpoint (canned answers), a real SQLite file, real files. The exit codes, the lock, and
the issue's acceptance run: a week's backfill with two overlapping topics, then a second run that changes
nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperbrief.lock import RunLock
from paperbrief.samples.server import ArxivStub

import arxiv_world as W
from pipeline_doubles import CannedLLMServer

NOW = W.NOW.isoformat()


@pytest.fixture
def world(sample_pdfs):
    entries = W.week()
    with ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs)) as stub, CannedLLMServer() as llm:
        yield stub, llm


def write_config(tmp_path: Path, stub, llm, topics=(W.DIFFUSION, W.VIDEO), **arxiv) -> Path:
    arxiv = {"base_url": stub.api_url, "delay_seconds": 0, "backoff_seconds": 0.05, "max_retries": 1, **arxiv}
    lines = ["[arxiv]"] + [f"{k} = {json.dumps(v)}" for k, v in arxiv.items()]
    lines += ["[llm]", 'backend = "openai-compatible"', f'base_url = "{llm.base_url}"', 'model = "canned"',
              'api_key_env = ""', "[output]", f'dir = "{tmp_path / "out"}"']
    for t in topics:
        lines += ["[[topics]]"] + [f"{k} = {json.dumps(v)}" for k, v in t.items()]
    path = tmp_path / "paperbrief.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pb(*args, timeout=300, **kw):
    return subprocess.run([sys.executable, "-m", "paperbrief", *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, **kw)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and p.suffix != ".sqlite" and not p.name.startswith("paperbrief.sqlite") and p.name != "report.json"}


def post_ids(path: Path) -> list[str]:
    return re.findall(r"arxiv\.org/abs/(\d{4}\.\d{5})v\d+\)", path.read_text(encoding="utf-8"))


def test_a_week_backfill_with_two_topics_then_a_rerun_that_changes_nothing(tmp_path, world):
    stub, llm = world
    cfg = write_config(tmp_path, stub, llm)
    r = pb("run", "--config", str(cfg), "--since", "2026-11-23", "--now", NOW)
    assert r.returncode == 0, r.stderr[-3000:]
    posts = sorted((tmp_path / "out" / "posts").glob("*.md"))
    assert [p.name for p in posts] == sorted(f"{d}-{s}.md" for d in W.ANNOUNCED
                                             for s in ("diffusion-models", "video-generation"))
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["exit_code"] == 0 and len(report["windows"]) == 10
    for w in report["windows"]:  # the counts equal the posts, paper for paper
        post = tmp_path / "out" / "posts" / f"{w['announced']}-{w['topic_slug']}.md"
        ids = post_ids(post)
        assert len(ids) == len(set(ids)) == w["shown"] == w["matched"]
        assert sorted(ids) == sorted(i.split("v")[0] for i in w["shown_ids"])
    for slug, per_window in (("diffusion-models", 3), ("video-generation", 2)):
        seen = [i for p in posts if p.name.endswith(f"{slug}.md") for i in post_ids(p)]
        assert len(seen) == len(set(seen)) == per_window * 5  # every matched paper exactly once per topic
    assert "Diffusion Models 2026-11-23: published; arXiv returned 3, matched 3, shown 3" in r.stderr
    assert "Thursday 2026-11-26: no announcement (arXiv holiday 2026-11-26)" in r.stderr
    calls, requests = llm.requests, len(stub.requests)
    before = snapshot(tmp_path / "out")
    again = pb("run", "--config", str(cfg), "--since", "2026-11-23", "--now", NOW)
    assert again.returncode == 0, again.stderr[-3000:]
    assert snapshot(tmp_path / "out") == before
    assert llm.requests == calls and len(stub.requests) == requests
    assert json.loads((tmp_path / "out" / "report.json").read_text())["windows"] == []


def test_exit_1_when_a_paper_failed(tmp_path, world):
    stub, llm = world
    stub.pdfs["2611.50001v1"] = b"not a pdf at all"
    r = pb("run", "--config", str(write_config(tmp_path, stub, llm, topics=(W.DIFFUSION,))), "--now", NOW)
    assert r.returncode == 1, r.stderr[-2000:]
    assert "failed 2611.50001v1: PDF download failed: " in r.stderr and "not a PDF" in r.stderr
    assert "post:" in r.stdout  # the post is written all the same


def test_exit_3_when_arxiv_is_unreachable(tmp_path, world):
    stub, llm = world
    cfg = write_config(tmp_path, stub, llm, base_url="http://127.0.0.1:9/api/query")  # nothing listens there
    r = pb("run", "--config", str(cfg), "--now", NOW)
    assert r.returncode == 3, r.stderr[-2000:]
    assert "could not be reached" in r.stderr and "Traceback" not in r.stderr


def test_exit_4_when_locked_and_wait_waits(tmp_path, world):
    stub, llm = world
    cfg = write_config(tmp_path, stub, llm, topics=(W.DIFFUSION,))
    data = tmp_path / "out" / "data"
    lock = RunLock(data)
    lock.acquire()
    try:
        r = pb("run", "--config", str(cfg), "--now", NOW)
        assert r.returncode == 4
        assert f"in use by paperbrief run pid {os.getpid()}" in r.stderr and "--wait" in r.stderr
        assert stub.requests == []
        waiter = subprocess.Popen([sys.executable, "-m", "paperbrief", "run", "--config", str(cfg), "--now", NOW,
                                   "--wait"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  stdin=subprocess.DEVNULL)
        # the lock is released only once the waiter says it waits (its start-up time varies with the machine)
        said = []
        for line in waiter.stderr:
            said.append(line)
            if "waiting for" in line:
                break
        assert "waiting for" in said[-1] and waiter.poll() is None, "".join(said)[-2000:]
    finally:
        lock.release()
    out, err = waiter.communicate(timeout=300)
    assert waiter.returncode == 0, err[-2000:]
    assert "post:" in out


def test_two_real_runs_at_once(tmp_path, world):
    stub, llm = world
    stub.failures = [(503, "2")]  # the first run's first request waits 2 s: it holds the lock meanwhile
    cfg = write_config(tmp_path, stub, llm, topics=(W.DIFFUSION,))
    first = subprocess.Popen([sys.executable, "-m", "paperbrief", "run", "--config", str(cfg), "--now", NOW],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    lockfile = tmp_path / "out" / "data" / "paperbrief.lock"
    deadline = time.monotonic() + 60
    while str(first.pid) not in (lockfile.read_text() if lockfile.exists() else ""):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    second = pb("run", "--config", str(cfg), "--now", NOW)
    out, err = first.communicate(timeout=300)
    assert second.returncode == 4 and f"pid {first.pid}" in second.stderr
    assert first.returncode == 0, err[-2000:]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["run_id"] == 1 and report["windows"][0]["shown"] == 3  # only the first run's work


def test_bad_usage_is_exit_2(tmp_path, world):
    stub, llm = world
    cfg = write_config(tmp_path, stub, llm)
    r = pb("run", "--config", str(cfg), "--since", "2026-13-01")
    assert r.returncode == 2 and "is not a date" in r.stderr


def test_init_writes_a_github_actions_workflow(tmp_path):
    import yaml

    r = pb("init", str(tmp_path / "paperbrief.toml"), "--github-actions")
    assert r.returncode == 0, r.stderr
    wf = yaml.safe_load((tmp_path / ".github" / "workflows" / "paperbrief.yml").read_text())
    text = (tmp_path / ".github" / "workflows" / "paperbrief.yml").read_text()
    assert wf["on"]["schedule"][0]["cron"] if "on" in wf else wf[True]["schedule"][0]["cron"]
    assert "paperbrief run --config" in text and "paperbrief.toml" in text
    again = pb("init", str(tmp_path / "paperbrief.toml"), "--github-actions")
    assert again.returncode == 2 and "already exists" in again.stderr
