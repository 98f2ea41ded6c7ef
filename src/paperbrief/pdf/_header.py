"""Title, authors and affiliations from the first page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperbrief.pdf._affils import affiliations, expand_emails
from paperbrief.pdf._authors import (ABSTRACT, AFFIL_WORDS, MARK_SYMS, NOTE, TOKEN, Name, continue_affil,
                                     inline_entries, letter_size, names_row, split_names)
from paperbrief.pdf._doc import Layout, Line, fix_accents, join_spans
from paperbrief.pdf._rows import Row, dehyphen_join, make_rows

__all__ = ["Header", "parse_header"]

_ANON = re.compile(r"^\W*anonymous\b", re.I)


@dataclass
class Header:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    first_author_affiliation: str | None = None
    affiliation_source: str | None = None
    anonymous: bool = False
    end_y: float = 0.0  # where the header stops on page 1
    emails: list[str] = field(default_factory=list)


def _title(lines: list[Line], height: float) -> tuple[str | None, float]:
    cands = [ln for ln in lines if ln.horizontal and ln.y1 < height * 0.5
             and sum(c.isalpha() for c in ln.text) >= 3 and not ln.text.lower().startswith("arxiv:")]
    if not cands:
        return None, 0.0
    top = max(ln.max_size for ln in cands)
    picked: list[Line] = []
    for ln in sorted(cands, key=lambda x: (x.y0, x.x0)):
        if ln.max_size >= top - 0.6:
            if picked and (ln.y0 - picked[-1].y1 > 1.6 * top or _ANON.match(ln.text) or (
                    ln.font != picked[0].font and ln.y0 - picked[-1].y1 > 0.5 * top)):
                break  # the author line set in the title's size, or something further down
            picked.append(ln)
        elif picked and ln.y0 > picked[-1].y1 + 2:
            break
    parts = []
    for ln in picked:
        spans = [s for s, m in zip(ln.spans, ln.marks) if not (m and not s.text.strip().isdigit())]
        text = join_spans(spans).strip()
        parts.append(text.rstrip(MARK_SYMS + " "))
    title = re.sub(r"\s+", " ", dehyphen_join(parts)).strip()
    return (title or None), max(ln.y1 for ln in picked)


def _is_prose(row: Row, width: float) -> bool:
    """A wide run of text without column gaps: the body has begun."""
    if row.x1 - row.x0 <= width * 0.55 or len(row.text) <= 90:
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(row.lines, row.lines[1:])]
    return all(g < 2 * row.size for g in gaps)


def parse_header(layout: Layout) -> Header:
    h = Header()
    if not layout.pages:
        return h
    page = layout.pages[0]
    lines = [ln for ln in page.lines if ln.horizontal]
    h.title, title_y = _title(lines, page.height)
    rows = [r for r in make_rows([ln for ln in lines if ln.y0 >= title_y - 1]) if r.y0 >= title_y - 1]
    names: list[Name] = []
    name_size: float | None = None
    aff_rows: list[tuple[int, Row]] = []
    carry: Name | None = None
    inline_prev = False  # the previous row was an ACM-style 'NAME, Affiliation' row
    end_y = title_y
    for ri, row in enumerate(rows):
        text = row.text
        if ABSTRACT.match(text) or (_is_prose(row, page.width) and abs(row.size - layout.body_size) < 1.0):
            break
        if re.match(r"^(fig(ure)?\.?|table)\s*\d", text, re.I) or re.fullmatch(
                r"((\d{1,2}|[IVX]{1,4})\.?\s+)?(introduction|overview|background|motivation)", text.strip(), re.I):
            break
        end_prev, end_y = end_y, row.y1
        if _ANON.match(text) and len(text.split()) <= 3:
            h.anonymous = True
            continue
        if "@" in text:
            h.emails.extend(expand_emails(text))
            continue
        flowing = inline_prev and name_size is not None and row.y0 - end_prev < 0.8 * name_size
        inline = inline_entries(row, ri, name_size if flowing else None)
        if inline is not None and (name_size is None or abs(inline.size - name_size) <= 0.8):
            continue_affil(names, inline.lead)
            names.extend(inline.names)
            name_size = inline.size if name_size is None else name_size
            carry = None
            inline_prev = True
            continue
        inline_prev = False
        cand = split_names(row, ri)
        if carry is not None and cand and len(cand[0].name.split()) == 1:
            # a name wrapped across lines: "..., Jerzy" / "Stefanowski1"
            cand[0].name = carry.name + " " + cand[0].name
            cand[0].x0 = carry.x0
        carry = None
        tail = cand[-1] if cand and len(cand[-1].name.split()) == 1 and TOKEN.match(cand[-1].name) \
            and not row.text.rstrip().endswith((",", ";")) and len(cand) > 1 else None
        whole = cand[:-1] if tail is not None else cand
        if whole and names_row(whole) and (
                name_size is None or abs(row.size - name_size) <= 0.8):
            names.extend(whole)
            carry = tail
            name_size = row.size if name_size is None else name_size
            continue
        if not names:
            continue
        if re.match(r"^\W*(https?://|www\.)", text):
            continue  # a project link under the authors
        if row.y0 - end_prev > 3 * (name_size or row.size) or (
                letter_size(row) < min(name_size or 99, layout.body_size) - 1.5 and not NOTE.search(text)):
            end_y = end_prev
            break  # a teaser figure below the author block
        if NOTE.search(text) and not AFFIL_WORDS.search(re.sub(NOTE, "", text)):
            continue
        aff_rows.append((ri, row))
    h.end_y = end_y
    if h.anonymous and not names:
        return h
    h.authors = [fix_accents(n.name) for n in names]
    found = affiliations(names, aff_rows, lines, layout, page.height, h.emails)
    h.affiliations, h.first_author_affiliation, h.affiliation_source = found.affiliations, found.first, found.source
    h.affiliations = [fix_accents(a) for a in h.affiliations]
    if h.first_author_affiliation:
        h.first_author_affiliation = fix_accents(h.first_author_affiliation)
    if h.title:
        h.title = fix_accents(h.title)
    return h
