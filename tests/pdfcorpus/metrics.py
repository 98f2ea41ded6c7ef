"""Accuracy of an extraction against the truth of the generated corpus. Shared by
``tests/test_extract_corpus.py`` and ``bench/extract.py``.

Matching rules (close to ``../shared/tools/score-extract``, stricter where the corpus allows it):

- authors: the whole list must match in order, after Unicode NFC and whitespace normalisation (case and
  accents count); an anonymous paper must give ``[]``.
- first-author affiliation: the same lenient match as score-extract (either contains the other after
  normalisation, or 60% of the truth's words); ``None`` wanted means nothing may be given.
- code URLs: compared without scheme, ``www.``, trailing slash and ``.git``, case-insensitive.
- figures: a figure is found when label as printed ("Figure 3" / "Fig. 3") and page match; its box counts
  as right when IoU >= 0.7 with the true figure region (caption excluded).
- sections: difflib sequence ratio between the normalised heading lists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

TARGETS = {
    "authors": 0.98,
    "first_affil": 0.95,
    "code_recall": 1.00,
    "code_precision": 0.95,
    "own_precision": 0.95,
    "fig_recall": 0.95,
    "fig_precision": 0.95,
    "fig_iou": 0.90,  # share of matched figures whose box IoU >= IOU_MIN
    "sections": 0.90,
}
IOU_MIN = 0.7


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def norm_name(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def norm_url(u: str) -> str:
    u = re.sub(r"^https?://", "", (u or "").strip().lower())
    u = re.sub(r"^www\.", "", u)
    return u.rstrip("/.").removesuffix(".git")


def norm_label(label: str | None) -> str:
    return re.sub(r"\s+", " ", (label or "").strip()).rstrip(".:")


def affil_match(got: str | None, want: str | None) -> bool:
    if want is None:
        return got in (None, "")
    g, w = norm(got), norm(want)
    if not g:
        return False
    if g in w or w in g:
        return True
    gt, wt = set(g.split()), set(w.split())
    return len(gt & wt) / max(1, len(wt)) >= 0.6


def iou(a, b) -> float:
    if not a or not b or len(a) != 4 or len(b) != 4:
        return 0.0
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / area if area > 0 else 0.0


@dataclass
class PaperScore:
    name: str
    error: str | None = None
    authors_ok: bool = False
    affil_ok: bool = False
    code_want: int = 0
    code_hit: int = 0
    code_got: int = 0
    code_good: int = 0
    own_want: int = 0
    own_got: int = 0
    own_good: int = 0
    fig_want: int = 0
    fig_got: int = 0
    fig_hit: int = 0
    ious: list[float] = field(default_factory=list)
    caption_ok: int = 0
    sections: float = 0.0
    tables_ok: bool = False
    appendix_ok: bool = False
    missed: list[str] = field(default_factory=list)  # human-readable misses, for the verbose report


def score_paper(name: str, truth: dict, got: dict | None, error: str | None = None) -> PaperScore:
    got = got or {}
    s = PaperScore(name=name, error=error)
    ga = [norm_name(a) for a in got.get("authors") or []]
    wa = [norm_name(a) for a in truth["authors"]]
    s.authors_ok = ga == wa
    if not s.authors_ok:
        s.missed.append(f"authors {ga} != {wa}")
    s.affil_ok = affil_match(got.get("first_author_affiliation"), truth["first_author_affiliation"])
    if not s.affil_ok:
        s.missed.append(f"first affiliation {got.get('first_author_affiliation')!r} != "
                        f"{truth['first_author_affiliation']!r}")
    want = {norm_url(u) for u in truth["code_urls"]}
    have = {norm_url(u) for u in got.get("code_urls") or []}
    s.code_want, s.code_hit = len(want), len(want & have)
    s.code_got, s.code_good = len(have), len(have & want)
    if want - have:
        s.missed.append(f"code URLs missed {sorted(want - have)}")
    if have - want:
        s.missed.append(f"code URLs wrong {sorted(have - want)}")
    own_want = {norm_url(u) for u in truth["own_code_urls"]}
    own_have = {norm_url(u) for u in got.get("own_code_urls") or []}
    s.own_want, s.own_got, s.own_good = len(own_want), len(own_have), len(own_have & own_want)
    if own_have - own_want:
        s.missed.append(f"own URLs wrong {sorted(own_have - own_want)}")
    wf = {(norm_label(f["label"]), int(f["page"])): f for f in truth["figures"]}
    gf: dict[tuple[str, int], dict] = {}
    for f in got.get("figures") or []:
        try:
            gf.setdefault((norm_label(f.get("label")), int(f.get("page"))), f)
        except (TypeError, ValueError):
            continue
    s.fig_want, s.fig_got = len(wf), len(gf)
    for key, f in wf.items():
        g = gf.get(key)
        if g is None:
            s.missed.append(f"figure {key} not found")
            continue
        s.fig_hit += 1
        if f.get("bbox"):  # the dev corpus' hand-made truth has no boxes
            v = iou(g.get("bbox"), f["bbox"])
            s.ious.append(v)
            if v < IOU_MIN:
                s.missed.append(f"figure {key} box IoU {v:.2f}: {g.get('bbox')} vs {f['bbox']}")
        if norm(g.get("caption")).startswith(norm(f.get("caption") or f.get("caption_start"))[:40]):
            s.caption_ok += 1
        else:
            s.missed.append(f"figure {key} caption {str(g.get('caption'))[:50]!r}")
    for key in gf.keys() - wf.keys():
        s.missed.append(f"figure {key} is not a figure")
    gs = [norm(x) for x in got.get("sections") or []]
    ws = [norm(x) for x in truth["sections"]]
    s.sections = 1.0 if gs == ws else SequenceMatcher(None, gs, ws).ratio()
    if gs != ws:
        s.missed.append(f"sections {got.get('sections')} != {truth['sections']}")
    s.tables_ok = got.get("tables_count") == truth["tables_count"]
    s.appendix_ok = bool(got.get("has_appendix")) == truth["has_appendix"]
    return s


def summarize(scores: list[PaperScore]) -> dict[str, float]:
    n = max(1, len(scores))

    def ratio(a: float, b: float) -> float:
        return a / b if b else 1.0

    ious = [v for s in scores for v in s.ious]
    return {
        "papers": len(scores),
        "errors": sum(1 for s in scores if s.error),
        "authors": sum(s.authors_ok for s in scores) / n,
        "first_affil": sum(s.affil_ok for s in scores) / n,
        "code_recall": ratio(sum(s.code_hit for s in scores), sum(s.code_want for s in scores)),
        "code_precision": ratio(sum(s.code_good for s in scores), sum(s.code_got for s in scores)),
        "own_precision": ratio(sum(s.own_good for s in scores), sum(s.own_got for s in scores)),
        "own_recall": ratio(sum(s.own_good for s in scores), sum(s.own_want for s in scores)),
        "fig_recall": ratio(sum(s.fig_hit for s in scores), sum(s.fig_want for s in scores)),
        "fig_precision": ratio(sum(s.fig_hit for s in scores), sum(s.fig_got for s in scores)),
        "fig_iou": ratio(sum(v >= IOU_MIN for v in ious), len(ious)),
        "fig_iou_mean": sum(ious) / len(ious) if ious else 0.0,
        "captions": ratio(sum(s.caption_ok for s in scores), sum(s.fig_hit for s in scores)),
        "sections": sum(s.sections for s in scores) / n,
        "tables": sum(s.tables_ok for s in scores) / n,
        "appendix": sum(s.appendix_ok for s in scores) / n,
    }


def failures(summary: dict[str, float]) -> list[str]:
    """Targets missed, as readable strings."""
    return [f"{k} {summary[k]:.1%} < {v:.0%}" for k, v in TARGETS.items() if summary[k] < v - 1e-9]


def table(scores: list[PaperScore], summary: dict[str, float] | None = None, verbose: bool = False) -> str:
    summary = summary or summarize(scores)
    head = (f"{'paper':<22} {'auth':>4} {'aff':>4} {'code R':>7} {'code P':>7} {'own P':>6} {'fig R':>6} "
            f"{'fig P':>6} {'IoU':>5} {'sec':>5} {'tab':>4} {'app':>4}")
    lines = [head, "-" * len(head)]

    def frac(a: int, b: int) -> str:
        return f"{a}/{b}" if b else "-"

    for s in scores:
        mean_iou = f"{sum(s.ious) / len(s.ious):.2f}" if s.ious else "-"
        lines.append(
            f"{s.name[:22]:<22} {'ok' if s.authors_ok else 'X':>4} {'ok' if s.affil_ok else 'X':>4} "
            f"{frac(s.code_hit, s.code_want):>7} {frac(s.code_good, s.code_got):>7} "
            f"{frac(s.own_good, s.own_got):>6} {frac(s.fig_hit, s.fig_want):>6} {frac(s.fig_hit, s.fig_got):>6} "
            f"{mean_iou:>5} {s.sections:>5.2f} {'ok' if s.tables_ok else 'X':>4} {'ok' if s.appendix_ok else 'X':>4}"
            + (f"  ERROR {s.error[:60]}" if s.error else ""))
        if verbose:
            lines.extend(f"    - {m[:160]}" for m in s.missed)
    lines.append("-" * len(head))
    lines.append(
        "TOTAL  authors {authors:.1%}  first-affil {first_affil:.1%}  code R {code_recall:.1%} "
        "P {code_precision:.1%}  own P {own_precision:.1%} (R {own_recall:.1%})  figures R {fig_recall:.1%} "
        "P {fig_precision:.1%}  IoU>=0.7 {iou}  captions {captions:.1%}  "
        "sections {sections:.1%}  tables {tables:.1%}  appendix {appendix:.1%}  errors {errors}".format(
            iou=(f"{summary['fig_iou']:.1%} (mean {summary['fig_iou_mean']:.2f})"
                 if any(s.ious for s in scores) else "n/a (no boxes in the truth)"), **summary))
    missed = failures(summary)
    lines.append("targets: " + ("all met" if not missed else "MISSED " + "; ".join(missed)))
    return "\n".join(lines)
