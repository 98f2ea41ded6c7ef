"""Plain text by role ("abstract", "introduction", "related", "method", "experiments", "conclusion") found by
heading names, for the LLM."""

from __future__ import annotations

import re

from paperbrief.pdf._doc import Layout, Line
from paperbrief.pdf._header import Header
from paperbrief.pdf._rows import dehyphen_join
from paperbrief.pdf._sections import REFERENCES, furniture
from paperbrief.pdf._structure import Structure

__all__ = ["role_texts", "ROLES", "MAX_ROLE_CHARS"]

MAX_ROLE_CHARS = 15_000
ROLES = ("abstract", "introduction", "related", "method", "experiments", "conclusion")
_PATTERNS = [
    ("introduction", re.compile(r"\b(introduction|overview|motivation)\b", re.I)),
    ("related", re.compile(r"\b(related|prior|previous|background|literature)\b", re.I)),
    ("conclusion", re.compile(r"\b(conclusions?|concluding|discussion|summary|future work|limitations?)\b", re.I)),
    ("experiments", re.compile(r"\b(experiments?|experimental|evaluations?|results?|empirical|ablations?|"
                               r"benchmarks?|studies|study|analysis)\b", re.I)),
    ("method", re.compile(r"\b(methods?|methodology|approach|model|framework|algorithm|proposed|architecture|"
                          r"preliminar\w*|formulation|design|problem|setting|technique)\b", re.I)),
]
_SKIP = re.compile(r"^(acknowledge?ments?|acknowledgments?|ackno\w+|impact statement|broader impacts?|"
                   r"ethics|funding|author contributions?|appendix|table of contents|contents)\b", re.I)
_ABSTRACT = re.compile(r"^\W*abstract\b\W*", re.I)
_FRONT = re.compile(r"^(ccs concepts|keywords|key words|index terms|acm reference format)\b", re.I)


def _bare(text: str) -> str:
    return re.sub(r"^(\d{1,2}|[IVX]{1,5}|[A-Z])\.?\s+", "", text).strip()


def _role(title: str) -> str | None:
    t = _bare(title)
    if _SKIP.match(t):
        return None
    for role, pat in _PATTERNS:
        if pat.search(t):
            return role
    return None


Box = tuple[int, tuple[float, float, float, float]]


def _inside(ln: Line, boxes: list[Box]) -> bool:
    return any(p == ln.page and ln.x0 >= b[0] - 2 and ln.x1 <= b[2] + 2 and ln.y0 >= b[1] - 2
               and ln.y1 <= b[3] + 2 for p, b in boxes)


def _clean(lines: list[Line], layout: Layout, furn: set[int], boxes: list[Box],
           pages: list[tuple[int, int]] | None = None) -> str:
    """Body text of ``lines``: no running heads, figures, captions or footnotes. ``pages``, when given, receives
    (offset in the text, 1-based page) where each page's lines begin."""
    body = layout.body_size
    heights = {p.number: p.height for p in layout.pages}
    keep: list[str] = []
    starts: list[tuple[int, int]] = []  # (index in keep, page)
    foot: tuple[int, int] | None = None  # (page, block) of the footnote being skipped
    for ln in lines:
        if id(ln) in furn or ln.size < body - 1.2 or _inside(ln, boxes):
            continue
        low = ln.size < body - 0.4 and ln.y0 > 0.75 * heights.get(ln.page, 792.0)
        if low and (ln.marks[:1] == [True] or re.match(r"^[\d*†‡§¶∗⋆]{1,2}\s?[A-Z]", ln.text)):
            foot = (ln.page, ln.block)
            continue
        if foot == (ln.page, ln.block):
            continue
        if not starts or starts[-1][1] != ln.page + 1:
            starts.append((len(keep), ln.page + 1))
        keep.append(ln.plain())
    text = _squeeze(keep)
    if pages is not None:
        # the offset of a page's first line is the length of the text before it (a word hyphenated across the
        # page break can move it by a character; the page of a sentence is all that is needed)
        pages.extend((len(_squeeze(keep[:i])) + (1 if i else 0), page) for i, page in starts)
    return text


def _squeeze(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", dehyphen_join(lines)).strip()


def _abstract(layout: Layout, st: Structure, head: Header, furn: set[int], boxes: list[Box]) -> str:
    if not layout.pages:
        return ""
    page = layout.pages[0]
    end = st.keys[0] if st.keys else (1, 0, 0.0)
    lines = sorted((ln for ln in page.lines if ln.horizontal and ln.y0 >= head.end_y - 1),
                   key=lambda ln: st.key(0, ln.x0, ln.y0))
    out: list[Line] = []
    started = False
    for ln in lines:
        if st.key(0, ln.x0, ln.y0) >= end or (started and _FRONT.match(ln.text)):
            break
        if not started and _ABSTRACT.match(ln.text):
            started = True
            rest = _ABSTRACT.sub("", ln.text)
            if rest.strip():
                out.append(ln)
            continue
        if started or not any(_ABSTRACT.match(x.text) for x in lines):
            out.append(ln)
    text = _clean(out, layout, furn, boxes)
    return _ABSTRACT.sub("", text)[:MAX_ROLE_CHARS]


def role_texts(layout: Layout, st: Structure, head: Header, boxes: list[Box] | None = None,
               pages: dict[str, list[tuple[int, int]]] | None = None) -> dict[str, str]:
    """Text by role; ``boxes`` are (0-based page, bbox) of captions and figures to leave out. ``pages``, when
    given, receives per role [(offset in its text, 1-based page)] where each page's part of the text begins."""
    boxes = boxes or []
    furn = furniture(layout)
    out: dict[str, str] = {}
    marks: dict[str, list[tuple[int, int]]] = {}
    abstract = _abstract(layout, st, head, furn, boxes)
    if abstract:
        out["abstract"] = abstract
        marks["abstract"] = [(0, 1)]
    seen_method = False
    for i, h in enumerate(st.heads):
        if REFERENCES.match(_bare(h.text)) or (h.letter and h.numbered):
            break
        role = _role(h.text)
        if role is None and h.numbered and "introduction" in out:
            # a section named after the paper's method follows the introduction; later unnamed ones report
            # what the method does
            role = "experiments" if seen_method else "method"
        if role is None:
            continue
        seen_method = seen_method or role == "method"
        starts: list[tuple[int, int]] = []
        text = _clean(st.lines_of(i), layout, furn, boxes, starts)
        if not text:
            continue
        prev = out.get(role, "")
        at = len(prev) + 2 if prev else 0
        out[role] = (prev + "\n\n" + text if prev else text)[:MAX_ROLE_CHARS]
        marks.setdefault(role, []).extend((at + o, pg) for o, pg in starts if at + o < len(out[role]))
    if pages is not None:
        pages.update(marks)
    return out
