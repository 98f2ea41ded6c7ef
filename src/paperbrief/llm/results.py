"""The paper's own results: the sentences that state a measured value with its metric, shown to the model as
what its results field can cite (without the paper's signposts), checked against the results field, and quoted
in a post, marked as the paper's words, when the field is left out.

Pure functions over the paper's ``evidence.Passage`` sentences.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, NamedTuple

from paperbrief.records import Evidence

from .passages import Passage, quote
from .numbers import Number, names_a_metric
from .statements import LOWER_BETTER, WINS

__all__ = ["states_metric", "without_signposts", "ranked_result_sentences", "result_sentences",
           "result_quote", "metric_names_zh", "margins", "Margin"]


def states_metric(quote: str, number: str) -> bool:
    """Whether the paper's sentence names a metric in words (accuracy, FID, error, faster, …) within 60 characters
    of ``number``: a result, not a count ("45 speakers") or a share ("SCI-Core (1%)")."""
    at = quote.find(number)
    return at >= 0 and names_a_metric(quote[max(0, at - 60):at + len(number) + 60], words_only=True)


_ACHIEVES = re.compile(r"\b(?:outperform\w*|improv\w*|achiev\w*|state-of-the-art|surpass\w*|beats?|exceed\w*|"
                       r"faster|reduc\w*|gains?|boosts?)\b", re.I)


_NOT_RESULT = re.compile(r"(?:Section|Sec\.|Table|Tab\.|Figure|Fig\.|Claim|Proposition|Theorem|Lemma|Corollary|"
                         r"Definition|Eq\.|Equation|Appendix|Algorithm|Step|§)\s*\(?$", re.I)


_HEADING_AFTER = re.compile(r"\s+[A-Z][A-Za-z]*\s+[A-Z][A-Za-z]*\s+[A-Z]")
_SETTING = re.compile(r"=\s*$|learning rate|batch size|threshold|weight decay|dropout|momentum|temperature|label of|"
                      r"set to|exceeds|at least|at most|ratio of \w+ to|(?:less|greater) than or equal to|"
                      r"\b(?:top|bottom)\s*$", re.I)  # "if s(x̃) is in the top 30% of solve rates": a selection rule
# ... or after it: "90% confidence intervals" (a statistic's level, "ﬁ" a ligature of the PDF's text)
_SETTING_AFTER = re.compile(r"\s*%?\s*(?:con(?:fi|ﬁ)dence|quantile|percentile)", re.I)


def _result_number(p: Passage) -> Number | None:
    """The sentence's first number that is a measured value next to a metric word: a decimal or a percentage,
    not a section or table number ("Section 4.1", a heading's "3.1 Adaptive Filling")."""
    for n in p.numbers:
        if not (n.decimals or n.percent):
            continue
        at = p.text.find(n.text)
        if at < 0 or _NOT_RESULT.search(p.text[max(0, at - 14):at]) or (at == 0 and not n.percent):
            continue
        if _HEADING_AFTER.match(p.text, at + len(n.text)) or _SETTING.search(p.text[max(0, at - 40):at]) \
                or _SETTING_AFTER.match(p.text, at + len(n.text)):
            continue  # "4.1 No LLM Is A Single Winner" (a heading); "a learning rate of 2.0" (a setting)
        if names_a_metric(p.text[max(0, at - 40):at + len(n.text) + 40], words_only=True):
            return n
    return None


# An algorithm's listing run into the text ("roll- 10: Verify each solution … 11: for each x̃ ∈B do than or equal to
# 0.5 ← solve rate", the self-play paper): an assignment arrow, or two numbered lines
_LISTING = re.compile(r"←|(?<![\d.])\d{1,2}:\s+[A-Za-z].*(?<![\d.])\d{1,2}:\s+[A-Za-z]")


def _result_passages(passages: Iterable[Passage]) -> list[tuple[int, Passage, Number]]:
    """The paper's sentences that state a measured value with its metric, with their place and that value: those
    that also say what it beats or achieves first, then in the paper's order; table rows (more than eight
    numbers) and algorithm listings left out."""
    found: list[tuple[int, int, Passage, Number]] = []
    seen: set[str] = set()
    for i, p in enumerate(passages):
        if len(p.numbers) > 8 or p.text in seen or _LISTING.search(p.text):
            continue
        n = _result_number(p)
        if n is None:
            continue
        seen.add(p.text)
        found.append((0 if _ACHIEVES.search(p.text) else 1, i, p, n))
    return [(i, p, n) for _, i, p, n in sorted(found, key=lambda t: t[:2])]


_REF = r"(?:§\s*|Sec(?:tion|s?\.)\s*|Tab(?:le|\.)\s*|Fig(?:ure|s?\.)\s*|Appendix\s*|Eq(?:uation|\.)\s*)[A-Z]?\d*(?:\.\d+)*[a-z]?"
_LEAD_IN = re.compile(r"^.{0,90}?\b(?:below|as follows)\s*:\s*(?:[•·▪◦\-–]\s*)?(?=\S)", re.I)
_SIGNPOST_OPENING = re.compile(
    rf"^(?:[A-Z][a-z]+\s+)?(?:Similarly,\s*)?(?:(?:In|As (?:shown|reported|seen|summari[sz]ed) in)\s+(?:the\s+)?{_REF}"
    rf"(?:\s*\([^)]{{0,20}}\))?,?\s*(?:we (?:show|find|observe|demonstrate|report) that\s+)?|"
    rf"(?:The (?:full )?results in\s+)?{_REF}(?:\s*\([^)]{{0,20}}\))?\s+(?:shows?|demonstrates?|indicates?|reports?)\s+that\s+)")
_SIGNPOST_INSIDE = re.compile(rf"\s*\((?:see\s+)?{_REF}[^)]{{0,20}}\)|\s+(?:in|of)\s+{_REF}(?:\s*\([^)]{{0,20}}\))?(?=[\s,.;])")


def without_signposts(sentence: str) -> str:
    """A result sentence as shown to the model, without the paper's pointers to its own parts: a list's lead-in
    ("We provide a summary of our contributions below: •"), an opening "In §4.3, we show that", "Table 6
    (Appendix) shows that", and "(see Table 2)" or "in Table 5" inside. Seed 11's results field copied "在 §4.3
    中" and seed 19's another field "在关键结果部分"; a signpost in the prose fails its check. The quotes a post
    shows keep the paper's words."""
    out = _LEAD_IN.sub("", sentence)
    out = _SIGNPOST_OPENING.sub("", out)
    out = _SIGNPOST_INSIDE.sub("", out).strip()
    if len(out) < 20:
        return sentence
    return out[0].upper() + out[1:]


def ranked_result_sentences(passages: Iterable[Passage], limit: int = 2, max_chars: int = 280,
                            shown: Callable[[str], str] | None = None) -> list[tuple[int, str]]:
    """The paper's sentences that state a measured value with its metric (a decimal or a percentage within 40
    characters of a metric word), table rows (more than eight numbers) left out, best first (those that also say
    what it beats or achieves), each with its place among ``passages``. Each is rewritten by ``shown`` (when it
    keeps the number) and cut to ``max_chars``, its start kept when the number is near it. For showing a model
    what its results field can cite. Cut at 200 characters around the number, seed 101's sleep-staging sentence
    lost its subject ("…normalization layers—BatchNorm, … achieving the highest mean BACC of 79.51%", whose owner,
    PSDNorm, opens it; the answer gave 79.51 to BatchNorm) and OmniAgent's its own value ("…achieving a remarkable
    ove…", 82.71%)."""
    out = []
    for i, p, n in _result_passages(passages)[:limit]:
        text = shown(p.text) if shown else p.text
        out.append((i, quote(text if n.text in text else p.text, n.text, max_chars, head=True).strip()))
    return out


def result_sentences(passages: Iterable[Passage], limit: int = 2, max_chars: int = 280,
                     shown: Callable[[str], str] | None = None) -> list[str]:
    """``ranked_result_sentences`` in the paper's order."""
    return [text for _, text in sorted(ranked_result_sentences(passages, limit, max_chars, shown))]


def result_quote(passages: Iterable[Passage], max_chars: int = 300) -> Evidence | None:
    """The paper's own sentence that states its headline result with the metric (the one ``result_sentences``
    ranks first: it says what the value beats or achieves), copied from the PDF's text with its page: what a
    post shows, marked as the paper's words, in place of a results field the checks left out. None when the
    paper states no such value."""
    best = _result_passages(passages)[:1]
    if not best:
        return None
    _, p, n = best[0]
    return Evidence(number=n.text, quote=quote(p.text, n.text, max_chars, words=True, head=True).strip(), page=p.page,
                    field="results")


# The Chinese names of the metrics a result sentence names, for the results call: seed 97's answer wrote the
# conflict benchmark's "hit ratio of 98.4%" as 准确率 twice (the evidence check failed it: the paper's sentence
# names no accuracy). Each name is one the evidence check reads as that metric. Longest first: "balanced accuracy"
# before "accuracy".
_METRICS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(en, re.I), zh) for en, zh in (
    (r"\bhit (?:ratio|rate)s?\b", "命中率"), (r"\bbalanced accuracy\b|\bBACC\b", "平衡准确率"),
    (r"\baccurac(?:y|ies)\b", "准确率"), (r"\bsuccess rates?\b", "成功率"), (r"\bwin rates?\b", "胜率"),
    (r"\berror rates?\b", "错误率"), (r"\bperplexit(?:y|ies)\b", "困惑度"), (r"\blatenc(?:y|ies)\b", "延迟"),
    (r"\bprecision\b", "精确率"), (r"\brecall\b", "召回率"), (r"\bcorrectness\b", "正确率"),
    (r"\bthroughput\b", "吞吐量"),
))


