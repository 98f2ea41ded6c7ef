"""Title, authors and affiliations from the first page."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from paperbrief.pdf._doc import Layout, Line, Span, fix_accents, join_spans
from paperbrief.pdf._rows import Row, dehyphen_join, make_rows

__all__ = ["Header", "parse_header"]

AFFIL_WORDS = re.compile(
    r"\b(univ\w*|universit\w+|institut\w*|inst\.|college|school|department|dept\.?|faculty|laborator\w*|lab|labs|"
    r"research|center|centre|academy|academia|inc\.?|ltd\.?|llc|gmbh|corp\w*|company|hospital|foundation|"
    r"polytechni\w*|politecnico|ecole|école|universidad|universidade|università|hochschule|technolog\w*|"
    r"sciences?|engineering|group|team|google|microsoft|meta|amazon|nvidia|deepmind|openai|ibm|alibaba|"
    r"tencent|baidu|huawei|bytedance|samsung|intel|apple|adobe|inria|cnrs|csail|ai|campus|street|road|avenue|"
    r"usa|china|france|germany|japan|korea|canada|uk|italy|spain|israel|india|singapore|switzerland)\b",
    re.I)
_NOTE = re.compile(r"(correspond|equal contribution|contributed equally|work done|project lead|"
                   r"these authors|intern at|^\W*(?:equal|corresponding)\b)", re.I)
_ABSTRACT = re.compile(r"^\W*(abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t)\b", re.I)
_PARTICLE = {"van", "von", "de", "der", "den", "da", "del", "della", "di", "la", "le", "du", "bin", "al", "y",
             "dos", "das", "ter", "zu", "st.", "el"}
_TOKEN = re.compile(r"^(?:[A-Z\u00C0-\u00DE\u0100-\u024F][\w'’\u00C0-\u024F-]*\.?|[A-Z]\.(?:-?[A-Z]\.)*)$")
_MARK_SYMS = "*†‡§¶∗⋆♠♣♥♦✉#‖→"
_EMAIL = re.compile(r"([\w.+-]+|\{[^}]*\})\s*@\s*([\w-]+(?:\.[\w-]+)+)")
_ANON = re.compile(r"^\W*anonymous\b", re.I)
_WITH = re.compile(r"\b(?:is|are)\s+(?:also\s+)?(?:with|at)\s+(?:the\s+)?(.+?)(?:\.\s|\.$|;|$)")
# ", and Colin Acton and Xu Chen are with ..." ends the first author's clause
_NEXT_WITH = re.compile(r",?\s+(?:and|while)\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:and\s+(?:[A-Z][\w.'-]*\s+){1,4})?"
                        r"(?:is|are)\s+(?:also\s+)?(?:with|at)\b.*$")


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


@dataclass
class _Name:
    name: str
    keys: list[str]
    x0: float
    x1: float
    row: int
    affil: str | None = None  # printed on the name's own line ("NAME, Affiliation, Country")


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
        parts.append(text.rstrip(_MARK_SYMS + " "))
    title = re.sub(r"\s+", " ", dehyphen_join(parts)).strip()
    return (title or None), max(ln.y1 for ln in picked)


def _clean_name(text: str) -> str:
    t = re.sub(r"[\u00b4\u02c7\u00a8\u02dc\u02c6\u00b8\u02d8\u02d9\u02da\u02dd\x00-\x1f]", "", fix_accents(text))
    t = re.sub(r"[\d" + re.escape(_MARK_SYMS) + r"\u2020\u2021\u00a7\u2217\u22c6\u2709()\[\]]", " ", t)
    t = re.sub(r"^\s*(and|&)\s+", "", t.strip(" ,;"))
    t = re.sub(r"\s+(and|&)$", "", t)
    return re.sub(r"\s+", " ", t).strip(" ,;")


def _name_like(text: str, all_caps: bool = False) -> bool:
    """Two to six capitalised name tokens (particles allowed); all in capitals only where ``all_caps``
    (ACM journal formats print the names so)."""
    toks = text.split()
    if not 2 <= len(toks) <= 6 or AFFIL_WORDS.search(text) or "@" in text:
        return False
    if _ABSTRACT.match(text) or re.search(r"\d", text):
        return False
    caps = 0
    for i, t in enumerate(toks):
        if t.lower() in _PARTICLE or (0 < i < len(toks) - 1 and t.islower() and len(t) <= 3 and t.isalpha()):
            continue  # "van", "de", Catalan "i", ... between name parts
        if not _TOKEN.match(t):
            return False
        if t.isupper() and len(t) > 1 and not t.endswith("."):
            caps += 1
    return all_caps or caps < len(toks)  # not an all-caps acronym line


def _loose_name(text: str) -> bool:
    """A name with a part printed in lower case ("Anna smith"): two to four letter tokens, the first
    capitalised; only accepted where markers close it like the regular names of its row."""
    toks = text.split()
    if not 2 <= len(toks) <= 4 or AFFIL_WORDS.search(text) or "@" in text or _ABSTRACT.match(text):
        return False
    return bool(_TOKEN.match(toks[0])) and all(re.fullmatch(r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?", t)
                                              for t in toks)


def _names_row(cands: list[_Name]) -> bool:
    """Every piece of the row is a name. A piece whose capitalisation is irregular passes when it carries
    its own markers and most of the row are regular names (the row is evidently the author line)."""
    strict = [_name_like(c.name) for c in cands]
    if all(strict):
        return bool(cands)
    n = sum(strict)
    return n >= 2 and n > len(cands) / 2 and all(ok or (c.keys and _loose_name(c.name))
                                                 for c, ok in zip(cands, strict))


def _letter_size(row: Row) -> float:
    """The size that carries most letters of the row (markers, dots and arrows ignored): a teaser figure's
    small labels stay small next to one large '...' glyph."""
    c: Counter[float] = Counter()
    for sp, mark in row.spans():
        if not mark:
            c[round(sp.size, 1)] += sum(ch.isalpha() for ch in sp.text)
    size, n = c.most_common(1)[0] if c else (0.0, 0)
    return size if n else row.size


def _inline_entries(row: Row, ri: int) -> tuple[list[_Name], float] | None:
    """ACM journal formats: 'NAME, Affiliation, Country' on one line, the name part (often in capitals) in a
    larger size than the affiliation after the comma; 'A and B, Affiliation' for a shared one. Returns the
    names with their affiliation and the names' size, or None when the row is not laid out so."""
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
    if len(runs) < 2 or len(runs) % 2:
        return None
    big = runs[0][0]
    out: list[_Name] = []
    for (s1, name_sp), (s2, aff_sp) in zip(runs[::2], runs[1::2]):
        name_txt, aff_txt = join_spans(name_sp).strip(), join_spans(aff_sp).strip()
        if abs(s1 - big) >= 0.5 or s1 - s2 < 0.8 or not (name_txt.endswith(",") or aff_txt.startswith(",")):
            return None
        aff = re.sub(r"\s+(?:and|&)$", "", aff_txt.strip(" ,;")).strip(" ,;")
        parts = [_clean_name(p) for p in re.split(r",|;|\band\b|&", name_txt)]
        parts = [p for p in parts if p]
        if not aff or not parts or not all(_name_like(p, all_caps=True) for p in parts):
            return None
        if not AFFIL_WORDS.search(aff) and not all(p.isupper() for p in parts):
            return None
        xs = [sp.bbox for sp in name_sp if sp.text.strip()]
        out.extend(_Name(p, [], xs[0][0], xs[-1][2], ri, aff) for p in parts)
    return out, big


