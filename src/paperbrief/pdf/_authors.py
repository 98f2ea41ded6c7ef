"""Author names in the first-page header: split a row into names at markers, separators, wide gaps, font
changes and capitalisation; ACM-style 'NAME, Affiliation' entries."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paperbrief.pdf._doc import Span, join_spans
from paperbrief.names import compose_name
from paperbrief.pdf._rows import Row

__all__ = ["AFFIL_WORDS", "MARK_SYMS", "NOTE", "ABSTRACT", "TOKEN", "Name", "Inline", "clean_name", "name_like",
           "names_row", "letter_size", "inline_entries", "continue_affil", "split_names", "glued_names"]

AFFIL_WORDS = re.compile(
    r"\b(univ\w*|universit\w+|institut\w*|inst\.|college|school|department|dept\.?|faculty|laborator\w*|lab|labs|"
    r"research|center|centre|academy|academia|inc\.?|ltd\.?|llc|gmbh|corp\w*|company|hospital|foundation|"
    r"polytechni\w*|politecnico|ecole|école|universidad|universidade|università|hochschule|technolog\w*|"
    r"sciences?|engineering|group|team|google|microsoft|meta|amazon|nvidia|deepmind|openai|ibm|alibaba|"
    r"tencent|baidu|huawei|bytedance|samsung|intel|apple|adobe|inria|cnrs|csail|ai|campus|street|road|avenue|"
    r"usa|china|france|germany|japan|korea|canada|uk|italy|spain|israel|india|singapore|switzerland)\b",
    re.I)
NOTE = re.compile(r"(correspond|equal contribution|contributed equally|work done|project lead|"
                  r"these authors|intern at|^\W*(?:equal|corresponding)\b)", re.I)
ABSTRACT = re.compile(r"^\W*(abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t)\b", re.I)
_PARTICLE = {"van", "von", "de", "der", "den", "da", "del", "della", "di", "la", "le", "du", "bin", "al", "y",
             "dos", "das", "ter", "zu", "st.", "el"}
TOKEN = re.compile(r"^(?:[A-Z\u00C0-\u00DE\u0100-\u024F][\w'’\u00C0-\u024F-]*\.?|[A-Z]\.(?:-?[A-Z]\.)*)$")
MARK_SYMS = "*†‡§¶∗⋆♠♣♥♦✉#‖→"
# a name in Han characters: two to four of them ("张伟", "欧阳明"), no spaces
_HAN_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,4}")
# Han words that end institution names (university, college, institute, laboratory, company, hospital, ...)
_HAN_AFFIL = re.compile(r"大学|学院|研究院|研究所|实验室|公司|医院|中心|学校|集团")
# a lower-case letter then a capital inside one word: two names set with no space between them ("XuYang"),
# unless the word starts with a family-name prefix written so ("McDonald", "LeCun", "DeVries", "FitzGerald")
_CAMEL = re.compile(r"(?<=[a-z\u00df-\u00ff\u0101-\u017f])(?=[A-Z\u00c0-\u00de])")
_PREFIXES = {"mc", "mac", "de", "di", "da", "du", "le", "la", "van", "von", "fitz", "o'", "d'", "al", "el", "st"}
_NAME_GAP = 0.45  # a gap between two letters wider than this (in ems) is no word space: the next name begins


@dataclass
class Name:
    name: str
    keys: list[str]
    x0: float
    x1: float
    row: int
    affil: str | None = None  # printed on the name's own line ("NAME, Affiliation, Country")
    inline_keys: bool = False  # keys set in the name's own font and size ("Alice Chen1,2")


def clean_name(text: str) -> str:
    t = re.sub(r"[\u00b4\u02c7\u00a8\u02dc\u02c6\u00b8\u02d8\u02d9\u02da\u02dd\x00-\x1f]", "", compose_name(text))
    t = re.sub(r"[\d" + re.escape(MARK_SYMS) + r"\u2020\u2021\u00a7\u2217\u22c6\u2709()\[\]]", " ", t)
    t = re.sub(r"^\s*(and|&)\s+", "", t.strip(" ,;"))
    t = re.sub(r"\s+(and|&)$", "", t)
    return re.sub(r"\s+", " ", t).strip(" ,;")


def name_like(text: str, all_caps: bool = False) -> bool:
    """Two to six capitalised name tokens (particles allowed); all in capitals only where ``all_caps``
    (ACM journal formats print the names so)."""
    toks = text.split()
    if _HAN_NAME.fullmatch(text):
        return not _HAN_AFFIL.search(text)
    if not 2 <= len(toks) <= 6 or AFFIL_WORDS.search(text) or "@" in text:
        return False
    if ABSTRACT.match(text) or re.search(r"\d", text):
        return False
    caps = 0
    for i, t in enumerate(toks):
        if t.lower() in _PARTICLE or (0 < i < len(toks) - 1 and t.islower() and len(t) <= 3 and t.isalpha()):
            continue  # "van", "de", Catalan "i", ... between name parts
        if not TOKEN.match(t):
            return False
        if t.isupper() and len(t) > 1 and not t.endswith("."):
            caps += 1
    return all_caps or caps < len(toks)  # not an all-caps acronym line


def _loose_name(text: str) -> bool:
    """A name with a part printed in lower case ("Anna smith"): two to four letter tokens, the first
    capitalised; only accepted where markers close it like the regular names of its row."""
    toks = text.split()
    if not 2 <= len(toks) <= 4 or AFFIL_WORDS.search(text) or "@" in text or ABSTRACT.match(text):
        return False
    return bool(TOKEN.match(toks[0])) and all(re.fullmatch(r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?", t)
                                              for t in toks)


def names_row(cands: list[Name]) -> bool:
    """Every piece of the row is a name. A piece whose capitalisation is irregular passes when it carries
    its own markers and most of the row are regular names (the row is evidently the author line)."""
    strict = [name_like(c.name) for c in cands]
    if all(strict):
        return bool(cands)
    n = sum(strict)
    return n >= 2 and n > len(cands) / 2 and all(ok or (c.keys and _loose_name(c.name))
                                                 for c, ok in zip(cands, strict))


def letter_size(row: Row) -> float:
    """The size that carries most letters of the row (markers, dots and arrows ignored): a teaser figure's
    small labels stay small next to one large '...' glyph."""
    c: Counter[float] = Counter()
    for sp, mark in row.spans():
        if not mark:
            c[round(sp.size, 1)] += sum(ch.isalpha() for ch in sp.text)
    size, n = c.most_common(1)[0] if c else (0.0, 0)
    return size if n else row.size


@dataclass
class Inline:
    """An ACM-style row: its names (each with the affiliation printed after it), the names' size, and the
    text of a leading affiliation run that continues the previous row's last entry."""

    names: list[Name]
    size: float
    lead: str = ""


