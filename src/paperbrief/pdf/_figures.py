"""Figure regions: the graphics (raster images and vector drawings) and figure text next to each "Figure N"
caption, merged into one box; cropped to an image file at a readable resolution within a size budget."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf

from paperbrief.pdf._captions import Caption
from paperbrief.pdf._doc import Layout, Line, Page
from paperbrief.pdf._header import Header
from paperbrief.pdf._sections import furniture
from paperbrief.pdf._structure import two_columns
from paperbrief.records import Figure

__all__ = ["extract_figures", "MAX_FIGURE_PAGES"]

MAX_FIGURE_PAGES = 60  # figures are looked for on the first pages only
_MAX_PX = 1600  # widest crop, pixels
_MAX_BYTES = 600_000
_GAP = 14.0  # largest vertical gap inside one figure, points
_FIRST_GAP = 36.0  # largest gap between a caption and its figure
_MANY = 3000  # drawings on one page beyond which overlapping ones are merged first
Rect = tuple[float, float, float, float]


def _graphics(page: pymupdf.Page, pw: float, ph: float) -> list[Rect]:
    """Rectangles of raster images and vector drawings on the page (backgrounds and hairlines left out)."""
    out: list[Rect] = []
    try:
        for info in page.get_image_info():
            x0, y0, x1, y1 = info["bbox"]
            if x1 - x0 > 2 and y1 - y0 > 2:
                out.append((max(0, x0), max(0, y0), min(pw, x1), min(ph, y1)))
    except Exception:
        pass
    try:  # the raw variant is several times faster and gives the same rectangles
        drawings = page.get_cdrawings() if hasattr(page, "get_cdrawings") else page.get_drawings()
    except Exception:
        drawings = []
    for d in drawings:
        r = d.get("rect")
        if r is None:
            continue
        x0, y0, x1, y1 = tuple(r)[:4]
        w, h = x1 - x0, y1 - y0
        if w * h > 0.8 * pw * ph:
            continue  # page background or frame
        fill = d.get("fill")
        if d.get("type") == "f" and fill and min(fill) > 0.98 and w * h > 0.3 * pw * ph:
            continue  # big white patch
        if h < 1.5 and w > 0.35 * pw:
            continue  # a table rule or footnote separator
        if w < 0.2 and h < 0.2:
            continue
        out.append((max(0, x0), max(0, y0), min(pw, x1), min(ph, y1)))
    return _coalesce(out) if len(out) > _MANY else out


def _coalesce(rects: list[Rect]) -> list[Rect]:
    """Merge clearly overlapping rectangles (a sweep down the page) so that pages drawn with tens of
    thousands of tiny paths stay cheap to search."""
    merged: list[list[float]] = []
    for r in sorted(rects, key=lambda r: (r[1], r[0])):
        for m in merged[-40:]:
            if min(m[2], r[2]) - max(m[0], r[0]) > 2 and min(m[3], r[3]) - max(m[1], r[1]) > 2:
                m[0], m[1], m[2], m[3] = min(m[0], r[0]), min(m[1], r[1]), max(m[2], r[2]), max(m[3], r[3])
                break
        else:
            merged.append(list(r))
    return [(m[0], m[1], m[2], m[3]) for m in merged]


def _hov(a: Rect, x0: float, x1: float) -> float:
    """Horizontal overlap of ``a`` with [x0, x1]."""
    return min(a[2], x1) - max(a[0], x0)


def _band(cap: Caption, page: Page, furn: set[int], twocol: bool) -> tuple[float, float]:
    """The horizontal range a figure may occupy: the caption's own width when something stands beside it
    (a wrapped figure, a neighbouring caption), else the text column holding the caption."""
    cb = cap.bbox
    first = cap.line
    beside = any(ln.horizontal and id(ln) not in furn and min(ln.y1, cb[3]) - max(ln.y0, first.y0) > 1
                 and (ln.x1 < cb[0] - 4 or ln.x0 > cb[2] + 4) for ln in page.lines)
    if beside:
        return cb[0] - 4, cb[2] + 4
    mid = page.width / 2
    body = [ln for ln in page.lines if ln.horizontal and id(ln) not in furn and len(ln.text) > 30]
    crosses = cb[0] < mid - 10 and cb[2] > mid + 10  # a centred caption under a full-width figure
    if twocol and not crosses:
        right = cb[0] > mid - 10
        side = [ln for ln in body if (ln.x0 > mid - 10) if right] or \
            [ln for ln in body if ln.x1 < mid + 10 and not right]
        body = side or body
    if not body:
        return cb[0] - 4, cb[2] + 4
    return min(min(ln.x0 for ln in body), cb[0]) - 4, max(max(ln.x1 for ln in body), cb[2]) + 4


def _region(cap: Caption, band: tuple[float, float], items: list[tuple[Rect, bool]], blockers: list[Rect],
            up: bool) -> Rect | None:
    """Grow a box from the caption upward (or downward) through graphics and figure text, never past
    another caption or a line of body text in the way."""
    cb = cap.bbox
    bx0, bx1 = band
    if up:
        stop = max((b[3] for b in blockers if b[3] <= cb[1] + 1 and _hov(b, bx0, bx1) > 0), default=-1.0)
    else:
        stop = min((b[1] for b in blockers if b[1] >= cb[3] - 1 and _hov(b, bx0, bx1) > 0), default=1e9)
    box: list[float] | None = None
    graphic = False
    used: set[int] = set()
    added = True
    while added:
        added = False
        edge = (box[1] if up else box[3]) if box else (cb[1] if up else cb[3])
        for i, (r, is_g) in enumerate(items):
            if i in used:
                continue
            ov = _hov(r, bx0, bx1)
            if ov <= 0 or ov < 0.25 * min(r[2] - r[0], bx1 - bx0) or (not is_g and ov < 0.5 * (r[2] - r[0])):
                continue
            gap = _GAP if box else _FIRST_GAP
            if up and not (r[1] >= stop - 2 and r[3] <= cb[1] + 3 and r[3] >= edge - gap):
                continue
            if not up and not (r[3] <= stop + 2 and r[1] >= cb[3] - 3 and r[1] <= edge + gap):
                continue
            used.add(i)
            graphic = graphic or is_g
            added = True
            box = list(r) if box is None else [min(box[0], r[0]), min(box[1], r[1]), max(box[2], r[2]),
                                               max(box[3], r[3])]
            bx0, bx1 = min(bx0, box[0]), max(bx1, box[2])
            edge = box[1] if up else box[3]
    if box is None or not graphic or (box[2] - box[0]) < 8 or (box[3] - box[1]) < 8:
        return None
    return (box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2)


def _holders(graphics: list[Rect]) -> list[Rect]:
    """The graphics big enough to hold a line of text (a box, a panel, an image)."""
    return [g for g in graphics if g[2] - g[0] > 20 and g[3] - g[1] > 8]


def _covered(ln: Line, holders: list[Rect]) -> bool:
    """Is the line inside one of ``holders`` (see :func:`_holders`)?"""
    x0, y0, x1, y1 = ln.bbox
    return any(x0 >= g[0] - 2 and x1 <= g[2] + 2 and y0 >= g[1] - 2 and y1 <= g[3] + 2 for g in holders)


def _blockers(page: Page, caps: list[Caption], body: float, furn: set[int], graphics: list[Rect]) -> list[Rect]:
    """Boxes a figure does not grow through: other captions and lines of body text outside graphics."""
    out = [c.bbox for c in caps]
    holders = _holders(graphics)
    for ln in page.lines:
        if id(ln) in furn or not ln.horizontal or ln.size < body - 0.7 or len(ln.text) < 25:
            continue
        if _covered(ln, holders):
            continue
        out.append(ln.bbox)
    return out


def _figure_text(page: Page, caps: list[Caption], body: float, furn: set[int], graphics: list[Rect]) -> list[Line]:
    """Lines that may belong to a figure: smaller than body text, or inside a graphic; never captions."""
    cap_boxes = [c.bbox for c in caps]
    holders = _holders(graphics)
    out = []
    for ln in page.lines:
        if id(ln) in furn:
            continue
        if any(ln.x0 >= b[0] - 1 and ln.x1 <= b[2] + 1 and ln.y0 >= b[1] - 1 and ln.y1 <= b[3] + 1
               for b in cap_boxes):
            continue
        if ln.size < body - 0.7 or not ln.horizontal or _covered(ln, holders):
            out.append(ln)
    return out


def _image_ref(folder: Path, name: str) -> str | None:
    """The image's path relative to the figures folder's parent ("2403.17924v1/fig-1.png"; the folder's real
    name, so "." works); None when that name could not be a safe ``Figure.image`` (a colon, a control char)."""
    parent = Path(os.path.abspath(folder)).name
    ref = f"{parent}/{name}" if parent else name
    try:
        Figure.model_validate({"label": "", "page": 1, "caption": "", "bbox": [], "image": ref})
    except ValueError:
        return None
    return ref


def _save(page: pymupdf.Page, rect: Rect, folder: Path, n: int) -> str | None:
    clip = pymupdf.Rect(rect) & page.rect
    if clip.is_empty or clip.width < 4 or clip.height < 4:
        return None
    # about 1200 px wide where the budget allows: small plots get more dots, wide ones stay under 1600 px
    dpi = min(max(150.0, 1200 * 72.0 / clip.width), 300.0, _MAX_PX * 72.0 / clip.width)
    for _ in range(5):
        pix = page.get_pixmap(clip=clip, dpi=max(30, int(dpi)), alpha=False)
        data = pix.tobytes("png")
        if len(data) <= _MAX_BYTES:
            name = f"fig-{n}.png"
            (folder / name).write_bytes(data)
            return _image_ref(folder, name)
        jpg = pix.tobytes("jpeg", jpg_quality=85)
        if len(jpg) <= _MAX_BYTES:
            name = f"fig-{n}.jpg"
            (folder / name).write_bytes(jpg)
            return _image_ref(folder, name)
        dpi *= 0.75
    return None


def _uncaptioned_teaser(doc: pymupdf.Document, layout: Layout, captions: list[Caption], furn: set[int],
                        head: Header) -> Rect | None:
    """A large picture on page 1 without a "Figure N" caption (an uncaptioned teaser), or None."""
    if not layout.pages or any(c.page == 0 and c.kind == "figure" for c in captions):
        return None
    page = layout.pages[0]
    try:
        graphics = _graphics(doc.load_page(0), page.width, page.height)
    except Exception:
        return None
    area = page.width * page.height
    big = [g for g in graphics if (g[2] - g[0]) * (g[3] - g[1]) > 0.01 * area and g[1] >= head.end_y - 2
           and g[3] < page.height * 0.9]
    if not big:
        return None
    box = (min(g[0] for g in big), min(g[1] for g in big), max(g[2] for g in big), max(g[3] for g in big))
    w, h = box[2] - box[0], box[3] - box[1]
    if w * h < 0.12 * area or w < 0.4 * page.width:
        return None
    body = layout.body_size
    inside = [ln for ln in page.lines if id(ln) not in furn and abs(ln.size - body) < 0.8 and len(ln.text) > 40
              and ln.x0 >= box[0] - 2 and ln.x1 <= box[2] + 2 and ln.y0 >= box[1] - 2 and ln.y1 <= box[3] + 2]
    if len(inside) >= 3:
        return None  # a framed abstract or a coloured text box, not a picture
    return (box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2)


def extract_figures(doc: pymupdf.Document, layout: Layout, captions: list[Caption], figures_dir: Path | None,
                    head: Header) -> tuple[list[Figure], list[str]]:
    warnings: list[str] = []
    figs = [c for c in captions if c.kind == "figure"]
    if figures_dir is not None:
        figures_dir = Path(figures_dir)
        figures_dir.mkdir(parents=True, exist_ok=True)
    furn = furniture(layout)
    body = layout.body_size
    out: list[Figure] = []
    by_page: dict[int, list[Caption]] = {}
    for c in captions:
        by_page.setdefault(c.page, []).append(c)
    skipped = 0
    cache: dict[int, tuple[pymupdf.Page, list[tuple[Rect, bool]], list[Rect]]] = {}
    for cap in figs:
        n = len(out) + 1
        if cap.page >= MAX_FIGURE_PAGES:
            skipped += 1
            out.append(Figure(label=cap.label, page=cap.page + 1, caption=cap.text,
                              bbox=[round(v, 1) for v in cap.bbox], teaser=cap.page == 0))
            continue
        page = layout.pages[cap.page]
        if cap.page not in cache:
            pg = doc.load_page(cap.page)
            graphics = _graphics(pg, page.width, page.height)
            texts = _figure_text(page, by_page[cap.page], body, furn, graphics)
            items = [(g, True) for g in graphics] + [(t.bbox, False) for t in texts]
            cache[cap.page] = (pg, items, _blockers(page, by_page[cap.page], body, furn, graphics))
        pg, items, blockers = cache[cap.page]
        others = [b for b in blockers if b != cap.bbox]
        band = _band(cap, page, furn, two_columns(page.lines, page.width, body))
        box = _region(cap, band, items, others, up=True) or _region(cap, band, items, others, up=False)
        image = None
        if box is not None and figures_dir is not None:
            try:
                image = _save(pg, box, figures_dir, n)
            except Exception:
                warnings.append(f"{cap.label} on page {cap.page + 1} could not be cropped")
        out.append(Figure(label=cap.label, page=cap.page + 1, caption=cap.text,
                          bbox=[round(v, 1) for v in (box or cap.bbox)], image=image, teaser=cap.page == 0))
    teaser = _uncaptioned_teaser(doc, layout, captions, furn, head)
    if teaser is not None:
        image = _save(doc.load_page(0), teaser, figures_dir, len(out) + 1) if figures_dir is not None else None
        out.insert(0, Figure(label="Teaser", page=1, caption="", bbox=[round(v, 1) for v in teaser], image=image,
                             teaser=True))
    if skipped:
        warnings.append(f"figures after page {MAX_FIGURE_PAGES} were not cropped ({skipped} left out)")
    return out, warnings