def _split_names(row: Row, ri: int) -> list[_Name]:
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
    out: list[_Name] = []
    pending: _Name | None = None
    for spans, keys in pieces:
        raw = "".join(s.text for s in spans)
        name = _clean_name(raw)
        if not name:
            if pending is not None:  # markers after a separator belong to the previous name
                pending.keys.extend(keys)
            continue
        # digits glued to a name ("Kim1,2") are keys too
        glued = re.findall(r"(?<=[a-z])(\d+(?:,\d+)*)|([*†‡∗⋆])", raw)
        extra = [k for g in glued for part in g for k in part.split(",") if k]
        xs = [s.bbox[0] for s in spans if s.text.strip()] or [row.x0]
        xe = [s.bbox[2] for s in spans if s.text.strip()] or [row.x1]
        pending = _Name(name, keys + extra, min(xs), max(xe), ri)
        out.append(pending)
    return out


def _keyed(row: Row) -> list[tuple[str, str, float, float]]:
    """Affiliation items of a row as (key, text, x0, x1); key '' where none is printed."""
    items: list[list] = []  # [key, text, x0, x1]
    gap = row.size * 1.2
    last_x1 = None
    for sp, mark in row.spans():
        t = sp.text
        if mark and t.strip():
            items.append([re.sub(r"\s", "", t), "", sp.bbox[0], sp.bbox[2]])
            last_x1 = sp.bbox[2]
            continue
        if not t.strip():
            if items:
                items[-1][1] += t
            continue
        if not items or (last_x1 is not None and sp.bbox[0] - last_x1 > gap and items[-1][1].strip()):
            items.append(["", "", sp.bbox[0], sp.bbox[2]])
        items[-1][1] += t
        items[-1][3] = max(items[-1][3], sp.bbox[2])
        last_x1 = sp.bbox[2]
    out: list[tuple[str, str, float, float]] = []
    for key, text, x0, x1 in items:
        # plain leading digits: "1 Shanghai Jiao Tong University", "2 Microsoft Research, 3 Harvard"
        parts = re.split(r"(?:^|(?<=[,;]\s)|(?<=[,;])|(?<=\s{2}))\s*(\d{1,2})\s+(?=[A-Z\u00C0-\u024F])", text)
        if len(parts) > 1:
            if parts[0].strip(" ,;"):
                out.append((key, parts[0], x0, x1))
            key = key if not parts[0].strip(" ,;") else ""
            for i in range(1, len(parts), 2):
                out.append((parts[i], parts[i + 1], x0, x1))
        else:
            out.append((key, text, x0, x1))
    return [(k, re.sub(r"\s+", " ", t).strip(" ,;"), a, b) for k, t, a, b in out if t.strip(" ,;")]


