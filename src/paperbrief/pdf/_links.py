"""Code links in the PDF (printed text and link annotations), and which of them are the paper's own."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pymupdf

from paperbrief.links import find_code_url_spans, is_code_url, normalise_breaks, url_key
from paperbrief.pdf._doc import Layout, Line

__all__ = ["FoundURL", "collect_urls", "pick_own"]

# words near a link that say "this is ours"
_STRONG_CUE = re.compile(
    r"\b(our\s+(code|codes|implementation|project|repository|repo|website|model|data|dataset|benchmark|tool)|"
    r"(code|codes|implementation|project\s*page|website|data)(\s*:|\s+(is|are|will be|can be found|at)\b)|"
    r"(publicly\s+)?available\s+(at|on|from|here)|we\s+(release|open[- ]?source|make)|project\s*page|"
    r"code\s+and\s+data|github\s*[:.]?$)", re.I)

# words that say "someone else's": "adapted from", "built on", "we use", "the official implementation of"
_NOT_OWN = re.compile(
    r"\b((adapted|based|built|borrowed|derived|taken|modified|forked|ported)\s+(from|on|upon)|"
    r"(we\s+)?(use|used|using|uses|employ|employed|follow|following)\b[^.]{0,60}|official\s+implementation|"
    r"implementation\s+of|provided\s+by|released\s+by|see)\s*$", re.I)


@dataclass
class FoundURL:
    url: str
    page: int  # 0-based
    x: float
    y: float
    context: str  # text before the URL in its block (or the annotated words)
    annotation: bool = False
    anchor: str = ""  # the words a link annotation sits on


def _cut(ln: Line, x0: float, x1: float) -> str:
    """The text of ``ln`` between x0 and x1, splitting spans in proportion to their width."""
    out = []
    for sp in ln.spans:
        a, b = sp.bbox[0], sp.bbox[2]
        if b <= x0 or a >= x1 or not sp.text:
            continue
        w = max(b - a, 1e-6)
        i = round(len(sp.text) * max(0.0, (x0 - a) / w))
        j = round(len(sp.text) * min(1.0, (x1 - a) / w))
        out.append(sp.text[i:j])
    return "".join(out)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    for ln in lines:
        if out and out[-1][-1].block == ln.block:
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def collect_urls(doc: pymupdf.Document, layout: Layout) -> list[FoundURL]:
    found: list[FoundURL] = []
    for page in layout.pages:
        blocks = _blocks([ln for ln in page.lines if ln.horizontal])
        for bi, blk in enumerate(blocks):
            texts = [ln.text for ln in blk]
            text = "\n".join(texts)
            # a URL can wrap from the last line of one block to the first of the next
            if bi + 1 < len(blocks):
                nxt, last = blocks[bi + 1][0], blk[-1]
                h = last.y1 - last.y0
                if -0.5 * h <= nxt.y0 - last.y1 < 0.8 * h and nxt.x0 < last.x1 and nxt.x1 > last.x0:
                    text += "\n" + nxt.text
            text = normalise_breaks(text)
            for url, s, _e in find_code_url_spans(text):
                li = text.count("\n", 0, s)
                if li >= len(blk):  # begins in the next block: found there
                    continue
                ln = blk[li]
                found.append(FoundURL(url, page.number, ln.x0, ln.y0, text[max(0, s - 250):s]))
        try:
            links = doc.load_page(page.number).get_links()
        except Exception:
            links = []
        for lk in links:
            uri = lk.get("uri") or ""
            if not uri or not is_code_url(uri):
                continue
            r = lk.get("from")
            ctx, anchor = "", ""
            if r is not None:
                first = [ln for ln in page.lines if ln.horizontal and ln.y0 <= r.y0 + 2 <= ln.y1 + 1]
                before = [ln for ln in page.lines if ln.horizontal and 0 <= r.y0 - ln.y1 < 30
                          and ln.x0 < r.x1 and ln.x1 > r.x0 - 200 and ln not in first]
                left = " ".join(_cut(ln, -1e9, r.x0) for ln in first)
                anchor = " ".join(_cut(ln, r.x0, r.x1) for ln in first)
                ctx = " ".join([ln.text for ln in before[-2:]] + [left])
            found.append(FoundURL(uri.strip(), page.number, r.x0 if r else 0.0, r.y0 if r else 0.0,
                                  re.sub(r"\s+", " ", ctx).strip(), True, anchor.strip()))
    return found


def _title_tokens(title: str | None) -> set[str]:
    """Distinctive words of the title: the name before a colon, words with capitals inside, hyphens, digits."""
    if not title:
        return set()
    toks: set[str] = set()
    head = title.split(":")[0] if ":" in title else ""
    if head and len(head.split()) <= 3:
        toks.add(re.sub(r"[^a-z0-9]", "", head.lower()))
    for w in re.findall(r"[\w-]+", title):
        if len(w) >= 4 and (re.search(r"[a-z][A-Z]|-|\d", w) or (w.isupper() and len(w) <= 10)):
            toks.add(re.sub(r"[^a-z0-9]", "", w.lower()))
    return {t for t in toks if len(t) >= 3}


def _repo_name(url: str) -> str:
    u = re.sub(r"^https?://", "", url.lower())
    host, _, path = u.partition("/")
    parts = [p for p in path.split("/") if p]
    name = parts[1] if host.endswith(("github.com", "gitlab.com", "bitbucket.org")) and len(parts) > 1 else (
        parts[-1] if parts else host.split(".")[0])
    if host == "huggingface.co" and len(parts) > 2:
        name = parts[2]
    return re.sub(r"[^a-z0-9]", "", name.removesuffix(".git"))


def pick_own(found: list[FoundURL], in_refs: Callable[[int, float, float], bool], title: str | None) -> list[str]:
    """URLs that are the paper's own: on page 1 or said to be ours, or named after the paper; never the ones
    cited in the reference list."""
    toks = _title_tokens(title)
    own: list[str] = []
    for f in found:
        if in_refs(f.page, f.x, f.y):
            continue
        ctx = f.context[-160:]
        name = _repo_name(f.url)
        named = bool(name) and any(t and (t in name or (len(name) >= 4 and name in t)) for t in toks)
        strong = bool(_STRONG_CUE.search((ctx + " " + f.anchor).strip()))
        if _NOT_OWN.search(ctx[-90:]) and not named:
            continue
        # page 1 holds the abstract, the author block and its footnotes: links there are the paper's own
        if named or strong or f.page == 0:
            own.append(f.url)
    seen: set[str] = set()
    out = []
    for u in own:
        k = url_key(u)
        if k not in seen:
            seen.add(k)
            out.append(u)
    return out
