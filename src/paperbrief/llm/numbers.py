"""Numbers in text, and whether a number the LLM states appears in the paper (the grounding check)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Number", "extract_numbers", "spaced_thousands", "GroundingIndex", "paper_reports_numbers", "same_number", "names_a_metric"]

_NUM = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")


@dataclass(frozen=True)
class Number:
    text: str  # as written, thousands separators removed
    value: float
    decimals: int
    percent: bool
    trivial: bool  # a small count ("3 个模块", "2 stages"): not checked


_UNIT = re.compile(r"\s?(?:[KMGT]B|ms|fps|px|dB|[kMG]?Hz|min|GFLOPs|FLOPs|TFLOPs)(?![A-Za-z])")


_HYPHEN_UNIT = re.compile(r"(?:second|minute|hour|day|step|frame|epoch|shot|token|dimension(?:al)?)s?\b", re.I)


def _is_letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


def extract_numbers(text: str, skip_terms: bool = False) -> list[Number]:
    """Every number in ``text``. With ``skip_terms`` numbers glued to letters are left out, since they name
    things rather than state quantities: "ResNet-50", "GPT-4", "3D", "H100", "1.5B", "Llama-2"."""
    text = _THOUSANDS.sub("", text)
    out: list[Number] = []
    for m in _NUM.finditer(text):
        s, e = m.span()
        prev = text[s - 1] if s else ""
        prev2 = text[s - 2] if s >= 2 else ""
        nxt = text[e] if e < len(text) else ""
        if prev == "." and prev2.isdigit():
            continue  # third part of "1.2.3"
        if skip_terms:
            if _is_letter(prev) or (prev in "-_" and _is_letter(prev2)):
                continue
            if _is_letter(nxt) and nxt not in "xX" and not _UNIT.match(text, e):
                continue  # "3D", "1.5B-parameter"... but "40GB", "320ms" are quantities
            if nxt in "-_" and e + 1 < len(text) and _is_letter(text[e + 1]) and not _HYPHEN_UNIT.match(text, e + 1):
                continue  # "3-layer" is a count in words, "7-B" a name: both harmless; "4-second" is a measure
        tail = text[e:e + 3].lstrip()
        percent = tail.startswith(("%", "％")) or text[e:e + 4].lstrip().startswith("个百分点") or \
            re.match(r"\s?(?:percent|per cent)\b", text[e:e + 10], re.I) is not None
        multiplier = tail[:1] in ("倍", "×", "x", "X")
        raw = m.group(0)
        value = float(raw)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        trivial = decimals == 0 and value <= 10 and not percent and not multiplier
        out.append(Number(raw, value, decimals, percent, trivial))
    return out


# LaTeX's math mode sets "58,077" with a space after the comma, and a PDF's text keeps it: "We obtain 58, 077
# clips" (the gesture paper; its posts' 58077 failed as not in the paper). A list of sizes ("64, 128") reads the
# same, so the joined value is a paper number beside the two, never instead of them.
_SPACED_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:[,，] \d{3})+(?!\d|\.\d)")


def spaced_thousands(text: str) -> list[Number]:
    """The numbers a paper's text writes with a space after each thousands comma ("58, 077"), joined."""
    out = []
    for m in _SPACED_THOUSANDS.finditer(text):
        raw = re.sub(r"[,，] ", "", m.group(0))
        out.append(Number(raw, float(raw), 0, False, False))
    return out


def same_number(stated: Number, paper: Number) -> bool:
    """Whether the paper's number is the stated one: the same value (85.30 = 85.3), the same as a fraction or a
    percentage when one of the two is written with % (0.853 = 85.3%), or a more precise value that rounds to it
    (85.34 -> 85.3). A bare "4" is not 0.045 (4.5%, rounded), and a whole percentage ("7%") is not a whole
    number the paper writes without one ("Figure 7", an algorithm's line 7)."""
    v = stated.value
    if stated.percent and not paper.percent and not stated.decimals and not paper.decimals:
        return False
    cands = [paper.value]
    if stated.percent and not paper.percent:
        cands.append(paper.value * 100)  # 0.853 written as 85.3%
    if paper.percent and not stated.percent:
        cands.append(paper.value / 100)  # 85.3% written as 0.853
    if any(abs(c - v) < 1e-9 for c in cands):
        return True
    if paper.decimals > stated.decimals:
        half = 0.5 * 10 ** (-stated.decimals)
        return any(abs(c - v) <= half + 1e-9 for c in cands)
    return False


class GroundingIndex:
    """The numbers a paper states, for looking up the numbers an LLM states.

    A number counts as found when the paper has the same value (85.30 = 85.3), the same value as a fraction
    or a percentage (0.853 = 85.3%), or a more precise value that rounds to it (85.34 -> 85.3)."""

    def __init__(self, source: str) -> None:
        nums = extract_numbers(source) + spaced_thousands(source)
        self.values: set[float] = set()
        self.precise: list[tuple[float, int]] = []
        for n in nums:
            self.values.add(round(n.value, 9))
            if n.decimals:
                self.precise.append((n.value, n.decimals))

    def __len__(self) -> int:
        return len(self.values)

    def contains(self, num: Number) -> bool:
        v = round(num.value, 9)
        if v in self.values:
            return True
        if round(v / 100, 9) in self.values or round(v * 100, 9) in self.values:
            return True
        half = 0.5 * 10 ** (-num.decimals)
        for value, decimals in self.precise:
            if decimals > num.decimals:
                for cand in (value, value * 100, value / 100):
                    if abs(cand - num.value) <= half + 1e-9:
                        return True
        return False


_METRIC = re.compile(
    r"accura|precision|recall|\bf1\b|bleu|rouge|\bfid\b|psnr|ssim|lpips|\bmap\b|\bap\b|top-?1|top-?5|error|"
    r"improv|outperform|gain|speed|faster|reduc|increas|achiev|score|rate|perplexity|win|state-of-the-art|"
    r"sota|%|×|倍|提升|提高|降低|准确", re.I)
_RESULTISH = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|×|倍)|\b\d+\.\d+\b")


def names_a_metric(text: str, words_only: bool = False) -> bool:
    """Whether ``text`` names a metric or a gain (accuracy, FID, error, "faster", %, ×, …). With ``words_only``
    a sign is not enough: "SCI-Core (1%)" is a split's size and "51% of the data" a share, not results."""
    if words_only:
        text = re.sub(r"[%％×]", " ", text)
    return _METRIC.search(text) is not None


def paper_reports_numbers(source: str) -> bool:
    """Whether the paper states numeric results: a percentage, a multiplier, or a decimal near a metric word."""
    for m in _RESULTISH.finditer(source):
        if re.search(r"[%％×倍]", m.group(0)):
            return True
        window = source[max(0, m.start() - 80):m.end() + 80]
        if _METRIC.search(window):
            return True
    return False
