"""Scale-out benchmark (issue 21): papers per minute of a real run with 1 and with 4 workers (``[llm]
concurrency``) against an OpenAI-compatible endpoint that answers several requests at once with a fixed
latency, as a vLLM cluster does; then a run with 4 workers and a run token budget, to show the budget holds.

    .venv/bin/python bench/scale_out.py                          # 16 papers, 2 s a request
    .venv/bin/python bench/scale_out.py --papers 24 --latency 3 --budget-papers 8

Each measurement is a whole run in a fresh output folder (loopback arXiv, the generated sample PDFs, a real
SQLite file, the real OpenAI-compatible backend) against ``tests/concurrent_llm_server.py`` on 127.0.0.1.
Papers per minute are given for the run's LLM stage (the report's ``stages.llm``: what the worker pool
does) and for the whole run (which also downloads and extracts every PDF, one after another, the same work
with 1 or 4 workers). The endpoint's latency is the model's time; the answers are canned. Nothing here
asserts on time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from paperbrief.config import config_from_dict  # noqa: E402
from paperbrief.run import RunOptions, run_digest  # noqa: E402
from paperbrief.samples.papers import DEMO_QUERY, build_sample_pdfs  # noqa: E402
from paperbrief.samples.server import ArxivStub  # noqa: E402

from arxiv_world import NOW  # noqa: E402
from concurrent_llm_server import ConcurrentLLMServer, scale_world  # noqa: E402


def one_run(folder: Path, stub: ArxivStub, papers: int, latency: float, workers: int, budget: int = 0) -> dict:
    """One run against a fresh endpoint; what it measured."""
    with ConcurrentLLMServer(latency) as llm:
        cfg = config_from_dict({
            "arxiv": {"base_url": stub.api_url, "delay_seconds": 0, "backoff_seconds": 0.01},
            "llm": {"backend": "openai-compatible", "base_url": llm.base_url, "model": "vllm-cluster",
                    "api_key_env": "", "concurrency": workers, "run_token_budget": budget},
            "output": {"dir": str(folder / "out")},
            "topics": [{"name": "Diffusion Models", "query": DEMO_QUERY, "max_papers": papers}],
        }, base_dir=folder)
        t0 = time.perf_counter()
        run_digest(cfg, RunOptions(now=NOW))
        seconds = time.perf_counter() - t0
    report = json.loads((folder / "out" / "report.json").read_text(encoding="utf-8"))
    win = report["windows"][0]
    llm_seconds = report["stages"]["llm"]["seconds"]
    return {"workers": workers, "analysed": win["analysed"], "failed": win["failed"], "seconds": seconds,
            "llm_seconds": llm_seconds, "pdf_seconds": report["stages"].get("pdf", {}).get("seconds", 0.0),
            "llm_ppm": win["analysed"] / llm_seconds * 60, "run_ppm": win["analysed"] / seconds * 60,
            "requests": llm.requests, "max_in_flight": llm.max_in_flight,
            "tokens": report["llm"]["tokens_in"] + report["llm"]["tokens_out"], "per_call": llm.tokens_per_call}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=16, help="papers in the run (default 16)")
    ap.add_argument("--latency", type=float, default=2.0, help="seconds the endpoint takes per request (default 2)")
    ap.add_argument("--budget-papers", type=int, default=5,
                    help="the budget run's limit, in calls' worth of tokens (default 5; 0: skip that run)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperbrief-scale-") as tmp:
        root = Path(tmp)
        entries, pdfs = scale_world(build_sample_pdfs(root / "pdfs"), args.papers, NOW)
        with ArxivStub(entries=entries, pdfs=pdfs) as stub:
            runs = {w: one_run(root / f"w{w}", stub, args.papers, args.latency, w) for w in (1, 4)}
            budget = None
            if args.budget_papers:
                per_call = runs[4]["per_call"]
                budget = one_run(root / "budget", stub, args.papers, args.latency, 4,
                                 budget=args.budget_papers * per_call)
    print(f"{args.papers} papers, endpoint latency {args.latency:g} s a request")
    print(f"{'workers':>7} {'analysed':>8} {'requests':>8} {'max in flight':>13} {'LLM stage s':>11} "
          f"{'papers/min (LLM)':>16} {'run s':>7} {'papers/min (run)':>16}")
    for r in runs.values():
        print(f"{r['workers']:>7} {r['analysed']:>8} {r['requests']:>8} {r['max_in_flight']:>13} "
              f"{r['llm_seconds']:>11.1f} {r['llm_ppm']:>16.1f} {r['seconds']:>7.1f} {r['run_ppm']:>16.1f}")
    print(f"4 vs 1 workers: {runs[4]['llm_ppm'] / runs[1]['llm_ppm']:.2f}x papers per minute in the LLM stage, "
          f"{runs[4]['run_ppm'] / runs[1]['run_ppm']:.2f}x for the whole run "
          f"(PDF stage {runs[1]['pdf_seconds']:.1f} s and {runs[4]['pdf_seconds']:.1f} s)")
    if budget is not None:
        limit, c = args.budget_papers * budget["per_call"], budget["per_call"]
        print(f"budget run, 4 workers, run_token_budget = {limit} ({args.budget_papers} calls of {c} tokens): "
              f"{budget['requests']} calls, {budget['tokens']} tokens spent, {budget['analysed']} papers analysed, "
              f"{budget['failed']} left out for the budget; the guarantee (limit - 1 + one call, with any number "
              f"of workers) allows at most {(limit - 1 + c) // c} calls ({(limit - 1 + c) // c * c} tokens)")


if __name__ == "__main__":
    main()
