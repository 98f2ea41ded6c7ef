"""Top-level section headings as printed, in reading order, and whether an appendix is bound in."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paperbrief.pdf._doc import Layout, Line, Page, Span

__all__ = ["Heading", "find_sections", "furniture", "REFERENCES", "is_appendix_title"]

_NUM = re.compile(r"^(?P<num>\d{1,2}|[IVX]{1,5}|[A-Z])(?P<dot>\.?)\s+(?P<title>[A-Z\u00C0-\u024F(\"'“].*)$")
_SUBNUM = re.compile(r"^(\d{1,2}|[A-Z])(\.\d{1,2})+\.?\s")  # "4.1 Setup", "A.2 Proofs": a heading of its own
REFERENCES = re.compile(r"^(references?|bibliography|works cited|literature cited|references and notes)$", re.I)
_FRONT = re.compile(r"^(abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|ccs concepts|keywords|key words|index terms|"
                    r"acm reference format|general terms|additional key words.*)\b", re.I)
_APPX = re.compile(r"^(appendix|appendices|supplementary( material| materials)?|supplemental material|"
                   r"supplementary information|technical appendix)\b", re.I)
_UNNUMBERED_OK = re.compile(
    r"^(references?|bibliography|acknowledge?ments?|acknowledgments?|ackno\w+|limitations?|"
    r"broader impacts?|impact statements?|ethics statements?|ethical (considerations|statement)|"
    r"reproducibility statement|code and data|data availability|author contributions?|conclusions?|"
    r"discussion|related work|introduction|appendix|appendices|supplementary material|table of contents|"
    r"contents|funding|competing interests|declarations?)\b", re.I)


@dataclass
class Heading:
    text: str
    page: int  # 0-based
    y: float
    x: float
    numbered: bool
    letter: bool  # numbered with a capital letter (appendix style)


def furniture(layout: Layout) -> set[int]:
    """ids of lines that repeat in the top or bottom margin of several pages (running heads, page numbers)."""
    seen: Counter[str] = Counter()
    keyed: list[tuple[int, str]] = []
    for p in layout.pages:
        for ln in p.lines:
            if ln.y1 < p.height * 0.09 or ln.y0 > p.height * 0.91:
                k = re.sub(r"\d+", "#", ln.text.lower()).strip()
                keyed.append((id(ln), k))
                seen[k] += 1
    n = len(layout.pages)
    return {i for i, k in keyed if seen[k] >= max(2, min(3, n // 3)) or re.fullmatch(r"[#\s\-–—/ivx]*", k)}


def _heading_text(ln: Line) -> str:
    """The line's text; superscript digits inside words kept ("R2-Guard"), trailing markers dropped."""
    parts = []
    n = len(ln.spans)
    for i, (s, m) in enumerate(zip(ln.spans, ln.marks)):
        if m:
            later = "".join(x.text for x in ln.spans[i + 1:]).strip()
            if not (s.text.strip().isdigit() and later[:1] in "-–" and later):
                continue
        parts.append(s.text)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _wrapped(ln: Line, nxt: list[Line], consumed: set[int]) -> Line:
    """Join a heading's second line (directly below, same style, within its width)."""
    for other in nxt:
        if not other.horizontal:
            continue
        gap = other.y0 - ln.y1
        if -1 < gap < 0.7 * ln.size and _style(other) == _style(ln) and other.x0 >= ln.x0 - 2 \
                and (other.x0 > ln.x0 + 3 or not _NUM.match(other.plain())) and not _SUBNUM.match(other.plain()):
            consumed.add(id(other))
            return Line(ln.spans + [Span(" ", ln.size, ln.font, 0, ln.bbox)] + other.spans,
                      (min(ln.x0, other.x0), ln.y0, max(ln.x1, other.x1), other.y1), ln.page, ln.block,
                      ln.first_in_block, True, ln.marks + [False] + other.marks)
        break
    return ln


