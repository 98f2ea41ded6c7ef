"""Open and validate a PDF, and read each page's text layer once into small typed records."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pymupdf

from paperbrief.errors import PDFError
from paperbrief.names import SPACING_ACCENTS

__all__ = ["Span", "Line", "Page", "Layout", "open_pdf", "read_layout", "BOLD_FONT", "fix_accents", "join_spans"]

# Font names that mark bold faces (Times "Medi", Computer Modern "CMBX", Linux Libertine "TB", Palladio "-B").
BOLD_FONT = re.compile(r"(bold|black|heavy|semibold|demi|medi|cmbx|sfbx|[-_,]b$|[-_]bd|tb$|\bbx)", re.I)
_MAX_TEXT_PAGES = 80  # pages whose text is read; larger files are cut with a warning


# spacing accents that old TeX fonts put before the letter ("Universit´e", "Zdenˇek") -> combining marks
_ACCENTS = SPACING_ACCENTS
_ACCENT_RE = re.compile("([" + "".join(_ACCENTS) + "])\\s?([A-Za-z\u0131])")


def fix_accents(text: str) -> str:
    """Join a spacing accent with the letter after it: "Universit´e" -> "Université"."""
    if not any(c in text for c in _ACCENTS):
        return text
    def join(m: re.Match) -> str:
        letter = "i" if m.group(2) == "\u0131" else m.group(2)
        return unicodedata.normalize("NFC", letter + _ACCENTS[m.group(1)])
    return _ACCENT_RE.sub(join, text)


def join_spans(spans: list["Span"]) -> str:
    """Concatenate span texts, putting back a space where the PDF left a gap but no space character
    (small-caps words set in two sizes often lose theirs: "NORMALIZATION" + "FOR")."""
    out: list[str] = []
    prev: Span | None = None
    for sp in spans:
        if prev is not None and out and sp.text and not out[-1].endswith(" ") and not sp.text.startswith(" "):
            gap = sp.bbox[0] - prev.bbox[2]
            if gap > 0.25 * min(sp.size, prev.size) and abs(sp.bbox[1] - prev.bbox[1]) < max(sp.size, prev.size):
                out.append(" ")
        out.append(sp.text)
        prev = sp
    return "".join(out)


# A power of ten's base ("× 10", "×10") and its raised exponent ("−5", "-4", "3").
_POWER_BASE = re.compile(r"[×x]\s*10$")
_EXPONENT = re.compile(r"[−-]?\d{1,2}|[−-]")
_SUPERSCRIPT = str.maketrans("0123456789−-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁺")


def _exponent(kept: list["Span"], raised: str) -> str | None:
    """A raised run of text as the exponent it is, or None for a footnote key: after "× 10" ("10⁻⁵"), and a
    negative power right after a number, a letter or a bracket ("2^(−polylog n)"); a footnote key never starts
    with a minus sign."""
    if not kept or not raised:
        return None
    if _after_power_base(kept) and _EXPONENT.fullmatch(raised):
        return raised.translate(_SUPERSCRIPT)
    before = kept[-1].text
    if raised[0] in "−-" and len(raised) <= 24 and before and (before[-1].isalnum() or before[-1] == ")"):
        return raised.translate(_SUPERSCRIPT) if _EXPONENT.fullmatch(raised) else f"^({raised})"
    return None


def _after_power_base(kept: list["Span"]) -> bool:
    """Whether the text so far ends with "× 10" (in one span or in two: " ×", " 10")."""
    if not kept:
        return False
    if _POWER_BASE.search(kept[-1].text):
        return True
    return kept[-1].text.strip() == "10" and len(kept) > 1 and kept[-2].text.rstrip().endswith(("×", "x"))


@dataclass
class Span:
    text: str
    size: float
    font: str
    flags: int
    bbox: tuple[float, float, float, float]

    @property
    def bold(self) -> bool:
        return bool(self.flags & 16) or bool(BOLD_FONT.search(self.font))

    @property
    def italic(self) -> bool:
        return bool(self.flags & 2) or "ital" in self.font.lower() or self.font.lower().endswith("-it")


@dataclass
class Line:
    spans: list[Span]
    bbox: tuple[float, float, float, float]
    page: int  # 0-based
    block: int  # index of the text block on its page
    first_in_block: bool
    horizontal: bool = True
    marks: list[bool] = field(default_factory=list)  # per span: a superscript or footnote marker
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def changed(self) -> None:
        """Forget cached text and sizes after spans were added."""
        self._cache.clear()

    @property
    def text(self) -> str:
        if "text" not in self._cache:
            self._cache["text"] = fix_accents(join_spans(self.spans).strip())
        return self._cache["text"]

    @property
    def size(self) -> float:
        """The size carrying most characters (markers ignored)."""
        if "size" not in self._cache:
            self._cache["size"] = self._size()
        return self._cache["size"]

    def _size(self) -> float:
        c: Counter[float] = Counter()
        for s, m in zip(self.spans, self.marks):
            if not m and s.text.strip():
                c[round(s.size, 1)] += len(s.text.strip())
        if not c:
            return max((s.size for s in self.spans), default=0.0)
        return c.most_common(1)[0][0]

    @property
    def max_size(self) -> float:
        return max((s.size for s in self.spans if s.text.strip()), default=0.0)

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def y0(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def y1(self) -> float:
        return self.bbox[3]

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def bold(self) -> bool:
        """Every visible non-marker span is bold."""
        vis = [s for s, m in zip(self.spans, self.marks) if s.text.strip() and not m]
        return bool(vis) and all(s.bold for s in vis)

    @property
    def font(self) -> str:
        vis = [s for s, m in zip(self.spans, self.marks) if s.text.strip() and not m]
        return vis[0].font if vis else ""

    def plain(self) -> str:
        """Text without superscript/footnote markers; a raised exponent is kept (``_exponent``: "5 × 10⁻⁵", a
        learning rate the text otherwise gives as "5 × 10"; "2^(−polylog n)", otherwise "2")."""
        kept: list[Span] = []
        i = 0
        while i < len(self.spans):
            if not self.marks[i]:
                kept.append(self.spans[i])
                i += 1
                continue
            j = i
            while j < len(self.spans) and self.marks[j]:
                j += 1
            run = self.spans[i:j]
            raw = "".join(s.text for s in run)
            shown = _exponent(kept, raw.strip())
            if shown:  # one span over the whole run, its trailing space kept
                box = (run[0].bbox[0], min(r.bbox[1] for r in run), run[-1].bbox[2], max(r.bbox[3] for r in run))
                kept.append(replace(run[0], text=shown + (" " if raw[-1:].isspace() else ""), bbox=box))
            i = j
        return fix_accents(join_spans(kept).strip())


@dataclass
class Page:
    number: int  # 0-based
    width: float
    height: float
    lines: list[Line]


@dataclass
class Layout:
    pages: list[Page]
    body_size: float
    body_font: str
    page_count: int
    warnings: list[str] = field(default_factory=list)

    def all_lines(self) -> list[Line]:
        return [ln for p in self.pages for ln in p.lines]


def open_pdf(path: Path) -> pymupdf.Document:
    """Open ``path`` as a PDF or raise ``PDFError`` with one clear sentence."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise PDFError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if not head:
        raise PDFError(f"{path} is empty, not a PDF.")
    if b"%PDF-" not in head:
        raise PDFError(f"{path} is not a PDF (no %PDF header).")
    try:
        pymupdf.TOOLS.mupdf_display_errors(False)  # our message is the one the user sees
    except Exception:
        pass
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # pymupdf raises several types for broken files
        raise PDFError(f"{path} is corrupt and cannot be opened as a PDF.") from exc
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise PDFError(f"{path} is encrypted and needs a password.")
    try:
        count = doc.page_count
    except Exception as exc:
        doc.close()
        raise PDFError(f"{path} is corrupt: its page tree cannot be read.") from exc
    if count == 0:
        doc.close()
        raise PDFError(f"{path} has no pages (truncated or corrupt).")
    try:
        doc.load_page(0).get_text("text")
    except Exception as exc:
        doc.close()
        raise PDFError(f"{path} is corrupt: its first page cannot be read.") from exc
    return doc