def _expand_emails(text: str) -> list[str]:
    out = []
    for user, dom in _EMAIL.findall(text):
        users = [u.strip() for u in user.strip("{}").split(",")] if user.startswith("{") else [user]
        out.extend(f"{u}@{dom}" for u in users if u)
    return out


def _footnote_affil(lines: list[Line], layout: Layout, names: list[_Name], height: float) -> tuple[str | None, list[str]]:
    """Affiliations printed in the page-1 footnote area (keyed list, or 'The authors are with ...')."""
    foot = [ln for ln in lines if ln.horizontal and ln.y0 > height * 0.55 and ln.size < layout.body_size - 0.4]
    if not foot:
        return None, []
    rows = make_rows(foot)
    keys = names[0].keys if names else []
    items: list[tuple[str, str]] = []
    for row in rows:
        for k, t, _, _ in _keyed(row):
            if k and items and not items[-1][0] == "" and not k.strip(_MARK_SYMS):
                items.append((k, t))
            elif k:
                items.append((k, t))
            elif items:
                items[-1] = (items[-1][0], dehyphen_join([items[-1][1], t]))
            else:
                items.append(("", t))
    digit_items = [(k, t) for k, t in items if k.isdigit()]
    digit_items = [(k, _drop_emails(_with_clause(t))) for k, t in digit_items]
    affs: list[str] = []
    for k, t in digit_items:
        t = re.split(r"\.\s|(?<=[a-z])\.$|\s(?:Correspond|Email|E-mail)", t)[0].strip(" .,;")
        if t and (AFFIL_WORDS.search(t) or len(t.split()) <= 8):
            affs.append(t)
    if affs:
        by_key = {k: re.split(r"\.\s|(?<=[a-z])\.$|\s(?:Correspond|Email|E-mail)", t)[0].strip(" .,;")
                  for k, t in digit_items}
        first = next((by_key[k] for k in keys if k in by_key and by_key[k]), affs[0])
        return first, _dedupe(affs)
    text = dehyphen_join([ln.text for ln in sorted(foot, key=lambda x: (x.y0, x.x0))])
    m = _WITH.search(text)
    if m and AFFIL_WORDS.search(m.group(1)):
        a = _own_clause(m.group(1))
        return a, [a]
    return None, []


