"""Build realistic arXiv-like paper PDFs with PyMuPDF and return their ground truth.

Used by ``paperbrief demo`` (the sample papers' PDFs) and by the tests (a generated corpus whose facts are
known exactly). ``build_pdf(spec, path)`` writes the PDF and returns the truth in the shape of
``paperbrief extract --json`` (SPEC section 4)::

    {"title", "authors", "affiliations", "first_author_affiliation", "affiliation_source",
     "code_urls", "own_code_urls", "sections", "has_appendix", "tables_count",
     "figures": [{"label", "page", "caption", "bbox"}], "pages"}

``bbox`` is the figure region without its caption, in PDF points, top-left origin (PyMuPDF's page
coordinates); sub-figure captions "(a) ..." are part of the region. ``page`` is 1-based and is the page that
holds the caption.

Conventions of the spec (all deterministic; no randomness without a fixed seed):

- ``AuthorSpec.affils`` are 1-based indices into ``PaperSpec.affiliations``; ``marks`` are extra footnote
  markers printed after the affiliation markers ("*", "†", "‡", digits).
- ``FigureSpec.section`` / ``TableSpec.section`` are 0-based indices into ``sections`` followed by
  ``appendix``; the float is set after that section's first paragraph (``None``: spread over the body).
- A paragraph that starts with ``"## "`` is a sub-section heading (not a top-level section).
- Inline ``^{x}`` prints a superscript; ``BREAK`` (U+2063) inside a URL forces a line break there.
- ``footnotes``: a footnote that starts with a marker and a space (``"* Equal contribution"``) is the note
  for that author mark; any other is numbered and its marker set at the end of the abstract's first
  sentence.
- ``extra_links``: ``(url, where)``, where is ``"footnote"`` (a "Code is available at" footnote),
  ``"body"`` (a sentence at the end of the first section), ``"annotation"`` (a link annotation on a
  "[Code]"/"[Project Page]"/"[Demo]" label under the authors; the URL is not printed), ``"broken"`` (a body
  sentence with the URL broken after its owner: "https://github.com/org/" | "repo") or ``"hyphen"`` (broken
  after a hyphen that is part of the URL: "https://github.com/org/repo-" | "name").
- Code URLs are every github.com, gitlab.com, bitbucket.org, huggingface.co/spaces and ``*.github.io`` URL in
  the text (a scheme added where none is printed, trailing punctuation removed) and in link annotations.
  Own URLs are those outside the reference list, less ``third_party_urls``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pymupdf

from paperbrief.samples._layout import (
    BREAK,
    ONE_COLUMN,
    TWO_COLUMN,
    Canvas,
    Float,
    Flow,
    Geometry,
    draw_raster,
    draw_vector,
    runs_of,
    strip_markup,
    text_width,
    token_width,
    wrap,
)

__all__ = [
    "AuthorSpec",
    "FigureSpec",
    "SectionSpec",
    "TableSpec",
    "PaperSpec",
    "build_pdf",
    "build_broken_pdf",
    "code_urls_in",
    "BREAK",
]

SYMBOLS = ["*", "†", "‡", "§", "¶", "‖"]
# combining mark -> the spacing accent glyph pdfTeX draws for it
_SPACING = {"\u0301": "\u00b4", "\u030c": "\u02c7", "\u0308": "\u00a8", "\u0300": "`", "\u0302": "\u02c6",
            "\u0303": "\u02dc", "\u030a": "\u02da"}


@dataclass
class AuthorSpec:
    name: str
    affils: list[int] = field(default_factory=list)
    marks: str = ""


@dataclass
class FigureSpec:
    caption: str
    kind: Literal["raster", "vector", "both"] = "vector"
    placement: Literal["column", "full", "wrapped", "teaser", "side"] = "column"  # "side": pairs, side by side
    label_style: Literal["Figure", "Fig."] = "Figure"
    subfigures: int = 0
    section: int | None = None


@dataclass
class SectionSpec:
    heading: str
    paragraphs: list[str]


@dataclass
class TableSpec:
    caption: str
    rows: int = 3
    cols: int = 3
    section: int | None = None


@dataclass
class PaperSpec:
    title: str
    authors: list[AuthorSpec]
    affiliations: list[str]
    abstract: str
    sections: list[SectionSpec]
    figures: list[FigureSpec] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    appendix: list[SectionSpec] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    layout: Literal["one-column", "two-column"] = "one-column"
    anonymous: bool = False
    affiliation_style: Literal["numbered", "symbols", "under-author", "footnote"] = "numbered"
    extra_links: list[tuple[str, str]] = field(default_factory=list)
    # extensions (all optional)
    third_party_urls: list[str] = field(default_factory=list)  # code URLs in the body that are not the paper's
    hyperlink_urls: bool = False  # put link annotations on printed URLs, as hyperref does
    author_separator: str = ", "  # "   " for CVPR-like wide spacing
    affil_inline: bool = False  # all affiliations on one line ("1MIT  2Stanford")
    grid_cols: int = 3  # under-author style: authors per row
    arxiv_stamp: str | None = None  # e.g. "arXiv:2403.12345v1  [cs.CV]  28 Mar 2024" in the left margin
    running_header: str | None = None  # printed at the top of pages after the first
    references_heading: str = "References"
    abstract_heading: str = "Abstract"
    caption_sep: str | None = None  # after "Figure N"; None: ":" for "Figure", "." for "Fig." (CVPR uses ".")
    table_label: Literal["Table", "TABLE"] = "Table"  # "TABLE": IEEE style, "TABLE II" over the caption line
    line_numbers: bool = False  # review-copy line numbers in the margins
    seed: int = 0
    # author-block variants (numbered/symbols styles; all optional, the defaults draw what they always drew)
    marker_kind: Literal["digits", "letters"] = "digits"  # numbered affiliations keyed 1, 2 or a, b
    markers_inline: bool = False  # keys in the name's own font and size, not raised: "Alice Chen1,2"
    author_font: str = "tiro"  # "china-s" for Han names
    author_fonts: tuple[str, ...] = ()  # fonts cycled over the authors (a font change between names)
    author_gap: float | None = None  # names set this many points apart with no space character (0: touching)
    email_lines: bool = False  # each author line followed by a line with its authors' e-mails (one per author)
    author_style: Literal["standard", "acm"] = "standard"  # acm: "NAME, Affiliation and NAME, Affiliation"
    accents: Literal["precomposed", "combining", "glyph-before", "glyph-after"] = "precomposed"  # in names


# ------------------------------------------------------------------------------------------------ URLs

CODE_URL_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?:github\.com/|gitlab\.com/|bitbucket\.org/|huggingface\.co/spaces/|"
    r"[A-Za-z0-9-]+\.github\.io\b)[^\s]*", re.I)


def _clean_url(u: str) -> str:
    u = u.rstrip(".,;:'\"")
    while u.endswith(")") and u.count("(") < u.count(")"):
        u = u[:-1].rstrip(".,;:")
    while u.endswith("]") and u.count("[") < u.count("]"):
        u = u[:-1].rstrip(".,;:")
    if not re.match(r"https?://", u, re.I):
        u = "https://" + u
    return u


def code_urls_in(text: str) -> list[str]:
    """Code-host URLs in a logical text (markup removed), cleaned, in order, without duplicates."""
    out: list[str] = []
    for m in CODE_URL_RE.finditer(strip_markup(text)):
        u = _clean_url(m.group(0))
        if u not in out:
            out.append(u)
    return out


def _break_url(url: str, hyphen: bool = False) -> str:
    """Insert a forced break, as LaTeX's url package would set it: after the owner of a repository
    ("https://github.com/org/" | "repo"), after the host of a project page ("https://x.github.io/" | "page/"),
    or (``hyphen``) after the last hyphen of the path ("https://github.com/org/repo-" | "name"). Never at the
    very end, so the next line's word cannot be mistaken for part of the URL."""
    body = url.rstrip("/")
    if hyphen and "-" in body.split("://")[-1]:
        i = body.rindex("-") + 1
        return url[:i] + BREAK + url[i:]
    parts = body.split("/")
    if len(parts) > 4:
        i = len("/".join(parts[:4])) + 1
    elif len(parts) == 4:
        i = len("/".join(parts[:3])) + 1
    else:  # no path: after the first dot of the host ("https://x." | "github.io")
        i = body.index(".", body.find("://") + 3) + 1
    return url[:i] + BREAK + url[i:]


