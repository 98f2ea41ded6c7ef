"""A bound the prose puts on a count ("最多1只杯子", "at most 2 GPUs") must bound what the paper bounds with that
number: a small number is in too many of a paper's sentences for its subject to be checked, but its counted noun
can be.

The cup-game paper (2012.00127): "the emptier selects p cups to remove up to 1 unit of water from". Nine of the
nineteen saved sample posts wrote "空壶者选择最多1只杯子" (the bound 1 moved from the water onto the cups); the
hand checks of seeds 73 and 79 listed it as wrong. Only counted nouns the table knows are judged (a noun it does
not know is not), and the paper's side reads the words right after each place it bounds the number ("up to 1 unit
of water", "at most one unbalanced round"); a paper that bounds nothing with that number is read where it writes
the number at all ("3 layers").

A plain count in digits with its classifier ("500个开发集", "在 12 个数据集上") is read the same way: seed 101's method
wrote "收集了一个包含500个开发集和500个测试集的QUINTD-1基准集" for the data-to-text paper's "contains 500 examples in
the development set and 500 examples in the test set". Only counts of ten and more are judged (a small one is written
as a word as often as in digits), only nouns the table knows, and only when the paper writes that number in digits:
one of the places it does must write the noun in the few words around it. Pure functions over text.
"""

from __future__ import annotations

import re
from typing import Iterable

from .scaled import noun_words, whole_count_words

__all__ = ["bound_unstated", "bounds_a_count", "count_unstated", "has_word_bound", "COUNTED"]