def _distinct(ln: Line, body: float) -> bool:
    """Set apart from body text: bold, larger, or in capitals."""
    letters = [c for c in ln.plain() if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    return ln.bold or ln.max_size > body + 0.8 or caps


def _style(ln: Line) -> tuple[str, int]:
    return (re.sub(r"[+].*", "", ln.font), round(ln.max_size))


def _col(ln: Line, page: Page) -> int:
    return 0 if ln.x0 < page.width * 0.45 else 1


def find_sections(layout: Layout, skip_page1_above: float = 0.0) -> list[Heading]:
    body = layout.body_size
    furn = furniture(layout)
    cands: list[tuple[Line, Page, re.Match | None]] = []
    consumed: set[int] = set()
    for page in layout.pages:
        for i, ln in enumerate(page.lines):
            if id(ln) in consumed:
                continue
            if not ln.horizontal or id(ln) in furn or len(ln.text) > 110:
                continue
            if page.number == 0 and ln.y1 <= skip_page1_above:
                continue
            if ln.max_size < body - 0.6 or not _distinct(ln, body):
                continue
            m = _NUM.match(_heading_text(ln))
            if m:
                ln = _wrapped(ln, page.lines[i + 1:i + 3], consumed)
                m = _NUM.match(_heading_text(ln))
            cands.append((ln, page, m))
    styles = Counter(_style(ln) for ln, _, m in cands if m and not m.group("num").isalpha()
                     or (m and re.fullmatch(r"[IVX]+", m.group("num"))))
    if not styles:
        styles = Counter(_style(ln) for ln, _, m in cands if m)
    if not styles:  # unnumbered headings: learn their style from the usual names
        styles = Counter(_style(ln) for ln, _, m in cands
                         if _UNNUMBERED_OK.match(_heading_text(ln)) and len(_heading_text(ln).split()) <= 4)
    intro = next((ln for ln, _, m in cands
                  if re.fullmatch(r"((\d{1,2}|[IVX]{1,4})\.?\s+)?introduction", _heading_text(ln), re.I)), None)
    if intro is not None:  # the Introduction is a top-level heading: its style is the one
        styles = Counter({_style(intro): 1})
    if not styles:
        return []
    main = styles.most_common(1)[0][0]
    heads: list[Heading] = []
    for ln, page, m in cands:
        st = _style(ln)
        if st[0] != main[0] or abs(st[1] - main[1]) > 0.6:
            continue
        text = _heading_text(ln)
        if _FRONT.match(text) or re.match(r"^(fig(ure)?\.?|table|algorithm)\s*\d", text, re.I):
            continue
        words = text.split()
        if m:
            title = m.group("title")
            if len(words) > 16 or title.rstrip().endswith((",", ";")):
                continue
            if re.search(r"[.:]$", title) and len(title.split()) > 1 and not title.isupper():
                continue  # run-in paragraph head "1. Low value: ..."
            if re.fullmatch(r"[IVX]+", m.group("num")) and not m.group("dot") and len(m.group("num")) > 1:
                continue
            num = m.group("num")
            heads.append(Heading(text, page.number, ln.y0, ln.x0, True, len(num) == 1 and num.isalpha() and num not in "IVX"))
        else:
            if len(words) > 8 or text.endswith((".", ",", ";", ":")) or not text[:1].isupper():
                continue
            if not _UNNUMBERED_OK.match(text) and not ln.first_in_block:
                continue
            heads.append(Heading(text, page.number, ln.y0, ln.x0, False, False))
    heads = _join_wrapped(heads, layout)
    return _order(heads, layout)


def _join_wrapped(heads: list[Heading], layout: Layout) -> list[Heading]:
    """A heading line followed right below by an unnumbered heading-styled line is one wrapped heading."""
    out: list[Heading] = []
    for h in heads:
        if out and not h.numbered and out[-1].page == h.page and 0 < h.y - out[-1].y < 20 \
                and abs(h.x - out[-1].x) < 40 and not _UNNUMBERED_OK.match(h.text) and not \
                _UNNUMBERED_OK.match(out[-1].text):
            out[-1].text = out[-1].text + " " + h.text
            continue
        out.append(h)
    return out


def _order(heads: list[Heading], layout: Layout) -> list[Heading]:
    def key(h: Heading) -> tuple[int, int, float]:
        page = layout.pages[h.page]
        col = 0 if h.x < page.width * 0.45 else 1
        return (h.page, col, h.y)

    heads.sort(key=key)
    # drop a repeated heading (a table of contents lists headings that reappear later)
    return heads


def is_appendix_title(text: str) -> bool:
    return bool(_APPX.match(text))
