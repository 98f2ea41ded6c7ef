"""Low-level page composition for ``pdfbuild``: fonts, line breaking, a column flow with floats, exclusions
(wrapped figures) and footnote space, and the drawings that stand in for figures.

Everything here is deterministic: the same input gives byte-identical drawing commands.

Inline markup understood in running text: ``^{...}`` is a superscript (footnote marker, affiliation
marker). ``BREAK`` (U+2063, invisible) inside a token forces a line break at that point without a hyphen;
it is never printed.
"""

from __future__ import annotations

import math
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

import pymupdf

BREAK = "\u2063"
SUP_RE = re.compile(r"\^\{([^}]*)\}")
URLISH_RE = re.compile(r"(https?://|www\.|github\.com|gitlab\.com|github\.io|huggingface\.co|bitbucket\.org)")
HYPHENATABLE_RE = re.compile(r"^[a-z]{9,}[,.;:]?$")

_FONTS: dict[str, pymupdf.Font] = {}


def font(name: str) -> pymupdf.Font:
    f = _FONTS.get(name)
    if f is None:
        f = _FONTS[name] = pymupdf.Font(name)
    return f


_ADV: dict[str, dict[str, float]] = {}


def text_width(text: str, fontname: str, size: float) -> float:
    """``Font.text_length`` with a per-character cache (MuPDF's per-call cost dominates otherwise)."""
    adv = _ADV.get(fontname)
    if adv is None:
        adv = _ADV[fontname] = {}
    total = 0.0
    for ch in text:
        a = adv.get(ch)
        if a is None:
            a = adv[ch] = font(fontname).text_length(ch, 1.0)
        total += a
    return total * size


def strip_markup(text: str) -> str:
    """The logical text: superscripts removed, forced breaks removed."""
    return SUP_RE.sub("", text).replace(BREAK, "")


@dataclass
class Run:
    text: str
    fontname: str
    size: float
    rise: float = 0.0

    @property
    def width(self) -> float:
        return text_width(self.text, self.fontname, self.size)


def runs_of(token: str, fontname: str, size: float) -> list[Run]:
    """Split a token into normal and superscript runs."""
    out: list[Run] = []
    pos = 0
    for m in SUP_RE.finditer(token):
        if m.start() > pos:
            out.append(Run(token[pos:m.start()], fontname, size))
        sup_font = "tiro" if fontname.startswith("ti") else "helv"
        out.append(Run(m.group(1), sup_font, round(size * 0.7, 2), round(size * 0.38, 2)))
        pos = m.end()
    if pos < len(token):
        out.append(Run(token[pos:], fontname, size))
    return [r for r in out if r.text]


def token_width(token: str, fontname: str, size: float) -> float:
    return sum(r.width for r in runs_of(token.replace(BREAK, ""), fontname, size))


class Tok(str):
    """A token that carries the target of the link annotation to put on it (and on its split pieces)."""

    link: str | None = None
    origin: str | None = None  # the whole token a URL piece was split from


def _carry(src: str, piece: str) -> str:
    link = getattr(src, "link", None)
    origin = getattr(src, "origin", None)
    if link is None and origin is None:
        return piece
    t = Tok(piece)
    t.link = link
    t.origin = origin
    return t


def _is_url(tok: str) -> bool:
    return bool(URLISH_RE.search(tok))


def _split_url(tok: str, avail: float, fontname: str, size: float) -> tuple[str, str] | None:
    """Break a URL after '/', '.', '-' or '_' (as LaTeX's url package does), longest prefix that fits."""
    start = tok.find("://")
    start = start + 3 if start >= 0 else 0
    best = None
    for i in range(start + 4, len(tok) - 2):
        if tok[i] in "/.-_" and token_width(tok[: i + 1], fontname, size) <= avail:
            best = i + 1
    if best is None:
        return None
    return tok[:best], tok[best:]


def _split_word(tok: str, avail: float, fontname: str, size: float) -> tuple[str, str] | None:
    """Hyphenate a long lower-case word: longest prefix (>= 4 letters, >= 4 left) that fits with '-'."""
    core = tok.rstrip(",.;:")
    vowels = set("aeiouy")
    best = None
    for i in range(4, len(core) - 3):
        a, b, c = core[i - 1], core[i], core[i + 1]
        syllable = (a in vowels and b not in vowels and c in vowels) or \
                   (a not in vowels and b not in vowels and a != b and core[i - 2] in vowels and c in vowels) or \
                   (a == b and a not in vowels)
        if syllable and token_width(tok[:i] + "-", fontname, size) <= avail:
            best = i
    if best is None:
        return None
    return tok[:best] + "-", tok[best:]