# ------------------------------------------------------------------------------------------------ builder

class _Builder:
    def __init__(self, spec: PaperSpec):
        self.spec = spec
        self.g: Geometry = TWO_COLUMN if spec.layout == "two-column" else ONE_COLUMN
        self.doc = pymupdf.open()
        self.canvas = Canvas(self.doc)
        self.flow = Flow(self.doc, self.canvas, self.g, on_new_page=self._decorate,
                         line_numbers=spec.line_numbers)
        self.figures: list[dict] = []
        self.fig_no = 0
        self.tab_no = 0
        self.annotation_urls: list[str] = []
        self.rng = random.Random(spec.seed)
        self.body_font = 10.0 if self.g.ncols == 1 else 9.8
        self.lead = 12.0 if self.g.ncols == 1 else 11.2

    # ------------------------------------------------------------------ page furniture
    def _decorate(self, page: pymupdf.Page) -> None:
        num = str(page.number + 1)
        w = text_width(num, "tiro", 10)
        self.canvas.text(page, (self.g.page_w - w) / 2, self.g.page_h - 36, num, "tiro", 10)
        if page.number == 0 and self.spec.arxiv_stamp:
            tl = text_width(self.spec.arxiv_stamp, "tiro", 20)
            page.insert_text((32, (self.g.page_h + tl) / 2), self.spec.arxiv_stamp, fontsize=20, fontname="tiro",
                             rotate=90, color=(0.5, 0.5, 0.5))
        if page.number > 0 and self.spec.running_header:
            h = self.spec.running_header
            w = text_width(h, "tiit", 9)
            self.canvas.text(page, (self.g.page_w - w) / 2, self.g.top - 18, h, "tiit", 9)

    # ------------------------------------------------------------------ header block
    def _key(self, i: int) -> str:
        """The printed key of affiliation ``i`` (1-based)."""
        if self.spec.affiliation_style == "symbols":
            return SYMBOLS[i - 1]
        return "abcdefghij"[i - 1] if self.spec.marker_kind == "letters" else str(i)

    def _markers(self, a: AuthorSpec) -> str:
        st = self.spec.affiliation_style
        if st == "symbols":
            m = "".join(SYMBOLS[i - 1] for i in a.affils)
            return m + a.marks
        parts = [self._key(i) for i in a.affils]
        m = ",".join(parts)
        if a.marks:
            m = m + ("," if m and a.marks[0].isdigit() else "") + a.marks
        return m

    def _centered(self, y: float, tokens: list[str], fontname: str, size: float, lead: float) -> float:
        self.canvas.token_line(self.flow.page, self.g.left, y + size * 0.92, tokens, fontname, size,
                               width=self.g.text_w, align="center")
        return y + lead

    def header(self) -> None:
        spec = self.spec
        flow = self.flow
        flow.new_page()
        page = flow.page
        y = self.g.top + (8 if self.g.ncols == 1 else 4)
        # title
        for toks in wrap(spec.title, self.g.text_w * 0.86, "tibo", 17):
            y = self._centered(y, toks, "tibo", 17, 21)
        y += 12
        if spec.anonymous:
            for line, fn, sz in [("Anonymous Author(s)", "tibo", 11), ("Affiliation", "tiro", 10),
                                 ("Address", "tiro", 10), ("email", "cour", 9)]:
                y = self._centered(y, [line], fn, sz, sz * 1.3)
        elif spec.affiliation_style == "under-author":
            y = self._author_grid(y)
        elif spec.author_style == "acm":
            y = self._acm_authors(y)
        else:
            y = self._author_line(y)
            if spec.affiliation_style in ("numbered", "symbols") and spec.affiliations:
                y += 3
                items = []
                for i, aff in enumerate(spec.affiliations, 1):
                    mark = self._key(i)
                    items.append(f"{mark}{aff}" if spec.markers_inline else f"^{{{mark}}}{aff}")
                if spec.affil_inline:  # "1KAIST   2Carnegie Mellon University", items never split
                    gap = 12.0
                    rows: list[list[str]] = [[]]
                    used = 0.0
                    for it in items:
                        w = token_width(it, "tiro", 10)
                        if rows[-1] and used + gap + w > self.g.text_w:
                            rows.append([])
                            used = 0.0
                        used += (gap if rows[-1] else 0.0) + w
                        rows[-1].append(it)
                    for row in rows:
                        total = sum(token_width(it, "tiro", 10) for it in row) + gap * (len(row) - 1)
                        x = self.g.left + (self.g.text_w - total) / 2
                        for it in row:
                            self.canvas.runs(page, x, y + 9.2, runs_of(it, "tiro", 10))
                            x += token_width(it, "tiro", 10) + gap
                        y += 12.5
                else:
                    for it in items:
                        for toks in wrap(it, self.g.text_w * 0.9, "tiro", 10):
                            y = self._centered(y, toks, "tiro", 10, 12.5)
            if spec.emails and not spec.email_lines:
                y += 2
                for toks in wrap(", ".join(spec.emails), self.g.text_w * 0.9, "cour", 9):
                    y = self._centered(y, toks, "cour", 9, 11)
        # annotation-only links
        ann = [(u, w) for u, w in spec.extra_links if w == "annotation"]
        if ann:
            y += 4
            labels = []
            for u, _ in ann:
                labels.append("[Project Page]" if ".github.io" in u else "[Demo]" if "/spaces/" in u else "[Code]")
            line = "      ".join(labels)
            lw = text_width(line, "tibo", 10)
            x = self.g.left + (self.g.text_w - lw) / 2
            for (u, _), lab in zip(ann, labels):
                r = self.canvas.text(page, x, y + 9.2, lab, "tibo", 10, color=(0.6, 0.1, 0.3))
                page.insert_link({"kind": pymupdf.LINK_URI, "from": r, "uri": u})
                self.annotation_urls.append(u)
                x += text_width(lab + "      ", "tibo", 10)
            y += 13
        y += 14
        # teaser: full width under the author block
        teasers = [f for f in spec.figures if f.placement == "teaser"]
        for f in teasers:
            fl = self._figure_float(f, full=True)
            fl.draw(page, self.g.left + (self.g.text_w - fl.width) / 2, y)
            y += fl.height + 14
        flow.col_top = y
        flow.y = y
        self._page1_footnotes()

    def _author_line(self, y: float) -> float:
        spec = self.spec
        entries = []
        for i, a in enumerate(spec.authors):
            m = self._markers(a)
            sep = spec.author_separator.rstrip() if i < len(spec.authors) - 1 else ""
            entries.append((a.name, m, "" if spec.author_gap is not None else sep))
        # pack whole author entries into lines
        maxw = self.g.text_w * 0.92
        space_w = text_width(" ", "tiro", 11) * max(1, len(spec.author_separator) - 1
                                                           if spec.author_separator.strip() else
                                                           len(spec.author_separator))
        if spec.author_gap is not None:
            space_w = spec.author_gap
        lines: list[list[int]] = [[]]
        used = 0.0
        for k, e in enumerate(entries):
            w = self._entry_width(e, k)
            if lines[-1] and used + space_w + w > maxw:
                lines.append([])
                used = 0.0
            used += (space_w if lines[-1] else 0) + w
            lines[-1].append(k)
        page = self.flow.page
        for line in lines:
            total = sum(self._entry_width(entries[k], k) for k in line) + space_w * (len(line) - 1)
            x = self.g.left + (self.g.text_w - total) / 2
            for k in line:
                name, m, sep = entries[k]
                fontname = self._author_fontname(k)
                tail = (m if spec.markers_inline else f"^{{{m}}}" if m else "") + sep
                if spec.accents == "precomposed":
                    self.canvas.runs(page, x, y + 10.2, runs_of(name + tail, fontname, 11))
                else:
                    x_end = self._draw_name(page, x, y + 10.2, name, fontname, 11)
                    self.canvas.runs(page, x_end, y + 10.2, runs_of(tail, fontname, 11))
                x += self._entry_width(entries[k], k) + space_w
            y += 14
            if spec.email_lines and len(spec.emails) == len(spec.authors):
                mails = "   ".join(spec.emails[k] for k in line)
                y = self._centered(y - 1, [mails], "cour", 9, 12)
        return y

    def _author_fontname(self, k: int) -> str:
        fonts = self.spec.author_fonts
        return fonts[k % len(fonts)] if fonts else self.spec.author_font

    def _entry_width(self, e: tuple[str, str, str], k: int) -> float:
        name, m, sep = e
        fontname = self._author_fontname(k)
        tail = (m if self.spec.markers_inline else f"^{{{m}}}" if m else "") + sep
        if self.spec.accents == "precomposed":
            return token_width(name + tail, fontname, 11)
        return text_width(unicodedata.normalize("NFC", name), fontname, 11) + token_width(tail, fontname, 11)

    def _draw_name(self, page: pymupdf.Page, x: float, baseline: float, name: str, fontname: str,
                   size: float) -> float:
        """Write a name in the spec's accent encoding; returns the x after it. "glyph-before"/"glyph-after"
        draw each accent as a spacing glyph of its own over its letter, before or after the letter in the
        content stream (pdfTeX's way: the text layer then reads "Dvoˇrák" or "Mu¨ller")."""
        mode = self.spec.accents
        name = unicodedata.normalize("NFC", name)
        if mode == "precomposed":
            self.canvas.text(page, x, baseline, name, fontname, size)
            return x + text_width(name, fontname, size)
        if mode == "combining":
            text = unicodedata.normalize("NFD", name)
            self.canvas.text(page, x, baseline, text, fontname, size)
            return x + text_width(name, fontname, size)
        for ch in name:
            parts = unicodedata.normalize("NFD", ch)
            base, marks = parts[0], parts[1:]
            glyphs = [_SPACING[m] for m in marks if m in _SPACING]
            if not glyphs or len(glyphs) != len(marks):
                self.canvas.text(page, x, baseline, ch, fontname, size)
                x += text_width(ch, fontname, size)
                continue
            bw = text_width(base, fontname, size)
            drawn = [(x, base)] + [(x + (bw - text_width(g, fontname, size)) / 2, g) for g in glyphs]
            if mode == "glyph-before":
                drawn = drawn[1:] + drawn[:1]
            for gx, g in drawn:
                self.canvas.text(page, gx, baseline, g, fontname, size)
            x += bw
        return x

    def _acm_authors(self, y: float) -> float:
        """ACM journal style, left-aligned and wrapped: "ALICE CHEN, Univ, Country, BOB LI, Univ, Country, and
        CAROL DE VRIES, Univ, Country"; names in the larger size."""
        spec = self.spec
        words: list[tuple[str, str, float]] = []
        n = len(spec.authors)
        for i, a in enumerate(spec.authors):
            for w in a.name.split(" "):
                words.append((w, "hebo", 11))
            words[-1] = (words[-1][0] + ",", "hebo", 11)
            aff = ", ".join(spec.affiliations[j - 1] for j in a.affils)
            tail = "" if i == n - 1 else (" and" if n == 2 else ", and" if i == n - 2 else ",")
            for w in f"{aff}{tail}".split(" "):
                words.append((w, "helv", 9))
        page = self.flow.page
        x = self.g.left
        right = self.g.left + self.g.text_w * 0.92
        for w, fn, sz in words:
            ww = text_width(w, fn, sz)
            if x > self.g.left and x + ww > right:
                x = self.g.left
                y += 14
            self.canvas.text(page, x, y + 10.2, w + " ", fn, sz)
            x += ww + text_width(" ", fn, sz)
        return y + 14

    def _author_grid(self, y: float) -> float:
        spec = self.spec
        ncol = max(1, min(spec.grid_cols, len(spec.authors)))
        cell_w = self.g.text_w / ncol
        page = self.flow.page
        emails = spec.emails if len(spec.emails) == len(spec.authors) else []
        for row0 in range(0, len(spec.authors), ncol):
            row = spec.authors[row0: row0 + ncol]
            x_start = self.g.left + (self.g.text_w - cell_w * len(row)) / 2
            row_h = 0.0
            for k, a in enumerate(row):
                cx = x_start + k * cell_w
                yy = y
                name = a.name + (f"^{{{a.marks}}}" if a.marks else "")
                self.canvas.token_line(page, cx, yy + 10, [name], "tibo", 11, width=cell_w, align="center")
                yy += 13.5
                for i in a.affils:
                    for toks in wrap(spec.affiliations[i - 1], cell_w - 12, "tiro", 10):
                        self.canvas.token_line(page, cx, yy + 9.2, toks, "tiro", 10, width=cell_w, align="center")
                        yy += 12
                if emails:
                    self.canvas.token_line(page, cx, yy + 8.5, [emails[row0 + k]], "cour", 8.5, width=cell_w,
                                           align="center")
                    yy += 11
                row_h = max(row_h, yy - y)
            y += row_h + 10
        if spec.emails and not emails:
            for toks in wrap(", ".join(spec.emails), self.g.text_w * 0.9, "cour", 9):
                y = self._centered(y, toks, "cour", 9, 11)
        return y

    # ------------------------------------------------------------------ footnotes (page 1)
    def _footnote_items(self) -> list[tuple[str, str]]:
        spec = self.spec
        items: list[tuple[str, str]] = []
        if spec.affiliation_style == "footnote" and not spec.anonymous:
            for i, aff in enumerate(spec.affiliations, 1):
                items.append((str(i), aff))
        n = 0
        for fn in self._all_footnotes():
            m = re.match(r"^([*†‡§¶‖]+|\d+) (.*)$", fn)
            if m:
                items.append((m.group(1), m.group(2)))
            else:
                n += 1
                items.append((str(n + (len(spec.affiliations) if spec.affiliation_style == "footnote" else 0)), fn))
        return items

    def _all_footnotes(self) -> list[str]:
        out = list(self.spec.footnotes)
        for u, w in self.spec.extra_links:
            if w == "footnote":
                out.append(f"Code is available at {u}.")
        return out

    def _numbered_footnote_markers(self) -> list[str]:
        out = []
        for mark, _text in self._footnote_items():
            is_affil = self.spec.affiliation_style == "footnote" and not self.spec.anonymous and \
                mark.isdigit() and int(mark) <= len(self.spec.affiliations)
            if mark.isdigit() and not is_affil and not any(
                    fn.startswith(mark + " ") for fn in self._all_footnotes()):
                out.append(mark)
        return out

    def _page1_footnotes(self) -> None:
        items = self._footnote_items()
        if not items:
            return
        w = self.g.col_w
        size, lead = 8.0, 9.5
        laid = []
        for mark, text in items:
            laid.append((mark, wrap(text, w - 6, "tiro", size, hyphen_breaks=self.flow.hyphen_breaks)))
        h = sum(len(ls) for _, ls in laid) * lead + 8
        flow = self.flow
        flow.reserve[(0, 0)] = h + 4
        page = flow.page
        x0, _ = self.g.col_x(0)
        y = self.g.bottom - h
        sh = page.new_shape()
        sh.draw_line((x0, y), (x0 + w * 0.35, y))
        sh.finish(color=(0, 0, 0), width=0.4)
        sh.commit()
        y += 4
        for mark, lines in laid:
            self.canvas.runs(page, x0, y + 7.4, runs_of(f"^{{{mark}}}", "tiro", size))
            for toks in lines:
                self.canvas.token_line(page, x0 + 6, y + 7.4, toks, "tiro", size)
                y += lead

    # ------------------------------------------------------------------ floats
    def _caption_lines(self, label: str, caption: str, width: float) -> list[list[str]]:
        return wrap(f"{label} {caption}", width, "tiro", 9)

    def _figure_float(self, f: FigureSpec, full: bool = False, wrapped: bool = False,
                      side: float | None = None) -> Float:
        self.fig_no += 1
        no = self.fig_no
        label = f"Fig. {no}" if f.label_style == "Fig." else f"Figure {no}"
        sep = self.spec.caption_sep if self.spec.caption_sep is not None else \
            ("." if f.label_style == "Fig." else ":")
        printed_label = label + sep
        if side:
            width = side
        elif wrapped:
            width = round(self.g.col_w * 0.44, 1)
        elif full:
            width = self.g.text_w
        else:
            width = self.g.col_w
        body_w = width if (full or wrapped or side) else width * (0.96 if self.g.ncols == 2 else 0.8)
        if wrapped or side:
            body_h = body_w * (0.78 if wrapped else 0.72)
        elif full:
            body_h = min(200.0, body_w * (0.30 if f.placement == "teaser" else 0.36))
        else:
            body_h = min(210.0, body_w * 0.56)
        sub_h = 12.0 if f.subfigures else 0.0
        cap_lines = self._caption_lines(printed_label, f.caption, width)
        cap_h = len(cap_lines) * 11.0
        height = body_h + sub_h + 7 + cap_h
        seed = self.spec.seed * 31 + no
        record = {"label": label, "caption": f.caption}

        def draw(page: pymupdf.Page, x0: float, y0: float) -> None:
            bx0 = x0 + (width - body_w) / 2
            body = pymupdf.Rect(bx0, y0, bx0 + body_w, y0 + body_h)
            box = pymupdf.Rect()
            n = max(1, f.subfigures)
            gap = 8.0 if n > 1 else 0.0
            pw = (body.width - gap * (n - 1)) / n
            for k in range(n):
                r = pymupdf.Rect(body.x0 + k * (pw + gap), body.y0, body.x0 + k * (pw + gap) + pw, body.y1)
                box |= self._draw_panel(page, r, f.kind, seed + k)
                if f.subfigures:
                    sub = f"({'abcdefgh'[k]}) {['Input', 'Baseline', 'Ours', 'Reference', 'Ablation'][k % 5]}"
                    sw = text_width(sub, "tiro", 8)
                    box |= self.canvas.text(page, r.x0 + (r.width - sw) / 2, body.y1 + 9, sub, "tiro", 8)
            # caption
            yy = y0 + body_h + sub_h + 7
            one = len(cap_lines) == 1
            for i, toks in enumerate(cap_lines):
                self.canvas.token_line(page, x0, yy + 8.3, toks, "tiro", 9, width=width,
                                       justify=not one and i < len(cap_lines) - 1,
                                       align="center" if one else "left")
                yy += 11.0
            record["page"] = page.number + 1
            record["bbox"] = [round(box.x0, 2), round(box.y0, 2), round(box.x1, 2), round(box.y1, 2)]

        self.figures.append(record)
        return Float(height=height, width=width, draw=draw, full=full)

    def _draw_panel(self, page: pymupdf.Page, r: pymupdf.Rect, kind: str, seed: int) -> pymupdf.Rect:
        if kind == "raster":
            return draw_raster(page, r, seed)
        if kind == "vector":
            return draw_vector(page, self.canvas, r, seed)
        if r.width < 170:  # a narrow "both" panel: raster or plot, alternating
            return draw_raster(page, r, seed) if seed % 2 == 0 else draw_vector(page, self.canvas, r, seed)
        half = (r.width - 6) / 2
        a = draw_raster(page, pymupdf.Rect(r.x0, r.y0, r.x0 + half, r.y1), seed)
        b = draw_vector(page, self.canvas, pymupdf.Rect(r.x1 - half, r.y0, r.x1, r.y1), seed + 1)
        return a | b

    def _table_float(self, t: TableSpec) -> Float:
        self.tab_no += 1
        no = self.tab_no
        width = self.g.col_w
        cols = max(2, t.cols)
        rows = max(1, t.rows)
        tab_w = min(width, 70.0 * cols)
        if self.spec.table_label == "TABLE":
            roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][(no - 1) % 12]
            cap_lines = [["TABLE", roman]] + wrap(t.caption.upper(), width * 0.8, "tiro", 9)
        else:
            cap_lines = wrap(f"Table {no}: {t.caption}", width, "tiro", 9)
        cap_h = len(cap_lines) * 11.0
        row_h = 11.5
        height = cap_h + 5 + row_h * (rows + 1) + 6
        rng = random.Random(self.spec.seed * 101 + no)
        header = ["Method"] + [["FID", "CLIP", "PSNR", "SSIM", "LPIPS", "Time (s)", "Params"][k % 7]
                               for k in range(cols - 1)]
        body = [[f"{['Baseline', 'DDIM', 'LDM', 'Ours', 'Ours (large)', 'w/o prior'][r % 6]}"]
                + [f"{rng.uniform(1, 60):.1f}" for _ in range(cols - 1)] for r in range(rows)]

        ieee = self.spec.table_label == "TABLE"

        def draw(page: pymupdf.Page, x0: float, y0: float) -> None:
            yy = y0
            one = len(cap_lines) == 1 or ieee
            for i, toks in enumerate(cap_lines):
                self.canvas.token_line(page, x0, yy + 8.3, toks, "tiro", 9, width=width,
                                       justify=not one and i < len(cap_lines) - 1,
                                       align="center" if one else "left")
                yy += 11.0
            yy += 5
            tx0 = x0 + (width - tab_w) / 2
            cw = tab_w / cols
            sh = page.new_shape()
            sh.draw_line((tx0, yy), (tx0 + tab_w, yy))
            sh.finish(color=(0, 0, 0), width=0.8)
            for ri, row in enumerate([header] + body):
                for ci, cell in enumerate(row):
                    fn = "tibo" if ri == 0 else "tiro"
                    self.canvas.token_line(page, tx0 + ci * cw + 2, yy + 8.8, cell.split(" "), fn, 8.5,
                                           width=cw - 4, align="left" if ci == 0 else "center")
                yy += row_h
                if ri == 0:
                    sh.draw_line((tx0, yy), (tx0 + tab_w, yy))
                    sh.finish(color=(0, 0, 0), width=0.5)
            sh.draw_line((tx0, yy + 1), (tx0 + tab_w, yy + 1))
            sh.finish(color=(0, 0, 0), width=0.8)
            sh.commit()

        return Float(height=height, width=width, draw=draw)

    # ------------------------------------------------------------------ body
    def _abstract_text(self) -> str:
        text = self.spec.abstract
        markers = self._numbered_footnote_markers()
        if markers:
            toks = text.split(" ")
            idx = len(toks) - 1
            for i, t in enumerate(toks):
                if t.endswith(".") and not code_urls_in(t) and "://" not in t:
                    idx = i
                    break
            toks[idx] = toks[idx] + "^{" + ",".join(markers) + "}"
            text = " ".join(toks)
        return text

    def abstract(self) -> None:
        flow = self.flow
        if self.g.ncols == 1:
            flow.heading(self.spec.abstract_heading, size=12, before=0, after=4, align="center")
            flow.paragraph(self._abstract_text(), size=self.body_font, lead=self.lead, indent=0,
                           inset=(30.0, 30.0), links=self._link_pairs())
            flow.y += 8
        else:
            flow.heading(self.spec.abstract_heading, size=11.5, before=0, after=4, align="center")
            flow.paragraph(self._abstract_text(), size=self.body_font, lead=self.lead, indent=0,
                           links=self._link_pairs(), fontname="tiit")
            flow.y += 6

    def _link_pairs(self):
        """The token -> link target function for hyperref-like annotations on printed code URLs."""
        if not self.spec.hyperlink_urls:
            return None

        def target(tok: str) -> str | None:
            urls = code_urls_in(tok)
            return urls[0] if urls else None

        return target

    def _sections_with_links(self) -> list[SectionSpec]:
        """The body sections, with the "body"/"broken"/"hyphen" extra links written into them."""
        secs = [SectionSpec(s.heading, list(s.paragraphs)) for s in self.spec.sections]
        if not secs:
            return secs
        for u, w in self.spec.extra_links:
            if w not in ("body", "broken", "hyphen"):
                continue
            target = secs[0] if w == "body" else secs[min(1, len(secs) - 1)]
            printed = u if w == "body" else _break_url(u, hyphen=(w == "hyphen"))
            sentence = (f"Our code is publicly available at {printed}." if w == "body" else
                        f"The implementation and the trained models can be found at {printed} for reproduction.")
            paras = [p for p in target.paragraphs if not p.startswith("## ")]
            if not target.paragraphs or not paras:
                target.paragraphs.append(sentence)
            else:
                last = max(i for i, p in enumerate(target.paragraphs) if not p.startswith("## "))
                target.paragraphs[last] = target.paragraphs[last] + " " + sentence
        return secs

    def _all_texts(self, include_refs: bool = False) -> list[str]:
        spec = self.spec
        texts = [spec.abstract] + self._all_footnotes()
        for s in self._sections_with_links() + spec.appendix:
            texts.extend(s.paragraphs)
        texts.extend(f.caption for f in spec.figures)
        texts.extend(t.caption for t in spec.tables)
        if include_refs:
            texts.extend(spec.references)
        return texts

    def body(self) -> None:
        spec = self.spec
        flow = self.flow
        secs = self._sections_with_links()
        allsecs = secs + list(spec.appendix)
        nsec = len(secs)
        # which floats go after which section's first paragraph
        at: dict[int, list] = {}
        body_figs = [f for f in spec.figures if f.placement != "teaser"]
        for i, f in enumerate(body_figs):
            s = f.section if f.section is not None else min(nsec - 1, 1 + i) if nsec else 0
            at.setdefault(min(max(0, s), max(0, len(allsecs) - 1)), []).append(("fig", f))
        for i, t in enumerate(spec.tables):
            s = t.section if t.section is not None else min(nsec - 1, 2 + i) if nsec else 0
            at.setdefault(min(max(0, s), max(0, len(allsecs) - 1)), []).append(("tab", t))
        links = self._link_pairs()
        head_size = 12.0 if self.g.ncols == 1 else 11.5

        def run_section(k: int, s: SectionSpec) -> None:
            flow.heading(s.heading, size=head_size, before=10, after=4)
            placed = False
            for j, p in enumerate(s.paragraphs):
                if p.startswith("## "):
                    flow.heading(p[3:], size=10.5, before=6, after=2, keep=24)
                    continue
                flow.paragraph(p, size=self.body_font, lead=self.lead, indent=0 if j == 0 else 12, links=links)
                if not placed:
                    placed = True
                    self._place(at.get(k, []))
            if not placed:
                self._place(at.get(k, []))

        for k, s in enumerate(secs):
            run_section(k, s)
        if not allsecs:
            self._place(at.get(0, []))
        if spec.references:
            flow.heading(spec.references_heading, size=head_size, before=10, after=4)
            for i, ref in enumerate(spec.references, 1):
                label = ref if re.match(r"^\[\d+\]", ref) else f"[{i}] {ref}"
                flow.paragraph(label, size=9, lead=10.5, indent=0, hanging=14, justify=True, hyphenate=False,
                               links=links)
                flow.y += 1.5
        flow.flush()
        if spec.appendix:
            flow.new_page()
            for k, s in enumerate(spec.appendix):
                run_section(nsec + k, s)
            flow.flush()

    def _side_by_side(self, a: FigureSpec, b: FigureSpec) -> Float:
        """Two figures next to each other, each with its own caption (LaTeX minipages)."""
        gap = 14.0
        w = (self.g.col_w - gap) / 2
        fa = self._figure_float(a, side=w)
        fb = self._figure_float(b, side=w)

        def draw(page: pymupdf.Page, x0: float, y0: float) -> None:
            fa.draw(page, x0, y0)
            fb.draw(page, x0 + w + gap, y0)

        return Float(height=max(fa.height, fb.height), width=self.g.col_w, draw=draw)

    def _place(self, items) -> None:
        items = list(items)
        while items:
            kind, obj = items.pop(0)
            if kind == "fig" and obj.placement == "side":
                nxt = next((i for i, (k, o) in enumerate(items) if k == "fig" and o.placement == "side"), None)
                if nxt is not None:
                    self.flow.add_float(self._side_by_side(obj, items.pop(nxt)[1]))
                    continue
                self.flow.add_float(self._figure_float(obj))
            elif kind == "tab":
                self.flow.add_float(self._table_float(obj))
            elif obj.placement == "wrapped":
                self.flow.add_wrapped(self._figure_float(obj, wrapped=True))
            elif obj.placement == "full":
                self.flow.add_float(self._figure_float(obj, full=True))
            else:
                self.flow.add_float(self._figure_float(obj))

    # ------------------------------------------------------------------ truth
    def truth(self) -> dict:
        spec = self.spec
        own: list[str] = []
        cited: list[str] = []
        for t in self._all_texts():
            for u in code_urls_in(t):
                if u not in own:
                    own.append(u)
        for u in self.annotation_urls:
            if u not in own:
                own.append(u)
        # a URL broken at one of its own hyphens, with no link annotation to tell: "repo-" | "name" reads as
        # "repo-name" or as the hyphenated word "reponame", and a reader reports both (SPEC section 4)
        for other in self.flow.hyphen_breaks:
            for u in code_urls_in(other):
                if u in own:
                    continue
                twin = next((o for o in own if o.replace("-", "") == u.replace("-", "")), None)
                own.insert(own.index(twin) + 1 if twin else len(own), u)
        third = {_clean_url(u) for u in spec.third_party_urls}
        others = [u for u in own if u in third]
        own = [u for u in own if u not in third]
        for t in spec.references:
            for u in code_urls_in(t):
                if u not in own and u not in others and u not in cited:
                    cited.append(u)
        code = own + others + cited
        if spec.anonymous:
            authors, affs, first, source = [], [], None, None
        else:
            authors = [a.name for a in spec.authors]
            affs = list(spec.affiliations)
            first = None
            source = None
            if spec.authors and spec.authors[0].affils:
                first = spec.affiliations[spec.authors[0].affils[0] - 1]
                source = "pdf-footnote" if spec.affiliation_style == "footnote" else "pdf-header"
            elif spec.emails:
                first = spec.emails[0].split("@", 1)[-1]
                source = "email-domain"
        sections = [s.heading for s in spec.sections]
        if spec.references:
            sections.append(spec.references_heading)
        sections += [s.heading for s in spec.appendix]
        figures = sorted((dict(f) for f in self.figures),
                         key=lambda f: (f["page"], int(re.sub(r"\D", "", f["label"]))))
        return {
            "title": spec.title,
            "authors": authors,
            "affiliations": affs,
            "first_author_affiliation": first,
            "affiliation_source": source,
            "code_urls": code,
            "own_code_urls": own,
            "sections": sections,
            "has_appendix": bool(spec.appendix),
            "tables_count": len(spec.tables),
            "figures": figures,
            "pages": self.doc.page_count,
        }


