"""Matching author names across sources (arXiv list vs the PDF's author block): accents, initials,
hyphens, case, and given/family order (CJK names are often printed family-first)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_tokens", "same_person"]


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