def take_line(queue: deque[str], width: float, fontname: str, size: float, *, hyphenate: bool = False,
              split_urls: bool = True, hyphen_breaks: list[str] | None = None) -> tuple[list[str], bool]:
    """Consume tokens from ``queue`` for one line of ``width``. Returns (tokens, forced_break).

    A URL without a link annotation that is broken right after one of its own hyphens reads two ways
    ("repo-" | "name": "repo-name" or the hyphenated word "reponame"); the other reading of the whole token is
    appended to ``hyphen_breaks`` so the truth can list both forms."""
    space = text_width(" ", fontname, size)
    line: list[str] = []
    used = 0.0
    while queue:
        tok = queue[0]
        sep = space if line else 0.0
        if BREAK in tok:
            pre, post = tok.split(BREAK, 1)
            w = token_width(pre, fontname, size)
            if used + sep + w <= width or not line:
                if pre.endswith("-") and _is_url(tok) and getattr(tok, "link", None) is None \
                        and hyphen_breaks is not None:
                    hyphen_breaks.append((pre[:-1] + post).replace(BREAK, ""))
                line.append(_carry(tok, pre))
                queue.popleft()
                if post:
                    queue.appendleft(_carry(tok, post))
                return line, True
            return line, False
        w = token_width(tok, fontname, size)
        if used + sep + w <= width:
            line.append(tok)
            used += sep + w
            queue.popleft()
            continue
        avail = width - used - sep
        split = None
        if split_urls and _is_url(tok):
            split = _split_url(tok, avail, fontname, size)
            if split:
                origin = getattr(tok, "origin", None) or str(tok)
                link = getattr(tok, "link", None)
                tok = Tok(tok)
                tok.link, tok.origin = link, origin
                if split[0].endswith("-") and getattr(tok, "link", None) is None and hyphen_breaks is not None:
                    cut = len(origin) - len(tok) + len(split[0])
                    hyphen_breaks.append(origin[:cut - 1] + origin[cut:])
        elif hyphenate and HYPHENATABLE_RE.match(tok):
            split = _split_word(tok, avail, fontname, size)
        if split:
            line.append(_carry(tok, split[0]))
            queue[0] = _carry(tok, split[1])
        elif not line:  # a token wider than the line: set it anyway
            line.append(tok)
            queue.popleft()
        return line, False
    return line, False


def wrap(text: str, width: float, fontname: str, size: float, *, first_indent: float = 0.0,
         hyphen_breaks: list[str] | None = None) -> list[list[str]]:
    """Greedy line breaking without hyphenation (captions, footnotes, title, references)."""
    queue = deque(t for t in text.split(" ") if t)
    lines = []
    first = True
    while queue:
        toks, _ = take_line(queue, width - (first_indent if first else 0.0), fontname, size,
                            hyphen_breaks=hyphen_breaks)
        lines.append(toks)
        first = False
    return lines


# --------------------------------------------------------------------------------------------- page writer

