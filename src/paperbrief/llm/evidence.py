"""Evidence for every number of the prose: the paper's sentence that states it (page and quote), found here by
the checks, never by the model; and the check that the sentence says the same thing.

A number of the prose is *evidenced* by a sentence of the paper that holds the same value (``numbers.same``)
and, when the model's clause names what the number measures (a term of the paper, or a metric word such as
准确率 / accuracy), names it too. Two statements are failures even when the number is the paper's:

- a comparison the paper does not make: the model's clause says "lower by", "×", "提升", "比…低" next to the
  number, and no sentence holding that number states a comparison next to it ("一步生成器的FVD为212，比50步教师
  低212": the paper says FVD 212, never "212 lower");
- a gain stated as a limitation: a clause about a limitation (局限、limitation; in ``conclusion`` also 代价、
  开销) cites a number whose sentence in the paper reports a gain ("局限性是1.3倍的采样速度");
- a difference stated as a value: the paper states the number only as a difference ("surpasses LlamaGuard by
  30.2%") and the clause compares nothing ("R -Guard 达到 30.2%");
- a metric the paper's sentence does not name ("准确率" for a gain the paper gives no metric);
- a unit, a count or a direction the paper does not give it (``statements``: "0.045分贝", "150个手势" for
  N = 150, "快1.3倍" for "1.3× slower");
- another's value: printed in brackets after another name, given "for" a model the prose does not name, the
  subject's half of a "162.9 s vs. 163.4 s" pair given to the compared name; an equality or a win the paper's
  sentence does not state.

The paper's sentences and their pages (``Passage``) are made in ``passages``; the sentences that state a
paper's results, for the prompt and the results check, are picked in ``results``.

Pure functions over text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from paperbrief.records import Evidence

from .attribution import (BASELINE_SENTENCE, PAPER_CLAUSE, PROSE_CLAUSE, compared_beyond_alone, compared_unstated,
                          compared_with_reference,
                          difference_as_theirs, with_lead)
from .binding import bound_to_another
from .coverage import (ZH_TASKS, compared_with_all, given_to_more_tasks, narrowed_to_some, range_end_alone,
                       judged_by_another, share_of_the_last, share_of_the_owner, squash,
                       of_the_instrument, used_for_another)
from .numbers import Number, extract_numbers, same_number
from .passages import QUOTE_CHARS, Passage, passages_of, quote
from .bounds import bound_unstated, bounds_a_count, count_unstated
from .scaled import scaled_count_unstated
from .statements import (MULTIPLE, changes_to, count_before, direction_in, direction_near, measure_after,
                         names_lower_better,
                         moves_the_other_way, paper_about_speed, paper_ends_at, paper_gives_unit, points_after,
                         says_lower_better_rises, speed_claim, speed_multiple, unit_after)

__all__ = ["Passage", "passages_of", "find_evidence", "EvidenceReport", "QUOTE_CHARS"]

# Where a clause of the prose ends (a number's own statement, not its neighbours').

# A number stated as a comparison (a difference or a ratio, not a value): what comes right before it ("by",
# "提升了", "比基线低", a sign) or right after it ("×", "倍", "% higher", "points lower", "% improvement").
# A sign after a number or a letter (a variable) is arithmetic ("1 −2^(−polylog n)", "i + 2", "δ−2"), not a gain or a
# drop; "LoRA +1.2" stays one.
_CMP_BEFORE_EN = re.compile(r"(?:(?:\bby|(?<![\d)])(?<![\d)]\s)(?<![^\W\d_])(?<!\b[^\W\d_]\s)[+−↑↓]|\bup to|\bfactor of)\s*(?:about|approximately|roughly|nearly|almost|over|up to|exactly|only|just|at least|"
                            r"around|~|≈)?|"
                            # "improvements over the baselines ranging from 9.1%", "an error reduction of 6.3%"
                            # "by substantial margins of 10% - 20%"
                            r"\b(?:improvements?|gains?|reductions?|increases?|decreases?|speed-?ups?|margins?)\b"
                            r"[^.;\d]{0,50}?\b(?:ranging from|of|by|up to)|"
                            # "on synthetic data the gain is 2.3 dB"
                            r"\b(?:improvement|gain|reduction|increase|decrease|speed-?up|margin)s?\s+(?:is|was|are|were))"
                            r"\s*$", re.I)
# A metric's acronym may stand between ("a 31% BPB improvement", "31% BPB 的提升").
_ACRONYM = r"(?:(?-i:[A-Z][A-Z0-9-]{1,7})\s*)?"
# ... or a word such as "overall" ("a 5.5% overall gain").
_CMP_AFTER_EN = re.compile(r"^\s?(?:%|％|\s?pp\b|\s?percentage points?|\s?points?|\s?pts?\.?)?[)\]]?\s*" + _ACRONYM +
                           r"(?:(?:overall|average|absolute|relative|mean|consistent|significant|substantial)\s+)?(?:×|x\b|"
                           r"times\b|-?fold\b|higher|lower|faster|slower|better|worse|more\b|less\b|fewer|larger|"
                           r"smaller|improvement|gains?\b|increase|decrease|reduction|speed-?ups?|boost|drops?\b|"
                           # "1.2% over LoRA", "2% over the baseline"; not "79.51% over subjects"
                           r"margin|over\s+(?:the\b|its\b|a\b|an\b|(?-i:[A-Z]))|above|below|relative)", re.I)
_CMP_BEFORE_ZH = re.compile(r"(?:提升|提高|改进|改善|降低|减少|增加|超过|超出|高出|低出|领先|缩短|下降|上升|加快|节省|减小|增大|"
                            # "最多 32 个" and "至少 3 个" bound a count: no "more by 32"
                            r"(?<![最至])[低高快慢多少增减降升])了?(?:约|近|超|达)?\s*$|"
                            r"(?:差异|差距|差值|相差)(?:为|是|达到?|约为?|有)?\s*$")
_CMP_AFTER_ZH = re.compile(r"^\s?(?:%|％|个百分点)?\s*" + _ACRONYM + r"(?:倍|×|的(?:整体|总体|平均)?(?:提升|提高|改进|改善|增益|收益|加速|下降|降低|优势))")
# A name with a number in brackets right after it ("LlamaGuard（30.2%）"): the number reads as that name's value
_BRACKETED_AFTER = re.compile(r"([A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9])\s*[（(]\s*$")
# What a comparison is measured from, right before a number ("比 59.5% 高出 30.2%", "than 59.5%")
_AS_REFERENCE = re.compile(r"(?:比|than)\s*$", re.I)
# A clause that compares, in any words ("高出 LoRA 1.2 分", "比基线提升"): its numbers may be differences.
_COMPARES = re.compile(r"比|高出|低于|高于|提高|提升|改进|改善|领先|超过|超出|优于|胜过|降低|减少|增加|下降|加速|缩短|差距|差异|相差|增益|收益|"
                       r"倍|×|\bthan\b|\bby\b|\bover\b|improv|outperform|surpass|faster|slower|higher|lower|"
                       r"gain|reduc|increas|decreas", re.I)
_LIMIT_ANY = re.compile(r"局限|不足之处|缺点|缺陷|limitation|drawback|shortcoming|weakness", re.I)  # in any field
_LIMIT = re.compile(r"局限|不足|缺点|缺陷|限制|代价|开销|尚未|无法|limitation|drawback|shortcoming|weakness|cost|"
                    r"overhead|cannot|fails?\b", re.I)
_GAIN = re.compile(r"\b(?:faster|speed-?ups?|accelerat\w*|improv\w*|outperform\w*|better|surpass\w*|boost\w*|"
                   r"gains?|state-of-the-art|reduc\w* (?:the )?(?:latency|time|cost|memory|error))\b", re.I)
_LOSS = re.compile(r"\b(?:slower|worse|limit\w*|overhead|drops?|degrad\w*|fail\w*|however|but|requires?|"
                   r"lower accuracy|expensive|drawback|struggles?)\b", re.I)

# Metric and subject words of Chinese prose, with the English stems a paper's sentence would use. No single
# characters: "步" is in 同步 (synchronisation), "层" in 层次.
_ZH_SUBJECTS: dict[str, tuple[str, ...]] = {
    "准确率": ("accura", "acc", "bacc"), "精度": ("accura", "precision"), "正确率": ("accura", "correct"), "召回": ("recall",),
    "精确率": ("precision",), "速度": ("speed", "fast", "×", "times", "throughput"), "加速": ("speed", "fast", "×"),
    "更快": ("fast", "speed", "×"), "参数": ("param",), "延迟": ("latency", "delay"), "时延": ("latency",),
    "误差": ("error",), "错误率": ("error",), "成功率": ("success",), "胜率": ("win",), "显存": ("memory",),
    "内存": ("memory",), "耗时": ("time", "hour", "second", "minute"), "时间": ("time", "hour", "second", "minute"),
    "小时": ("hour", "h "), "数据集": ("dataset",), "样本": ("sample", "example"), "帧率": ("frame", "fps"), "帧数": ("frame",),
    "分辨率": ("resolution",), "得分": ("score",), "分数": ("score",), "困惑度": ("perplexity",), "步数": ("step",),
    "训练": ("train",), "推理": ("inference",), "图像": ("image",), "视频": ("video",), "周期": ("epoch",),
    "计算": ("comput", "flop", "gpu"), "资源": ("resource", "memory", "gpu", "comput"), "吞吐": ("throughput",), "用户": ("user", "participant"),
    "人类": ("human",), "任务": ("task",), "查询": ("quer",), "对话": ("dialog", "conversation"),
    "文档": ("document",), "词元": ("token",), "层数": ("layer",), "规模": ("scale", "size", "large"),
    "距离": ("distanc",), "命中率": ("hit",), "代理": ("agent",), "智能体": ("agent",), "架构": ("architect",),
    "攻击": ("attack",), "越狱": ("jailbreak",), "语法": ("gramma", "syntax", "syntactic"),
}
_MEASURES = {"s", "ms", "min", "h", "day", "dB", "GB", "MB", "fps"}  # units a paper writes as digits
# The metric words of Chinese prose a paper's sentence must name too when the prose gives a number for them.
# "误差" needs an error metric: seed 41 wrote "均方根绝对误差（BACC）达到 79.51%" for a balanced accuracy; "语法"
# (grammatical) a grammar one: seed 103 wrote "80% 的 LLM 输出包含语法错误" for "80% … contain a semantic error".
_ZH_METRICS = {w: _ZH_SUBJECTS[w] for w in ("准确率", "正确率", "精确率", "召回", "错误率", "成功率", "胜率", "困惑度",
                                            "延迟", "时延", "语法")} | {"误差": ("error", "rmse", "mse", "mae", "deviation")}
# A metric's qualifier in the prose ("平均解决率", "渐近准确率"): the paper's sentence must write it too
_ZH_QUALIFIERS = {"平均": ("average", "averag", "mean", "avg"), "渐近": ("asymptotic", "asymptot"),
                  "渐进": ("asymptotic", "asymptot"), "累计": ("cumulative", "cumulativ"),
                  "累积": ("cumulative", "cumulativ"), "中位": ("median",)}  # the first: the word a reason shows
_QUALIFIED = r"(?:的)?[\u4e00-\u9fffA-Za-z0-9@-]{0,6}?(?:率|分数|得分|值|精度|准确|误差|BACC|F1|增益|收益|提升)"
# ... and their English twins ("a 7% higher average solve rate" for the paper's "asymptotic solve rate")
_EN_QUALIFIERS = {"average": _ZH_QUALIFIERS["平均"], "mean": _ZH_QUALIFIERS["平均"], "asymptotic": _ZH_QUALIFIERS["渐近"],
                  "cumulative": _ZH_QUALIFIERS["累计"], "median": _ZH_QUALIFIERS["中位"]}
_EN_QUALIFIED = (r"\s+(?:[A-Za-z0-9@-]+\s+){0,2}?(?:rates?|accurac(?:y|ies)|scores?|errors?|precision|recall|F1|"
                 r"gains?|rewards?|values?|improvements?|returns?)\b")
_QUALIFIER_PATTERNS = [(q, re.compile(q + _QUALIFIED), stems) for q, stems in _ZH_QUALIFIERS.items()] + \
    [(q, re.compile(r"\b" + q + _EN_QUALIFIED, re.I), stems) for q, stems in _EN_QUALIFIERS.items()]
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*[A-Za-z0-9+]|[A-Z]")
_STOP = {"the", "and", "with", "for", "from", "that", "this", "than", "into", "over", "our", "its", "their",
         "are", "was", "were", "has", "have", "had", "which", "while", "when", "where", "also", "only", "both",
         "each", "more", "less", "most", "such", "these", "those", "between", "about", "after", "before", "under",
         "using", "used", "uses", "use", "model", "method", "paper", "results", "result", "shows", "show",
         "reaches", "reach", "achieves", "achieve", "compared", "baseline", "baselines", "lower", "higher",
         "better", "by", "on", "of", "in", "to", "a", "an", "at", "as", "is", "it", "be", "or", "vs", "we"}


def _clauses(text: str) -> Iterator[str]:
    for part in PROSE_CLAUSE.split(text):
        if part.strip():
            yield part


def _subjects(clause: str, number: str) -> list[tuple[str, ...]]:
    """What the clause says the number measures: the Latin terms it names and the English stems of its Chinese
    metric words; each entry is a set of alternatives, one of which the paper's sentence must contain."""
    out: list[tuple[str, ...]] = []
    for w in _LATIN.findall(clause):
        low = w.lower()
        if low in _STOP or len(low) < 2 or low == number.lower():
            continue
        out.append((low if len(low) < 6 else low[:6],))
    for word, stems in _ZH_SUBJECTS.items():
        if word in clause:
            out.append(stems)
    return out


