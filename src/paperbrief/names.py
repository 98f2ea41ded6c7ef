"""Matching author names across sources (arXiv list vs the PDF's author block): accents, initials,
hyphens, case, and given/family order (CJK names are often printed family-first)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SPACING_ACCENTS", "compose_name", "name_tokens", "same_person"]

# spacing accents that pdfTeX draws as glyphs of their own (OT1 fonts) -> the combining mark they stand for
SPACING_ACCENTS = {"\u00b4": "\u0301", "\u02c7": "\u030c", "\u00a8": "\u0308", "\u02dc": "\u0303",
                   "\u02c6": "\u0302", "\u00b8": "\u0327", "\u02d8": "\u0306", "\u02d9": "\u0307",
                   "\u02da": "\u030a", "\u02dd": "\u030b", "\u00af": "\u0304"}
# in a name, a grave drawn as the ASCII backtick too (anywhere else it is code, and stays)
_SPACING = {**SPACING_ACCENTS, "`": "\u0300"}


def _composes(letter: str, mark: str) -> str | None:
    """The one precomposed letter for ``letter`` + ``mark``, if Unicode has one ("r" + caron -> "ř")."""
    if not letter.isalpha():
        return None
    base = "i" if letter == "\u0131" else letter
    c = unicodedata.normalize("NFC", base + mark)
    return c if len(c) == 1 else None


def compose_name(text: str) -> str:
    """A name as one composed string (NFC): combining marks joined to their letters, and a spacing accent
    drawn as its own glyph joined to the letter it sits on, whether the text layer gives it before the
    letter ("Dvoˇrák", TeX's order) or after it ("Mu¨ller"). Without glyph positions the letter is chosen
    by Unicode: the next letter when the pair has a precomposed form, else the previous one; an accent
    that fits neither is dropped."""
    chars = list(unicodedata.normalize("NFC", text))
    out: list[str] = []
    i = 0
    while i < len(chars):
        ch = chars[i]
        mark = _SPACING.get(ch)
        if mark is None or (ch == "`" and not (out and out[-1].isalpha())):
            out.append(ch)
            i += 1
            continue
        j = i + 1  # the next letter, past one space ("Universit´ e")
        if j + 1 < len(chars) and chars[j] == " " and chars[j + 1].isalpha():
            j += 1
        nxt = _composes(chars[j], mark) if j < len(chars) else None
        prev = _composes(out[-1], mark) if out else None
        if nxt is not None:
            out.append(nxt)
            i = j + 1
            continue
        if prev is not None:
            out[-1] = prev
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def name_tokens(name: str) -> list[str]:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z\u4e00-\u9fff\s\-.]", " ", s)
    return [t for t in re.split(r"[\s\-.]+", s) if t]


def same_person(a: str, b: str) -> bool:
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    # written together, or in the other order (read either way round: the match is symmetric)
    if "".join(ta) == "".join(tb) or "".join(ta) == "".join(reversed(tb)) or "".join(tb) == "".join(reversed(ta)):
        return True
    # same family name (last token, or first token for family-first order) and compatible given names
    for fa, ga in ((ta[-1], ta[:-1]), (ta[0], ta[1:])):
        for fb, gb in ((tb[-1], tb[:-1]), (tb[0], tb[1:])):
            if fa != fb or len(fa) < 2:
                continue
            if not ga or not gb:
                return True
            if ga[0][0] == gb[0][0]:
                return True
    return False