class Canvas:
    """Collects text per page in TextWriters (written once at the end) and tracks link annotations."""

    def __init__(self, doc: pymupdf.Document):
        self.doc = doc
        self.writers: dict[int, pymupdf.TextWriter] = {}
        self.colored: dict[tuple[int, tuple], pymupdf.TextWriter] = {}

    def _tw(self, page: pymupdf.Page, color=None) -> pymupdf.TextWriter:
        if color is None:
            tw = self.writers.get(page.number)
            if tw is None:
                tw = self.writers[page.number] = pymupdf.TextWriter(page.rect)
            return tw
        key = (page.number, tuple(color))
        tw = self.colored.get(key)
        if tw is None:
            tw = self.colored[key] = pymupdf.TextWriter(page.rect, color=color)
        return tw

    def text(self, page: pymupdf.Page, x: float, baseline: float, text: str, fontname: str, size: float,
             color=None) -> pymupdf.Rect:
        """Write plain text with its baseline at ``baseline``; returns the span rectangle."""
        f = font(fontname)
        self._tw(page, color).append((x, baseline), text, font=f, fontsize=size)
        return pymupdf.Rect(x, baseline - f.ascender * size, x + text_width(text.rstrip(" "), fontname, size),
                            baseline - f.descender * size)

    def runs(self, page: pymupdf.Page, x: float, baseline: float, runs: list[Run], color=None) -> pymupdf.Rect:
        box = pymupdf.Rect()
        for r in runs:
            box |= self.text(page, x, baseline - r.rise, r.text, r.fontname, r.size, color)
            x += r.width
        return box

    def token_line(self, page: pymupdf.Page, x0: float, baseline: float, tokens: list[str], fontname: str,
                   size: float, *, width: float | None = None, justify: bool = False, align: str = "left",
                   color=None) -> pymupdf.Rect:
        """Write one line of tokens. ``align``: left/center/right; ``justify`` spreads tokens to ``width``."""
        space = text_width(" ", fontname, size)
        widths = [token_width(t, fontname, size) for t in tokens]
        natural = sum(widths) + space * max(0, len(tokens) - 1)
        gap = space
        if width is not None:
            if justify and len(tokens) > 1 and natural < width:
                gap = space + (width - natural) / (len(tokens) - 1)
            elif align == "center":
                x0 += (width - natural) / 2
            elif align == "right":
                x0 += width - natural
        box = pymupdf.Rect()
        x = x0
        for i, (tok, w) in enumerate(zip(tokens, widths)):
            runs = runs_of(tok, fontname, size)
            if i < len(tokens) - 1 and runs:
                runs[-1] = Run(runs[-1].text + " ", runs[-1].fontname, runs[-1].size, runs[-1].rise) \
                    if runs[-1].rise == 0 else runs[-1]
            box |= self.runs(page, x, baseline, runs, color)
            x += w + gap
        return box

    def finish(self) -> None:
        for pno, tw in self.writers.items():
            tw.write_text(self.doc[pno])
        for (pno, _), tw in self.colored.items():
            tw.write_text(self.doc[pno])


# --------------------------------------------------------------------------------------------- flow

@dataclass
class Geometry:
    page_w: float = 612.0
    page_h: float = 792.0
    left: float = 90.0
    right: float = 522.0
    top: float = 72.0
    bottom: float = 720.0
    ncols: int = 1
    gap: float = 18.0

    @property
    def text_w(self) -> float:
        return self.right - self.left

    @property
    def col_w(self) -> float:
        return (self.text_w - self.gap * (self.ncols - 1)) / self.ncols

    def col_x(self, col: int) -> tuple[float, float]:
        x0 = self.left + col * (self.col_w + self.gap)
        return x0, x0 + self.col_w


ONE_COLUMN = Geometry()
TWO_COLUMN = Geometry(left=54.0, right=558.0, top=64.0, bottom=738.0, ncols=2, gap=18.0)


@dataclass
class Float:
    """A figure or table to place: ``draw(page, x0, y0, width)`` draws it and returns nothing; its height
    is known in advance."""

    height: float
    width: float
    draw: Callable[[pymupdf.Page, float, float], None]
    full: bool = False