def _size_runs(row: Row) -> list[tuple[float, list[Span]]]:
    runs: list[tuple[float, list[Span]]] = []
    for sp, mark in row.spans():
        if mark:
            continue
        if not sp.text.strip():
            if runs:
                runs[-1][1].append(sp)
            continue
        if runs and abs(sp.size - runs[-1][0]) < 0.5:
            runs[-1][1].append(sp)
        else:
            runs.append((sp.size, [sp]))
    return runs


def inline_entries(row: Row, ri: int, cont: float | None = None) -> Inline | None:
    """ACM journal formats: 'NAME, Affiliation, Country' on one line, the name part (often in capitals) in a
    larger size than the affiliation after the comma; 'A and B, Affiliation' for a shared one. Returns the
    names with their affiliation and the names' size, or None when the row is not laid out so.
    ``cont``: the names' size when the previous row was such a row; the entries then flow on, and this row
    may start with the rest of an affiliation and end with a name whose affiliation is on the next row."""
    runs = _size_runs(row)
    lead = ""
    if cont is not None and runs and cont - runs[0][0] >= 0.8:
        lead = join_spans(runs[0][1]).strip()
        lead = re.sub(r"[\s,;]+(?:and|&)?$", "", lead).strip(" ,;")
        runs = runs[1:]
        if not runs:
            return Inline([], cont, lead) if lead else None
    open_end = cont is not None and len(runs) % 2 == 1 and join_spans(runs[-1][1]).strip().endswith(",")
    if open_end:
        runs = runs + [(0.0, [])]
    if len(runs) < 2 or len(runs) % 2:
        return None
    big = runs[0][0]
    out: list[Name] = []
    for k, ((s1, name_sp), (s2, aff_sp)) in enumerate(zip(runs[::2], runs[1::2])):
        name_txt, aff_txt = join_spans(name_sp).strip(), join_spans(aff_sp).strip()
        tail = open_end and k == len(runs) // 2 - 1
        if abs(s1 - big) >= 0.5 or (s1 - s2 < 0.8 and not tail) or not (
                name_txt.endswith(",") or aff_txt.startswith(",")):
            return None
        aff = re.sub(r"\s+(?:and|&)$", "", aff_txt.strip(" ,;")).strip(" ,;")
        parts = [clean_name(p) for p in re.split(r",|;|\band\b|&", name_txt)]
        parts = [p for p in parts if p]
        if (not aff and not tail) or not parts or not all(name_like(p, all_caps=True) for p in parts):
            return None
        if not AFFIL_WORDS.search(aff) and not all(p.isupper() for p in parts):
            return None
        xs = [sp.bbox for sp in name_sp if sp.text.strip()]
        out.extend(Name(p, [], xs[0][0], xs[-1][2], ri, aff or None) for p in parts)
    if cont is not None and abs(big - cont) >= 0.8:
        return None
    return Inline(out, big, lead)


