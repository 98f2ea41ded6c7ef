"""Feeds that accumulate: one Atom feed and one JSON Feed per topic and one of each for all topics, each with
the last N papers across every written post. (Being written: see issue 19.)"""

from __future__ import annotations

from collections.abc import Sequence

from paperbrief.records import PaperDigest

__all__ = ["FeedTopic", "build_feeds"]

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedTopic:
    slug: str
    name: str


def build_feeds(papers: Sequence[tuple[str, str, PaperDigest]], topics: Sequence[FeedTopic], *, author: str,
                limit: int = 50) -> dict[str, str]:
    """Every feed file from ``papers`` ((topic slug, post date, digest), newest post first, as
    ``Store.all_digests`` returns them): ``{"<topic slug>.xml": atom, "<topic slug>.json": json feed,
    "all.xml": …, "all.json": …}``, names relative to the feeds folder."""
    raise NotImplementedError