@dataclass
class Flow:
    doc: pymupdf.Document
    canvas: Canvas
    g: Geometry
    on_new_page: Callable[[pymupdf.Page], None] | None = None
    page: pymupdf.Page | None = None
    col: int = 0
    y: float = 0.0
    col_top: float = 0.0
    pending: list[Float] = field(default_factory=list)
    pending_full: list[Float] = field(default_factory=list)
    pending_wrap: list[Float] = field(default_factory=list)
    reserve: dict[tuple[int, int], float] = field(default_factory=dict)  # footnote space per (page, col)
    exclusions: list[tuple[int, pymupdf.Rect]] = field(default_factory=list)
    float_gap: float = 12.0
    line_numbers: bool = False  # review-copy line numbers in the margins
    line_no: int = 0
    hyphen_breaks: list[str] = field(default_factory=list)  # URL readings without the hyphen of a line break

    # ------------------------------------------------------------------ pages and columns
    def new_page(self) -> None:
        self.page = self.doc.new_page(width=self.g.page_w, height=self.g.page_h)
        if self.on_new_page:
            self.on_new_page(self.page)
        self.col = 0
        self.col_top = self.g.top
        for fl in self.pending_full:
            fl.draw(self.page, self.g.left + (self.g.text_w - fl.width) / 2, self.col_top)
            self.col_top += fl.height + self.float_gap
        self.pending_full = []
        self.y = self.col_top
        self.place_pending()

    @property
    def bottom(self) -> float:
        return self.g.bottom - self.reserve.get((self.page.number, self.col), 0.0)

    @property
    def x_range(self) -> tuple[float, float]:
        return self.g.col_x(self.col)

    def next_column(self) -> None:
        if self.col + 1 < self.g.ncols:
            self.col += 1
            self.y = self.col_top
            self.place_pending()
        else:
            self.new_page()

    def ensure(self, h: float) -> None:
        if self.y + h > self.bottom + 0.01:
            self.next_column()

    def place_pending(self) -> None:
        while self.pending and not self.pending_full and self.y + self.pending[0].height <= self.bottom:
            fl = self.pending.pop(0)
            x0, x1 = self.x_range
            fl.draw(self.page, x0 + (x1 - x0 - fl.width) / 2, self.y)
            self.y += fl.height + self.float_gap
        if self.pending_wrap and not self.pending and not self.pending_full:
            self._wrap_here(self.pending_wrap.pop(0))

    def add_float(self, fl: Float) -> None:
        """Here if it fits (and nothing is waiting), else at the top of the next column/page."""
        if fl.full and self.g.ncols > 1:
            self.pending_full.append(fl)
            return
        for pno, r in self.exclusions:
            x0, x1 = self.x_range
            if pno == self.page.number and r.x0 < x1 and r.x1 > x0 and r.y1 > self.y:
                self.y = r.y1
        if not self.pending and not self.pending_full and self.y + fl.height + 4 <= self.bottom:
            self.y += 4
            x0, x1 = self.x_range
            fl.draw(self.page, x0 + (x1 - x0 - fl.width) / 2, self.y)
            self.y += fl.height + self.float_gap
        else:
            self.pending.append(fl)

    def add_wrapped(self, fl: Float) -> None:
        """A figure set at the right edge of the column with text flowing around it on the left."""
        if self.y + fl.height > self.bottom or self.pending or self.pending_full or self.pending_wrap:
            self.pending_wrap.append(fl)  # set at the top of the next column; text keeps filling this one
            return
        self._wrap_here(fl)

    def _wrap_here(self, fl: Float) -> None:
        x0, x1 = self.x_range
        fl.draw(self.page, x1 - fl.width, self.y + 2)
        self.exclusions.append((self.page.number, pymupdf.Rect(x1 - fl.width - 12, self.y,
                                                                 x1, self.y + fl.height + 8)))

    def flush(self) -> None:
        while self.pending or self.pending_full or self.pending_wrap:
            self.next_column()

    def line_range(self, lead: float) -> tuple[float, float]:
        x0, x1 = self.x_range
        for pno, r in self.exclusions:
            if pno == self.page.number and r.x0 < x1 and r.x1 > x0 and r.y0 < self.y + lead and r.y1 > self.y:
                x1 = min(x1, r.x0)
        return x0, x1

    # ------------------------------------------------------------------ text
    def vspace(self, h: float) -> None:
        if self.y > self.col_top + 0.01:
            self.y = min(self.y + h, self.bottom)

    def paragraph(self, text: str, *, fontname: str = "tiro", size: float = 10.0, lead: float = 12.0,
                  indent: float = 12.0, inset: tuple[float, float] = (0.0, 0.0), justify: bool = True,
                  hyphenate: bool = True, align: str = "left", hanging: float = 0.0,
                  links: Callable[[str], str | None] | None = None) -> None:
        """Flow one paragraph. ``links(token)`` gives the link target of a token (or None); a link annotation
        is put on each printed piece of that token."""
        queue: deque[str] = deque()
        for t in text.split(" "):
            if not t:
                continue
            target = links(t) if links else None
            if target:
                t = Tok(t)
                t.link = target
            queue.append(t)
        first = True
        while queue:
            self.ensure(lead)
            x0, x1 = self.line_range(lead)
            x0 += inset[0]
            x1 -= inset[1]
            shift = indent if first else hanging
            width = x1 - x0 - shift
            toks, forced = take_line(queue, width, fontname, size, hyphenate=hyphenate,
                                     hyphen_breaks=self.hyphen_breaks)
            last = not queue
            baseline = self.y + size * 0.92
            self.canvas.token_line(self.page, x0 + shift, baseline, toks, fontname, size, width=width,
                                   justify=justify and not last and not forced, align=align)
            if links:
                self._links(toks, x0 + shift, baseline, fontname, size, width, justify and not last and not forced)
            self._number(baseline)
            self.y += lead
            first = False

    def _number(self, baseline: float) -> None:
        """A review-copy line number: left of the first column, right of the last one."""
        if not self.line_numbers:
            return
        self.line_no += 1
        label = f"{self.line_no:03d}"
        x0, x1 = self.x_range
        w = text_width(label, "helv", 6.5)
        x = x0 - 10 - w if self.col == 0 else x1 + 10
        self.canvas.text(self.page, x, baseline, label, "helv", 6.5, color=(0.45, 0.45, 0.45))

    def _links(self, toks, x0, baseline, fontname, size, width, justify):
        """Put a link annotation on every printed piece of a linked URL on this line."""
        space = text_width(" ", fontname, size)
        widths = [token_width(t, fontname, size) for t in toks]
        natural = sum(widths) + space * max(0, len(toks) - 1)
        gap = space + ((width - natural) / (len(toks) - 1) if justify and len(toks) > 1 else 0.0)
        x = x0
        for tok, w in zip(toks, widths):
            target = getattr(tok, "link", None)
            if target:
                r = pymupdf.Rect(x, baseline - size * 0.8, x + w, baseline + size * 0.25)
                self.page.insert_link({"kind": pymupdf.LINK_URI, "from": r, "uri": target})
            x += w + gap

    def heading(self, text: str, *, fontname: str = "tibo", size: float = 12.0, before: float = 10.0,
                after: float = 5.0, keep: float = 36.0, align: str = "left") -> None:
        self.vspace(before)
        self.ensure(size * 1.2 + keep)
        x0, x1 = self.line_range(size * 1.2)
        lines = wrap(text, x1 - x0, fontname, size)
        for toks in lines:
            self.ensure(size * 1.25)
            self.canvas.token_line(self.page, x0, self.y + size * 0.92, toks, fontname, size,
                                   width=x1 - x0, align=align)
            self._number(self.y + size * 0.92)
            self.y += size * 1.25
        self.y += after


