"""Where each heading's territory starts and ends: which lines are in the references, which are appendix."""

from __future__ import annotations

import re

from paperbrief.pdf._doc import Layout, Line
from paperbrief.pdf._sections import REFERENCES, Heading, is_appendix_title

__all__ = ["Structure", "two_columns"]

# headings after the references that do not make an appendix
_ACK = re.compile(r"^(acknowledge?ments?|acknowledgments?|ackno\w+|.*\bchecklist)\b", re.I)


class Structure:
    """The heading list with positions comparable in reading order (page, column, y)."""

    def __init__(self, layout: Layout, heads: list[Heading]) -> None:
        self.layout = layout
        self.twocol = [two_columns(p.lines, p.width, layout.body_size) for p in layout.pages]
        self.heads = heads
        self.keys = [self.key(h.page, h.x, h.y) for h in heads]
        self.ref_index = next((i for i, h in enumerate(heads) if REFERENCES.match(_bare(h.text))), None)

    def key(self, page: int, x: float, y: float) -> tuple[int, int, float]:
        if page >= len(self.layout.pages) or not self.twocol[page]:
            return (page, 0, y)
        return (page, 0 if x < self.layout.pages[page].width * 0.45 else 1, y)

    def heading_at(self, page: int, x: float, y: float) -> int | None:
        """Index of the heading whose section holds this position."""
        k = self.key(page, x, y)
        idx = None
        for i, hk in enumerate(self.keys):
            if hk <= k:
                idx = i
            else:
                break
        return idx

    def in_references(self, page: int, x: float, y: float) -> bool:
        i = self.heading_at(page, x, y)
        return i is not None and self.ref_index is not None and i == self.ref_index

    def has_appendix(self) -> bool:
        after = self.heads[self.ref_index + 1:] if self.ref_index is not None else []
        if any(not _ACK.match(_bare(h.text)) for h in after):
            return True
        if any(is_appendix_title(_bare(h.text)) or (h.letter and h.numbered) for h in self.heads):
            return True
        body = self.layout.body_size
        for p in self.layout.pages[1:]:
            for ln in p.lines:
                if ln.max_size >= body + 1.5 and is_appendix_title(ln.text) and len(ln.text) < 40:
                    return True
        return False

    def lines_of(self, i: int) -> list[Line]:
        """The lines of heading ``i``'s section, in reading order."""
        start = self.keys[i]
        end = self.keys[i + 1] if i + 1 < len(self.keys) else (10 ** 6, 0, 0.0)
        out = []
        for p in self.layout.pages[start[0]:end[0] + 1]:
            lines = sorted((ln for ln in p.lines if ln.horizontal),
                           key=lambda ln: self.key(p.number, ln.x0, ln.y0))
            for ln in lines:
                k = self.key(p.number, ln.x0, ln.y0)
                if start < k < end:
                    out.append(ln)
        return out


def two_columns(lines: list[Line], width: float, body: float = 0.0) -> bool:
    """A page set in two columns: many text lines start right of the middle, few cross it. With ``body`` (the
    body text's size), only lines of about that size count: a first page whose wide teaser figure and caption
    (small print, crossing the middle) outnumber the right column's lines is still two columns below them."""
    mid = width / 2
    text = [ln for ln in lines if ln.horizontal and ln.size >= body - 1.2]
    right = sum(1 for ln in text if ln.x0 > mid - 8 and len(ln.text) > 30)
    across = sum(1 for ln in text if ln.x0 < mid - 30 and ln.x1 > mid + 30)
    return right >= 5 and right > across


def _bare(text: str) -> str:
    return re.sub(r"^(\d{1,2}|[IVX]{1,5}|[A-Z])\.?\s+", "", text).strip()