# Subject words any experiment's sentence may hold ("任务" is in "depth sub-task"): they show what a number
# measures only when the clause names nothing more specific
_GENERIC = {_ZH_SUBJECTS[w] for w in ("任务", "训练", "推理", "图像", "视频", "数据集", "样本", "规模", "计算", "资源",
                                      "用户", "人类", "时间", "耗时")}
# The parts of a clause that lists several values ("深度子任务的14.0%改进和距离子任务的4.5%整体收益")
_LIST_SEP = re.compile(r"和|、|及|以及|\band\b")


def _subjects_of(clause: str, num: Number, clause_numbers: list[Number]) -> list[tuple[str, ...]]:
    """What the clause says ``num`` measures. A clause that lists several values ("深度子任务的14.0%改进和距离子任务
    的4.5%整体收益") gives each the subjects of its own part; a part that names none takes the clause's, less those
    of the parts with the other values."""
    whole = _subjects(clause, num.text)
    if sum(not n.trivial for n in clause_numbers) < 2:
        return whole
    parts = [(part, [n for n in extract_numbers(part, skip_terms=True) if not n.trivial])
             for part in _LIST_SEP.split(clause)]
    mine = [part for part, nums in parts if any(n.text == num.text for n in nums)]
    if not mine:
        return whole
    own = _subjects(mine[0], num.text)
    if own:
        return own
    theirs = {alts for part, nums in parts if nums and part != mine[0] for alts in _subjects(part, num.text)}
    return [alts for alts in whole if alts not in theirs]


