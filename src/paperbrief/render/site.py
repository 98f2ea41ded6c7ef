"""The static site: every digest in the store as HTML — an index with client-side search, one page per topic
(its tag), one page per paper, the topics' Atom feeds. Jinja autoescaping: no text from a paper or the LLM
lands as raw HTML."""

from __future__ import annotations

import errno
import functools
import http.server
import json
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from paperbrief.errors import PaperbriefError
from paperbrief.fsutil import atomic_write_text, safe_join, safe_name
from paperbrief.records import PaperDigest, Post
from paperbrief.render.escape import clean_model, one_line
from paperbrief.render.hexo import LABELS, paper_context
from paperbrief.render.outputs import render_feed

__all__ = ["build_site", "serve_site", "SiteServer", "SiteSource", "SiteTopic", "PortInUse"]


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

_env = jinja2.Environment(loader=jinja2.PackageLoader("paperbrief.render", "site_templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined)
_SITE_LABELS = {"zh": dict(search="搜索标题、作者、关键词…", papers="篇论文", all="全部论文", keep="收藏到本主题文库",
                           kept="已收藏", keep_manual="静态站点无法写入；请运行："),
                "en": dict(search="Search titles, authors, keywords…", papers="papers", all="All papers",
                           keep="Keep in this topic's library", kept="Kept",
                           keep_manual="A static site cannot record it; run:")}


def _paper_view(topic: str, topic_slug: str, day: str, d: PaperDigest, language: str) -> dict:
    L = LABELS[language]
    view = paper_context(d, L, language, md=str, h=str)
    slug = safe_name(d.entry.versioned_id.replace("/", "_"))
    a = d.outcome.analysis if d.outcome else None
    keywords = " ".join(a.keywords) if a else ""
    analysed = d.status.value in ("analysed", "failed")
    view.update(slug=slug, topic=topic, topic_slug=topic_slug, date=day, analysed=analysed, score=d.score,
                arxiv_id=d.entry.arxiv_id,
                listed_note=L["also_new_intro"] if d.status.value == "listed" else L["update_note"].format(
                    version=d.entry.version, previous=d.previous_version or d.entry.version - 1),
                figures=[dict(f, src=f"papers/{slug}/{f['src']}") for f in view["figures"]],
                banner=L["banner"].format(model=d.outcome.model if d.outcome else "-").replace(">", "").strip(),
                search_text=re.sub(r"\s+", " ", " ".join([d.entry.title, ", ".join(d.entry.author_names), keywords,
                                                          view["summary"] if analysed else "", topic,
                                                          d.entry.arxiv_id])).lower())
    return view


def build_site(source: SiteSource) -> Path:
    """Write the site into ``source.site_dir``; returns the index page."""
    rows = [(topic_slug, day, clean_model(d)) for topic_slug, day, d in source.papers]
    names = {t.slug: one_line(t.name) for t in source.topics}
    langs = {t.slug: t.language for t in source.topics}
    site = source.site_dir
    site.mkdir(parents=True, exist_ok=True)
    language = source.topics[0].language if source.topics else "zh"
    papers, seen = [], set()
    by_topic: dict[str, list[dict]] = {}
    feed_items: dict[str, list[tuple[str, PaperDigest]]] = {}  # topic -> (day, digest), newest first
    for topic_slug, day, d in rows:
        lang = langs.get(topic_slug, language)
        view = _paper_view(names.get(topic_slug, topic_slug), topic_slug, day, d, lang)
        feed_items.setdefault(topic_slug, []).append((day, d))
        by_topic.setdefault(topic_slug, []).append(view)
        if view["slug"] in seen:
            continue
        seen.add(view["slug"])
        papers.append(view)
        _copy_figures(safe_join(source.posts_dir, f"{day}-{topic_slug}"), d, safe_join(site, "papers", view["slug"]))
        atomic_write_text(safe_join(site, "papers", f"{view['slug']}.html"), _page("paper.html.j2", lang, root="../",
                          title=d.entry.title, p=view, topics=_topics(by_topic, names)))
    topics = _topics(by_topic, names)
    for topic_slug, views in by_topic.items():
        atomic_write_text(safe_join(site, "topics", f"{safe_name(topic_slug)}.html"), _page(
            "list.html.j2", langs.get(topic_slug, language), root="../", title=names.get(topic_slug, topic_slug),
            papers=views, topics=topics))
    for topic_slug, items in feed_items.items():  # one feed per topic, every post's papers in it
        post = Post(topic=names.get(topic_slug, topic_slug), date=items[0][0], papers=[d for _, d in items],
                    model="-", slug=topic_slug)
        atomic_write_text(safe_join(site, "feeds", f"{safe_name(topic_slug)}.xml"),
                          render_feed(post, author=source.author))
    shutil.copyfile(Path(__file__).parent / "site_templates" / "style.css", site / "style.css")
    index = site / "index.html"
    atomic_write_text(index, _page("list.html.j2", language, root="", title=_SITE_LABELS[language]["all"],
                                   papers=papers, topics=topics))
    return index


def _topics(by_topic: dict, names: dict) -> list[tuple[str, str]]:
    return [(slug, names.get(slug, slug)) for slug in sorted(by_topic)]


def _page(template: str, language: str, *, root: str, topics, **ctx) -> str:
    L = {**LABELS[language], **_SITE_LABELS[language]}
    return _env.get_template(template).render(lang="zh-CN" if language == "zh" else "en", root=root, L=L,
                                              topics=topics, feeds=topics, footer="paperbrief", **ctx)


def _copy_figures(src_dir: Path, d: PaperDigest, target: Path) -> None:
    for f in d.figures:
        if not f.image:
            continue
        src = safe_join(src_dir, f.image)  # a figure name from the record never reads or writes elsewhere
        if src.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, safe_join(target, f.image))


class SiteServer:
    """Serve a built site on 127.0.0.1 (an ephemeral port with ``port=0``) in a background thread. With
    ``on_like(topic_slug, arxiv_id) -> message`` the paper pages' "keep" button adds the paper to the topic's
    library (``POST /api/like``); a failure in it answers 400 with its message."""

    def __init__(self, root: Path, port: int = 0, on_like=None):
        handler = functools.partial(_Handler, directory=str(root))
        try:
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(f"Port {port} on 127.0.0.1 is in use; pass another with --port.") from None
            raise
        self.httpd.on_like = on_like
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class PortInUse(PaperbriefError):
    exit_code = 2


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        on_like = getattr(self.server, "on_like", None)
        if self.path.split("?")[0].rstrip("/").endswith("/api/like") is False or on_like is None:
            self._json(404, {"message": "not found"})
            return
        try:
            size = min(int(self.headers.get("Content-Length", 0)), 10_000)
            body = json.loads(self.rfile.read(size) or b"{}")
            message = on_like(str(body.get("topic", "")), str(body.get("id", "")))
        except (ValueError, PaperbriefError) as exc:
            self._json(400, {"message": str(exc)})
            return
        self._json(200, {"message": message})


def serve_site(root: Path, port: int = 8000, on_like=None) -> None:  # pragma: no cover - interactive
    server = SiteServer(root, port, on_like=on_like)
    print(f"serving {root} on {server.url} (Ctrl-C to stop)")
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