_MARK_TEXT = re.compile(r"[\d,\s*†‡§¶∗⋆♠♣♥♦✉#‖⊥⊤→↑&a-z]{1,8}|[\[\]\d−–X-]{1,10}")


def _marks(spans: list[Span]) -> list[bool]:
    """Which spans are superscripts or footnote keys: flagged superscript, or much smaller than the line's
    main text and made only of digits, letters a-z (single), commas or footnote symbols."""
    stripped = [s.text.strip() for s in spans]
    sizes = [s.size for s, t in zip(spans, stripped) if t]
    wordy = [s.size for s in spans if sum(c.isalpha() for c in s.text) >= 2]
    weight: dict[float, int] = {}  # characters per size, first seen first (ties go to the earlier size)
    for s, t in zip(spans, stripped):
        if t:
            k = round(s.size, 1)
            weight[k] = weight.get(k, 0) + len(t)
    main = max(weight, key=weight.__getitem__) if weight else None
    top = max(wordy) if wordy else (main if main is not None else (max(sizes) if sizes else 0.0))
    out = []
    for s, t in zip(spans, stripped):
        small = s.size < top * 0.8
        # footnote keys, affiliation numbers, symbols, and the pieces of printed ORCID ids "[0009−0004−…]"
        sym = bool(_MARK_TEXT.fullmatch(t)) if t else True
        out.append(bool(s.flags & 1 and (sym or small)) or (small and sym))
    return out


