"""``paperbrief paper``: one paper, by arXiv id or a local PDF, through extract and analyse, rendered alone.
Without a config its data (PDF cache, database) lives in the user's cache folder, never in the current one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from paperbrief.config import Config
from paperbrief.llm import TokenBudget
from paperbrief.outcome import RunReport
from paperbrief.records import ArxivEntry, Post
from paperbrief.render.hexo import render_post
from paperbrief.render.outputs import post_json
from paperbrief.run.papers import PaperWork, choose_cover
from paperbrief.store import Store

__all__ = ["one_paper", "default_data_dir"]


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("paperbrief")) / "paper"


def one_paper(config: Config, entry: ArxivEntry, out_dir: Path, *, client, backend_factory, language: str = "zh",
              fmt: str = "md") -> tuple[str, RunReport]:
    """The paper's facts and prose as Markdown, a Hexo post or JSON; its figures go to ``out_dir/<id>/``."""
    from paperbrief.run.runner import _utcnow

    report = RunReport(started=_utcnow())
    name = entry.versioned_id.replace("/", "_")
    with Store(config.data_dir / "paperbrief.sqlite") as store:
        work = PaperWork(config=config, store=store, client=client, backend_factory=backend_factory, report=report)
        try:
            d = work.facts(entry, out_dir / name)
        finally:
            work.close()
        work.analyse(d, language, TokenBudget(limit=config.llm.run_token_budget))
    if d.outcome:
        report.model = d.outcome.model
        report.llm.calls, report.llm.tokens_in, report.llm.tokens_out = (d.outcome.calls, d.outcome.tokens_in,
                                                                         d.outcome.tokens_out)
    cover = choose_cover(d.figures)
    post = Post(topic=entry.title, date=date.today().isoformat(), language=language, papers=[d],
                model=d.outcome.model if d.outcome else "unknown", cover=cover.image if cover else None, slug=name)
    report.finished = _utcnow()
    if fmt == "json":
        return post_json(post), report
    text = render_post(post, author=config.output.author)
    if fmt == "md":  # plain Markdown: the body without Hexo's front matter
        text = text.split("\n---\n", 1)[1].lstrip()
    return text, report
