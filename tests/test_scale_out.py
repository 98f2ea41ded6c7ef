"""Issue 21, scaling out through the endpoint: a run's worker pool (``[llm] concurrency``) keeps that many
requests in flight at an OpenAI-compatible server that answers several at once (a vLLM cluster), and the
run's token budget (``[llm] run_token_budget``) still holds with several workers.

Real runs (loopback arXiv, the sample PDFs, a real SQLite file, the real OpenAI-compatible backend made from
the configuration) against ``ConcurrentLLMServer``. Concurrency is asserted on the most requests the server had
in flight at once, never on wall time; the server holds the first requests until that many are in flight
together, so the maximum does not depend on how busy the machine is. bench/scale_out.py measures the speed.

The budget's guarantee (``TokenBudget``): a call is made only while the tokens spent are below the limit, and
its cost is counted when it returns. With W workers at most W calls are in flight (a paper's retry is made by
the same worker after its first call is counted), so at the last call allowed the spent tokens were at most
``limit - 1`` and at most W calls were still to be counted: a run spends at most ``limit - 1 + W * c_max``
tokens (``c_max``: the costliest call). With every call costing ``c`` and a limit of ``N * c``, at most
``N + W - 1`` calls are made (exactly N with one worker), an overshoot of at most ``(W - 1) * c``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperbrief.config import Config, config_from_dict
from paperbrief.llm import BudgetExhausted, TokenBudget
from paperbrief.run import RunOptions, run_digest
from paperbrief.samples.papers import DEMO_QUERY
from paperbrief.samples.server import ArxivStub

from arxiv_world import NOW
from concurrent_llm_server import ConcurrentLLMServer, scale_world

PAPERS = 8
# a pool that never sends enough requests at once is only waited for this long (then the test fails on the
# maximum in flight); a working pool releases the held requests at once
HOLD_TIMEOUT = 30.0


def scale_config(tmp_path: Path, stub: ArxivStub, llm: ConcurrentLLMServer, **llm_options: object) -> Config:
    """One topic that matches every paper, the OpenAI-compatible backend pointed at ``llm``."""
    return config_from_dict({
        "arxiv": {"base_url": stub.api_url, "delay_seconds": 0, "backoff_seconds": 0.01},
        "llm": {"backend": "openai-compatible", "base_url": llm.base_url, "model": "vllm-cluster",
                "api_key_env": "", **llm_options},
        "output": {"dir": str(tmp_path / "out")},
        "topics": [{"name": "Diffusion Models", "query": DEMO_QUERY, "max_papers": 20}],
    }, base_dir=tmp_path)


def run_against(tmp_path: Path, sample_pdfs: dict[str, Path], llm: ConcurrentLLMServer, **llm_options: object) -> dict:
    """One real run of PAPERS papers against ``llm``; returns its report."""
    entries, pdfs = scale_world(sample_pdfs, PAPERS, NOW)
    with ArxivStub(entries=entries, pdfs=pdfs) as stub, llm:
        run_digest(scale_config(tmp_path, stub, llm, **llm_options), RunOptions(now=NOW))
    return json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))


def post_papers(tmp_path: Path) -> list[dict]:
    """The papers of the run's one post, as its JSON output lists them."""
    (path,) = (tmp_path / "out" / "json").glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))["papers"]


@pytest.mark.parametrize("workers", [1, 4])
def test_the_worker_pool_keeps_that_many_requests_in_flight(tmp_path, sample_pdfs, workers):
    llm = ConcurrentLLMServer(0.05, hold_until=workers, hold_timeout=HOLD_TIMEOUT)
    report = run_against(tmp_path, sample_pdfs, llm, concurrency=workers)
    assert llm.max_in_flight == workers, f"{workers} workers kept at most {llm.max_in_flight} requests in flight"
    assert not llm.held_too_long
    # every paper analysed and published with one call, every check passed
    win = report["windows"][0]
    assert (win["shown"], win["analysed"], win["failed"], win["status"]) == (PAPERS, PAPERS, 0, "published")
    assert report["exit_code"] == 0 and report["checks_failed"] == []
    assert report["llm"]["calls"] == llm.requests == PAPERS and report["llm"]["retries"] == 0
    assert [p["status"] for p in post_papers(tmp_path)] == ["analysed"] * PAPERS


def _budget_failures(tmp_path: Path) -> tuple[list[str], list[str]]:
    """(ids analysed, ids failed) of the post; every failure must be the spent budget."""
    analysed, failed = [], []
    for p in post_papers(tmp_path):
        vid = p["entry"]["arxiv_id"]
        if p["status"] == "failed":
            assert len(p["errors"]) == 1 and "token budget (3000 tokens) is spent" in p["errors"][0], p["errors"]
            failed.append(vid)
        else:
            assert p["status"] == "analysed" and not p["errors"]
            analysed.append(vid)
    return analysed, failed


def test_a_run_budget_of_two_papers_stops_one_worker_at_two(tmp_path, sample_pdfs):
    llm = ConcurrentLLMServer(prompt_tokens=1000, completion_tokens=500)  # 1,500 tokens a call
    report = run_against(tmp_path, sample_pdfs, llm, concurrency=1, run_token_budget=2 * llm.tokens_per_call)
    assert llm.requests == 2 and llm.max_in_flight == 1
    assert report["llm"]["tokens_in"] + report["llm"]["tokens_out"] == 3000
    analysed, failed = _budget_failures(tmp_path)
    assert len(analysed) == 2 and len(failed) == PAPERS - 2
    win = report["windows"][0]
    assert (win["analysed"], win["failed"]) == (2, PAPERS - 2)


def test_four_workers_overshoot_the_run_budget_by_at_most_three_calls(tmp_path, sample_pdfs):
    """Budget of N = 2 calls, W = 4 workers: the four first calls start together while nothing is spent, so
    all four are made (the hold guarantees they are in flight at once); a fifth may start if a worker is
    free before the second call is counted; never more than N + W - 1 = 5."""
    workers, n = 4, 2
    llm = ConcurrentLLMServer(0.05, hold_until=workers, hold_timeout=HOLD_TIMEOUT, prompt_tokens=1000,
                              completion_tokens=500)
    limit = n * llm.tokens_per_call
    report = run_against(tmp_path, sample_pdfs, llm, concurrency=workers, run_token_budget=limit)
    assert llm.max_in_flight == workers
    assert workers <= llm.requests <= n + workers - 1
    spent = report["llm"]["tokens_in"] + report["llm"]["tokens_out"]
    assert spent == llm.requests * llm.tokens_per_call
    assert spent <= limit + (workers - 1) * llm.tokens_per_call
    analysed, failed = _budget_failures(tmp_path)
    assert len(analysed) == llm.requests and len(failed) == PAPERS - llm.requests
    assert report["llm"]["calls"] == llm.requests


def test_the_budget_bound_is_reached_by_the_worst_interleaving():
    """The bound is tight: W calls may all start at ``used = limit - c`` and all be counted afterwards."""
    c, workers = 1500, 4
    budget = TokenBudget(limit=2 * c)
    budget.acquire()
    budget.add(1000, 500)  # one call made and counted: 1,500 of 3,000 spent
    for _ in range(workers):  # every worker starts a call before any of them is counted
        budget.acquire()
    for _ in range(workers):
        budget.add(1000, 500)
    assert budget.used == budget.limit + (workers - 1) * c  # 7,500 of 3,000: N + W - 1 = 5 calls
    assert budget.used <= budget.limit - 1 + workers * c
    assert budget.calls == 2 + workers - 1
    with pytest.raises(BudgetExhausted):
        budget.acquire()
    assert budget.refused == 1
