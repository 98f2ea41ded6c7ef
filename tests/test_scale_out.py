"""Issue 21, scaling out through the endpoint: a run's worker pool (``[llm] concurrency``) keeps that many
requests in flight at an OpenAI-compatible server that answers several at once (a vLLM cluster), and the
run's token budget (``[llm] run_token_budget``) still holds with several workers.

Real runs (loopback arXiv, the sample PDFs, a real SQLite file, the real OpenAI-compatible backend made from
the configuration) against ``ConcurrentLLMServer``. Concurrency is asserted on the most requests the server had
in flight at once, never on wall time; the server holds the first requests until that many are in flight
together, so the maximum does not depend on how busy the machine is. bench/scale_out.py measures the speed.

The budget's guarantee (``TokenBudget``): several workers spend no more than one. A call announces its worst
case (prompt + answer cap); while other calls are in flight it waits until the spent tokens plus their worst
cases plus its own fit the limit, or until they are counted. A call therefore starts either alone below the
limit (as with one worker) or with room for the worst case of every call in flight: a run spends at most
``limit - 1 + c_max`` tokens (``c_max``: the costliest call) with any number of workers. The pool keeps its
width while the budget has room."""

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


def test_four_workers_stop_at_the_run_budget_like_one(tmp_path, sample_pdfs):
    """Budget of N = 2 calls, W = 4 workers: a call's worst case (its prompt and the 1,800-token answer cap)
    leaves no room for a second one in flight, so the calls run one at a time near the limit and the run makes
    exactly the 2 calls one worker makes (before, all four started while nothing was spent: up to 5)."""
    workers, n = 4, 2
    llm = ConcurrentLLMServer(0.05, prompt_tokens=1000, completion_tokens=500)
    limit = n * llm.tokens_per_call
    report = run_against(tmp_path, sample_pdfs, llm, concurrency=workers, run_token_budget=limit)
    assert llm.requests == n and llm.max_in_flight == 1
    assert report["llm"]["tokens_in"] + report["llm"]["tokens_out"] == limit
    analysed, failed = _budget_failures(tmp_path)
    assert len(analysed) == n and len(failed) == PAPERS - n
    assert report["llm"]["calls"] == n


def test_a_budget_with_room_keeps_the_pool_four_wide(tmp_path, sample_pdfs):
    workers = 4
    llm = ConcurrentLLMServer(0.05, hold_until=workers, hold_timeout=HOLD_TIMEOUT, prompt_tokens=1000,
                              completion_tokens=500)
    report = run_against(tmp_path, sample_pdfs, llm, concurrency=workers, run_token_budget=200_000)
    assert llm.max_in_flight == workers and not llm.held_too_long
    assert llm.requests == PAPERS and report["exit_code"] == 0


def test_a_call_without_room_waits_for_the_calls_in_flight_then_is_refused():
    """Limit 3,000; two calls with a worst case of 1,500 each are in flight: a third waits (its worst case
    does not fit beside theirs), and once they are counted (3,000 spent) it is refused: 3,000 spent, not the
    4,500 a third call started at once could have spent."""
    import threading

    budget = TokenBudget(limit=3000)
    budget.acquire(1500)
    budget.acquire(1500)  # fits beside the first: 0 + 1,500 + 1,500 <= 3,000
    outcome: list[str] = []

    def third() -> None:
        try:
            budget.acquire(1500)
            outcome.append("started")
        except BudgetExhausted:
            outcome.append("refused")

    t = threading.Thread(target=third)
    t.start()
    ready = threading.Event()
    while budget.waiting != 1 and t.is_alive():  # the third call is waiting (not started, not refused)
        ready.wait(0.01)
    assert budget.waiting == 1 and outcome == []
    for _ in range(2):  # the two calls in flight are counted and end
        budget.add(1000, 500)
        budget.release(1500)
    t.join(30)
    assert outcome == ["refused"] and budget.used == 3000 and budget.calls == 2 and budget.refused == 1


def test_one_call_alone_may_start_below_the_limit_whatever_its_worst_case():
    budget = TokenBudget(limit=3000)
    budget.add(1000, 1000)  # 2,000 spent, nothing in flight
    budget.acquire(5000)  # alone: starts, as with one worker
    budget.add(2000, 1000)
    budget.release(5000)
    assert budget.used == 5000 and budget.used <= budget.limit - 1 + 3000
    with pytest.raises(BudgetExhausted):
        budget.acquire(10)
