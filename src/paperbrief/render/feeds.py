"""Feeds that accumulate: one Atom feed and one JSON Feed 1.1 per topic and one of each for all topics, each with
the last N papers across every written post (issue 19).

An entry is one paper in one topic. Its id, ``urn:paperbrief:<topic slug>:<arXiv id>``, depends on neither the
post nor the build time, so a re-run or a rebuild never shows a reader an old paper as new. Its ``updated`` is
arXiv's time stamp of the version shown: it changes when a new version is published (and shown in a later
post), never with the build. A feed's own ``updated`` is its newest entry's. The same store gives the same
bytes. Atom is written with ``feedgen``; JSON Feed (which feedgen does not write) with ``json``, from the same
``FeedItem`` records. Every text goes through ``clean_model`` / ``one_line`` first, so no control character
reaches the XML, and HTML content is escaped twice as it must be (once as HTML, once as XML text by lxml)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from feedgen.feed import FeedGenerator

from paperbrief.fsutil import atomic_write_text, safe_join, safe_name
from paperbrief.records import PaperDigest
from paperbrief.render.escape import clean_model, one_line, safe_url
from paperbrief.render.hexo import LABELS, shown_code_urls

__all__ = ["FeedTopic", "FeedItem", "build_feeds", "write_feeds", "feed_items", "entry_id", "ALL_FEEDS"]

ALL_FEEDS = "all"  # the file stem of the feeds of every topic: all.xml, all.json
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ARXIV_SCHEME = "http://arxiv.org/schemas/atom"
TOPIC_SCHEME = "urn:paperbrief:topic"
_NO_ENTRIES = datetime(1970, 1, 1, tzinfo=timezone.utc)  # an empty feed's `updated`: fixed, never the build time


@dataclass(frozen=True)
class FeedTopic:
    slug: str
    name: str
    language: str = "zh"  # "zh" or "en": the labels of the entries' content


@dataclass(frozen=True)
class FeedItem:
    """One paper of one topic, as every feed format shows it."""

    id: str
    topic_slug: str
    topic_name: str
    arxiv_id: str
    title: str
    url: str  # the arXiv abstract page of the version shown ("" when unusable)
    authors: tuple[str, ...]
    published: datetime  # arXiv: the first version
    updated: datetime  # arXiv: the version shown
    summary: str  # plain text, one line: the LLM's summary, else the abstract
    content_html: str
    categories: tuple[str, ...]


def entry_id(topic_slug: str, arxiv_id: str) -> str:
    """The entry's id in every feed and build: the topic and the paper, nothing else."""
    return f"urn:paperbrief:{topic_slug}:{arxiv_id}"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _rfc3339(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds")


def _analysis_text(d: PaperDigest) -> tuple[str, list[str]]:
    """The LLM's one-sentence summary and takeaways, each only when it passed the checks."""
    if d.outcome is None:
        return "", []
    a = d.outcome.analysis
    summary = "" if "summary" in a.unavailable else one_line(a.summary)
    takeaways = [] if "takeaways" in a.unavailable else [one_line(t) for t in a.takeaways if one_line(t)]
    return summary, takeaways


def _content_html(d: PaperDigest, language: str) -> str:
    L = LABELS.get(language, LABELS["en"])
    e = html.escape
    summary, takeaways = _analysis_text(d)
    parts = [f"<p><strong>{e(L['authors'])}</strong>{e(L['colon'])}{e(', '.join(one_line(n) for n in d.entry.author_names))}</p>"]
    if summary:
        parts.append(f"<p><strong>{e(L['summary'])}</strong>{e(L['colon'])}{e(summary)}</p>")
    if takeaways:
        items = "".join(f"<li>{e(t)}</li>" for t in takeaways)
        parts.append(f"<p><strong>{e(L['takeaways'])}</strong></p><ul>{items}</ul>")
    if not summary and not takeaways:
        parts.append(f"<p><strong>{e(L['abstract'])}</strong>{e(L['colon'])}{e(one_line(d.entry.abstract))}</p>")
    links = [(label, safe_url(url)) for label, url in (("arXiv", d.entry.abs_url), ("PDF", d.entry.pdf_url))]
    links += [(L["code_short"], u) for u in shown_code_urls(d)]
    anchors = [f'<a href="{e(url, quote=True)}">{e(label)}</a>' for label, url in links if url]
    if anchors:
        parts.append("<p>" + " · ".join(anchors) + "</p>")
    return "\n".join(parts)


def _item(topic: FeedTopic, d: PaperDigest) -> FeedItem:
    entry = d.entry
    summary, _ = _analysis_text(d)
    cats = tuple(dict.fromkeys(one_line(c) for c in [entry.primary_category or "", *entry.categories] if one_line(c)))
    return FeedItem(id=entry_id(topic.slug, entry.arxiv_id), topic_slug=topic.slug, topic_name=one_line(topic.name),
                    arxiv_id=entry.arxiv_id, title=one_line(entry.title) or entry.arxiv_id,
                    url=safe_url(entry.abs_url), authors=tuple(n for n in map(one_line, entry.author_names) if n),
                    published=_utc(entry.published), updated=_utc(max(_utc(entry.updated), _utc(entry.published))),
                    summary=summary or one_line(entry.abstract), content_html=_content_html(d, topic.language),
                    categories=cats)


def _topics(papers: Sequence[tuple[str, str, PaperDigest]], topics: Sequence[FeedTopic]) -> dict[str, FeedTopic]:
    """The configured topics, then any topic of the store no longer configured (named by its slug)."""
    known = {t.slug: t for t in topics}
    for slug, _, _ in papers:
        known.setdefault(slug, FeedTopic(slug=slug, name=slug))
    if ALL_FEEDS in known:
        raise ValueError(f"A topic's slug is {ALL_FEEDS!r}, the name of the feed of all topics: rename the topic.")
    for slug in known:
        safe_name(f"{slug}.xml")
    return known


def feed_items(papers: Sequence[tuple[str, str, PaperDigest]], topics: Sequence[FeedTopic],
               limit: int | None = None) -> list[FeedItem]:
    """One item per topic and paper, from its newest post (the version shown last), newest post first (a post's
    papers in their order, topics by slug on one day, as the store lists them). With ``limit``, only the items
    a feed of that many papers shows (the newest ``limit`` overall and per topic): the rest are never built."""
    known = _topics(papers, topics)
    rows = sorted(papers, key=lambda row: row[1], reverse=True)  # stable: the store's order within a date
    chosen: list[tuple[str, PaperDigest]] = []
    seen: set[tuple[str, str]] = set()
    per_topic: dict[str, int] = {}
    for slug, _, digest in rows:
        if (slug, digest.entry.arxiv_id) in seen:
            continue  # an older post's version of a paper shown again later
        seen.add((slug, digest.entry.arxiv_id))
        per_topic[slug] = per_topic.get(slug, 0) + 1
        if limit is None or len(seen) <= limit or per_topic[slug] <= limit:
            chosen.append((slug, digest))
    # the PDF's text is not shown: it is left out before cleaning (the costly part at 10,000 papers)
    return [_item(known[slug], clean_model(d.model_copy(update={"extraction": None}))) for slug, d in chosen]


@dataclass(frozen=True)
class _FeedMeta:
    stem: str
    title: str
    language: str
    author: str
    feeds_url: str  # the folder's absolute URL, "" when not known
    home_url: str


def _atom(meta: _FeedMeta, items: Sequence[FeedItem]) -> str:
    fg = FeedGenerator()
    fg.id(f"urn:paperbrief:feed:{meta.stem}")
    fg.title(meta.title)
    fg.updated(max((i.updated for i in items), default=_NO_ENTRIES))
    fg.author({"name": meta.author})
    fg.language(meta.language)
    fg.generator("paperbrief")
    if meta.feeds_url:
        fg.link(href=f"{meta.feeds_url}{meta.stem}.xml", rel="self", type="application/atom+xml")
    if meta.home_url:
        fg.link(href=meta.home_url, rel="alternate", type="text/html")
    for item in items:
        fe = fg.add_entry(order="append")
        fe.id(item.id)
        fe.title(item.title)
        fe.updated(item.updated)
        fe.published(item.published)
        if item.authors:
            fe.author([{"name": n} for n in item.authors])
        if item.url:
            fe.link(href=item.url, rel="alternate", type="text/html")
        fe.category([{"term": item.topic_slug, "scheme": TOPIC_SCHEME, "label": item.topic_name}]
                    + [{"term": c, "scheme": ARXIV_SCHEME} for c in item.categories])
        fe.summary(item.summary or item.title)
        fe.content(item.content_html, type="html")
    return fg.atom_str(pretty=True).decode("utf-8")


def _json_feed(meta: _FeedMeta, items: Sequence[FeedItem]) -> str:
    feed: dict[str, object] = {"version": JSON_FEED_VERSION, "title": meta.title}
    if meta.home_url:
        feed["home_page_url"] = meta.home_url
    if meta.feeds_url:
        feed["feed_url"] = f"{meta.feeds_url}{meta.stem}.json"
    feed.update(language=meta.language, authors=[{"name": meta.author}], items=[{
        "id": i.id, **({"url": i.url} if i.url else {}), "title": i.title, "content_html": i.content_html,
        "summary": i.summary, "date_published": _rfc3339(i.published), "date_modified": _rfc3339(i.updated),
        "authors": [{"name": n} for n in i.authors], "tags": [i.topic_name, *i.categories],
    } for i in items])
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def build_feeds(papers: Sequence[tuple[str, str, PaperDigest]], topics: Sequence[FeedTopic], *, author: str,
                limit: int = 50, feeds_url: str = "", home_url: str = "") -> dict[str, str]:
    """Every feed file from ``papers`` ((topic slug, post date, digest), newest post first, as
    ``Store.all_digests`` returns them): ``{"<topic slug>.xml": atom, "<topic slug>.json": json feed,
    "all.xml": …, "all.json": …}``, names relative to the feeds folder. ``limit``: papers per feed, newest
    posts' first. ``feeds_url`` (the feeds folder's absolute URL, ending in "/") and ``home_url`` (the site)
    add the self and home links when given."""
    if limit < 1:
        raise ValueError(f"A feed needs room for at least one paper (limit={limit}).")
    known = _topics(papers, topics)
    items = feed_items(papers, list(known.values()), limit)
    author = one_line(author) or "paperbrief"
    feeds_url, home_url = safe_url(feeds_url), safe_url(home_url)
    languages = {t.language for t in known.values()}
    metas = [(_FeedMeta(ALL_FEEDS, "paperbrief", languages.pop() if len(languages) == 1 else "en", author,
                        feeds_url, home_url), items[:limit])]
    for t in known.values():
        chosen = [i for i in items if i.topic_slug == t.slug][:limit]
        metas.append((_FeedMeta(t.slug, f"paperbrief: {one_line(t.name) or t.slug}", t.language, author, feeds_url,
                                home_url), chosen))
    out: dict[str, str] = {}
    for meta, chosen in metas:
        out[f"{meta.stem}.xml"] = _atom(meta, chosen)
        out[f"{meta.stem}.json"] = _json_feed(meta, chosen)
    return out


def write_feeds(folder: Path, papers: Sequence[tuple[str, str, PaperDigest]], topics: Sequence[FeedTopic], *,
                author: str, limit: int = 50, feeds_url: str = "", home_url: str = "") -> list[Path]:
    """``build_feeds`` written into ``folder`` (atomically, file by file); returns the paths written."""
    files = build_feeds(papers, topics, author=author, limit=limit, feeds_url=feeds_url, home_url=home_url)
    return [atomic_write_text(safe_join(Path(folder), name), text) for name, text in files.items()]
