"""What the site's pages show, computed from the store's rows: one view per paper page, the posts (a day of a
topic), the tags (topic, arXiv category, keyword) and the search documents. No HTML here: the templates
autoescape every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperbrief.fsutil import safe_name
from paperbrief.records import PaperDigest
from paperbrief.render.hexo import LABELS, paper_context
from paperbrief.render.site_search import SearchDoc, fold

__all__ = ["SiteModel", "PostView", "TagView", "build_model", "SITE_LABELS", "labels"]

SITE_LABELS = {
    "zh": dict(search="搜索标题、作者、单位、摘要、关键词…", papers="篇论文", all="全部论文", keep="收藏到本主题文库",
               kept="已收藏", keep_manual="静态站点无法写入；请运行：", home="最新", archive="归档", tags="标签",
               latest="各主题最新一期", prev="← 前一期", next="后一期 →", versions="见过的版本", appearances="出现于",
               categories="arXiv 分类", cite="引用", feeds="订阅", topic="主题", category="分类", keyword="关键词",
               overview="内容概述", arxiv_abstract="arXiv 原文", post_cite="本期引用", results="条结果",
               no_keywords="无", listed="仅列出", figures="论文截图"),
    "en": dict(search="Search titles, authors, affiliations, abstracts, keywords…", papers="papers", all="All papers",
               keep="Keep in this topic's library", kept="Kept", keep_manual="A static site cannot record it; run:",
               home="Latest", archive="Archive", tags="Tags", latest="Latest digest of each topic",
               prev="← Previous", next="Next →", versions="Versions seen", appearances="Appeared in",
               categories="arXiv categories", cite="Cite", feeds="Feeds", topic="Topic", category="Category",
               keyword="Keyword", overview="Overview", arxiv_abstract="Abstract (arXiv)", post_cite="Cite this digest",
               results="results", no_keywords="none", listed="listed"),
}


def labels(language: str) -> dict:
    """The post's labels with the site's on top. The site shows one "摘要" heading (the summary): the
    analysis' abstract parts and arXiv's abstract get their own names here (the Hexo post keeps the seed's)."""
    return {**LABELS[language], **SITE_LABELS[language]}


@dataclass
class PostView:
    topic_slug: str
    topic: str
    date: str
    language: str
    papers: list[dict] = field(default_factory=list)  # paper views, in the post's order
    prev: str | None = None  # the topic's previous post's date
    next: str | None = None

    @property
    def slug(self) -> str:
        return safe_name(f"{self.date}-{self.topic_slug}")


@dataclass
class TagView:
    kind: str  # "topic", "category", "keyword"
    name: str
    href: str  # relative to the site root
    papers: list[dict] = field(default_factory=list)  # unique paper views, newest first


@dataclass
class SiteModel:
    pages: dict[str, dict]  # slug -> the paper page's view (its newest appearance)
    digests: dict[str, PaperDigest]  # slug -> digest of that appearance
    posts: list[PostView]  # newest first
    tags: dict[str, TagView]  # href -> tag
    docs: list[SearchDoc]  # one per page, newest first


def _slug(d: PaperDigest) -> str:
    return safe_name(d.entry.versioned_id.replace("/", "_"))


def tag_slug(text: str) -> str:
    """A keyword's file name: folded, runs of anything not a letter, digit or dot become "-"."""
    s = re.sub(r"[^\w.]+", "-", fold(text), flags=re.UNICODE).strip("-.")[:80]
    return s if s and s not in (".", "..") else ""


def _keywords(d: PaperDigest) -> list[str]:
    a = d.outcome.analysis if d.outcome else None
    if a is None or "keywords" in a.unavailable or d.status.value not in ("analysed", "failed"):
        return []
    return [k.strip() for k in a.keywords if k.strip()]


def _paper_view(topic: str, topic_slug: str, day: str, d: PaperDigest, language: str) -> dict:
    L = labels(language)
    view = paper_context(d, L, language, md=str, h=str)
    slug = _slug(d)
    analysed = d.status.value in ("analysed", "failed") and d.outcome is not None
    keywords = _keywords(d)
    blurb, blurb_is_abstract = _blurb(d, view, analysed)
    view.update(
        blurb=blurb, blurb_is_abstract=blurb_is_abstract,
        slug=slug, topic=topic, topic_slug=topic_slug, date=day, analysed=analysed, score=d.score,
        arxiv_id=d.entry.arxiv_id, language=language, status=d.status.value,
        keyword_tags=[(k, f"tags/kw-{tag_slug(k)}.html") for k in keywords if tag_slug(k)],
        category_tags=[(c, f"tags/cat-{safe_name(c)}.html") for c in d.entry.categories if _plain(c)],
        listed_note=L["also_new_intro"] if d.status.value == "listed" else L["update_note"].format(
            version=d.entry.version, previous=d.previous_version or d.entry.version - 1),
        figures=[dict(f, src=f"papers/{slug}/{f['src']}") for f in view["figures"] if f["src"]],
        banner=L["banner"].format(model=d.outcome.model if d.outcome else "-").replace(">", "").strip())
    return view


def _first_sentence(text: str, limit: int = 240) -> str:
    """The first sentence of arXiv's abstract, on one line, cut at a word near ``limit``."""
    text = re.sub(r"\s+", " ", text).strip()
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z(\[])", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _blurb(d: PaperDigest, view: dict, analysed: bool) -> tuple[str, bool]:
    """The line a list shows under a paper: the summary when it passed the checks, else the first sentence of
    arXiv's abstract (a fact, marked as arXiv's), never the left-out note. (text, whether it is arXiv's)."""
    a = d.outcome.analysis if d.outcome else None
    if analysed and a is not None and a.summary.strip() and "summary" not in a.unavailable:
        return view["summary"], False
    return _first_sentence(d.entry.abstract), True


def _plain(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9.\-]+", name)) and name not in (".", "..")


def _search_text(d: PaperDigest, view: dict, topics: list[str]) -> str:
    e = d.entry
    affiliations = [a for author in e.authors for a in author.affiliations]
    if d.first_author_affiliation:
        affiliations.append(d.first_author_affiliation)
    if d.extraction:
        affiliations += d.extraction.affiliations
    parts = [e.title, " ".join(e.author_names), " ".join(affiliations), e.abstract, " ".join(_keywords(d)),
             " ".join(topics), e.arxiv_id, e.versioned_id, " ".join(e.categories),
             "" if view["blurb_is_abstract"] else view["blurb"]]  # the summary, never a left-out note
    return re.sub(r"\s+", " ", " ".join(parts))


def _authors_short(names: list[str]) -> str:
    return ", ".join(names[:4]) + (" et al." if len(names) > 4 else "")


def build_model(rows: list[tuple[str, str, PaperDigest]], names: dict[str, str], langs: dict[str, str],
                language: str, versions: dict[str, list[tuple[int, str]]]) -> SiteModel:
    """``rows``: (topic slug, post date, digest), newest post first; ``versions``: arXiv id -> every version
    seen (number, date updated)."""
    pages: dict[str, dict] = {}
    digests: dict[str, PaperDigest] = {}
    posts: dict[tuple[str, str], PostView] = {}
    tags: dict[str, TagView] = {}
    appearances: dict[str, list[tuple[str, str, str]]] = {}
    slugs_of: dict[str, set[str]] = {}
    for topic_slug, day, d in rows:
        lang = langs.get(topic_slug, language)
        topic = names.get(topic_slug, topic_slug)
        view = _paper_view(topic, topic_slug, day, d, lang)
        key = (topic_slug, day)
        if key not in posts:
            posts[key] = PostView(topic_slug=topic_slug, topic=topic, date=day, language=lang)
        posts[key].papers.append(view)
        slug = view["slug"]
        appearances.setdefault(slug, []).append((topic, topic_slug, day))
        slugs_of.setdefault(d.entry.arxiv_id, set()).add(slug)
        if slug not in pages:
            pages[slug], digests[slug] = view, d
        page = pages[slug]
        tag_list = [("topic", topic, f"topics/{safe_name(topic_slug)}.html")]
        tag_list += [("category", c, href) for c, href in view["category_tags"]]
        tag_list += [("keyword", k, href) for k, href in view["keyword_tags"]]
        for kind, name, href in tag_list:
            tag = tags.setdefault(href, TagView(kind=kind, name=name, href=href))
            if page not in tag.papers:
                tag.papers.append(page)
    for slug, page in pages.items():
        d = digests[slug]
        page["appearances"] = [dict(topic=t, topic_slug=ts, date=day, post=f"days/{safe_name(f'{day}-{ts}')}.html")
                               for t, ts, day in appearances[slug]]
        seen = {v: when for v, when in versions.get(d.entry.arxiv_id, [])}
        for other in slugs_of[d.entry.arxiv_id]:
            seen.setdefault(pages[other]["version"], "")
        seen.setdefault(d.entry.version, d.entry.updated.date().isoformat())
        page["versions"] = [dict(version=v, date=(when or "")[:10],
                                 href=f"papers/{d.entry.arxiv_id.replace('/', '_')}v{v}.html"
                                 if f"{d.entry.arxiv_id.replace('/', '_')}v{v}" in pages else None,
                                 url=f"https://arxiv.org/abs/{d.entry.arxiv_id}v{v}")
                            for v, when in sorted(seen.items())]
    ordered = sorted(posts.values(), key=lambda p: (p.date, p.topic_slug), reverse=True)
    by_topic: dict[str, list[PostView]] = {}
    for p in ordered:
        by_topic.setdefault(p.topic_slug, []).append(p)
    for chain in by_topic.values():  # newest first
        for i, p in enumerate(chain):
            p.next = chain[i - 1].date if i > 0 else None
            p.prev = chain[i + 1].date if i + 1 < len(chain) else None
    docs = []
    for slug, page in pages.items():
        topics = sorted({a["topic"] for a in page["appearances"]})
        docs.append(SearchDoc(slug=slug, title=digests[slug].entry.title,
                              authors=_authors_short(digests[slug].entry.author_names),
                              date=page["date"], topic=", ".join(topics),
                              text=_search_text(digests[slug], page, topics)))
    return SiteModel(pages=pages, digests=digests, posts=ordered, tags=tags, docs=docs)
