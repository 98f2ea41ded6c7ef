"""Escaping paper text (untrusted) for the places it lands: Markdown, HTML inside Markdown, YAML is done by
PyYAML. Nunjucks tags are disabled in Hexo posts by front matter, and braces are escaped as well.

Before any of that, every output (Hexo/Markdown/Hugo/Jekyll, JSON, Atom, the site) gets the same cleaned text
(``clean_text`` / ``clean_model``): control characters (C0 except tab and newline, DEL, C1), Unicode format
characters (bidi embeddings, overrides, isolates and marks, zero-width space/joiners, word joiner, BOM, soft
hyphen, tag characters: Unicode category Cf), lone surrogates and the non-characters U+FFFE/U+FFFF are
removed; CR / CRLF, U+2028 and U+2029 become a newline and vertical tab, form feed and the information
separators a space. What is left is printable in YAML and allowed in XML 1.0."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

__all__ = ["md_escape", "html_escape", "one_line", "clean_text", "clean_model", "safe_url"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~!$])")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}
# Unicode category Cf (format characters) as of Unicode 15, C0/C1 controls but \t \n, surrogates, U+FFFE/F
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")
_SPACES = re.compile("[\x0b\x0c\x1c-\x1f\x85]")


def clean_text(text: str | None) -> str:
    """Paper or LLM text without invisible or control characters (see the module's doc)."""
    if not text:
        return text or ""
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    return _INVISIBLE.sub("", text)


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _clean_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clean_value(v) for v in value)
    return value


def clean_model(model):
    """A copy of a record (a Post, a PaperDigest) with every string in it passed through ``clean_text``."""
    return type(model).model_validate(_clean_value(model.model_dump(mode="python")))


def safe_url(url: str | None) -> str:
    """An http(s) or file URL with every character that could end a Markdown link or an HTML attribute
    percent-encoded; anything else (``javascript:``, ``data:``, a relative path) becomes ""."""
    url = clean_text(url).strip()
    if not re.match(r"(?:https?|file)://", url, re.I):
        return ""
    return quote(url, safe=":/?#@!$&*+,;=%~")


def one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", clean_text(text)).strip()


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
    # a line that starts like a list item, a heading underline or a rule would change the structure
    s = re.sub(r"^(\d+)([.)])(\s|$)", r"\1\\\2\3", s)
    s = re.sub(r"^([+=-])", r"\\\1", s)
    return s
