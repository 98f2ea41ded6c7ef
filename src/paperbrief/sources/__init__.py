"""Paper sources: the arXiv API (the only module that talks to arXiv) and local PDFs."""

from paperbrief.sources.arxiv import ArxivClient, SearchResult
from paperbrief.sources.atom import FeedPage, feed_error, parse_feed, split_id

__all__ = ["ArxivClient", "SearchResult", "parse_feed", "feed_error", "FeedPage", "split_id"]