def metric_names_zh(sentence: str, limit: int = 3) -> list[tuple[str, str]]:
    """(the sentence's words, their Chinese name) for each metric of the table ``sentence`` names, in its order;
    a metric inside a longer one's words ("balanced accuracy") is named once."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, zh in _METRICS_ZH:
        for m in pattern.finditer(sentence):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            if all(z != zh for _, _, z in found):
                found.append((m.start(), m.group(0), zh))
    return [(en, zh) for _, en, zh in sorted(found)][:limit]


# A margin one thing beats another by ("R -Guard significantly surpasses LlamaGuard by 30.2% on ToxicChat and by
# 59.5% against jailbreak attacks"): seed 101's results calls wrote 30.2% as a value twice ("准确率为 30.2%"). The
# results call is told which of the sentence's numbers are margins, and over what.
_BY = re.compile(r"\bby\s+(?:(?:substantial|large|significant|wide|clear)\s+)?(?:margins?\s+of\s+)?"
                 r"(?:up to\s+|almost\s+|about\s+|over\s+|nearly\s+|roughly\s+)?"
                 r"(\d+(?:\.\d+)?\s?%?(?:\s?[-–]\s?\d+(?:\.\d+)?\s?%?)?)", re.I)
_OVER_NAME = re.compile(r"^([A-Za-z][\w.+-]*(?:\s[A-Z0-9][\w.+-]*)?)\s+by\b")
# ... and a relative change over something ("the optimal mixture obtains a 31% BPB improvement (relative to the
# balanced baseline) over the anti-optimal", "a 14.7% reduction over balanced"): the data-mixture paper's results
# failed in three samples of four, once published as "在 150M 的数据上"; its metric (BPB) is better when lower, but
# the sentence says which way the change goes.
_RELATIVE = re.compile(r"(\d+(?:\.\d+)?\s?%)\s+(?:[A-Za-z@-]+\s+){0,2}?(?i:(improvement|gain|increase|reduction|decrease|drop)"
                       r"s?)\b(?:\s*\([^)]{0,60}\))?\s+(?i:over|compared\s+(?:to|with)|relative\s+to|against)\s+"
                       r"(?:the\s+)?([A-Za-z][\w+-]*(?:\s[A-Z0-9][\w.+-]*[\w+-])?)")
# "a 1.2% improvement over eight non-vision-centric benchmarks" is a change across them, over nothing
_ACROSS = re.compile(r"(?i:all|several|many|multiple|various|most|one|two|three|four|five|six|seven|eight|nine|ten)\b")
_FALLS = ("reduction", "decrease", "drop")


class Margin(NamedTuple):
    number: str  # as the sentence writes it: "30.2%", "10%-20%"
    over: str  # what it is a margin over, when that is a name ("LlamaGuard"); "" when it is not
    verb: str  # how a Chinese sentence says it: 高 (beats by), 改善 (an improvement), 降低 (a reduction)
    words: str = ""  # a relative change's words for what it is over, when they are no name ("anti-optimal")


def _name(words: str) -> str:
    """``words`` when they are a name (a capital or a digit past the first letter: LlamaGuard, GPT-4), else ""."""
    return words if re.search(r"[A-Z0-9]", words[1:] or "") else ""


def margins(sentence: str) -> list[Margin]:
    """Each margin ``sentence`` beats something by (after a word of ``statements.WINS``; none when it names a
    metric better when lower, ``statements.LOWER_BETTER``: its margin is a fall, left to the model and the
    checks), and each relative change it states over something ("a 31% BPB improvement over the anti-optimal")."""
    out: list[Margin] = []
    if not LOWER_BETTER.search(sentence):
        for win in WINS.finditer(sentence):
            rest = sentence[win.end():]
            stop = WINS.search(rest)
            rest = (rest[:stop.start()] if stop else rest).lstrip()
            named = _OVER_NAME.match(rest)
            name = _name(named.group(1)) if named else ""
            out += [Margin(m.group(1).replace(" ", ""), name, "高") for m in _BY.finditer(rest)]
    for m in _RELATIVE.finditer(sentence):
        number = m.group(1).replace(" ", "")
        if all(number != o.number for o in out) and not _ACROSS.match(m.group(3)):
            name = _name(m.group(3))
            out.append(Margin(number, name, "降低" if m.group(2).lower() in _FALLS else "改善",
                              "" if name else m.group(3)))
    return out


