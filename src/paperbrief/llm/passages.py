"""The paper's text as sentences that hold a number (``Passage``), each with its page: what the evidence check
looks a number up in, and what the results' sentences are chosen from; and a sentence cut to a quote around its
number. Pure functions over text; the pages come from ``Extraction.text_pages``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator

from .numbers import Number, extract_numbers, spaced_thousands
from .bounds import has_word_bound
from .scaled import has_scaled_count

__all__ = ["Passage", "passages_of", "quote", "QUOTE_CHARS"]

QUOTE_CHARS = 320  # a quote longer than this is cut around the number, with "…"

# Where a paper sentence ends: ". " (or '."', the self-play paper's 'We refer to this variant as “No Guide.” SGS
# with the Guide achieves…') before a capital, a digit or a bracket; abbreviations kept whole.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’]))\s+(?=[A-Z0-9(\[])")
_ABBREV = re.compile(r"(?:\b(?:et al|e\.g|i\.e|cf|vs|Fig|Figs|Tab|Eq|Eqs|Sec|No|resp|approx|etc)|\b[A-Z])\.$")
_CITATION = re.compile(r"\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]")
# A reference to a part of the paper ("Figure 7", "Table 6", "§4.3", "Eq. (2)"): its number states no value
_REFERENCE = re.compile(r"(?:\b(?:Figures?|Figs?\.|Tables?|Tab\.|Sections?|Sec\.|Secs\.|Eqs?\.|Equations?|Appendix|"
                        r"Algorithms?|Alg\.|Theorems?|Lemmas?|Definitions?|Propositions?|Corollary|Claims?|Chapter)"
                        r"\s*|§\s*)\(?\d+(?:\.\d+)*[a-z]?\)?")
_WORD = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Passage:
    """One sentence of the paper, with its page (1-based; None when the text's pages are unknown)."""

    text: str
    page: int | None
    numbers: tuple[Number, ...]
    lower: str
    before: str = ""  # the sentence before it, lower-cased ("Similarly, … a gain of 1.36×" names its metric there)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of a paper text; "et al." and "Fig." do not end a sentence."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV.search(text[max(start, m.start() - 8):m.start()]):
            continue
        if m.start() > start:
            yield start, text[start:m.start()].strip()
        start = m.end()
    if start < len(text):
        yield start, text[start:].strip()


def passages_of(texts: dict[str, str], pages: dict[str, list[tuple[int, int]]] | None = None,
                title: str = "") -> list[Passage]:
    """The paper's sentences that hold a number, each with its page (a sentence whose only number is a count
    such as "23K" has no ``numbers``)."""
    pages = pages or {}
    out: list[Passage] = []
    items: list[tuple[str, str]] = ([("title", title)] if title else []) + list(texts.items())
    for role, text in items:
        marks = sorted(pages.get(role, [])) if role != "title" else [(0, 1)]
        offsets = [o for o, _ in marks]
        previous = ""
        for off, sent in _sentences(text):
            before, previous = previous, sent.lower()
            # numbers that name things ("ResNet-50", "Jetson TX1", "3D") are not quantities a sentence states
            # nor are the numbers of citation brackets ("[6, 17, 30]")
            # nor are a reference's ("Figure 7": the prose's "7%" is not evidenced by it)
            nums = tuple(n for n in extract_numbers(_REFERENCE.sub(" ", _CITATION.sub(" ", sent)), skip_terms=True)
                         if n.text) + tuple(spaced_thousands(sent))
            # a count with a thousand suffix ("23K training data") is no number to the extractor, but the check of
            # such counts (``scaled``) reads these sentences too, as the check of bounds (``bounds``) reads "at most
            # one round"
            if (not nums and not has_scaled_count(sent) and not has_word_bound(sent)) or len(_WORD.findall(sent)) < 2:
                # "(7) 4.2." (an equation's and a heading's numbers)
                continue
            i = bisect_right(offsets, off) - 1
            page = marks[i][1] if i >= 0 else (marks[0][1] if marks and role == "abstract" else None)
            out.append(Passage(re.sub(r"\s+", " ", sent), page, nums, sent.lower(), before))
    return out


def quote(text: str, num: str, max_chars: int = QUOTE_CHARS, words: bool = False, head: bool = False) -> str:
    """``text`` cut to ``max_chars`` around ``num``, "…" where cut; with ``words`` the cut ends at spaces (a quote
    shown to a reader on its own, not mid-word); with ``head`` the sentence's start (its subject) is kept when
    ``num`` is within the first ``max_chars``, less a margin for the words after it."""
    if len(text) <= max_chars:
        return text
    at = max(0, text.find(num))
    start = max(0, min(at - max_chars // 2, len(text) - max_chars))
    if head and at + len(num) <= max_chars - 40:
        start = 0
    end = start + max_chars
    if words:
        if start:
            space = text.find(" ", start, at)
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", max(at, start), end)
            end = space if space > at else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
