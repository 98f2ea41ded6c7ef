"""The static site: every digest in the store as HTML that opens from disk (no server needed) — a home page
with the latest digest of each topic, an archive of one page per day and topic (previous/next), one page per
paper, tag pages per topic, arXiv category and keyword, client-side search over a prebuilt index
(``site_search``), feeds and citations (``feeds``, ``citations``), math by the KaTeX shipped in
``site_templates/static/katex``. Jinja autoescaping: no text from a paper or the LLM lands as raw HTML; the
pages' scripts are files of the site (a Content-Security-Policy allows no other)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from paperbrief.fsutil import atomic_write_text, safe_join, safe_name
from paperbrief.records import PaperDigest
from paperbrief.render import citations as _citations
from paperbrief.render import feeds as _feeds
from paperbrief.render.escape import clean_model, one_line
from paperbrief.render.site_search import write_index
from paperbrief.render.site_server import PortInUse, SiteServer, serve_site
from paperbrief.render.site_views import SiteModel, build_model, labels

__all__ = ["build_site", "serve_site", "SiteServer", "SiteSource", "SiteTopic", "PortInUse", "SiteReport"]

STATIC = Path(__file__).parent / "site_templates" / "static"


@dataclass(frozen=True)
class SiteTopic:
    slug: str
    name: str
    language: str = "zh"


@dataclass
class SiteSource:
    """What the site is built from: every paper of every written post, and where their figures are."""

    site_dir: Path
    posts_dir: Path  # figures live next to each post: <posts_dir>/<date>-<topic slug>/
    author: str
    topics: list[SiteTopic]
    papers: list[tuple[str, str, PaperDigest]] = field(default_factory=list)  # (topic slug, date, digest), newest first
    versions: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # arXiv id -> (version, updated)


@dataclass
class SiteReport:
    """What the last ``build_site`` wrote (kept on the function for the CLI and the tests)."""

    pages: int = 0
    search_bytes: int = 0
    feeds: list[str] = field(default_factory=list)
    citations: int = 0


_env = jinja2.Environment(loader=jinja2.PackageLoader("paperbrief.render", "site_templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined)


def build_site(source: SiteSource) -> Path:
    """Write the site into ``source.site_dir``; returns the index page."""
    rows = [(topic_slug, day, clean_model(d)) for topic_slug, day, d in source.papers]
    names = {t.slug: one_line(t.name) for t in source.topics}
    langs = {t.slug: t.language for t in source.topics}
    language = source.topics[0].language if source.topics else "zh"
    site = Path(source.site_dir)
    site.mkdir(parents=True, exist_ok=True)
    model = build_model(rows, names, langs, language, source.versions)
    report = SiteReport()
    _copy_static(site)
    feeds = _write_feeds(site, source, rows, names, report)
    cites = _write_citations(site, model, report)
    topics = sorted({(p.topic_slug, p.topic) for p in model.posts})
    page = _Pages(site, language, topics, feeds, report)

    for slug, view in model.pages.items():
        post_dir = safe_join(source.posts_dir, f"{view['date']}-{view['topic_slug']}")
        _copy_figures(post_dir, model.digests[slug], safe_join(site, "papers", slug))
        page.write(f"papers/{slug}.html", "paper.html.j2", view["language"], title=model.digests[slug].entry.title,
                   p=view, cites=cites if slug in cites.keys_written else [])
    for post in model.posts:
        page.write(f"days/{post.slug}.html", "day.html.j2", post.language, title=f"{post.topic} · {post.date}",
                   post=post, cites=cites if post.slug in cites.keys_written else [])
    days: dict[str, list] = {}
    for post in model.posts:
        days.setdefault(post.date, []).append(post)
    page.write("archive.html", "archive.html.j2", language, title=labels(language)["archive"], days=list(days.items()))
    L = labels(language)
    kinds = {"topic": L["topic"], "category": L["category"], "keyword": L["keyword"]}
    for href, tag in model.tags.items():
        page.write(href, "tag.html.j2", language, title=tag.name, tag=tag, kind_label=kinds[tag.kind])
    groups = [(kinds[k], sorted((t for t in model.tags.values() if t.kind == k), key=lambda t: t.name.lower()))
              for k in ("topic", "category", "keyword")]
    page.write("tags.html", "tags.html.j2", language, title=L["tags"], groups=groups)
    report.search_bytes = write_index(site, model.docs)
    latest, seen = [], set()
    for post in model.posts:  # newest first: the first post of each topic is its latest
        if post.topic_slug not in seen:
            seen.add(post.topic_slug)
            latest.append(post)
    latest.sort(key=lambda p: p.topic)
    index = page.write("index.html", "home.html.j2", language, title=L["home"], latest=latest,
                       total=len(model.pages))
    build_site.last_report = report  # type: ignore[attr-defined]
    return index


class _Citations(list):
    """The formats written, as (extension, name) for the templates, and which slugs have files."""

    keys_written: set[str]


def _write_citations(site: Path, model: SiteModel, report: SiteReport) -> _Citations:
    written = _Citations()
    written.keys_written = set()
    per_paper = {slug: _citations.paper_citations(d) for slug, d in model.digests.items()}
    per_post = {post.slug: _citations.collection_citations([model.digests[p["slug"]] for p in post.papers])
                for post in model.posts}
    exts = set()
    for slug, files in {**per_paper, **per_post}.items():
        for ext, text in files.items():
            if ext in _citations.FORMATS:
                atomic_write_text(safe_join(site, "cite", f"{slug}.{ext}"), text)
                exts.add(ext)
                report.citations += 1
        written.keys_written.add(slug)
    written.extend((ext, name) for ext, name in _citations.FORMATS.items() if ext in exts)
    return written


def _write_feeds(site: Path, source: SiteSource, rows, names: dict, report: SiteReport) -> list[tuple[str, str, str]]:
    topics = [_feeds.FeedTopic(slug=t.slug, name=names.get(t.slug, t.slug), language=t.language)
              for t in source.topics]
    files = _feeds.build_feeds(rows, topics, author=source.author)
    links = []
    for name, text in sorted(files.items()):
        atomic_write_text(safe_join(site, "feeds", safe_name(name)), text)
        report.feeds.append(name)
        stem, _, ext = name.rpartition(".")
        title = "all" if stem == "all" else names.get(stem, stem)
        kind = "application/atom+xml" if ext == "xml" else "application/feed+json"
        links.append((f"{title} ({'Atom' if ext == 'xml' else 'JSON'})", f"feeds/{name}", kind))
    return links


class _Pages:
    def __init__(self, site: Path, language: str, topics, feeds, report: SiteReport):
        self.site, self.language, self.topics, self.feeds, self.report = site, language, topics, feeds, report

    def write(self, rel: str, template: str, language: str, **ctx) -> Path:
        depth = rel.count("/")
        html = _env.get_template(template).render(
            lang="zh-CN" if language == "zh" else "en", root="../" * depth, L=labels(language), topics=self.topics,
            feeds=self.feeds, footer="paperbrief", **ctx)
        self.report.pages += 1
        return atomic_write_text(safe_join(self.site, rel), html)


def _copy_static(site: Path) -> None:
    target = site / "static"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(STATIC, target)
    old = site / "style.css"  # where earlier builds put it
    if old.is_file():
        old.unlink()


def _copy_figures(src_dir: Path, d: PaperDigest, target: Path) -> None:
    for f in d.figures:
        if not f.image:
            continue
        src = safe_join(src_dir, f.image)  # a figure name from the record never reads or writes elsewhere
        if src.is_file():
            dst = safe_join(target, f.image)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