# --------------------------------------------------------------------------------------------- drawings

PALETTE = [(0.12, 0.38, 0.70), (0.85, 0.37, 0.01), (0.17, 0.63, 0.17), (0.84, 0.15, 0.16),
           (0.58, 0.40, 0.74), (0.55, 0.34, 0.29)]


def raster_png(w: int, h: int, seed: int) -> bytes:
    """A deterministic RGB image: two-colour gradient with a few soft discs, as PNG bytes."""
    c0 = PALETTE[seed % len(PALETTE)]
    c1 = PALETTE[(seed + 2) % len(PALETTE)]
    discs = [((0.25 + 0.5 * ((seed * 7 + k * 3) % 10) / 10) * w, (0.2 + 0.6 * ((seed * 3 + k * 5) % 10) / 10) * h,
              (0.12 + 0.05 * k) * min(w, h)) for k in range(3)]
    buf = bytearray(w * h * 3)
    i = 0
    for y in range(h):
        ty = y / max(1, h - 1)
        for x in range(w):
            t = 0.5 * (x / max(1, w - 1) + ty)
            r = c0[0] * (1 - t) + c1[0] * t
            g = c0[1] * (1 - t) + c1[1] * t
            b = c0[2] * (1 - t) + c1[2] * t
            for cx, cy, rad in discs:
                d = math.hypot(x - cx, y - cy)
                if d < rad:
                    k = 1 - d / rad
                    r, g, b = r + (1 - r) * k * 0.8, g + (1 - g) * k * 0.8, b + (1 - b) * k * 0.5
            buf[i] = int(r * 255)
            buf[i + 1] = int(g * 255)
            buf[i + 2] = int(b * 255)
            i += 3
    pix = pymupdf.Pixmap(pymupdf.csRGB, w, h, bytes(buf), False)
    return pix.tobytes("png")


def draw_raster(page: pymupdf.Page, rect: pymupdf.Rect, seed: int) -> pymupdf.Rect:
    w = max(8, int(rect.width * 0.8))
    h = max(8, int(rect.height * 0.8))
    page.insert_image(rect, stream=raster_png(w, h, seed), keep_proportion=False)
    return pymupdf.Rect(rect)


