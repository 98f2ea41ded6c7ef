"""Writing one post's outputs from the same data: Hexo post (+ figure folder), plain Markdown with Hugo or
Jekyll front matter, JSON, the post's citations (BibTeX, RIS, CSL-JSON). Every file is written atomically. The
format "feed" is not one post's: the feeds accumulate across posts (``paperbrief.render.feeds``, written by the
run's publish stage from the store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from paperbrief.fsutil import atomic_write_text, safe_join
from paperbrief.records import Post
from paperbrief.render.citations import collection_citations
from paperbrief.render.escape import clean_model
from paperbrief.render.hexo import front_matter, post_filename, render_post

__all__ = ["write_outputs", "post_json", "OutputTargets"]


@dataclass(frozen=True)
class OutputTargets:
    """Where a post's files go and in which formats."""

    posts_dir: Path  # the Hexo post and its figure folder
    out_dir: Path  # markdown/, hugo/, jekyll/, json/, feeds/, citations/ below it
    author: str
    formats: tuple[str, ...]


def post_json(post: Post) -> str:
    data = clean_model(post).model_dump(mode="json")
    for section in ("papers", "updated", "listed"):
        for paper in data[section]:
            if paper.get("extraction"):
                paper["extraction"].pop("text", None)  # PDF body text is large and not the post's data
                paper["extraction"].pop("text_pages", None)
            analysis = (paper.get("outcome") or {}).get("analysis") or {}
            # each number of the prose with the paper's sentence that states it: {number, quote, page, field}
            paper["evidence"] = analysis.get("evidence", [])
            # the paper's own result sentence shown in place of results left out: {number, quote, page, field}
            paper["results_quote"] = analysis.get("results_quote")
    return json.dumps(data, ensure_ascii=False, indent=1)


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
    if "citations" in formats:  # every paper of the post, listed-only ones included
        for ext, text in collection_citations(post.all_papers).items():
            written.append(atomic_write_text(safe_join(targets.out_dir, "citations", f"{name}.{ext}"), text))
    return written[0] if written else targets.posts_dir / f"{name}.md"