def _over(accent: dict, letters: list[dict]) -> dict | None:
    """The letter an accent glyph is drawn over (or under, a cedilla): the one whose box holds the accent's
    centre, the nearest centre winning."""
    ax = (accent["bbox"][0] + accent["bbox"][2]) / 2
    best, dist = None, 1e9
    for c in letters:
        x0, x1 = c["bbox"][0], c["bbox"][2]
        if x0 - 0.5 <= ax <= x1 + 0.5 and abs((x0 + x1) / 2 - ax) < dist:
            best, dist = c, abs((x0 + x1) / 2 - ax)
    return best


def _place_accents(raw_spans: list[dict]) -> list[str]:
    """The texts of a line's spans (rawdict: one box per character) with every spacing accent glyph joined
    to the letter it is drawn over, wherever it stands in the content stream ("Dvorˇa´k" -> "Dvořák"). An
    accent over no letter stays as it is."""
    chars = [c for s in raw_spans for c in s.get("chars", [])]
    letters = [c for c in chars if c["c"].isalpha() and c["c"] not in _ACCENTS]  # "ˇ" is a modifier letter
    marks: dict[int, str] = {}
    gone: set[int] = set()
    for c in chars:
        mark = _ACCENTS.get(c["c"])
        if mark is None:
            continue
        target = _over(c, letters)
        if target is not None and mark not in marks.get(id(target), ""):
            marks[id(target)] = marks.get(id(target), "") + mark
            gone.add(id(c))
    out = []
    for s in raw_spans:
        text = []
        for c in s.get("chars", []):
            if id(c) in gone:
                continue
            ch = "i" if c["c"] == "\u0131" and id(c) in marks else c["c"]
            text.append(unicodedata.normalize("NFC", ch + marks.get(id(c), "")))
        out.append("".join(text))
    return out


def _page_dict(page: pymupdf.Page) -> dict:
    """The page's text as PyMuPDF's "dict"; where a spacing accent glyph occurs (pdfTeX draws an accent as a
    glyph of its own), read again with character boxes to join each accent to its letter."""
    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
    d = page.get_text("dict", flags=flags)
    spans = [s for b in d.get("blocks", []) for ln in b.get("lines", []) for s in ln.get("spans", [])]
    if not any(a in s.get("text", "") for s in spans for a in _ACCENTS):
        return d
    raw = page.get_text("rawdict", flags=flags)
    for b in raw.get("blocks", []):
        for ln in b.get("lines", []):
            for s, text in zip(ln.get("spans", []), _place_accents(ln.get("spans", []))):
                s["text"] = text
    return raw