def continue_affil(names: list[Name], lead: str) -> None:
    """Append a row's leading affiliation text to the last entry's: "Delft University," | "Netherlands"
    or "University of" | "Toronto, Canada"."""
    if not names or not lead:
        return
    last = names[-1]
    prev = last.affil or ""
    if not prev:
        last.affil = lead
    elif prev.split()[-1].islower():
        last.affil = f"{prev} {lead}"
    else:
        last.affil = f"{prev}, {lead}"
    for n in names[-2::-1]:  # "A and B, Affiliation": the shared one
        if n.row != last.row or n.affil != prev:
            break
        n.affil = last.affil


def split_names(row: Row, ri: int) -> list[Name]:
    """Split a row into name pieces at markers, commas, 'and' and wide gaps."""
    pieces: list[tuple[list[Span], list[str]]] = [([], [])]
    last_x1 = None
    gap = row.size * 1.2
    for sp, mark in row.spans():
        t = sp.text
        if not t.strip():
            if pieces[-1][0]:
                pieces[-1][0].append(sp)
            continue
        if last_x1 is not None and sp.bbox[0] - last_x1 > gap and not mark and pieces[-1][0]:
            pieces.append(([], []))
        last_x1 = sp.bbox[2]
        if mark:
            pieces[-1][1].extend(k for k in re.split(r"[,\s]+", t.strip()) if k)
            pieces.append(([], []))
            continue
        chunks = re.split(r"(,|;|\band\b|&)", t)
        for ch in chunks:
            if ch in (",", ";", "and", "&"):
                pieces.append(([], []))
            elif ch:
                pieces[-1][0].append(Span(ch, sp.size, sp.font, sp.flags, sp.bbox))
    out: list[Name] = []
    pending: Name | None = None
    for spans, keys in pieces:
        raw = "".join(s.text for s in spans)
        name = clean_name(raw)
        # digits glued to a name ("Kim1,2") are keys too
        glued = re.findall(r"(?<=[^\W\d_])(\d+(?:,\d+)*)|([*†‡∗⋆])", raw)
        extra = [k for g in glued for part in g for k in part.split(",") if k]
        if not name:
            if pending is not None:  # markers after a separator belong to the previous name
                pending.keys.extend(keys or [k for k in re.split(r"[,\s]+", raw) if k.isdigit()])
            continue
        xs = [s.bbox[0] for s in spans if s.text.strip()] or [row.x0]
        xe = [s.bbox[2] for s in spans if s.text.strip()] or [row.x1]
        parts = glued_names(spans, row.size)
        x0, x1 = min(xs), max(xe)
        for i, (part, a, b) in enumerate(parts):
            last = i == len(parts) - 1
            pending = Name(part if len(parts) > 1 else name, keys + extra if last else [],
                           x0 + (x1 - x0) * a, x0 + (x1 - x0) * b, ri, inline_keys=bool(extra) and last)
            out.append(pending)
    return out


def _segments(spans: list[Span], size: float) -> list[str]:
    """The piece's text cut where another name may begin: a gap wider than a word space (drawn as a gap or
    as a wide space span), a change of font at a word start, and a capital after a lower-case letter."""
    segs = [""]
    prev: Span | None = None
    for sp in spans:
        text = sp.text
        if not text.strip():
            if sp.bbox[2] - sp.bbox[0] >= _NAME_GAP * size and segs[-1].strip():
                segs.append("")
            segs[-1] += " "
            continue
        if prev is not None and segs[-1].strip():
            gap = sp.bbox[0] - prev.bbox[2]
            font_cut = sp.font != prev.font and (text[:1].isupper() and (
                prev.text[-1:].islower() or prev.text[-1:].isspace() or text[:1].isspace()))
            if gap >= _NAME_GAP * size or font_cut:
                segs.append("")
            elif gap > 0.15 * size and not segs[-1].endswith(" "):
                segs[-1] += " "
        for k, bit in enumerate(_CAMEL.split(text)):
            word = re.split(r"\s", segs[-1])[-1].lower()
            if k and word not in _PREFIXES:
                segs.append("")
            segs[-1] += bit
        prev = sp
    return segs


def glued_names(spans: list[Span], size: float) -> list[tuple[str, float, float]]:
    """Names set without a separator between them ("Zhu XuYang Liu" -> "Zhu Xu", "Yang Liu"), with each
    name's start and end as fractions of the piece's width. Only cut where every part is a name of two or
    more words; else the piece is one name: [(name, 0, 1)]."""
    segs = [s for s in _segments(spans, size) if s.strip()]
    names = [clean_name(s) for s in segs]
    if len(names) < 2 or not all(len(n.split()) >= 2 and name_like(n) for n in names):
        return [(clean_name("".join(s.text for s in spans)), 0.0, 1.0)]
    total = sum(len(s) for s in segs) or 1
    out, at = [], 0
    for seg, name in zip(segs, names):
        out.append((name, at / total, (at + len(seg)) / total))
        at += len(seg)
    return out
