"""Renderers: one post's data -> Hexo post, plain Markdown (Hugo/Jekyll front matter), JSON, Atom feed."""

from paperbrief.render.hexo import render_post, post_filename, LABELS
from paperbrief.render.escape import md_escape, html_escape

__all__ = ["render_post", "post_filename", "LABELS", "md_escape", "html_escape"]
