"""Group lines into visual rows and rows into horizontal segments; helpers shared by the header parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperbrief.pdf._doc import Line, Span

__all__ = ["Piece", "Row", "make_rows", "dehyphen_join"]


@dataclass
class Piece:
    """A run of spans within a row; ``keys`` are the markers (superscripts) that follow it."""

    spans: list[Span] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans).strip()

    @property
    def x0(self) -> float:
        return min((s.bbox[0] for s in self.spans if s.text.strip()), default=0.0)

    @property
    def x1(self) -> float:
        return max((s.bbox[2] for s in self.spans if s.text.strip()), default=0.0)


@dataclass
class Row:
    lines: list[Line]

    @property
    def y0(self) -> float:
        return min(ln.y0 for ln in self.lines)

    @property
    def y1(self) -> float:
        return max(ln.y1 for ln in self.lines)

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)

    @property
    def size(self) -> float:
        return max(ln.size for ln in self.lines)

    def spans(self) -> list[tuple[Span, bool]]:
        out: list[tuple[Span, bool]] = []
        for ln in self.lines:
            out.extend(zip(ln.spans, ln.marks))
        return out

    def segments(self, gap: float) -> list[list[tuple[Span, bool]]]:
        """Split the row where consecutive spans are more than ``gap`` points apart."""
        segs: list[list[tuple[Span, bool]]] = []
        last = None
        for sp, m in self.spans():
            if not sp.text.strip():
                if segs:
                    segs[-1].append((sp, m))
                continue
            if last is None or sp.bbox[0] - last > gap:
                segs.append([])
            segs[-1].append((sp, m))
            last = sp.bbox[2]
        return segs


def make_rows(lines: list[Line]) -> list[Row]:
    """Lines whose vertical extents overlap by half become one row, ordered left to right."""
    rows: list[Row] = []
    for ln in sorted(lines, key=lambda x: (x.y0, x.x0)):
        h = max(1.0, ln.y1 - ln.y0)
        for row in rows[-3:]:
            ov = min(row.y1, ln.y1) - max(row.y0, ln.y0)
            if ov >= 0.5 * min(h, row.y1 - row.y0):
                row.lines.append(ln)
                break
        else:
            rows.append(Row([ln]))
    for row in rows:
        row.lines.sort(key=lambda x: x.x0)
    return rows


def dehyphen_join(parts: list[str]) -> str:
    """Join text lines, undoing end-of-line hyphenation ("Engi-" + "neering")."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and p[:1].islower():
            out = out[:-1] + p
        elif out:
            out += " " + p
        else:
            out = p
    return out
