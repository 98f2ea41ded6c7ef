"""Affiliations of the first-page header: keyed lists (digits, letters, symbols), blocks under the names,
the page-1 footnote, and the first author's e-mail domain as a last hint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperbrief.pdf._authors import AFFIL_WORDS, MARK_SYMS, NOTE, Name
from paperbrief.pdf._doc import Layout, Line
from paperbrief.pdf._rows import Row, dehyphen_join, make_rows

__all__ = ["Affils", "keyed_items", "expand_emails", "affiliations", "dedupe", "split_block"]

_EMAIL = re.compile(r"([\w.+-]+|\{[^}]*\})\s*@\s*([\w-]+(?:\.[\w-]+)+)")
_WITH = re.compile(r"\b(?:is|are)\s+(?:also\s+)?(?:with|at)\s+(?:the\s+)?(.+?)(?:\.\s|\.$|;|$)")
# ", and Colin Acton and Xu Chen are with ..." ends the first author's clause
_NEXT_WITH = re.compile(r",?\s+(?:and|while)\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:and\s+(?:[A-Z][\w.'-]*\s+){1,4})?"
                        r"(?:is|are)\s+(?:also\s+)?(?:with|at)\b.*$")


def keyed_items(row: Row, glued: bool = False) -> list[tuple[str, str, float, float]]:
    """Affiliation items of a row as (key, text, x0, x1); key '' where none is printed. ``glued``: the
    names carry their keys in the body font ("Alice Chen1,2"), so a key set the same way before a word
    ("1Stanford University") is one too."""
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
        space = r"\s*" if glued else r"\s+"
        parts = re.split(r"(?:^|(?<=[,;]\s)|(?<=[,;])|(?<=\s{2}))\s*(\d{1,2})" + space
                         + r"(?=[A-Z\u00C0-\u024F][^\W\d_])", text)
        if len(parts) > 1:
            if parts[0].strip(" ,;"):
                out.append((key, parts[0], x0, x1))
            key = key if not parts[0].strip(" ,;") else ""
            for i in range(1, len(parts), 2):
                out.append((parts[i], parts[i + 1], x0, x1))
        else:
            out.append((key, text, x0, x1))
    return [(k, re.sub(r"\s+", " ", t).strip(" ,;"), a, b) for k, t, a, b in out if t.strip(" ,;")]


def expand_emails(text: str) -> list[str]:
    out = []
    for user, dom in _EMAIL.findall(text):
        users = [u.strip() for u in user.strip("{}").split(",")] if user.startswith("{") else [user]
        out.extend(f"{u}@{dom}" for u in users if u)
    return out


def _footnote_affil(lines: list[Line], layout: Layout, names: list[Name], height: float) -> tuple[str | None, list[str]]:
    """Affiliations printed in the page-1 footnote area (keyed list, or 'The authors are with ...')."""
    foot = [ln for ln in lines if ln.horizontal and ln.y0 > height * 0.55 and ln.size < layout.body_size - 0.4]
    if not foot:
        return None, []
    rows = make_rows(foot)
    keys = names[0].keys if names else []
    items: list[tuple[str, str]] = []
    for row in rows:
        for k, t, _, _ in keyed_items(row):
            if k and items and not items[-1][0] == "" and not k.strip(MARK_SYMS):
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
        return first, dedupe(affs)
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


def dedupe(xs: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in xs:
        k = re.sub(r"\W+", "", x.lower())
        if k and k not in seen:
            seen.add(k)
            out.append(x)
    return out


@dataclass
class Affils:
    affiliations: list[str] = field(default_factory=list)
    first: str | None = None
    source: str | None = None


def affiliations(names: list[Name], aff_rows: list[tuple[int, Row]], lines: list[Line], layout: Layout,
                 height: float, emails: list[str]) -> Affils:
    h = Affils()
    if names and names[0].affil:  # printed on each author's own line
        h.affiliations = dedupe([n.affil for n in names if n.affil])
        h.first = names[0].affil
        h.source = "pdf-header"
        return h
    keyed: dict[str, str] = {}
    columns: list[tuple[float, float, int, list[str]]] = []  # x0, x1, last row index, texts
    order: list[str] = []
    last: tuple[str, int, float, float] | None = None  # the keyed item of the previous row
    glued = any(n.inline_keys for n in names)
    for ri, row in aff_rows:
        items = keyed_items(row, glued)
        for key, text, x0, x1 in items:
            if NOTE.search(text):
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
        h.affiliations = dedupe([keyed[k] for k in order])
        h.source = "pdf-header"
    elif columns:
        blocks = [split_block(c[3]) for c in columns]
        texts = [b[0] for b in blocks]
        h.affiliations = dedupe([t for b in blocks for t in b])
        if names:
            n0 = names[0]
            below = [(c, t) for c, t in zip(columns, texts) if min(c[1], n0.x1) - max(c[0], n0.x0) > 0]
            first = below[0][1] if below else texts[0]
        h.source = "pdf-header"
    if first is None and names:
        first, affs = _footnote_affil(lines, layout, names, height)
        if first:
            h.affiliations = affs
            h.source = "pdf-footnote"
    if first is None and emails:
        dom = emails[0].split("@", 1)[1]
        first = dom
        h.affiliations = [dom]
        h.source = "email-domain"
    h.first = first
    return h


# words that name an institution as a whole (not a department of it)
_TOP = re.compile(r"\b(universit\w*|universidad\w*|universidade|università|institut\w*|college|inc\.?|corporation|"
                  r"company|hospital|polytechni\w*|politecnico|ecole|école|hochschule)\b", re.I)
_OPEN_END = {"of", "and", "for", "the", "de", "di", "du", "des", "der", "für", "at", "in"}


def split_block(lines: list[str]) -> list[str]:
    """The affiliations of one block under a name, in order: a line that names a second institution after
    a line that closed the first ("..., University of Edinburgh, UK" / "The Alan Turing Institute") starts
    another one; lines that continue a phrase ("University of" / "Edinburgh") never do."""
    groups: list[list[str]] = []
    for line in lines:
        cur = groups[-1] if groups else None
        closed = cur is not None and not cur[-1].rstrip().endswith((",", "-", "&", "/")) and \
            cur[-1].split()[-1].lower() not in _OPEN_END
        if cur is None or (closed and _TOP.search(" ".join(cur)) and _TOP.search(line) and line[:1].isupper()):
            groups.append([line])
        else:
            cur.append(line)
    return [_join_block(g) for g in groups] or [""]


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
