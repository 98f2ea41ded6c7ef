"""Stage 5, assemble: the post record of one window from the papers saved for it. Renderers get this record
and nothing else."""

from __future__ import annotations

from paperbrief.calendar import Window
from paperbrief.config import TopicConfig
from paperbrief.records import PaperDigest, PaperStatus, Post, WindowCounts
from paperbrief.run.papers import choose_cover

__all__ = ["assemble_post"]


def assemble_post(topic: TopicConfig, window: Window, digests: list[PaperDigest], counts: WindowCounts,
                  fallback_model: str) -> Post:
    main = [d for d in digests if d.status in (PaperStatus.ANALYSED, PaperStatus.FAILED)]
    cover = None
    for d in main:
        c = choose_cover(d.figures)
        if c is not None:
            cover = c.image
            break
    models = [d.outcome.model for d in main if d.outcome and d.outcome.model]
    return Post(topic=topic.name, date=window.key, language=topic.language, evidence=topic.evidence, papers=main,
                updated=[d for d in digests if d.status is PaperStatus.UPDATED],
                listed=[d for d in digests if d.status is PaperStatus.LISTED],
                model=models[0] if models else fallback_model, cover=cover, slug=topic.slug, counts=counts,
                window_start=window.start, window_end=window.end, announced_at=window.announced_at)
