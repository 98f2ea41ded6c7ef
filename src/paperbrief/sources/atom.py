"""Parsing arXiv's Atom API responses into ``ArxivEntry`` records (lxml, no network)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from paperbrief.errors import ArxivMalformed, ArxivRejected, SourceError
from paperbrief.records import ArxivEntry, Author

__all__ = ["parse_feed", "feed_error", "FeedPage", "split_id"]

NS = {
    "a": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "os": "http://a9.com/-/spec/opensearch/1.1/",
}
_OAI_PMH = "http://www.openarchives.org/OAI/2.0/"
_ID_RE = re.compile(r"(?:arxiv\.org/abs/)?([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v(\d+))?$", re.I)


@dataclass
class FeedPage:
    entries: list[ArxivEntry]
    total: int
    start: int
    errors: list[str] = field(default_factory=list)  # entries that could not be parsed


def split_id(raw: str) -> tuple[str, int]:
    """'http://arxiv.org/abs/2403.17924v2' -> ('2403.17924', 2)."""
    m = _ID_RE.search(raw.strip())
    if not m:
        raise SourceError(f"{raw!r} is not an arXiv identifier.")
    return m.group(1), int(m.group(2) or 1)


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _text(node, path: str) -> str | None:
    found = node.find(path, NS)
    if found is None or found.text is None:
        return None
    return _clean(found.text) or None


def _date(node, path: str) -> datetime:
    raw = _text(node, path)
    if not raw:
        raise ValueError(f"entry without {path.split(':')[1]}")
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


def _entry(node) -> ArxivEntry:
    raw_id = _text(node, "a:id")
    if not raw_id:
        raise ValueError("entry without id")
    arxiv_id, version = split_id(raw_id)
    authors = []
    for a in node.findall("a:author", NS):
        name = _text(a, "a:name")
        if name:
            affs = [_clean(x.text) for x in a.findall("arxiv:affiliation", NS) if _clean(x.text)]
            authors.append(Author(name=name, affiliations=affs))
    pdf_url = None
    for link in node.findall("a:link", NS):
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf_url = link.get("href")
    primary = node.find("arxiv:primary_category", NS)
    title = _text(node, "a:title")
    if not title:
        raise ValueError("entry without title")
    return ArxivEntry(
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        authors=authors,
        abstract=_text(node, "a:summary") or "",
        comment=_text(node, "arxiv:comment"),
        categories=[c.get("term") for c in node.findall("a:category", NS) if c.get("term")],
        primary_category=primary.get("term") if primary is not None else None,
        published=_date(node, "a:published"),
        updated=_date(node, "a:updated"),
        doi=_text(node, "arxiv:doi"),
        journal_ref=_text(node, "arxiv:journal_ref"),
        pdf_url=pdf_url,
    )


def _root(xml: bytes):
    try:
        return etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        # libxml2's message may hold line breaks: the user reads one line
        raise ArxivMalformed(f"arXiv answered with a malformed feed ({_clean(str(exc))}).") from None


def _error_summary(root) -> str | None:
    """arXiv reports a rejected query as a feed whose one entry has an id under .../api/errors."""
    for node in root.findall("a:entry", NS):
        if "/api/errors" in (_text(node, "a:id") or ""):
            return (_text(node, "a:summary") or "unknown error").rstrip(".")
    return None


def feed_error(xml: bytes) -> str | None:
    """The message of an arXiv error feed (what arXiv sends with HTTP 400), or None when ``xml`` is not one."""
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    if root.tag != f"{{{NS['a']}}}feed":
        return None
    return _error_summary(root)


def _count(root, path: str, default: int) -> int:
    raw = _text(root, path)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ArxivMalformed(f"arXiv answered with a feed whose {path.split(':')[1]} is {raw!r}, not a number.") \
            from None


def parse_feed(xml: bytes) -> FeedPage:
    """Parse one page of results. A malformed document raises ``ArxivMalformed``, an arXiv error feed
    ``ArxivRejected`` (both ``SourceError``); a
    malformed entry is skipped and reported in ``FeedPage.errors``."""
    root = _root(xml)
    if root.tag.startswith(f"{{{_OAI_PMH}}}"):
        raise SourceError("arXiv answered with an OAI-PMH document, not an Atom feed of the query API "
                          "(is the base URL the OAI endpoint instead of /api/query?).")
    if root.tag != f"{{{NS['a']}}}feed":
        raise ArxivMalformed("arXiv answered with something that is not an Atom feed.")
    problem = _error_summary(root)
    if problem is not None:
        raise ArxivRejected(f"arXiv rejected the query: {problem}.")
    nodes = root.findall("a:entry", NS)
    total = _count(root, "os:totalResults", len(nodes))
    start = _count(root, "os:startIndex", 0)
    entries, errors = [], []
    for node in nodes:
        try:
            entries.append(_entry(node))
        except (ValueError, SourceError) as exc:
            errors.append(f"{_text(node, 'a:id') or 'an entry without id'}: {exc}")
    return FeedPage(entries=entries, total=total, start=start, errors=errors)
