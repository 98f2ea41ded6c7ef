"""``paperbrief demo``: the whole pipeline offline. Sample PDFs are generated, served with their Atom feed
by a local arXiv-compatible server on 127.0.0.1 as the latest arXiv announcement, fetched through the same
client and stages a real run uses, and turned into a Hexo post with the embedded model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from paperbrief.calendar import ArxivCalendar
from paperbrief.config import config_from_dict
from paperbrief.run import RunOptions, RunResult, run_digest
from paperbrief.run.publish import build_site_from_store
from paperbrief.samples.papers import DEMO_QUERY, DEMO_TOPIC, build_sample_pdfs, sample_entries
from paperbrief.samples.server import ArxivStub

__all__ = ["run_demo", "DemoResult", "demo_config"]


@dataclass
class DemoResult:
    run: RunResult
    out: Path
    report_path: Path
    site_index: Path | None = None
    posts: list[Path] | None = None  # the demo window's posts, written by this run or an earlier one


def demo_config(out: Path, base_url: str, *, model_path: str | None = None, language: str = "zh",
                backend: str = "embedded", max_output_tokens: int | None = None):
    llm: dict = {"backend": backend}
    if model_path:
        llm["model_path"] = str(model_path)
    if max_output_tokens:
        llm["max_output_tokens"] = int(max_output_tokens)
    return config_from_dict({
        "arxiv": {"base_url": base_url, "delay_seconds": 0.0, "backoff_seconds": 0.1, "contact": "demo@localhost"},
        "llm": llm,
        "output": {"dir": str(out.resolve()), "author": "paperbrief demo", "formats": ["hexo", "json", "feed"]},
        "topics": [{"name": DEMO_TOPIC, "query": DEMO_QUERY, "max_papers": 10, "language": language}],
    }, base_dir=out.resolve(), origin="demo")


def run_demo(out: Path, *, model_path: str | None = None, language: str = "zh", now: datetime | None = None,
             progress=None, log=print, backend=None, max_output_tokens: int | None = None) -> DemoResult:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(timezone.utc)
    window = ArxivCalendar().latest(now)
    log(f"Generating sample papers in {out / 'samples'} …")
    pdfs = build_sample_pdfs(out / "samples")
    entries = sample_entries(within=(window.start, window.end))
    with ArxivStub(entries=entries, pdfs=dict(pdfs)) as stub:
        log(f"Local arXiv-compatible server on {stub.base_url}, serving the sample papers as the announcement of "
            f"{window.key}")
        config = demo_config(out, stub.api_url, model_path=model_path, language=language,
                             max_output_tokens=max_output_tokens)
        result = run_digest(config, RunOptions(since=window.announced, now=now), backend=backend, progress=progress)
    site_index = build_site_from_store(config)
    from paperbrief.store import Store

    with Store(config.data_dir / "paperbrief.sqlite") as store:
        posts = [Path(p.path) for p in store.posts() if p.date == window.key and p.written and p.path]
    return DemoResult(run=result, out=out, report_path=config.out_dir / "report.json", site_index=site_index,
                      posts=posts)