def _page_lines(page: pymupdf.Page, pno: int) -> list[Line]:
    d = _page_dict(page)
    lines: list[Line] = []
    for bi, b in enumerate(d.get("blocks", [])):
        if b.get("type") != 0:
            continue
        for li, ln in enumerate(b.get("lines", [])):
            spans = [Span(s["text"], float(s["size"]), s["font"], int(s["flags"]), tuple(s["bbox"]))
                     for s in ln.get("spans", []) if s.get("text")]
            if not spans or not "".join(s.text for s in spans).strip():
                continue
            dx, dy = ln.get("dir", (1.0, 0.0))
            line = Line(spans, tuple(ln["bbox"]), pno, bi, li == 0, horizontal=abs(dx) > 0.99 and abs(dy) < 0.1)
            line.marks = _marks(spans)
            line.changed()
            lines.append(line)
    return _merge_split(_drop_line_numbers(lines))


def _drop_line_numbers(lines: list[Line]) -> list[Line]:
    """Remove the margin line numbers of review copies ("001", "002", ... stacked at one x)."""
    nums = [ln for ln in lines if ln.horizontal and re.fullmatch(r"\d{1,4}", ln.text) and ln.width < 30]
    if len(nums) < 10:
        return lines
    by_x: Counter[int] = Counter(round(ln.x1 / 4) for ln in nums)
    gutters = {x for x, n in by_x.items() if n >= 10}
    if not gutters:
        return lines
    drop = {id(ln) for ln in nums if round(ln.x1 / 4) in gutters}
    return [ln for ln in lines if id(ln) not in drop]


def _merge_split(lines: list[Line]) -> list[Line]:
    """Join a line to a line on its left on the same baseline when the left one is a short label
    ("1", "A.", "Figure 3:") or the gap is a word space: PDF producers often cut headings and captions there."""
    out: list[Line] = []
    for ln in lines:
        host = None
        lx0, ly0, _, ly1 = ln.bbox
        for prev in out[-6:] if ln.horizontal else ():
            if not prev.horizontal:
                continue
            _, py0, px1, py1 = prev.bbox
            h = min(py1 - py0, ly1 - ly0)
            ov = min(py1, ly1) - max(py0, ly0)
            gap = lx0 - px1
            if ov < 0.6 * h or gap < -1.0:
                continue
            size = max(prev.size, ln.size, 1.0)
            short = len(prev.text) <= 12 and gap < 2.5 * size
            if short or gap < 0.6 * size:
                host = prev
                break
        if host is None:
            out.append(ln)
            continue
        gap = ln.x0 - host.x1
        glue: list[Span] = []
        if gap > 0.12 * max(host.size, 1.0) and not host.text.endswith(" ") and not ln.text.startswith(" "):
            last = host.spans[-1]
            glue = [Span(" ", last.size, last.font, last.flags, (host.x1, last.bbox[1], ln.x0, last.bbox[3]))]
        host.spans = host.spans + glue + ln.spans
        host.marks = host.marks + [False] * len(glue) + ln.marks
        host.bbox = (min(host.x0, ln.x0), min(host.y0, ln.y0), max(host.x1, ln.x1), max(host.y1, ln.y1))
        host.changed()
    return out


def read_layout(doc: pymupdf.Document) -> Layout:
    """Read every page's lines (bounded), and the body text size and font."""
    warnings: list[str] = []
    n = doc.page_count
    if getattr(doc, "is_repaired", False):
        warnings.append("the PDF was damaged and has been repaired; some content may be missing")
    if n > _MAX_TEXT_PAGES:
        warnings.append(f"the PDF has {n} pages; only the first {_MAX_TEXT_PAGES} were read")
    pages: list[Page] = []
    for pno in range(min(n, _MAX_TEXT_PAGES)):
        try:
            pg = doc.load_page(pno)
            pages.append(Page(pno, pg.rect.width, pg.rect.height, _page_lines(pg, pno)))
        except Exception:  # one broken page must not sink the rest
            warnings.append(f"page {pno + 1} could not be read")
            pages.append(Page(pno, 612.0, 792.0, []))
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for p in pages[:10]:  # the main text; long appendices of listings would skew the measure
        for ln in p.lines:
            if not ln.horizontal:
                continue
            for s in ln.spans:
                k = len(s.text.strip())
                sizes[round(s.size * 2) / 2] += k
                fonts[s.font] += k
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    font = fonts.most_common(1)[0][0] if fonts else ""
    return Layout(pages, body, font, n, warnings)
