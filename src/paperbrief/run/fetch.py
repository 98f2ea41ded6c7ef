"""Stage 1, fetch: one announcement window of one topic from arXiv.

The topic's query tree gets the window (``submittedDate`` from ``late_days`` before the window, or a new
version's ``lastUpdatedDate`` inside it), is compiled to arXiv's syntax and paged to the end."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from paperbrief.calendar import Window
from paperbrief.config import TopicConfig
from paperbrief.query import to_arxiv, window_query
from paperbrief.records import ArxivEntry

__all__ = ["Fetched", "fetch_window", "late_start"]

_MINUTE = timedelta(minutes=1)


@dataclass
class Fetched:
    query: str  # as sent to arXiv
    entries: list[ArxivEntry]  # one per paper (its newest version), in arXiv's order
    total: int  # what arXiv said it had
    complete: bool
    problem: str | None = None
    skipped: list[str] = field(default_factory=list)  # entries arXiv sent that could not be parsed
    seconds: float = 0.0


def late_start(window: Window, late_days: int) -> datetime:
    return window.start - timedelta(days=late_days)


def fetch_window(client, topic: TopicConfig, window: Window, *, late_days: int) -> Fetched:
    """Raises ``ArxivUnavailable`` when arXiv cannot be reached, ``SourceError`` when it rejects the query."""
    t0 = time.perf_counter()
    # arXiv's ranges are whole minutes, both ends included; the window's end is exclusive
    query = to_arxiv(window_query(topic.tree, window.start, window.end - _MINUTE,
                                  late_start=late_start(window, late_days)))
    result = client.search_all(query)
    newest: dict[str, ArxivEntry] = {}
    for e in result.entries:
        if e.arxiv_id not in newest or e.version > newest[e.arxiv_id].version:
            newest[e.arxiv_id] = e
    return Fetched(query=query, entries=list(newest.values()), total=result.total, complete=result.complete,
                   problem=result.problem, skipped=list(result.skipped), seconds=time.perf_counter() - t0)