def _names(lower: str, term: str) -> bool:
    """Whether a lower-cased paper sentence names ``term``; a short term ("ap", "fid") only as a whole word."""
    if len(term) <= 3 and term.isalnum():
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", lower) is not None
    return term in lower


def _whole_names(clause: str) -> set[str]:
    """The clause's names as ``_subjects`` keys them ("MPPI", "BiC", "SSIM": a capital or a digit after the first
    letter), for ``_names_whole``."""
    return {w.lower()[:6] for w in _LATIN.findall(clause) if _NAME_LIKE.fullmatch(w)}


def _names_whole(lower: str, term: str) -> bool:
    """Whether a lower-cased paper sentence names the name ``term`` as a name of its own: not the tail of a
    hyphenated one. The robot-planning paper's "BiC-MPPI achieved a 97.3% success rate, compared with 47.7–54.2%
    for the evaluated unidirectional baselines" does not name "MPPI" (seed 23: "比标准MPPI的47.7-54.2%要好", the
    baselines' range given to the standard MPPI, whose own rate is 54.2)."""
    return re.search(rf"(?<![a-z0-9])(?<![a-z0-9]-){re.escape(term)}", lower) is not None


# Metric nouns of a paper's sentence. A sentence that names none ("Similarly, on geometry3k, RL brings an average
# gain of 1.36×") reports the metric its previous sentence names.
_METRIC_NOUN = re.compile(r"accura|precision|recall|\bf1\b|bleu|rouge|\bfid\b|\bfvd\b|psnr|ssim|lpips|\bmap\b|"
                          r"\bap\b|error|success|win rate|perplexity|latency|score|\bbpb\b|\bms?e\b|\bmae\b|\bauc\b|"
                          r"\biou\b|bacc")


def _metric_named(p: Passage, stems: tuple[str, ...]) -> bool:
    """Whether the paper's sentence, or the sentence before it when it names no metric of its own, names one of
    ``stems``."""
    if any(_names(p.lower, s) for s in stems):
        return True
    return not _METRIC_NOUN.search(p.lower) and any(_names(p.before, s) for s in stems)


def _digits(num: Number) -> str:
    """``num`` as a pattern that also finds it written with spaces between its thousands ("58 077", from a PDF's
    "58, 077" with the commas taken out)."""
    t = num.text
    if not t.isdigit() or len(t) <= 3:
        return re.escape(t)
    head = len(t) % 3 or 3
    return t[:head] + "".join(r"\s?" + t[i:i + 3] for i in range(head, len(t), 3))


def _number_spans(text: str, num: Number) -> Iterator[tuple[int, int]]:
    for m in re.finditer(rf"(?<![\d.]){_digits(num)}(?![\d])", text.replace(",", "")):
        yield m.span()


# a list's item before a number: the number, and where it is from ("improves by 5.5% on CV-Bench, … 3.7% on
# MME-RealWorld, and 4.5% on HRBench8K": the 4.5% is a gain as the 5.5% is)
_LISTED = re.compile(r"\d+(?:\.\d+)?\s?(?:%|％|倍|×)?(?:\s+(?:on|in|for|at)\s+(?:the\s+)?[A-Za-z][\w.+-]*"
                     r"(?:\s+[\w.+-]+){0,4}?)?(?:\s*(?:和|、|及|与|以及|,|，|and|or|或|到|至|–|—|-|~|to)){1,2}\s*$")


