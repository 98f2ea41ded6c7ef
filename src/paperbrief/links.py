"""Code and project links (SPEC section 4): github.com, gitlab.com, bitbucket.org, huggingface.co/spaces and
``*.github.io`` URLs in free text, re-joined across line breaks, trailing punctuation removed, a scheme added
where none is printed."""

from __future__ import annotations

import re
from typing import Any, Iterable

__all__ = ["find_code_urls", "find_code_url_spans", "find_code_url_forms", "normalise_breaks", "is_code_url", "url_key", "dedupe_urls",
           "merge_code_urls"]

# URL characters: ASCII only (code-host names are ASCII; a CJK character or full-width punctuation glued to a
# URL ends it)
_CH = r"[A-Za-z0-9_\-.~:/?#@!$&*+,;=%()\[\]]"
_HOST = (r"(?:(?:www\.|gist\.)?github\.com|(?:www\.)?gitlab\.com|(?:www\.)?bitbucket\.org|"
         r"(?:www\.)?huggingface\.co/spaces|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.github\.io)")
_URL = re.compile(r"(?<![A-Za-z0-9_@.])(?:https?://)?" + _HOST + r"(?![A-Za-z0-9_-])" + _CH + "*", re.I | re.A)
_TRAIL = ".,;:!?'\"*>}"
_JOIN_AFTER = ("/", "_", "-", "=", "?", "&", "#", "~", "%", ".")
# the segments that name an owner and a repository (or a space) and what they may hold
_NAMED_SEGMENTS = {"github.com": 2, "gist.github.com": 2, "bitbucket.org": 2, "gitlab.com": 2, "huggingface.co": 3}
_NAME_CHARS = re.compile(r"[A-Za-z0-9_.\-]")
_GLUED_GROUP = re.compile(r"(?<![_/])(\([^()/]*\)|\[[^\[\]/]*\])$")


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


def _cut_names(url: str) -> str:
    """Cut a URL at the first character an owner, repository or space name cannot hold ("…/repo(Apache-2.0)"
    ends at "repo"); only those first path segments are checked, a deeper path may hold anything."""
    m = re.match(r"(https?://)?(www\.)?([^/]+)", url, re.I)
    if not m:
        return url
    named = _NAMED_SEGMENTS.get(m.group(3).lower(), 0)
    seg, i = 0, m.end()
    while i < len(url) and seg < named:
        c = url[i]
        if c in "?#":
            break
        if c == "/":
            seg += 1 if i > m.end() else 0
        elif not _NAME_CHARS.match(c):
            return url[:i]
        i += 1
    return url


def _trim(url: str) -> str:
    """The URL without text glued after it: sentence punctuation, unbalanced closing brackets, a bracketed
    remark glued to its end ("(MIT)", "[1]"; "Foo_(bar)" keeps its group), quotes."""
    while True:
        out = _strip_trailing(_cut_names(url))
        out = _strip_trailing(_GLUED_GROUP.sub("", out))
        if out == url:
            return out
        url = out


def is_code_url(url: str) -> bool:
    """True for a URL on a code host with a path that names something (a user, a repo, a space, a page)."""
    u = re.sub(r"^https?://", "", url.strip(), flags=re.I)
    u = re.sub(r"^www\.", "", u, flags=re.I)
    host, _, path = u.partition("/")
    host = host.lower()
    path = path.strip("/")
    if host.endswith(".github.io"):
        return True
    if host == "github.com" and re.fullmatch(r"[^/]*-", path):
        return False  # a GitHub account name never ends in a hyphen: the first line of a wrapped URL
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
                  text, flags=re.I | re.A)
    # "https://dyn-" / "gs.github.io/..."
    text = re.sub(r"(https?://[\w.-]*-)[ \t]*\n\s*(?=[\w.-]*\.github\.io)", r"\1", text, flags=re.I)
    return text