def _drop_emails(text: str) -> str:
    t = re.sub(r"\{[^}]*\}\s*@\s*\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b(e-?mail|emails?)\s*:?", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", t).strip(" ,;.")


_INSTITUTION = re.compile(r"\b(universit\w*|institut\w*|college|school|laborator\w*|academy|inc\.?|corporation|"
                          r"company|hospital|centre|center)\b", re.I)


def _own_clause(clause: str) -> str:
    """The first author's part of "A is with X, and B and C are with Y, Univ": X plus a shared institution."""
    first = _NEXT_WITH.sub("", clause).strip(" .,;")
    if first != clause.strip(" .,;") and not _INSTITUTION.search(first):
        rest = clause[len(first):]
        tail = re.search(r"((?:[\w.'-]+\s+){0,3}?(?:universit\w*|institut\w*|college)\b[^;]*)$", rest, re.I)
        if tail:
            first = f"{first}, {tail.group(1).strip(' .,;')}"
    return first


def _with_clause(text: str) -> str:
    """"Luigi Penco is with the Florida Institute ..." -> "Florida Institute ..."."""
    m = _WITH.search(text)
    return _own_clause(m.group(1)) if m and AFFIL_WORDS.search(m.group(1)) else text


def _dedupe(xs: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in xs:
        k = re.sub(r"\W+", "", x.lower())
        if k and k not in seen:
            seen.add(k)
            out.append(x)
    return out


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
    names: list[_Name] = []
    name_size: float | None = None
    aff_rows: list[tuple[int, Row]] = []
    carry: _Name | None = None
    end_y = title_y
    for ri, row in enumerate(rows):
        text = row.text
        if _ABSTRACT.match(text) or (_is_prose(row, page.width) and abs(row.size - layout.body_size) < 1.0):
            break
        if re.match(r"^(fig(ure)?\.?|table)\s*\d", text, re.I) or re.fullmatch(
                r"((\d{1,2}|[IVX]{1,4})\.?\s+)?(introduction|overview|background|motivation)", text.strip(), re.I):
            break
        end_prev, end_y = end_y, row.y1
        if _ANON.match(text) and len(text.split()) <= 3:
            h.anonymous = True
            continue
        if "@" in text:
            h.emails.extend(_expand_emails(text))
            continue
        inline = _inline_entries(row, ri)
        if inline is not None and (name_size is None or abs(inline[1] - name_size) <= 0.8):
            names.extend(inline[0])
            name_size = inline[1] if name_size is None else name_size
            carry = None
            continue
        cand = _split_names(row, ri)
        if carry is not None and cand and len(cand[0].name.split()) == 1:
            # a name wrapped across lines: "..., Jerzy" / "Stefanowski1"
            cand[0].name = carry.name + " " + cand[0].name
            cand[0].x0 = carry.x0
        carry = None
        tail = cand[-1] if cand and len(cand[-1].name.split()) == 1 and _TOKEN.match(cand[-1].name) \
            and not row.text.rstrip().endswith((",", ";")) and len(cand) > 1 else None
        whole = cand[:-1] if tail is not None else cand
        if whole and _names_row(whole) and (
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
                _letter_size(row) < min(name_size or 99, layout.body_size) - 1.5 and not _NOTE.search(text)):
            end_y = end_prev
            break  # a teaser figure below the author block
        if _NOTE.search(text) and not AFFIL_WORDS.search(re.sub(_NOTE, "", text)):
            continue
        aff_rows.append((ri, row))
    h.end_y = end_y
    if h.anonymous and not names:
        return h
    h.authors = [fix_accents(n.name) for n in names]
    _affiliations(h, names, aff_rows, lines, layout, page.height)
    h.affiliations = [fix_accents(a) for a in h.affiliations]
    if h.first_author_affiliation:
        h.first_author_affiliation = fix_accents(h.first_author_affiliation)
    if h.title:
        h.title = fix_accents(h.title)
    return h


def _affiliations(h: Header, names: list[_Name], aff_rows: list[tuple[int, Row]], lines: list[Line],
                  layout: Layout, height: float) -> None:
    if names and names[0].affil:  # printed on each author's own line
        h.affiliations = _dedupe([n.affil for n in names if n.affil])
        h.first_author_affiliation = names[0].affil
        h.affiliation_source = "pdf-header"
        return
    keyed: dict[str, str] = {}
    columns: list[tuple[float, float, int, list[str]]] = []  # x0, x1, last row index, texts
    order: list[str] = []
    last: tuple[str, int, float, float] | None = None  # the keyed item of the previous row
    for ri, row in aff_rows:
        items = _keyed(row)
        for key, text, x0, x1 in items:
            if _NOTE.search(text):
                continue
            if key:
                if key not in keyed:
                    keyed[key] = text
                    order.append(key)
                last = (key, ri, x0, x1)
                continue
            if last is not None and last[1] == ri - 1 and len(items) == 1 and min(last[3], x1) - max(last[2], x0) > 0:
                # "1 Department of Physics," / "University of Oslo": a keyed entry wrapped onto the next line
                keyed[last[0]] = _join_block([keyed[last[0]], text])
                last = (last[0], ri, x0, x1)
                continue
            for col in columns:
                if col[2] in (ri - 1, ri - 2) and min(col[1], x1) - max(col[0], x0) > 0 \
                        and not any(col[2] < n.row < ri for n in names):
                    col[3].append(text)
                    columns[columns.index(col)] = (min(col[0], x0), max(col[1], x1), ri, col[3])
                    break
            else:
                columns.append((x0, x1, ri, [text]))
    first = None
    if keyed:
        fk = names[0].keys if names else []
        first = next((keyed[k] for k in fk if k in keyed), None) or keyed.get("1") or next(iter(keyed.values()))
        h.affiliations = _dedupe([keyed[k] for k in order])
        h.affiliation_source = "pdf-header"
    elif columns:
        texts = [_join_block(c[3]) for c in columns]
        h.affiliations = _dedupe(texts)
        if names:
            n0 = names[0]
            below = [(c, t) for c, t in zip(columns, texts) if min(c[1], n0.x1) - max(c[0], n0.x0) > 0]
            first = below[0][1] if below else texts[0]
        h.affiliation_source = "pdf-header"
    if first is None and names:
        first, affs = _footnote_affil(lines, layout, names, height)
        if first:
            h.affiliations = affs
            h.affiliation_source = "pdf-footnote"
    if first is None and h.emails:
        dom = h.emails[0].split("@", 1)[1]
        first = dom
        h.affiliations = [dom]
        h.affiliation_source = "email-domain"
    h.first_author_affiliation = first


def _join_block(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if not out:
            out = p
        elif out.endswith((",", ";")):
            out += " " + p
        elif out.endswith("-"):
            out = dehyphen_join([out, p])
        else:
            out += ", " + p
    return out