def _is_comparison(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is stated as a difference or a ratio; in a list, as the list's
    first number is ("分别提高了30.2%和59.5%"; "by 30.2% on ToxicChat and by 59.5%" has its own "by")."""
    for _ in range(4):
        before, after = text[max(0, start - 80):start], text[end:end + 40]
        if (_CMP_BEFORE_EN.search(before) and not bounds_a_count(before, text[start:end], after)) \
                or _CMP_AFTER_EN.match(after) or _CMP_BEFORE_ZH.search(before) or _CMP_AFTER_ZH.match(after):
            return True
        listed = _LISTED.search(text[max(0, start - 72):start])
        if not listed:
            return False
        start = max(0, start - 72) + listed.start()
        end = start + re.match(r"\d+(?:\.\d+)?", text[start:]).end()
    return False


# A ratio ("2倍", "13.1×", "3 times", "a factor of 2"), as against a difference ("+2", "by 2 points").
_RATIO_BEFORE = re.compile(r"\bfactor of\s*(?:about|approximately|roughly|nearly|almost|over|up to|~|≈)?\s*$", re.I)


def _is_ratio(text: str, start: int, end: int) -> bool:
    return bool(MULTIPLE.match(text, end) or _RATIO_BEFORE.search(text[max(0, start - 40):start]))


def _paper_states_ratio(p: Passage, num: Number) -> bool:
    """Whether the paper's sentence states one of its numbers equal to ``num`` as a ratio."""
    return any(_is_ratio(t, st, e) for t, st, e in _paper_spans(p, num))


_GOES_ON = re.compile(r"\s*(?:以及|及|和|与|、|还有|另外)")


def _continues_comparison(sentence: str, clause: str) -> bool:
    """Whether ``clause`` goes on with a list begun by a comparison in the clause before it ("COVT 提升了 5.5%，以及
    MME-RealWorld 上的 3.7%": the 3.7% is a gain too)."""
    parts = [p for p in PROSE_CLAUSE.split(sentence) if p.strip()] if sentence else []
    if clause not in parts or not _GOES_ON.match(clause):
        return False
    i = parts.index(clause)
    return i > 0 and _COMPARES.search(parts[i - 1]) is not None


def _listed_spans(p: Passage, num: Number) -> Iterator[tuple[str, int, int]]:
    """The spans of ``num`` in the paper's sentence with only its thousands commas taken out: the commas between
    a list's items stay, for ``_is_comparison`` to read the list ("by 5.5% on CV-Bench, 14.0% on …, and 4.5%")."""
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", p.text)
    for n in p.numbers:
        if same_number(num, n):
            for m in re.finditer(rf"(?<![\d.]){_digits(n)}(?![\d])", text):
                yield text, m.start(), m.end()


def _paper_states_comparison(p: Passage, num: Number) -> bool:
    """Whether the paper's sentence states one of its numbers equal to ``num`` as a comparison."""
    return any(_is_comparison(t, s, e) for t, s, e in _listed_spans(p, num))


def _paper_states_value(p: Passage, num: Number) -> bool:
    """Whether the paper's sentence states one of its numbers equal to ``num`` as a value, not a comparison."""
    return any(not _is_comparison(t, s, e) for t, s, e in _listed_spans(p, num))


@dataclass
class EvidenceReport:
    evidence: list[Evidence]
    reasons: dict[str, str]  # field -> why its numbers fail
    checked: int  # numbers looked up
    comparisons: int  # numbers stated as comparisons, checked against the paper
    failed: int = 0  # numbers (each time written) with no sentence that states them so


def _is_year(num: Number) -> bool:
    """A year ("Ho 等人 2020", "COCO 2017") dates a citation or a benchmark; it states no quantity."""
    return num.decimals == 0 and not num.percent and 1950 <= num.value <= 2099


def _after(sentence: str, clause: str) -> str:
    """The prose sentence after ``clause`` ("" when it is not in it)."""
    at = sentence.find(clause) if sentence else -1
    return sentence[at + len(clause):] if at >= 0 else ""


def _prose(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for f, v in values.items():
        if f == "keywords":
            continue
        for item in (v if isinstance(v, list) else [v]):
            if isinstance(item, str) and item:
                yield f, item


def find_evidence(values: dict[str, Any], passages: Iterable[Passage]) -> EvidenceReport:
    """Each non-trivial number of the prose with the paper sentence that states it; the reasons of the fields
    whose numbers have none, or state a comparison or a limitation the paper does not."""
    passages = list(passages)
    baselines = _baselines(passages)  # once per answer, not once per number
    texts = [p.text for p in passages]
    report = EvidenceReport([], {}, 0, 0)
    for f, text in _prose(values):
        for sentence in _PROSE_SENTENCE.split(text):
            clauses = list(_clauses(sentence))
            numbers = [extract_numbers(c, skip_terms=True) for c in clauses]
            claims = zip(clauses, numbers, _claims(_SAME, clauses, numbers), _claims(_BEATS, clauses, numbers))
            for clause, nums, equal, beats in claims:
                plain = clause.replace(",", "")
                for num in nums:
                    spans = list(_number_spans(plain, num))
                    # a small number is checked when it carries a unit of measure ("4秒"), not as a count ("3个模块")
                    measured = num.trivial and any(unit_after(plain, e) in _MEASURES for _, e in spans)
                    # ... and when it is stated as a difference or a ratio: the demo's takeaway "FVD为212，比50阶
                    # 教师低2个" (the paper gives 212 against 198) went through as a count
                    measured = measured or (num.trivial and any(_is_comparison(plain, st, e) for st, e in spans))
                    year = _is_year(num) and not any(unit_after(plain, e) for _, e in spans)
                    if num.trivial and not measured and not year:
                        # a count is not checked, but what a change comes to is ("水位减少到1")
                        why = _end_unstated(plain, num, spans, passages)
                        if why and f not in report.reasons:  # not counted as a number checked: a count
                            report.reasons[f] = why
                        continue
                    if year:  # "COCO 2017"; but "大约2025个字符" (seed 79) counts characters, and is checked
                        continue
                    report.checked += 1
                    why = _one(f, clause, nums, num, passages, report, sentence, equal=equal, beats=beats,
                               baselines=baselines)
                    report.failed += bool(why)
                    if why and f not in report.reasons:
                        report.reasons[f] = why
                why = (_respectively(clause, passages) or _power_lost(clause, passages)
                       or scaled_count_unstated(clause, texts, _ZH_SUBJECTS) or bound_unstated(clause, texts)
                       or count_unstated(clause, texts))
                if why and f not in report.reasons:
                    report.reasons[f] = why
    return report


def _end_unstated(plain: str, num: Number, spans: list[tuple[int, int]], passages: list[Passage]) -> str | None:
    """Why a small whole number the prose states as what a change comes to ("水位减少到1", at ``spans`` of
    ``plain``) is no end value in any paper sentence holding it ("remove up to 1 unit of water"), or None. Only the
    end is judged: a small number stands in too many of the paper's sentences for its subject to be."""
    if not any(changes_to(plain, st) for st, _ in spans):
        return None
    holding = _holding(num, passages)
    if not holding or any(paper_ends_at(t, st) for p in holding for t, st, _ in _paper_spans(p, num)):
        return None
    return f"{num.text} is what a change comes to here, but the paper's {num.text} is no such end value"


def _holding(num: Number, passages: list[Passage]) -> list[Passage]:
    """The paper's sentences that state ``num``."""
    return [p for p in passages if any(same_number(num, n) for n in p.numbers)]


# "5×10" for the paper's "5 × 10⁻⁵" (the exponent, a superscript, left out)
_POWER = re.compile(r"(\d+(?:\.\d+)?)\s*[×x]\s*10(?![\d⁰¹²³⁴⁵⁶⁷⁸⁹⁻^])")


def _power_lost(clause: str, passages: list[Passage]) -> str | None:
    for m in _POWER.finditer(clause):
        raised = re.compile(rf"(?<![\d.]){re.escape(m.group(1))}\s*[×x]\s*10\s?[⁰¹²³⁴⁵⁶⁷⁸⁹⁻^]")
        if any(raised.search(p.text) for p in passages):
            return f"{m.group(0)} leaves out the exponent of the paper's power of ten"
    return None


_PROSE_SENTENCE = re.compile(r"(?<=[。！？；;!?])|(?<=\.)\s+")
# The prose says a value equals another's ("与GPT-5.2相同", "on par with LoRA"); "一致" (consistent) is no claim of a value.
_SAME = re.compile(r"(?:与|和|跟|同)[^，。；,;]{0,30}?(?:相同|相当|持平|不相上下|一样|等同|媲美)|"
                   r"\b(?:the same as|same as|on par|par with|match(?:es|ed|ing)?|equal(?:s|led|ling)? to|"
                   r"comparable to|identical to|as good as)\b", re.I)
# ... and the paper's sentence says so next to that number
_SAME_PAPER = re.compile(r"\b(?:same|match\w*|on par|par with|comparable|equal\w*|identical|similar\w*|close to|"
                         r"as (?:good|well|high|fast|accurate|strong) as|ties?|tied|consistent\w*|rival\w*|"
                         r"competitive|parity|on a par|matches)\b", re.I)


# A name as papers print them: a capital or a digit after its first letter ("BatchNorm", "TMA", "Qwen3-Omni",
# "GPT-4o"), not a word that starts a sentence ("Accuracy (92.7%)")
_NAME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*(?:[A-Z0-9][A-Za-z0-9.+-]*)")
_BRACKETED = re.compile(r"([A-Za-z][A-Za-z0-9.+-]*)\s*\(\s*(\d+(?:\.\d+)?)\s*%?\s*\)")
# ... and with a unit, or a value it is compared with ("VBPE2E (162.9 s vs. 163.4 s)": the name is where both are
# from, so its values are its own only in that the prose's value must be one of them)
_BRACKETED_MORE = re.compile(r"([A-Za-z][A-Za-z0-9.+-]*)\s*(\(\s*\d+(?:\.\d+)?\s*(?:%|s|ms|h|x|×|FPS|dB)?\s*"
                             r"(?:(?:vs\.?|versus|/)\s*[^()]{0,30})?\))")


def _other_version(sentence: str, num: Number, sharing: list[Passage], clause: str = "") -> str | None:
    """A versioned name of the prose sentence ("GPT-4") that the paper's sentences write only as a longer name
    ("GPT-4o"): the number is the other model's. The bench gave the instruction-following paper's "0.821 BLEU
    score for GPT-4o" to GPT-4; seed 89 again with the owner named in a clause before, as the compared one ("与
    GPT-4O 相比，GPT-4 的 BLEU 分数为 0.821"): only the number's own ``clause`` writing the longer name clears it.
    A plural ("8 A100s") is the same name."""
    lower = (clause or sentence).lower()
    for w in _LATIN.findall(sentence):
        low = w.lower()
        if len(low) < 3 or not any(c.isdigit() for c in low) or low == num.text:
            continue
        if re.search(rf"(?<![a-z0-9]){re.escape(low)}[a-z0-9]", lower):
            continue  # the prose writes the longer name too
        whole = re.compile(rf"(?<![a-z0-9]){re.escape(low)}s?(?![a-z0-9])")
        longer = [m.group(0) for p in sharing for m in re.finditer(rf"(?<![a-z0-9]){re.escape(low)}[a-z0-9]+", p.lower)]
        if longer and not any(whole.search(p.lower) for p in sharing):
            return f"{num.text}: the paper's sentence gives it to {longer[0]}, not {w}"
    return None


def _is_value(num: Number, text: str) -> bool:
    return any(same_number(num, n) for n in extract_numbers(text))


def _given_to_another(clause: str, num: Number, sharing: list[Passage]) -> str | None:
    """The paper's sentences give ``num`` to another name: they print it in brackets after a name the clause
    does not write ("Gemini-2.5-Flash-Thinking (72.7%)" stated as OmniAgent's), or print another value in
    brackets after a name the clause gives ``num`` to ("exceeds BatchNorm (78.38%)": the bench gave the EEG
    paper's 79.51%, PSDNorm's, to "BatchNorm、LayerNorm…"). A clause that writes the other value too is a
    comparison of both."""
    lower = clause.lower()
    written = {n.text for n in extract_numbers(clause, skip_terms=True)}
    why = None
    for p in sharing:
        pairs = [(m.group(1), m.group(2)) for m in _BRACKETED.finditer(p.text.replace(",", ""))
                 if _NAME_LIKE.fullmatch(m.group(1))]
        mine = [w for w, v in pairs if _is_value(num, v)]
        if any(_names(lower, w.lower()) for w in mine):
            return None  # the clause names the one the paper gives this value
        other = next(((w, v) for w, v in pairs if _names(lower, w.lower()) and v not in written
                      and not _is_value(num, v)), None)
        if other is None:  # seed 53: "VBPE2E 的 VBP 达到了 162.1 秒" for "VBPE2E (162.9 s vs. 163.4 s)"
            other = next(((w, vals[0].text) for m in _BRACKETED_MORE.finditer(p.text.replace(",", ""))
                          if _NAME_LIKE.fullmatch(w := m.group(1)) and _names(lower, w.lower())
                          and (vals := extract_numbers(m.group(2))) and not any(_is_value(num, n.text) for n in vals)
                          and not any(n.text in written for n in vals)), None)
        if mine and not any(_names(lower, w.lower()) for w, _ in pairs):
            why = why or f"{num.text} is {mine[0]}'s in the paper, a name this sentence does not write"
        elif other:
            why = why or f"{num.text}: the paper's sentence gives {other[0]} its own value ({other[1]}), not this one"
        else:
            return None  # a sentence of the paper that binds no name here to another value
    return why


# "both classification (average accuracy of 0.916) and regression (average RMSE of 102.409) tasks": a value in
# brackets after a task's word is that task's; the Chinese task words a clause can give it to
_TASK_BRACKET = re.compile(r"([A-Za-z][A-Za-z-]*)\s*\(([^()]{0,80})\)")


def _task_of_another(clause: str, num: Number, sharing: list[Passage]) -> str | None:
    """Every sentence of the paper prints ``num`` in brackets after one task's word and another value after
    another's, and the clause gives ``num`` to the other task ("102.409是分类任务的平均RMSE" for "classification
    (average accuracy of 0.916) and regression (average RMSE of 102.409)", seed-17 zh run)."""
    said = {stem for word, stem in ZH_TASKS.items() if word in clause}
    if not said:
        return None
    why = None
    for p in sharing:
        groups = [(m.group(1).lower(), m.group(2)) for m in _TASK_BRACKET.finditer(p.text)]
        owner = next((w for w, inside in groups if _is_value(num, inside)), None)
        tasks = {stem for w, _ in groups for stem in ZH_TASKS.values() if w.startswith(stem)}
        if owner is None or len(tasks) < 2 or any(owner.startswith(stem) for stem in said):
            return None  # a sentence that gives the value to the task the clause names, or binds no task
        if not said & tasks:
            return None
        why = why or f"{num.text} is the paper's value for {owner}, not for the task this sentence names"
    return why


# "by 30.2% on ToxicChat and by 59.5% against jailbreak attacks": each value followed by where it is from
_UNIT_AFTER = r"\s*(?:%|×|x\b|points?\b|pp\b)?\s*"
_SCOPE_UNIT = re.compile("^" + _UNIT_AFTER, re.I)
_SCOPE_AFTER = re.compile(_UNIT_AFTER + r"(?:on|against|in|for|under|at|with|across)\b", re.I)


def _scope_of_another(clause: str, num: Number, sharing: list[Passage], lead: str = "") -> str | None:
    """Every sentence of the paper follows each of its values with where that value is from, and the clause
    gives ``num`` what the paper gives another of them ("对攻击有 30.2% 的优势" for "surpasses LlamaGuard by 30.2%
    on ToxicChat and by 59.5% against jailbreak attacks", seed-23 zh run). A clause that writes the other value
    too pairs them (the respectively check's case). ``lead``: the clause with the clauses that lead to it."""
    said = [alts for alts in _subjects(lead or clause, num.text) if alts not in _GENERIC]
    if not said:
        return None
    written = extract_numbers(clause, skip_terms=True)
    why = None
    for p in sharing:
        plain = p.text.replace(",", "")
        spans = sorted((st, e, n) for n in p.numbers if not n.trivial for st, e in _number_spans(plain, n))
        if len(spans) < 2 or not all(_SCOPE_AFTER.match(plain, e) for _, e, _ in spans):
            return None  # a sentence that does not bind each of its values to a place right after it
        segs = [(n, plain[e:spans[i + 1][0] if i + 1 < len(spans) else len(plain)])
                for i, (_, e, n) in enumerate(spans)]
        head = plain[:spans[0][0]].lower()
        mine = [seg for n, seg in segs if same_number(num, n)]
        if not mine:
            return None
        own = " ".join(mine).lower()
        segs = [(n, seg.lower()) for n, seg in segs]
        for alts in said:
            if any(_names(own, s) or _names(head, s) for s in alts):
                continue
            other = next((n for n, seg in segs if not same_number(num, n) and any(_names(seg, s) for s in alts)
                          and not any(same_number(w, n) for w in written)), None)
            if other is not None:
                where = _SCOPE_UNIT.sub("", mine[0]).split(" and ")[0].rstrip(" .;")
                why = why or (f"{num.text} is the paper's value {where}, but this sentence gives it to what the "
                              f"paper gives {other.text}")
                break
        else:
            return None
    return why


# "an average of 0.821 BLEU score for GPT-4o": the value is that model's
_FOR_NAME = re.compile(r"[^.;,()]{0,40}?\bfor\s+(?:the\s+)?([A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9+])")


def _for_another(sentence: str, num: Number, sharing: list[Passage]) -> str | None:
    """Every sentence of the paper gives ``num`` to a name right after it ("0.821 BLEU score for GPT-4o") that
    the prose does not write with the number: in its clause, or in the clauses without numbers that lead to it.
    The bench published "BLEU 分数的平均值为 0.821", GPT-4o's score on one task, as the paper's own, and then
    "BLEU 分数的平均值为 0.821，比 GPT-4O 的系统答案…", which names GPT-4o only after, as a compared thing."""
    lower = sentence.lower()
    names = []
    for p in sharing:
        owner = None
        for t, _, e in _paper_spans(p, num):
            m = _FOR_NAME.match(t, e)
            if m and _NAME_LIKE.fullmatch(m.group(1)):
                owner = m.group(1)
                break
        if owner is None or _names(lower, owner.lower()):
            return None
        names.append(owner)
    return f"{num.text} is {names[0]}'s in the paper, a name this sentence does not write" if names else None


def _claims(pattern: re.Pattern[str], clauses: list[str], numbers: list[list[Number]]) -> list[bool]:
    """Per clause of a prose sentence, whether it makes the claim ``pattern`` finds about its numbers (a value
    equal to another's, one beating another): the words in the clause, or in the next clause when that one has
    no number ("VBP 达到 162.1 秒，与 GPT-5.2 相同")."""
    said = [pattern.search(c) is not None for c in clauses]
    bare = [not any(not n.trivial for n in nums) for nums in numbers]
    return [said[i] or (i + 1 < len(clauses) and said[i + 1] and bare[i + 1]) for i in range(len(clauses))]


def _paper_states_equal(p: Passage, num: Number) -> bool:
    """Whether the paper's sentence says the value ``num`` equals another: a word of sameness in the clause that
    holds the number, or in the next clause when that clause has no number of its own ("achieves 80%, on par
    with humans"; not "the best VBP (162.1 s), matching GPT-5.2 on VBPE2E (162.9 s vs. 163.4 s)")."""
    clauses = PAPER_CLAUSE.split(p.text)
    own = [[n for n in extract_numbers(c, skip_terms=True) if not n.trivial] for c in clauses]
    for i, c in enumerate(clauses):
        if not any(same_number(num, n) for n in own[i]):
            continue
        if _SAME_PAPER.search(c):
            return True
        if i + 1 < len(clauses) and not own[i + 1] and _SAME_PAPER.search(clauses[i + 1]):
            return True
    return False


# "(162.9 s vs. 163.4 s)" after "matching GPT-5.2": the first value is the sentence's subject's, the second the
# compared one's
_VS_PAIR = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|[A-Za-z]{1,3}\b)?\s*(?:vs\.?|versus)\s*(\d+(?:\.\d+)?)")
_COMPARED_TO = re.compile(r"\b(?:match\w*|than|over|against|versus|compared (?:to|with)|relative to|outperform\w*|"
                          r"surpass\w*|beat\w*|exceed\w*|rival\w*|trail\w*)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9+])")
_OWNS = r"\s*(?:的|为|是|达到|取得|'s|’s|\(|（|:|：)\s*(?:约|了)?\s*"


def _vs_pair(clause: str, num: Number, sharing: list[Passage]) -> str | None:
    """The paper pairs two values after a compared name ("…, matching GPT-5.2 on VBPE2E (162.9 s vs. 163.4 s)"):
    the first is the sentence's subject's, the second the compared name's. A clause that gives the first value
    to the compared name ("超过 GPT-5.2 的 162.9 秒") states the wrong subject."""
    lower = clause.lower().replace(",", "")
    for p in sharing:
        text = p.text.replace(",", "")
        for m in _VS_PAIR.finditer(text):
            if not _is_value(num, m.group(1)):
                continue
            named = [c.group(1) for c in _COMPARED_TO.finditer(text[:m.start()])]
            if not named:
                continue
            other = named[-1]
            # the metric's name may come between ("匹配了GPT-5.2的VBPE2E（162.9秒）", seed 37)
            if re.search(rf"(?<![a-z0-9]){re.escape(other.lower())}(?:\s*的)?(?:\s*[a-z][a-z0-9.+-]{{0,15}})?{_OWNS}"
                         rf"{re.escape(num.text)}(?![\d])", lower):
                return f"{num.text} is given here to {other}, but the paper's {other} has {m.group(2)} ({m.group(0)})"
    return None


# The prose says one beats another; the paper's sentence only says they match
_BEATS = re.compile(r"超过|超越|优于|胜过|领先于?|好于|强于|\b(?:outperform\w*|surpass\w*|beats?|exceed\w*|better than)\b",
                    re.I)
_BEATS_PAPER = re.compile(r"\b(?:outperform\w*|surpass\w*|exceed\w*|beats?|beating|better|superior|than|higher|"
                          r"lower|faster|slower|improv\w*|gains?|best|over)\b", re.I)


def _beats_what_matches(num: Number, sharing: list[Passage]) -> str | None:
    """For a clause that says one surpasses another ("超过 GPT-5.2 的 162.9 秒"): whether the paper's clauses
    that hold its number say only that the two match ("matching GPT-5.2 on VBPE2E (162.9 s vs. 163.4 s)")."""
    for p in sharing:
        held = [c for c in PAPER_CLAUSE.split(p.text)
                if any(same_number(num, n) for n in extract_numbers(c.replace(",", ""), skip_terms=True))]
        if not held or not all(_SAME_PAPER.search(c) and not _BEATS_PAPER.search(c) for c in held):
            return None
    return f"{num.text}: the paper says the two match, not that one surpasses the other"


_RESPECTIVELY = re.compile(r"分别|respectively", re.I)
# Two or more things listed ("A、B", "BatchNorm 和 TMA", "A and B")
_NAME_LIST = re.compile(r"[^\s、，,]\s*、\s*[^\s、，,]|[A-Za-z0-9)]\s*(?:和|与|及|以及|,|and)\s*[A-Za-z]")


def _respectively(clause: str, passages: list[Passage]) -> str | None:
    """Numbers a clause pairs up ("成功率分别为47.7%和10.0%", "… respectively") are one statement of the paper:
    some sentence holds them all. The robot-planning paper's 47.7% (navigation) and 10.0% (manipulation) come
    from two experiments."""
    if not _RESPECTIVELY.search(clause):
        return None
    nums = [n for n in extract_numbers(clause, skip_terms=True) if not (n.trivial or _is_year(n))]
    if len({n.text for n in nums}) == 1 and _NAME_LIST.search(clause[:_RESPECTIVELY.search(clause).start()]):
        # "BatchNorm、LayerNorm、InstanceNorm 和 TMA 层分别达到最高 BACC 分数 79.51%": the paper gives each its own
        return f"{nums[0].text} is given here to each of several things, respectively, but it is one value"
    if len({n.text for n in nums}) < 2:
        return None
    if any(all(any(same_number(n, m) for m in p.numbers) for n in nums) for p in passages):
        return None
    return f"{', '.join(dict.fromkeys(n.text for n in nums))} are paired here, but no sentence of the paper states them together"


def _one(f: str, clause: str, clause_numbers: list[Number], num: Number, passages: list[Passage],
         report: EvidenceReport, sentence: str = "", *, equal: bool = False, beats: bool = False,
         baselines: list[str]) -> str | None:
    holding = _holding(num, passages)
    # a sentence with the very value before one whose value only rounds to it
    holding.sort(key=lambda p: not any(abs(n.value - num.value) < 1e-9 for n in p.numbers))
    if not holding:
        return f"{num.text} is not in any sentence of the paper"
    subjects = _subjects_of(clause, num, clause_numbers)
    needed = [alts for alts in subjects if alts not in _GENERIC] or subjects
    whole = _whole_names(clause)
    sharing = [p for p in holding if any(any(_names_whole(p.lower, s) if s in whole else _names(p.lower, s)
                                             for s in alts) for alts in needed)] if needed else holding
    if not sharing:
        return f"{num.text}: no sentence of the paper states it about what this sentence names"
    metrics = [stems for word, stems in _ZH_METRICS.items() if word in clause]
    if metrics:  # a metric the prose names is one the paper's sentence names ("准确率" for an accuracy)
        named = [p for p in sharing if all(_metric_named(p, stems) for stems in metrics)]
        if not named:
            return _with_words(f"{num.text}: no sentence of the paper states it as the metric this sentence names",
                               sharing[0], num)
        sharing = named
    for qualifier, pattern, stems in _QUALIFIER_PATTERNS:  # "平均解决率" for the paper's "asymptotic solve rate"
        if pattern.search(clause):
            sharing = [p for p in sharing if any(_names(p.lower, s) or _names(p.before, s) for s in stems)]
            if not sharing:
                return f"{num.text}: the paper's sentence gives no {stems[0]} value (the prose writes {qualifier})"
    plain = clause.replace(",", "")  # the text the spans index
    spans = list(_number_spans(clause, num)) or [(0, len(clause))]
    if any(_is_comparison(plain, s, e) for s, e in spans):
        report.comparisons += 1
        stating = [p for p in sharing if _paper_states_comparison(p, num)]
        if not stating:  # with the paper's own words for it, for the retry
            return _with_words(f"{num.text} is stated as a comparison, but the paper states it as a value",
                               sharing[0], num, tail=4)
        if (any(_AS_REFERENCE.search(plain[max(0, st - 8):st]) for st, _ in spans)
                and not any(_paper_states_value(p, num) for p in sharing)):
            # "R -Guard 在 ToxicChat 上显著优于 LlamaGuard，比 30.2% 提高了 30.2%" (seed 97) for "surpasses LlamaGuard
            # by 30.2%": the difference also written as what it is measured from
            return _with_words(f"{num.text} is a difference in the paper, but this sentence compares with it as "
                               f"a value", stating[0], num, tail=4)
        if any(_is_ratio(plain, s, e) for s, e in spans):
            # "2倍填充策略" for the paper's "i + 2": a multiple needs the paper's multiple, not a difference
            stating = [p for p in stating if _paper_states_ratio(p, num)]
            if not stating:
                return f"{num.text} is stated as a multiple here, but the paper's {num.text} is no multiple"
        sharing = stating
    elif all(_paper_states_comparison(p, num) and not _paper_states_value(p, num) for p in sharing):
        named = next((m.group(1) for st, _ in spans if (m := _BRACKETED_AFTER.search(plain[max(0, st - 40):st]))),
                     None)
        if named:
            # "R -Guard显著优于LlamaGuard（30.2%）" (seed 71) for "surpasses LlamaGuard by 30.2%": a value in brackets
            # after a name reads as that name's
            return _with_words(f"{num.text} is a difference in the paper, but written here in brackets after "
                               f"{named}, as its value", sharing[0], num, tail=4)
        if any(_AS_REFERENCE.search(plain[max(0, st - 8):st]) for st, _ in spans):
            # "比 59.5% 防止逃逸攻击高出 30.2%" (a results call, seed 53) for "surpasses LlamaGuard by 30.2% on
            # ToxicChat and by 59.5% against jailbreak attacks": what a difference is measured from is a value
            return _with_words(f"{num.text} is a difference in the paper, but this sentence compares with it as "
                               f"a value", sharing[0], num, tail=4)
        if not _COMPARES.search(clause) and not _continues_comparison(sentence, clause):
            # "R-Guard 达到 30.2% 的准确率" for the paper's "surpasses LlamaGuard by 30.2%"
            return _with_words(f"{num.text} is a difference in the paper, but stated here as a value",
                               sharing[0], num, tail=4)
        why = difference_as_theirs(clause, num, spans)
        if why:
            return why
    if all(_paper_states_comparison(p, num) for p in sharing) and not any(
            _is_value(num, m.group(2)) for p in sharing for m in _BRACKETED.finditer(p.text.replace(",", ""))):
        # "超过了子最优版本的FGD的34.8%" for "achieves 34.8% … improvement over the sub-optimal counterparts" (seed
        # 19): a difference the paper also words as achieved, and no name of the paper's holds it in brackets
        why = difference_as_theirs(clause, num, spans)
        if why:
            return why
    why, sharing = _statement(clause, num, spans, sharing)
    if why:
        return why
    if any(speed_claim(plain, st, e) for st, e in spans):
        # "R-Guard 比 LlamaGuard 快 30.2%" for the paper's "surpasses LlamaGuard by 30.2% on ToxicChat"
        sharing = [p for p in sharing if paper_about_speed(p.text)]
        if not sharing:
            return f"{num.text} reads here as speed, but the paper's sentence with {num.text} says nothing of speed"
    if any(_EACH.search(plain[max(0, st - 30):st]) for st, _ in spans):
        # "两个数据集，每个数据集包含45个说话人" for the paper's "Our YouTube dataset features 45 speakers"
        sharing = [p for p in sharing if _EACH_PAPER.search(p.text)]
        if not sharing:
            return f"{num.text} is said here of each one, but the paper's sentence states it of one thing"
    lead = with_lead(sentence, clause) if sentence else clause  # the clause with the clauses leading to it
    scope = _PROSE_SCOPE.search(lead)
    if scope:
        # "ChatGPT在SCI中仅达到4.5%" for the paper's "performances vary on ForbbidenConflict, while … ChatGPT only
        # achieves 4.5%": where the paper's sentence names where its value is from, the prose's place is that one
        scoped = [p for p in sharing if _names_place(p.text, scope.group(1)) or _names_place(p.before, scope.group(1))
                  or not _own_scope(p.text)]
        if not scoped:
            return (f"{num.text} is given here on {scope.group(1).strip()}, but the paper's sentence gives it on "
                    f"{_own_scope(sharing[0].text, num)}")
        sharing = scoped
    texts = [p.text for p in sharing]
    # the name may stand in a clause before the number's own, when those clauses compare nothing ("TMA 正常化层的
    # 性能最高，达到 79.51%", seed 71, for PSDNorm's 79.51% over "TMA (78.77%)"); "PSDNorm 优于 TMA，达到 79.51%" does
    owner = lead if lead != clause and not _COMPARES.search(lead) else clause
    why = (moves_the_other_way(clause, num.text) or _given_to_another(owner, num, sharing)
           or _task_of_another(clause, num, sharing)
           or given_to_more_tasks(clause, num, texts) or narrowed_to_some(lead, num, texts)
           or share_of_the_owner(clause, num, texts) or share_of_the_last(clause, num, texts)
           or judged_by_another(lead, num, texts, _after(sentence, clause))
           or used_for_another(clause, num, texts)
           or of_the_instrument(clause, num, texts)
           or bound_to_another(clause, num, texts)
           or _scope_of_another(clause, num, sharing, lead)
           or _other_version(sentence or clause, num, sharing, clause)
           or _vs_pair(clause, num, sharing) or (beats and _beats_what_matches(num, sharing))
           or _for_another(lead, num, sharing) or compared_with_reference(clause, num, texts, sentence)
           or compared_unstated(clause, num, [(p.text, p.before) for p in sharing], sentence,
                                baselines)
           or compared_beyond_alone(clause, num, texts, sentence)
           or compared_with_all(lead, num, [(p.text, p.before) for p in sharing])
           or range_end_alone(clause, num, texts))
    if why:
        return why
    if equal:
        same = [p for p in sharing if _paper_states_equal(p, num)]
        if not same:
            return f"{num.text} is said here to equal another value, but the paper's sentence says no such thing"
        sharing = same
    # the quote: the sentence that also holds the clause's other numbers ("two different settings: 120 FPS and
    # 30 FPS"), then the one that names more of what the clause names ("Relative to competing agent-based
    # architectures" for "相对于其他代理架构"), else the first
    others = [n for n in clause_numbers if not n.trivial and n.text != num.text]
    named = _subjects(sentence or clause, num.text)
    best = max(sharing, key=lambda p: (sum(any(same_number(o, n) for n in p.numbers) for o in others),
                                       sum(any(_names(p.lower, s) for s in alts) for alts in named)))
    limit = _LIMIT if f == "conclusion" else _LIMIT_ANY
    if limit.search(clause) and all(_GAIN.search(p.text) and not _LOSS.search(p.text) for p in sharing):
        return f"{num.text} is a gain in the paper, not a limitation"
    words = quote(best.text, num.text)
    if not any(e.number == num.text and e.quote == words for e in report.evidence):  # once, at its first field
        report.evidence.append(Evidence(number=num.text, quote=words, page=best.page, field=f))
    return None


def _baselines(passages: Iterable[Passage]) -> list[str]:
    """The paper's sentences that name its baseline ("Qwen2.5-VL-7B [3] is selected as the main baseline")."""
    return [p.text for p in passages if BASELINE_SENTENCE.search(p.text)]


# A count said of each of several things, and the words with which a paper says so.
# Where the prose says a value is from, a Latin name ("在SCI中", "在 BEAT-ETrans 数据集上"), and where a paper's
# sentence says it ("on ForbbidenConflict", "in the BEAT-ETrans dataset"; not "in Table 3")
_PROSE_SCOPE = re.compile(r"在\s*(?:[\u4e00-\u9fff]{1,4}?的?\s*)?([A-Za-z][A-Za-z0-9_.+-]*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9_.+-]*){0,3})\s*(?:数据集|基准测试|基准|任务|测试集)?"
                          r"\s*(?:上|中|里)")
_PAPER_SCOPE = re.compile(r"\b(?:[Oo]n|[Ii]n)\s+(?:the\s+)?([A-Z][\w-]*[A-Za-z0-9])")
_NOT_SCOPE = {"table", "tab", "figure", "fig", "section", "sec", "appendix", "eq", "equation", "algorithm", "step",
              "this", "these", "that", "our", "all", "each", "addition", "contrast", "particular", "practice", "summary"}


def _names_place(text: str, name: str) -> bool:
    """Whether a paper's text names the place ``name`` (spaces, hyphens and case aside), other than as a part of
    a longer hyphenated name: seed 31's "在原始BEAT数据集上达到了99.92%" is not the paper's "In the BEAT-ETrans
    dataset, … achieves 99.92%"."""
    if squash(name) not in squash(text):
        return False
    parts = [re.escape(part) for part in re.split(r"[\s_-]+", name.strip()) if part]
    whole = re.compile(r"(?<![A-Za-z0-9])(?<![A-Za-z0-9]-)" + r"[\s_-]?".join(parts) + r"(?![A-Za-z0-9]|-[A-Za-z0-9])",
                       re.I)
    inside = re.compile(r"[\s_-]?".join(parts), re.I)
    return whole.search(text) is not None or inside.search(text) is None  # squashed alike: "ImageNet1k"


def _own_scope(sentence: str, num: Number | None = None) -> str:
    """The name a paper's sentence gives as where its values are from, or "": with ``num``, the one its clause
    holding ``num`` names first ("…, and 4.5% overall gain on HRBench [49]": HRBench, not the sentence's first,
    CV-Bench)."""
    if num is not None:
        for clause in PAPER_CLAUSE.split(sentence):
            if any(same_number(num, n) for n in extract_numbers(clause.replace(",", ""), skip_terms=True)):
                near = _own_scope(clause)
                if near:
                    return near
    for m in _PAPER_SCOPE.finditer(sentence):
        if m.group(1).lower() not in _NOT_SCOPE:
            return m.group(1)
    return ""


_EACH = re.compile(r"每一?(?:个|种|项|位|类|组|套|段|批|轮|次|张|篇|条|步)|各个|\b(?:each|every)\b", re.I)
_EACH_PAPER = re.compile(r"\b(?:each|every|per|both|all|respectively|apiece|average|averaged?)\b|/", re.I)


_PHRASE_START = re.compile(r".*[,;:()\[\]]\s*", re.S)


_TAIL_STOP = {"the", "a", "an", "of", "over", "to", "by", "on", "in", "with", "for", "at", "than", "from", "its", "their"}
_TAIL_WORD = r"\s+(?!(?:and|but|while|which|whereas)\b)[A-Za-z][\w.+-]*"  # a word after the number, not a new clause


def _paper_phrase(p: Passage, num: Number, reach: int = 60, tail: int = 0) -> str:
    """The words of the paper's sentence that lead to ``num``, from its clause's start (at most ``reach``
    characters back) through the number and its unit, and ``tail`` words after it: what the paper calls the
    value ("a hit ratio of 98.4%", "surpasses LlamaGuard by 30.2%", with a tail "a 7% higher asymptotic solve
    rate"), for a retry told how the paper states it. "" for a small whole number (the paper's words around a 2
    are seldom what the prose states) or none found."""
    if num.value < 10 and not num.decimals and not num.percent:
        return ""
    # in the sentence with its clauses' commas kept (``_listed_spans``: only thousands separators taken out)
    for text, st, e in _listed_spans(p, num):
        head = text[max(0, st - reach):st]
        m = _PHRASE_START.match(head)
        head = head[m.end():] if m else head.split(" ", 1)[-1] if st > reach else head
        if not head.strip():  # the clause opens with the number: its words come after it ("on average, 80% of
            tail = max(tail, 7)  # LLM outputs contain a semantic error")
        unit = re.match(r"\s?(?:%|×|x\b|times\b|points?\b|dB\b)", text[e:])
        e = unit.end() + e if unit else e
        after = re.compile(rf"(?:{_TAIL_WORD}){{0,{tail}}}").match(text, e) if tail else None
        words = (head + text[st:e] + (after.group(0) if after else "")).split()
        while after and words and words[-1].lower() in _TAIL_STOP:  # "… improvement over the"
            words.pop()
        return " ".join(words).rstrip(".")
    return ""


def _with_words(reason: str, p: Passage, num: Number, tail: int = 0) -> str:
    """``reason`` with the paper's own words for ``num`` (``_paper_phrase``), which the retry quotes."""
    said = _paper_phrase(p, num, tail=tail)
    return reason + (f"; the paper writes: {said}" if said else "")


def _paper_spans(p: Passage, num: Number) -> Iterator[tuple[str, int, int]]:
    plain = p.text.replace(",", "")
    for n in p.numbers:
        if same_number(num, n):
            for st, e in _number_spans(plain, n):
                yield plain, st, e


def _statement(clause: str, num: Number, spans: list[tuple[int, int]],
               sharing: list[Passage]) -> tuple[str | None, list[Passage]]:
    """The unit and the direction the clause writes next to ``num`` against the paper's sentences: a unit the
    paper never writes after that number, or a direction opposite to every sentence's that states one, fails.
    Returns (why, the sentences that agree)."""
    plain = clause.replace(",", "")
    unit = next((u for _, e in spans if (u := unit_after(plain, e))), None)
    if num.decimals and (unit in ("count", "times") or any(count_before(plain, st) for st, _ in spans)):
        return f"{num.text} counts things here, but a count has no decimals", sharing
    if unit:
        agree = [p for p in sharing if any(paper_gives_unit(t, e, unit) for t, _, e in _paper_spans(p, num))]
        if not agree:
            if unit == "count":
                return f"{num.text} counts things here, but the paper's {num.text} is no count of things", sharing
            if unit == "times":  # "总共运行了100次" for "100 examples per domain"
                return (f"{num.text} is a number of times (runs, trials) here, but the paper's {num.text} counts "
                        f"something else", sharing)
            return f"{num.text} is given in {unit} here, but the paper gives it no such unit", sharing
        sharing = agree
    elif any(points_after(plain, e) for _, e in spans):
        measures = [measure_after(t, e) for p in sharing for t, _, e in _paper_spans(p, num)]
        if measures and all(measures):  # "优于最强基准的2.3分" for "the gain is 2.3 dB"
            return f"{num.text} is given in points here, but the paper gives it in {measures[0]}", sharing
    way = direction_in(plain)
    multiple = way is None and any(speed_multiple(plain, e) for _, e in spans)
    way = "up" if multiple else way
    if way:
        lower = says_lower_better_rises(plain)
        wins = not names_lower_better(plain)  # a margin the paper "surpasses" by is a rise, unless of an error
        stated = [{direction_near(t, st, e, lower, wins) for t, st, e in _paper_spans(p, num)} - {None}
                  for p in sharing]
        if stated and all(d and way not in d for d in stated):
            if multiple:  # "需要1.3倍的采样速度" for "a 1.3 times slower sampling"
                return (f"{num.text} reads here as a speed-up (a multiple of a speed), but the paper's {num.text} "
                        f"is slower", sharing)
            opposite = "down" if way == "up" else "up"
            return (f"{num.text} goes {way} here, but the paper states it going {opposite}", sharing)
        sharing = [p for p, d in zip(sharing, stated) if way in d] + [p for p, d in zip(sharing, stated)
                                                                       if way not in d]
    return None, sharing