def draw_vector(page: pymupdf.Page, canvas: Canvas, rect: pymupdf.Rect, seed: int) -> pymupdf.Rect:
    """A line plot, bar chart or block diagram filling ``rect`` (drawn extent returned)."""
    variant = seed % 3
    if variant == 2 and rect.width < 200:
        variant = seed % 2
    sh = page.new_shape()
    box = pymupdf.Rect(rect)
    if variant == 2:  # block diagram: boxes and arrows
        names = ["Encoder", "Latent", "Denoiser", "Decoder"]
        n = len(names)
        bw = rect.width / (n + (n - 1) * 0.45)
        bh = min(rect.height * 0.6, bw * 0.9)
        ymid = rect.y0 + rect.height / 2
        sh.draw_rect(rect)
        sh.finish(color=(0.6, 0.6, 0.6), width=0.5, dashes="[2] 0")
        for k, name in enumerate(names):
            x0 = rect.x0 + k * bw * 1.45
            r = pymupdf.Rect(x0 + 2, ymid - bh / 2, x0 + bw - 2, ymid + bh / 2)
            sh.draw_rect(r, radius=0.15)
            sh.finish(color=(0.1, 0.1, 0.1), fill=PALETTE[(seed + k) % len(PALETTE)], fill_opacity=0.35, width=0.8)
            tw = text_width(name, "helv", 7)
            canvas.text(page, r.x0 + (r.width - tw) / 2, ymid + 2.5, name, "helv", 7)
            if k < n - 1:
                ax0, ax1 = r.x1 + 2, r.x1 + bw * 0.45
                sh.draw_line((ax0, ymid), (ax1, ymid))
                sh.draw_polyline([(ax1 - 4, ymid - 3), (ax1, ymid), (ax1 - 4, ymid + 3)])
                sh.finish(color=(0, 0, 0), width=0.8)
        sh.commit()
        return box
    # axes
    pad_l, pad_b = 22.0, 16.0
    ax = pymupdf.Rect(rect.x0 + pad_l, rect.y0 + 4, rect.x1 - 4, rect.y1 - pad_b)
    sh.draw_rect(ax)
    sh.finish(color=(0, 0, 0), width=0.6)
    box = pymupdf.Rect(ax.x0 - 2.5, ax.y0, ax.x1, ax.y1 + 2.5)
    for k in range(5):  # ticks and labels
        tx = ax.x0 + ax.width * k / 4
        ty = ax.y1 - ax.height * k / 4
        sh.draw_line((tx, ax.y1), (tx, ax.y1 + 2.5))
        sh.draw_line((ax.x0 - 2.5, ty), (ax.x0, ty))
        box |= canvas.text(page, tx - 3, ax.y1 + 9, str(k * 25), "helv", 5.5)
        box |= canvas.text(page, ax.x0 - 14, ty + 2, f"{k * 0.25:.2f}"[1:] if k < 4 else "1.0", "helv", 5.5)
    sh.finish(color=(0, 0, 0), width=0.5)
    label = "Training steps (k)" if variant == 0 else "Method"
    lw = text_width(label, "helv", 6)
    box |= canvas.text(page, ax.x0 + (ax.width - lw) / 2, rect.y1 - 1, label, "helv", 6)
    if variant == 0:
        for s in range(3):
            pts = []
            for k in range(21):
                t = k / 20
                v = (1 - math.exp(-3 * t * (1 + 0.4 * s))) * (0.55 + 0.13 * s) + 0.04 * math.sin(7 * t + seed + s)
                pts.append((ax.x0 + ax.width * t, ax.y1 - ax.height * max(0.0, min(1.0, v))))
            sh.draw_polyline(pts)
            sh.finish(color=PALETTE[(seed + s) % len(PALETTE)], width=1.1)
        # legend
        lg = pymupdf.Rect(ax.x1 - 54, ax.y0 + 4, ax.x1 - 4, ax.y0 + 32)
        sh.draw_rect(lg)
        sh.finish(color=(0.3, 0.3, 0.3), fill=(1, 1, 1), width=0.4)
        for s, name in enumerate(["Ours", "Baseline", "Ablation"]):
            yy = lg.y0 + 7 + s * 8
            sh.draw_line((lg.x0 + 3, yy - 2), (lg.x0 + 13, yy - 2))
            sh.finish(color=PALETTE[(seed + s) % len(PALETTE)], width=1.1)
            canvas.text(page, lg.x0 + 16, yy, name, "helv", 5.5)
    else:
        nb = 5
        bwid = ax.width / (nb * 1.6)
        for k in range(nb):
            v = 0.3 + 0.6 * ((seed * 5 + k * 3) % 7) / 7
            x0 = ax.x0 + bwid * (0.5 + k * 1.6)
            sh.draw_rect(pymupdf.Rect(x0, ax.y1 - ax.height * v, x0 + bwid, ax.y1))
            sh.finish(color=(0.1, 0.1, 0.1), fill=PALETTE[(seed + k) % len(PALETTE)], width=0.4)
    sh.commit()
    return box
