"""Code and project links (SPEC section 4): github.com, gitlab.com, bitbucket.org, huggingface.co/spaces and
``*.github.io`` URLs in free text, re-joined across line breaks, trailing punctuation removed, a scheme added
where none is printed."""

from __future__ import annotations

import re
from typing import Any, Iterable

__all__ = ["find_code_urls", "find_code_url_spans", "normalise_breaks", "is_code_url", "url_key", "dedupe_urls",
           "merge_code_urls"]

_CH = r"[\w\-.~:/?#@!$&*+,;=%()\[\]]"
_HOST = (r"(?:(?:www\.|gist\.)?github\.com|(?:www\.)?gitlab\.com|(?:www\.)?bitbucket\.org|"
         r"(?:www\.)?huggingface\.co/spaces|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.github\.io)")
_URL = re.compile(r"(?<![\w@.])(?:https?://)?" + _HOST + r"(?![\w-])" + _CH + "*", re.I)
_ANY_URL = re.compile(r"https?://" + _CH + "+", re.I)
_TRAIL = ".,;:!?'\"*>}"
_JOIN_AFTER = ("/", "_", "-", "=", "?", "&", "#", "~", "%", ".")


def _strip_trailing(url: str) -> str:
    while url:
        c = url[-1]
        if c in _TRAIL:
            url = url[:-1]
        elif c == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif c == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def is_code_url(url: str) -> bool:
    """True for a URL on a code host with a path that names something (a user, a repo, a space, a page)."""
    u = re.sub(r"^https?://", "", url.strip(), flags=re.I)
    u = re.sub(r"^www\.", "", u, flags=re.I)
    host, _, path = u.partition("/")
    host = host.lower()
    path = path.strip("/")
    if host.endswith(".github.io"):
        return True
    if host in ("github.com", "gist.github.com", "gitlab.com", "bitbucket.org"):
        return bool(path) and not re.match(r"^(features|about|pricing|login|join|topics|marketplace)\b", path)
    if host == "huggingface.co":
        return path.lower().startswith("spaces/") and len(path.split("/")) >= 2
    return False


def url_key(url: str) -> str:
    """A comparison key: no scheme, no www, lower case, no trailing slash or .git."""
    u = re.sub(r"^https?://", "", (url or "").strip().lower())
    u = re.sub(r"^www\.", "", u)
    u = u.rstrip("/.")
    return u[:-4] if u.endswith(".git") else u


def normalise_breaks(text: str) -> str:
    """Close line breaks and stray spaces inside a scheme or a code-host name (idempotent)."""
    # "https:" / "//github.com/..." and "https://" / "github.com/..."
    text = re.sub(r"(https?:)\s*(//)", r"\1\2", text, flags=re.I)
    text = re.sub(r"(https?://)[ \t]*\n\s*", r"\1", text, flags=re.I)
    # a break inside the host name: "github." / "com/...", "huggingface" / ".co/spaces/..."
    text = re.sub(r"\b(github|gitlab|bitbucket|huggingface)[ \t]*(\.?)[ \t]*(\n?)\s*(\.?)(com|io|org|co)\b",
                  lambda m: f"{m.group(1)}.{m.group(5)}" if (m.group(2) or m.group(4)) else m.group(0),
                  text, flags=re.I)
    # "https://dyn-" / "gs.github.io/..."
    text = re.sub(r"(https?://[\w.-]*-)[ \t]*\n\s*(?=[\w.-]*\.github\.io)", r"\1", text, flags=re.I)
    return text


def find_code_url_spans(text: str) -> list[tuple[str, int, int]]:
    """Every code-host URL in ``text`` as (url with scheme, start, end), in order of appearance; offsets are
    into ``text`` after line breaks inside ``https://`` were closed (the length changes only there)."""
    text = normalise_breaks(text or "")
    out: list[tuple[str, int, int]] = []
    pos = 0
    while True:
        m = _URL.search(text, pos)
        if not m:
            break
        url, end = m.group(0), m.end()
        # a URL that wraps: the line ends inside it and the next line continues it
        while True:
            rest = re.match(r"[ \t]*\n[ \t]*(" + _CH + r"+)", text[end:])
            if not rest:
                break
            nxt = rest.group(1)
            bare = _strip_trailing(url)
            if not _continues(url, bare, nxt):
                break
            url = url + nxt
            end = end + rest.end()
        url = _strip_trailing(url)
        if url and is_code_url(url):
            if not re.match(r"https?://", url, re.I):
                url = "https://" + url
            out.append((url, m.start(), end))
        pos = max(end, m.start() + 1)
    return out


def _continues(url: str, bare: str, nxt: str) -> bool:
    """Does the next line's first token continue ``url``?"""
    if not re.match(r"[\w/~%#?=&.-]", nxt) or "://" in nxt:
        return False  # the next URL
    if url.endswith("-"):
        return bool(re.match(r"[a-z0-9]", nxt))
    if re.fullmatch(r"\d{1,3}", nxt):
        return False  # a footnote number opening the next footnote
    host_only = "/" not in re.sub(r"^https?://", "", url, flags=re.I).rstrip("/")
    if url.endswith(("/", "_", "=", "?", "&", "#", "~", "%")):
        return True
    if url.endswith("-"):
        return bool(re.match(r"[a-z0-9]", nxt))
    if url.endswith("."):
        # "…/repo." then "Next sentence" ends the URL; a lower-case run-on ("AA." / "dpkuw01") continues it
        if re.fullmatch(r"\d{1,3}(\.\d{1,2})*[.:)]?|(19|20)\d\d[.,;)]?", nxt):
            return False  # "5.1" / "1." opening the next heading or list item
        return bool(re.match(r"[a-z0-9]", nxt)) and not re.match(r"(and|or|the|we|in|of|to|for|with|which|"
                                                                   r"this|it|is|are|see|as|on|at|by)\b", nxt)
    if host_only:
        return nxt.startswith("/")
    return nxt.startswith("/") and len(nxt) > 1


def find_code_urls(text: str) -> list[str]:
    """Distinct code-host URLs in ``text`` (first appearance order), https:// added where none is printed."""
    return dedupe_urls(url for url, _, _ in find_code_url_spans(text))


def dedupe_urls(urls: Iterable[str]) -> list[str]:
    """Keep the first of each URL (compared by ``url_key``: scheme, www., trailing slash and .git ignored)."""
    seen: set[str] = set()
    out = []
    for u in urls:
        k = url_key(u)
        if k and k not in seen:
            seen.add(k)
            out.append(u)
    return out


def merge_code_urls(*, abstract: str | None, comment: str | None, extraction: Any | None
                    ) -> tuple[list[str], list[str]]:
    """All code URLs (the paper's own first) and the own ones, from the arXiv abstract and comment and the
    PDF extraction (an ``Extraction`` or None). URLs in the abstract or comment count as the paper's own."""
    meta = find_code_urls(abstract or "") + find_code_urls(comment or "")
    pdf_all = list(getattr(extraction, "code_urls", []) or [])
    pdf_own = list(getattr(extraction, "own_code_urls", []) or [])
    own = dedupe_urls(meta + pdf_own)
    own_keys = {url_key(u) for u in own}
    rest = [u for u in dedupe_urls(pdf_all) if url_key(u) not in own_keys]
    return own + rest, own