def find_code_url_spans(text: str) -> list[tuple[str, int, int]]:
    """Every code-host URL in ``text`` as (url with scheme, start, end), in order of appearance; offsets are
    into ``text`` after line breaks inside ``https://`` were closed (the length changes only there). A URL
    wrapped at a hyphen is given with the hyphen kept (``find_code_url_forms`` gives both forms)."""
    return [(forms[0], s, e) for forms, s, e in find_code_url_forms(text)]


def find_code_url_forms(text: str) -> list[tuple[tuple[str, ...], int, int]]:
    """Like ``find_code_url_spans``, with every form a URL may have: a URL wrapped after a hyphen ("…/repo-" /
    "name") has two, the hyphen kept first and dropped second, since the text alone cannot tell a hyphen of
    the name from one added at the break."""
    text = normalise_breaks(text or "")
    out: list[tuple[tuple[str, ...], int, int]] = []
    pos = 0
    while True:
        m = _URL.search(text, pos)
        if not m:
            break
        pieces, end = _wrapped(text, m.group(0), m.end())
        forms = _forms(pieces)
        if forms:
            out.append((forms, m.start(), end))
        pos = max(end, m.start() + 1)
    return out


def _wrapped(text: str, url: str, end: int) -> tuple[list[str], int]:
    """The pieces of a URL that wraps (the line ends inside it and the next line continues it), and where
    its last piece ends in ``text``."""
    pieces = [url]
    while True:
        rest = re.match(r"[ \t]*\n[ \t]*(" + _CH + r"+)", text[end:])
        if not rest:
            break
        joined = "".join(pieces)
        nxt = rest.group(1)
        if not _continues(joined, _strip_trailing(joined), nxt):
            break
        pieces.append(nxt)
        end += rest.end()
    return pieces, end


def _forms(pieces: list[str]) -> tuple[str, ...]:
    """The code URL(s) the pieces make, scheme added: one form, or two when a piece ends in a hyphen."""
    kept = _trim("".join(pieces))
    forms = [kept]
    if len(pieces) > 1 and any(p.endswith("-") for p in pieces[:-1]):
        forms.append(_trim("".join(p[:-1] if p.endswith("-") and i < len(pieces) - 1 else p
                                   for i, p in enumerate(pieces))))
    out = []
    for u in forms:
        if u and is_code_url(u):
            u = u if re.match(r"https?://", u, re.I) else "https://" + u
            if u not in out:
                out.append(u)
    return tuple(out)


def wraps_into(text: str, nxt: str) -> bool:
    """Does a code URL cut off at the very end of ``text`` go on with the first word of ``nxt``? For a wrap
    into another column or block, where a plain word after a finished URL is no continuation: the URL must
    end open ("-", "/", "_", ".", "://") and the next word must look like a piece of a URL."""
    tail = text.rstrip().rsplit(None, 1)[-1] if text.strip() else ""
    tok = re.match(_CH + "+", nxt.lstrip())
    if not tail or not tok or not _URL.search(tail) or "://" in tok.group(0):
        return False
    word = tok.group(0)
    if tail.endswith("-"):
        return word[0].isalnum()
    if tail.endswith(("/", "_", ".")):
        return bool(re.search(r"[A-Za-z0-9][/._-][A-Za-z0-9]", word))
    return False


def _continues(url: str, bare: str, nxt: str) -> bool:
    """Does the next line's first token continue ``url``?"""
    if not re.match(r"[\w/~%#?=&.-]", nxt) or "://" in nxt:
        return False  # the next URL
    if url.endswith("-"):
        return bool(re.match(r"[A-Za-z0-9]", nxt))
    if re.fullmatch(r"\d{1,3}", nxt):
        return False  # a footnote number opening the next footnote
    host_only = "/" not in re.sub(r"^https?://", "", url, flags=re.I).rstrip("/")
    if url.endswith(("/", "_", "=", "?", "&", "#", "~", "%")):
        return True
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
