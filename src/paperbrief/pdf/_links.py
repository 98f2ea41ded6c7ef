"""Code links in the PDF (printed text and link annotations), and which of them are the paper's own."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import pymupdf

from paperbrief.links import find_code_url_forms, is_code_url, normalise_breaks, url_key, wraps_into
from paperbrief.pdf._doc import Layout, Line, Page, Span, fix_accents, join_spans

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
    r"implementation\s+of|provided\s+by|released\s+by|see|"
    # a compared baseline: `make demo`'s restoration paper, "We compare with DiffBIR (https://github.com/…)"
    r"compar(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}?(?:with|to|against)\b[^.;:]{0,40})\s*$", re.I)


# where a line break leaves a URL cut open: a piece ending so is no URL when a longer one goes on from it
_OPEN_END = ("-", "_", ".", "=", "?", "&", "#", "~", "%")


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


def _raised(sp: Span, prev: Span) -> bool:
    """``sp`` sits above the baseline of ``prev``: flagged superscript, or its bottom clearly higher."""
    return bool(sp.flags & 1) or sp.bbox[3] < prev.bbox[3] - 0.15 * max(prev.size, 1.0)


def _url_text(ln: Line) -> str:
    """The line's text with a space before a raised footnote key glued to the word before it, so that
    "…/repo" + superscript "1" reads "…/repo 1", not "…/repo1"."""
    if not any(ln.marks):
        return ln.text
    spans: list[Span] = []
    for i, (sp, mark) in enumerate(zip(ln.spans, ln.marks)):
        prev = ln.spans[i - 1] if i else None
        if mark and prev is not None and not ln.marks[i - 1] and _raised(sp, prev):
            spans.append(Span(" ", prev.size, prev.font, 0, (prev.bbox[2], prev.bbox[1], sp.bbox[0], prev.bbox[3])))
        spans.append(sp)
    return fix_accents(join_spans(spans).strip())


def _next_block_line(blk: list[Line], nxt: list[Line], width: float, text: str) -> str | None:
    """The first line of the next block when a URL at the end of ``blk`` may go on there: right below it, or
    at the top of the next column (then only when the URL is cut open and the line starts like a URL)."""
    last, first = blk[-1], nxt[0]
    h = last.y1 - last.y0
    if -0.5 * h <= first.y0 - last.y1 < 0.8 * h and first.x0 < last.x1 and first.x1 > last.x0:
        return _url_text(first)
    new_column = first.y0 < last.y0 - h and first.x0 > min(ln.x0 for ln in blk) + 0.25 * width
    if new_column and wraps_into(text, _url_text(first)):
        return _url_text(first)
    return None


def _text_urls(page: Page) -> list[tuple[tuple[str, ...], FoundURL]]:
    """Code URLs printed on ``page``, each with its forms (two for a hyphen at a line break)."""
    out: list[tuple[tuple[str, ...], FoundURL]] = []
    blocks = _blocks([ln for ln in page.lines if ln.horizontal])
    for bi, blk in enumerate(blocks):
        text = "\n".join(_url_text(ln) for ln in blk)
        # a URL can wrap from the last line of one block to the first of the next
        if bi + 1 < len(blocks):
            more = _next_block_line(blk, blocks[bi + 1], page.width, text)
            text += "\n" + more if more is not None else ""
        text = normalise_breaks(text)
        for forms, s, _e in find_code_url_forms(text):
            li = text.count("\n", 0, s)
            if li >= len(blk):  # begins in the next block: found there
                continue
            ln = blk[li]
            out.append((forms, FoundURL(forms[0], page.number, ln.x0, ln.y0, text[max(0, s - 250):s])))
    return out


def _annotation_urls(doc: pymupdf.Document, page: Page) -> list[FoundURL]:
    """Code URLs of the page's /URI link annotations, with the words before them and under them."""
    try:
        links = doc.load_page(page.number).get_links()
    except Exception:
        links = []
    found: list[FoundURL] = []
    for lk in links:
        uri = (lk.get("uri") or "").strip()
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
        found.append(FoundURL(uri, page.number, r.x0 if r else 0.0, r.y0 if r else 0.0,
                              re.sub(r"\s+", " ", ctx).strip(), True, anchor.strip()))
    return found


def _pick_forms(printed: list[tuple[tuple[str, ...], FoundURL]], linked: set[str]) -> list[FoundURL]:
    """One entry per printed form: the form a link annotation confirms when one does, else every form."""
    out: list[FoundURL] = []
    for forms, f in printed:
        sure = [u for u in forms if url_key(u) in linked]
        for u in sure[:1] or list(forms):
            out.append(replace(f, url=u))
    return out


def _bare(url: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", url.strip().lower())


def _drop_fragments(found: list[FoundURL]) -> list[FoundURL]:
    """Drop a URL that is only the first piece of a longer one found too ("…/luca-" of "…/luca-foo/bar"):
    it ends where a line break cuts URLs open, and the longer one goes on from there."""
    bare = {_bare(f.url) for f in found}
    def piece(u: str) -> bool:
        return u.endswith(_OPEN_END) and any(o != u and o.startswith(u) for o in bare)
    return [f for f in found if not piece(_bare(f.url))]


def collect_urls(doc: pymupdf.Document, layout: Layout) -> list[FoundURL]:
    """Every code URL of the PDF, printed or in a link annotation; where the text cannot tell two forms apart
    (a hyphen at a line break) an annotation's URI or the URL printed unbroken elsewhere decides, and pieces of
    wrapped URLs are left out."""
    printed: list[tuple[tuple[str, ...], FoundURL]] = []
    linked: list[FoundURL] = []
    for page in layout.pages:
        printed.extend(_text_urls(page))
        linked.extend(_annotation_urls(doc, page))
    # a form is confirmed by a link annotation, or by the same URL printed unbroken elsewhere in the paper (the
    # demo's VP3D paper wraps "sample-\nlab" in its method and prints it whole in a footnote)
    keys = {url_key(f.url) for f in linked} | {url_key(forms[0]) for forms, _ in printed if len(forms) == 1}
    return _drop_fragments(_pick_forms(printed, keys) + linked)


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
