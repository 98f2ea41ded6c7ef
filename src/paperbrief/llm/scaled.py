"""Numbers written with a thousand or million suffix ("10K", "1.1K", "150M"), which the number extractor leaves
out as names ("ResNet-50", "1.5B" of a model): in prose they are counts, and the paper must count the same thing.

Seed 73's performance field wrote "PSDNorm 在 10K 个不同数据集上的性能优于 BatchNorm" for the sleep-staging paper's
"trained on 10K subjects across 10 datasets": 10K is the paper's, but it counts subjects, not datasets, and no
check read it. The count must be in a sentence of the paper (as "10K" or "10,000"), unless the paper glues it to a
name ("geometry3k", which prose writes "几何3K"); and a count whose noun phrase the prose ends with a word of the
subject table (数据集 → dataset) must be followed by that word in one of the paper's sentences (the words right
after the count, up to a preposition: "10K subjects across 10 datasets" counts subjects). Pure functions over text.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

__all__ = ["scaled_count_unstated", "has_scaled_count", "noun_words", "whole_count_words", "SCALED"]

# "10K", "1.1K", "150M" standing alone: not glued to a letter or a hyphen before ("Qwen-14B", "mm_math5k" is
# glued to a letter), nor to one after ("10KB")
SCALED = re.compile(r"(?<![A-Za-z0-9_.\-])(?<!\d\. )(\d+(?:\.\d+)?)\s?([KkM])(?![A-Za-z0-9])")
_SCALE = {"k": 1e3, "m": 1e6}
# what the prose counts: the noun phrase after the count, up to the clause's end, a place word ("在 10K 个数据集上") or
# a preposition ("23K训练数据从MATH数据集获取") or the next number ("10K 名受试者和 10 个数据集")
_PHRASE_END = re.compile(r"[，。；,;：:！？!?（(]|[上中里内从在对用来以]|通过|进行|\d")
# ... and what the paper counts: the words right after the count, up to a preposition ("10K subjects across 10
# datasets" counts subjects; "10M of samples" counts samples)
_PAPER_STOP = {"across", "on", "in", "from", "for", "with", "per", "over", "at", "by", "to", "and", "than", "using",
               "under", "into", "which", "that", "while", "of"}


def has_scaled_count(text: str) -> bool:
    """Whether ``text`` writes a count with a thousand or million suffix ("23K training data")."""
    return SCALED.search(text) is not None


def _value(digits: str, suffix: str) -> float:
    return round(float(digits) * _SCALE[suffix.lower()], 6)


# the paper may write a size in bytes with the suffix ("1536kB of FLASH", which a prose writes "1536K FLASH")
_PAPER_SCALED = re.compile(r"(?<![A-Za-z0-9_.\-])(\d+(?:\.\d+)?)\s?([KkM])(?=B\b|[^A-Za-z0-9]|$)")


def _paper_counts(text: str, value: float) -> list[str]:
    """The words after each place the paper's sentence writes ``value`` ("10K subjects", "10,000 subjects")."""
    out = []
    for m in _PAPER_SCALED.finditer(text):
        if _value(m.group(1), m.group(2)) == value:
            out.append(noun_words(text[m.end():m.end() + 60]))
    if value == int(value):
        out += whole_count_words(text, int(value))
    return out


def whole_count_words(text: str, whole: int) -> list[str]:
    """The noun phrase after each place ``text`` writes ``whole`` in digits ("1000" or "1,000"; at a clause's end
    too), up to a preposition ("500 examples in the development set" counts examples)."""
    form = re.compile(rf"(?<![\d.,]){whole}(?![\d]|[.,]\d)|(?<![\d.,]){whole:,}(?![\d]|[.,]\d)")
    return [noun_words(text[m.end():m.end() + 60]) for m in form.finditer(text)]


def noun_words(after: str) -> str:
    """The words a paper writes right after a count, up to a preposition ("subjects" of "10K subjects across")."""
    words = after.lower().split()[:4]
    if words and words[0] == "of":
        words = words[1:]
    kept = []
    for w in words:
        if w.strip(",.;:()") in _PAPER_STOP:
            break
        kept.append(w)
    return " ".join(kept)


def scaled_count_unstated(clause: str, sentences: Iterable[str], subjects: Mapping[str, tuple[str, ...]]) -> str | None:
    """Why a count with a K or M suffix in ``clause`` is not what the paper counts with it, or None: the paper has
    no sentence with that count, or the prose names what it counts (a word of ``subjects``) and no paper sentence
    writes that word right after the count."""
    texts = list(sentences)
    for m in SCALED.finditer(clause):
        token, value = m.group(0).strip(), _value(m.group(1), m.group(2))
        after = [w for t in texts for w in _paper_counts(t, value)]
        if not after:
            glued = re.compile(rf"[A-Za-z_]{re.escape(m.group(1))}{m.group(2)}(?![A-Za-z0-9])", re.I)
            if any(glued.search(t) for t in texts):
                continue  # a name: "几何3K" for the paper's geometry3k
            return f"{token} is not in any sentence of the paper"
        phrase = _PHRASE_END.split(clause[m.end():], 1)[0][:30].rstrip("的等 ")
        # the head of the phrase, its last word ("不同年龄…的睡眠数据集"), when the table knows it; "23K训练数据"
        # counts data (not in the table), not training
        word = next((w for w in subjects if phrase.endswith(w)), None)
        if word is None:
            continue
        if not any(stem in w for w in after for stem in subjects[word]):
            return (f"{token} counts {word} here, but the paper's {token} counts "
                    f"{after[0].split()[0] if after[0] else 'something else'}")
    return None
