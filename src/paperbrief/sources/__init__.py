"""Paper sources: the arXiv API (the only module that talks to arXiv) and local PDFs."""

from paperbrief.sources.arxiv import ArxivClient, parse_feed, FeedPage

__all__ = ["ArxivClient", "parse_feed", "FeedPage"]