def build_pdf(spec: PaperSpec, path: Path) -> dict:
    """Write ``spec`` as a PDF at ``path``; return its ground truth (see the module docstring)."""
    for a in spec.authors:
        bad = [i for i in a.affils if not 1 <= i <= len(spec.affiliations)]
        if bad:
            raise ValueError(f"author {a.name!r}: affiliation index {bad[0]} is not in 1..{len(spec.affiliations)}")
    b = _Builder(spec)
    b.header()
    b.abstract()
    b.body()
    b.canvas.finish()
    b.doc.set_metadata({"title": "", "author": "", "creator": "LaTeX with hyperref", "producer": "pdfTeX-1.40.25"})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    b.doc.save(str(path), garbage=3, deflate=True, no_new_id=True)
    truth = b.truth()
    b.doc.close()
    return truth


def build_broken_pdf(kind: Literal["truncated", "encrypted", "empty", "not-pdf", "image-only"], path: Path,
                     base: PaperSpec | None = None) -> dict:
    """Write an unreadable (or text-less) PDF for error handling tests. ``base`` is the paper used for
    "truncated", "encrypted" and "image-only". Returns ``{"kind": kind, "error": bool}``: ``error`` says
    whether extraction must fail with ``PDFError`` (else it must succeed with warnings)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "empty":
        path.write_bytes(b"")
        return {"kind": kind, "error": True}
    if kind == "not-pdf":
        path.write_bytes(b"<!DOCTYPE html>\n<html><head><title>arXiv captcha</title></head>\n"
                         b"<body><p>Please verify you are a human.</p></body></html>\n")
        return {"kind": kind, "error": True}
    if base is None:
        base = PaperSpec(title="A Placeholder Study of Broken Files", authors=[AuthorSpec("Ada Lovelace", [1])],
                         affiliations=["University of London"], abstract="We study files. " * 20,
                         sections=[SectionSpec("1 Introduction", ["Files break in many ways. " * 40] * 3)])
    tmp = path.with_suffix(".src.pdf")
    build_pdf(base, tmp)
    try:
        if kind == "truncated":
            data = tmp.read_bytes()
            path.write_bytes(data[: len(data) // 2])
            return {"kind": kind, "error": True}
        if kind == "encrypted":
            doc = pymupdf.open(tmp)
            doc.save(str(path), encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-secret",
                     user_pw="reader-secret", permissions=0)
            doc.close()
            return {"kind": kind, "error": True}
        if kind == "image-only":
            src = pymupdf.open(tmp)
            out = pymupdf.open()
            for pg in list(src)[:2]:
                pix = pg.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
                page = out.new_page(width=pg.rect.width, height=pg.rect.height)
                page.insert_image(page.rect, pixmap=pix)
            out.save(str(path), garbage=3, deflate=True)
            out.close()
            src.close()
            return {"kind": kind, "error": False}
        raise ValueError(f"unknown broken-PDF kind {kind!r}")
    finally:
        tmp.unlink(missing_ok=True)
