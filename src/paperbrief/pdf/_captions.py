"""Figure and table captions: "Figure N:", "Fig. N.", "TABLE III" at the start of a caption block, told apart
from body sentences that merely start with "Figure 5 shows" or wrap to put "Figure 1." first on a line."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paperbrief.pdf._doc import Layout, Line, Page
from paperbrief.pdf._rows import dehyphen_join

__all__ = ["Caption", "find_captions"]

_CAP = re.compile(
    r"^(?P<word>Figure|Fig\.?|FIGURE|FIG\.?|Table|TABLE|Tab\.|Supplementary\s+Figure)\s*"
    r"(?P<num>[A-Z]?\d{1,3}(?:\.\d{1,2})?|[IVXL]{1,6}|S\d{1,3})(?![\w])\s*(?P<sep>[:.|—–]|-\s|$)?", )


@dataclass
class Caption:
    kind: str  # "figure" or "table"
    label: str  # as printed: "Figure 3", "Fig. 3", "TABLE II"
    num: str
    page: int  # 0-based
    line: Line
    text: str  # caption text after the label
    bbox: tuple[float, float, float, float]  # all caption lines
    sep: str


def _kind(word: str) -> str:
    return "table" if word.lower().startswith("tab") else "figure"


def _label(word: str, num: str) -> str:
    w = word.strip()
    if w.lower() in ("fig", "fig."):
        w = w[:3] + "."
    return f"{w} {num}"


def _continuation(page: Page, idx: int, first: Line) -> list[Line]:
    """The caption's following lines: the rest of its block, then blocks directly below in the same column."""
    out = [first]
    last = first
    for ln in page.lines[idx + 1:]:
        if not ln.horizontal:
            continue
        h = max(1.0, last.y1 - last.y0)
        same_block = ln.block == first.block and ln.y0 >= last.y1 - 0.4 * h
        below = -0.4 * h <= ln.y0 - last.y1 < max(4.0, 0.9 * h)
        inside = ln.x0 >= first.x0 - 3 and ln.x1 <= max(first.x1, last.x1) + 3
        overlap = min(ln.x1, first.x1) - max(ln.x0, first.x0) >= 0.5 * max(1.0, ln.width)
        if (same_block and overlap) or (below and inside and abs(ln.size - first.size) < 0.6):
            m = _CAP.match(ln.text)
            if m and m.group("sep"):
                break  # the next caption
            out.append(ln)
            last = ln
            if len(out) > 40:
                break
        elif ln.y0 > last.y1 + 2 * max(1.0, last.y1 - last.y0):
            break
    return out


def _mid_sentence(page: Page, idx: int, ln: Line) -> bool:
    """A line inside a paragraph whose previous line runs on into it ("... are shown in" / "Figure 1. We")."""
    if ln.first_in_block or idx == 0:
        return False
    prev = page.lines[idx - 1]
    if prev.block != ln.block:
        return False
    overlap = min(prev.x1, ln.x1) - max(prev.x0, ln.x0)
    if overlap <= 0 or prev.width < 0.5 * ln.width or abs(prev.size - ln.size) > 0.6:
        return False  # a label inside the figure above, not the previous line of a paragraph
    if ln.y0 - prev.y1 > 0.8 * (ln.y1 - ln.y0):
        return False
    end = prev.text.rstrip()
    return not end.endswith((".", ":", "!", "?")) or bool(re.search(r"\b(see|in|and|of|to)$", end, re.I))


def find_captions(layout: Layout) -> list[Caption]:
    raw: list[tuple[Caption, bool]] = []
    for page in layout.pages:
        for idx, ln in enumerate(page.lines):
            if not ln.horizontal:
                continue
            m = _CAP.match(ln.text)
            if not m:
                continue
            sep = (m.group("sep") or "").strip()
            rest = ln.text[m.end():].strip()
            if not sep and rest and not (ln.text[: m.end("num")].isupper()):
                continue  # "Figure 5 shows ...": a body sentence
            if not sep and not rest and not ln.text[: m.end("num")].isupper() and not ln.spans[0].bold:
                continue  # "Figure 3" alone on a line: usually a sub-figure title or a wrapped reference
            if _mid_sentence(page, idx, ln):
                continue
            lines = _continuation(page, idx, ln)
            text = dehyphen_join([rest] + [x.text for x in lines[1:]])
            bbox = (min(x.x0 for x in lines), min(x.y0 for x in lines), max(x.x1 for x in lines),
                    max(x.y1 for x in lines))
            styled = ln.spans[0].bold or ln.size < layout.body_size - 0.4 or ln.spans[0].font != layout.body_font
            cap = Caption(_kind(m.group("word")), _label(m.group("word"), m.group("num")), m.group("num"),
                          page.number, ln, text, bbox, sep)
            raw.append((cap, styled))
    seps = Counter(c.sep for c, _ in raw if c.sep)
    main_sep = seps.most_common(1)[0][0] if seps else ""
    best: dict[tuple[str, str, int], tuple[Caption, int]] = {}
    order: list[tuple[str, str, int]] = []
    for cap, styled in raw:
        score = (2 if styled else 0) + (1 if cap.sep == main_sep else 0) + (1 if cap.line.first_in_block else 0)
        key = (cap.kind, cap.num, cap.page)
        if key not in best:
            best[key] = (cap, score)
            order.append(key)
        elif score > best[key][1]:
            best[key] = (cap, score)
    out = [best[k][0] for k in order]
    # a caption whose separator differs from the document's habit and that is in body style is a sentence
    # that begins a paragraph ("Figure 1. Firstly, ...") when the same label is captioned elsewhere
    labels = Counter((c.kind, c.num) for c in out)
    keep = []
    for c in out:
        st = next(s for cc, s in raw if cc is c)
        if labels[(c.kind, c.num)] > 1 and c.sep != main_sep and not st and main_sep:
            labels[(c.kind, c.num)] -= 1
            continue
        keep.append(c)
    return keep
