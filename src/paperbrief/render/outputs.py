"""Writing one post's outputs from the same data: Hexo post (+ figure folder), plain Markdown with Hugo or
Jekyll front matter, JSON, an Atom feed of the post, the post's citations (BibTeX, RIS, CSL-JSON). Every file is
written atomically. The feeds that accumulate across posts come from ``paperbrief.render.feeds``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml
from lxml import etree

from paperbrief.fsutil import atomic_write_text, safe_join, safe_name
from paperbrief.records import Post
from paperbrief.render.citations import collection_citations
from paperbrief.render.escape import clean_model, one_line
from paperbrief.render.hexo import front_matter, post_filename, render_post

__all__ = ["write_outputs", "render_feed", "post_json", "OutputTargets"]


@dataclass(frozen=True)
class OutputTargets:
    """Where a post's files go and in which formats."""

    posts_dir: Path  # the Hexo post and its figure folder
    out_dir: Path  # markdown/, hugo/, jekyll/, json/, feeds/, citations/ below it
    author: str
    formats: tuple[str, ...]

ATOM = "http://www.w3.org/2005/Atom"


def post_json(post: Post) -> str:
    data = clean_model(post).model_dump(mode="json")
    for section in ("papers", "updated", "listed"):
        for paper in data[section]:
            if paper.get("extraction"):
                paper["extraction"].pop("text", None)  # PDF body text is large and not the post's data
    return json.dumps(data, ensure_ascii=False, indent=1)


def render_feed(post: Post, *, author: str) -> str:
    post = clean_model(post)
    author = one_line(author)
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    etree.SubElement(feed, f"{{{ATOM}}}title").text = f"paperbrief: {one_line(post.topic)}"
    etree.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:paperbrief:{post.slug}"
    stamp = post.announced_at or datetime.now(timezone.utc)  # the announcement: a rewritten feed is the same file
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = stamp.astimezone(timezone.utc).isoformat(timespec="seconds")
    a = etree.SubElement(feed, f"{{{ATOM}}}author")
    etree.SubElement(a, f"{{{ATOM}}}name").text = author
    for d in post.all_papers:
        e = etree.SubElement(feed, f"{{{ATOM}}}entry")
        etree.SubElement(e, f"{{{ATOM}}}id").text = d.entry.abs_url
        etree.SubElement(e, f"{{{ATOM}}}title").text = d.entry.title
        etree.SubElement(e, f"{{{ATOM}}}updated").text = d.entry.updated.isoformat()
        etree.SubElement(e, f"{{{ATOM}}}link", href=d.entry.abs_url)
        for name in d.entry.author_names:
            au = etree.SubElement(e, f"{{{ATOM}}}author")
            etree.SubElement(au, f"{{{ATOM}}}name").text = name
        summary = ""
        if d.outcome and "summary" not in d.outcome.analysis.unavailable:
            summary = d.outcome.analysis.summary
        etree.SubElement(e, f"{{{ATOM}}}summary").text = summary or d.entry.abstract
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True).decode("utf-8")


def _plain_markdown(post: Post, hexo_text: str, flavour: str, author: str) -> str:
    """Hugo / Jekyll: the same body, their front matter."""
    body = hexo_text.split("\n---\n", 1)[1] if hexo_text.startswith("---\n") else hexo_text
    fm = front_matter(post, author=author)
    topic = fm["title"]
    if flavour == "hugo":
        meta = {"title": f"{topic} {post.date}", "date": post.date, "tags": fm["tags"],
                "categories": ["Paper"], "description": fm["description"], "draft": False}
    elif flavour == "jekyll":
        meta = {"layout": "post", "title": f"{topic} {post.date}", "date": post.date,
                "categories": ["Paper"], "tags": fm["tags"], "description": fm["description"]}
    else:
        meta = {"title": f"{topic} {post.date}", "date": post.date}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000) + "---\n" + body


def write_outputs(post: Post, targets: OutputTargets) -> Path:
    """Writes every requested format; returns the Hexo post path (or the first written file)."""
    post = clean_model(post)
    name = post_filename(post)
    author, formats = targets.author, targets.formats
    hexo_text = render_post(post, author=author)
    written: list[Path] = []
    if "hexo" in formats:
        written.append(atomic_write_text(safe_join(targets.posts_dir, f"{name}.md"), hexo_text))
    for flavour in ("markdown", "hugo", "jekyll"):
        if flavour in formats:
            target = safe_join(targets.out_dir, flavour, f"{name}.md")
            written.append(atomic_write_text(target, _plain_markdown(post, hexo_text, flavour, author)))
    if "json" in formats:
        written.append(atomic_write_text(safe_join(targets.out_dir, "json", f"{name}.json"), post_json(post)))
    if "feed" in formats:
        written.append(atomic_write_text(safe_join(targets.out_dir, "feeds", f"{safe_name(post.slug)}.xml"),
                                         render_feed(post, author=author)))
    if "citations" in formats:  # every paper of the post, listed-only ones included
        for ext, text in collection_citations(post.all_papers).items():
            written.append(atomic_write_text(safe_join(targets.out_dir, "citations", f"{name}.{ext}"), text))
    return written[0] if written else targets.posts_dir / f"{name}.md"