# Counted nouns of Chinese prose, with the English stems a paper writes after the number (longest first when
# matched: "词元" before "词")
COUNTED: dict[str, tuple[str, ...]] = {
    "杯": ("cup",), "处理器": ("processor",), "GPU": ("gpu",), "显卡": ("gpu",), "层": ("layer", "block"),
    "步": ("step", "iteration"), "样本": ("sample", "example", "instance"), "示例": ("example", "demonstration", "shot"),
    "例子": ("example",), "图像": ("image", "photo", "picture"), "图片": ("image", "picture", "photo"), "帧": ("frame",),
    "轮": ("round", "turn", "epoch", "iteration"), "词元": ("token",), "字符": ("character", "char"),
    "单词": ("word",), "句子": ("sentence",), "段落": ("paragraph",), "节点": ("node",), "专家": ("expert",),
    "注意力头": ("head",), "智能体": ("agent",), "代理": ("agent",), "类别": ("class", "categor"),
    "任务": ("task",), "查询": ("quer",), "候选": ("candidate",), "模型": ("model",), "文档": ("document",),
    "页": ("page",), "对象": ("object",), "物体": ("object",), "单位": ("unit",), "比特": ("bit",),
    "维": ("dimension", "dim"), "用户": ("user",), "问题": ("question", "problem", "quer"),
    "答案": ("answer",), "回答": ("answer", "response"), "视图": ("view",), "视角": ("view",),
    "相机": ("camera",), "机器人": ("robot",), "服务器": ("server",), "线程": ("thread",), "通道": ("channel",),
    "特征": ("feature",), "向量": ("vector",), "工具": ("tool",), "动作": ("action",), "数据集": ("dataset",),
    "视频": ("video",), "分支": ("branch",), "路径": ("path",), "边": ("edge",), "块": ("block", "chunk", "patch"),
    "次": ("time", "run", "trial", "attempt", "quer", "call", "iteration", "pass", "round", "step", "update"),
    "开发集": ("set", "split"), "测试集": ("set", "split"), "训练集": ("set", "split"), "验证集": ("set", "split"),
}
_NOUNS = sorted(COUNTED, key=len, reverse=True)
_ZH_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_DIGITS = {"one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10}
# "最多1只杯子", "至多两个", "最多选择1个杯子" (two characters between the bound and the number), "不超过 8 块 GPU"
_CLASSIFIER = r"(?:个|只|张|名|台|块|条|份|项|位|种|篇|段|组|对|颗|枚|套)"  # "3个", "8块", "1只"
_ZH_BOUND = re.compile(r"(?:最多|至多|不超过|不多于|不大于|上限为?)[\u4e00-\u9fff]{0,2}?\s*(\d+|[一两二三四五六七八九十])\s*"
                       rf"{_CLASSIFIER}?\s*")
_EN_WORDS = "|".join(sorted(_EN_DIGITS, key=len, reverse=True))
_EN_BOUND = re.compile(rf"\b(?:up to|at most|no more than|not more than|(?:a )?maximum of)\s+(\d+|{_EN_WORDS})\b\s*"
                       r"((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)?", re.I)
# the paper's bounds: also "≤ 1", "fewer than", "as many as"
_PAPER_BOUND = re.compile(rf"(?:\b(?:up to|at most|no more than|not more than|(?:a )?maximum of|fewer than|"
                          rf"as many as|bounded by)|≤|<=)\s*(\d+|{_EN_WORDS})\b(?![.,]\d)", re.I)
_SKIP = {"of", "distinct", "additional", "more", "extra", "different", "the", "a"}
# what follows a ratio or a difference, not a counted noun ("up to 10 times faster" for the paper's "up to 10×")
_NO_COUNT = {"times", "time", "fold", "points", "point", "pts", "percent", "percentage", "pp", "x"}


def has_word_bound(text: str) -> bool:
    """Whether a paper sentence bounds a count written as a word ("at most one unbalanced round"): such a
    sentence holds no digit, and the check reads it too."""
    return any(not m.group(1).isdigit() for m in _PAPER_BOUND.finditer(text))


def _value(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else _ZH_DIGITS.get(token) or _EN_DIGITS[token]


def _words_after(text: str, at: int) -> list[str]:
    words = (w.strip(",.;:()[]") for w in noun_words(text[at:at + 60]).split())
    return [w for w in words if w and w not in _SKIP]


def _paper_nouns(texts: list[str], value: int) -> tuple[bool, list[list[str]]]:
    """The words after each place the paper bounds ``value`` (and True); where it bounds nothing with it, after
    each place it writes it in digits (and False)."""
    bounded = [_words_after(t, m.end()) for t in texts for m in _PAPER_BOUND.finditer(t) if _value(m.group(1)) == value]
    if bounded:
        return True, bounded
    plain = re.compile(rf"(?<![\d.,]){value}(?![\d.,]\d|\d)")
    return False, [_words_after(t, m.end()) for t in texts for m in plain.finditer(t)]


def bound_unstated(clause: str, sentences: Iterable[str]) -> str | None:
    """Why a bound on a count in ``clause`` ("最多1只杯子") is not one the paper puts on that number's noun, or
    None (also when the counted noun is not one the table knows)."""
    texts = list(sentences)
    for value, noun, stems in _bounded_counts(clause):
        bounded, nouns = _paper_nouns(texts, value)
        if any(w.startswith(stem) for words in nouns for w in words for stem in stems):
            continue
        on = next((words[0] for words in nouns if words), "")
        if not on:
            return f"{value} bounds {noun} here, but the paper never counts {noun} with {value}"
        return (f"{value} bounds {noun} here, but the paper's bound of {value} is on {on}" if bounded
                else f"{value} bounds {noun} here, but the paper's {value} counts {on}")
    return None


def _bounded_counts(clause: str) -> Iterable[tuple[int, str, tuple[str, ...]]]:
    """(number, counted noun, the noun's English stems) of each bound on a count the clause writes."""
    for m in _ZH_BOUND.finditer(clause):
        rest = clause[m.end():]
        noun = next((n for n in _NOUNS if rest.startswith(n)), None)
        if noun is None:  # "最多1步" writes its noun as the classifier's place
            noun = next((n for n in _NOUNS if clause[m.end() - 1:].startswith(n) and len(n) == 1), None)
        if noun is not None:
            yield _value(m.group(1)), noun, COUNTED[noun]
    for m in _EN_BOUND.finditer(clause):
        words = [w.lower() for w in (m.group(2) or "").split() if w.lower() not in _SKIP]
        if words and words[0] not in _NO_COUNT:  # the head noun, less a plural's s ("2 GPUs", "1 unit of water")
            head = words[0].rstrip("s") if len(words[0]) > 3 else words[0]
            yield _value(m.group(1)), words[0], (head,)


# "we use up to 64 GPU workers": "up to" bounds a count of things there (a whole number, then a plural noun, one
# name between), not a gain ("by up to 5%", "speedups of up to 3.2×", "up to 3 points")
_BARE_UP_TO = re.compile(r"(?<!\bby )(?<!\bof )\bup to\s*$", re.I)
_COUNTED_AFTER = re.compile(r"^\s+(?:[A-Z][\w-]*\s+)?(?!points\b|pts\b|times\b)[A-Za-z]{2,}s\b")


def bounds_a_count(before: str, number: str, after: str) -> bool:
    """Whether a paper's "up to" (ending ``before``) bounds a count (``number``, then ``after``) rather than a gain."""
    return bool(_BARE_UP_TO.search(before) and number.isdigit() and _COUNTED_AFTER.match(after))


# a count of ten or more in digits, its classifier, then what it counts ("500个开发集", "1,000 个样本")
_ZH_COUNT = re.compile(rf"(?<![\d.,%A-Za-z])(\d{{2,}}|\d{{1,3}}(?:,\d{{3}})+)\s*{_CLASSIFIER}\s*")
_WORDS = re.compile(r"[a-z][a-z-]+")


def count_unstated(clause: str, sentences: Iterable[str]) -> str | None:
    """Why a count of ten or more in ``clause`` ("500个开发集") counts a noun the paper never counts with that
    number, or None (also when the noun is not in the table, or the paper never writes the number in digits)."""
    texts = list(sentences)
    for m in _ZH_COUNT.finditer(clause):
        value = int(m.group(1).replace(",", ""))
        noun = next((n for n in _NOUNS if clause[m.end():].startswith(n)), None)
        if noun is None:
            continue
        around = [w for t in texts for w in whole_count_words(t, value)]
        if not around:
            continue
        stems = COUNTED[noun]
        if any(w.startswith(stem) for a in around for w in _WORDS.findall(a) for stem in stems):
            continue
        counted = next((w for a in around for w in _WORDS.findall(a)[:1]), None)
        if counted is None:
            return f"{value} counts {noun} here, but the paper never counts {noun} with {value}"
        return f"{value} counts {noun} here, but the paper's {value} counts {counted}"
    return None
