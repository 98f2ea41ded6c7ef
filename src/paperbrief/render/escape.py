"""Escaping paper text (untrusted) for the places it lands: Markdown, HTML inside Markdown, YAML is done by
PyYAML. Nunjucks tags are disabled in Hexo posts by front matter, and braces are escaped as well."""

from __future__ import annotations

import html
import re

__all__ = ["md_escape", "html_escape", "one_line"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~!$])")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}


def one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def html_escape(text: str | None) -> str:
    """For text placed inside HTML elements of the post (the <ol> analysis, captions)."""
    out = html.escape(one_line(text), quote=True)
    for ch, entity in (("{", "&#123;"), ("}", "&#125;"), ("$", "&#36;"), ("[", "&#91;"), ("]", "&#93;"),
                       ("*", "&#42;"), ("_", "&#95;"), ("`", "&#96;")):
        out = out.replace(ch, entity)
    return out


def md_escape(text: str | None) -> str:
    """For text placed in Markdown (titles, abstract, takeaways): no HTML, no emphasis, no links, no math
    from the paper's text; ``&`` becomes an entity so no entity can be forged."""
    s = one_line(text).replace("&", "&amp;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = re.sub(r"[<>{}]", lambda m: _ENTITIES[m.group(0)], s)
    # a line that starts like a list item or heading would change the structure
    s = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", s)
    s = re.sub(r"^([+-])(\s)", r"\\\1\2", s)
    return s
