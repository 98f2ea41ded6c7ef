"""What a value is bound to in its own sentence: the prose gives the paper's value to a thing the paper's sentence
gives another value of the same kind.

The seed-41 sample published "预测390维度的输出向量" for the keyword-spotting paper's "Once a frame (390 dimensions)
is provided as input to the network, it is … used to predict a 29-dimensional output vector": 390 is the input's
size, the output's is 29. It published "包含120 FPS RGB-D帧的…数据集" for the event-camera paper, whose sentences
with 120 FPS say "In the 120 FPS setting, where RGB-D data (captured at 30 FPS) are unavailable": RGB-D is 30 FPS.

``bound_to_another`` reads the names next to the value in the prose (Latin names, and a few Chinese nouns with the
English a paper writes for them) and, in each paper sentence that holds the value and names one of them, the
values of the same kind (the same unit, or both percentages or multiples) in the name's own clause. When such
sentences exist and none binds the name to the prose's value, the clause fails. A name the paper's sentences do not
write, or a clause with no value of that kind, passes.

Pure functions over text.
"""

from __future__ import annotations

import re
from typing import Iterable

from .attribution import PAPER_CLAUSE
from .numbers import Number, extract_numbers, same_number

__all__ = ["bound_to_another"]

# The kind of a value, read after it: a paper's unit words, and the prose's
_PAPER_KIND = [("%", re.compile(r"\s?%")), ("x", re.compile(r"\s?(?:×|x\b|times\b)")),
               ("fps", re.compile(r"\s?fps\b", re.I)), ("dim", re.compile(r"[\s-]?dimension", re.I)),
               ("s", re.compile(r"\s?(?:s|sec|seconds?)\b")), ("ms", re.compile(r"\s?ms\b")),
               ("h", re.compile(r"\s?(?:h|hours?)\b")), ("gb", re.compile(r"\s?GB\b"))]
_PROSE_KIND = [("%", re.compile(r"\s?[%％]")), ("x", re.compile(r"\s?(?:倍|×)")),
               ("fps", re.compile(r"\s?(?:fps|帧每秒|帧/秒)", re.I)), ("dim", re.compile(r"\s?维")), ("ms", re.compile(r"\s?(?:ms|毫秒)")), ("s", re.compile(r"\s?(?:s\b|秒)")),
               ("h", re.compile(r"\s?(?:h\b|小时)")), ("gb", re.compile(r"\s?GB"))]
# Chinese nouns a value is said of, with the English stems of a paper's sentence
_ZH_NOUNS = {"输出": ("output",), "输入": ("input",), "训练集": ("train",), "测试集": ("test",), "验证集": ("validation",),
             "隐藏层": ("hidden",), "深度图": ("depth",), "深度子任务": ("depth",), "深度估计": ("depth",)}
_UNIT_WORDS = {"fps", "gb", "mb", "ms", "db", "s", "h", "x"}
_NEAR = 8  # characters of the prose after the value's unit that name what it is of
_ATTACHED = re.compile(r"[\s度的个张帧条]{0,3}")
# attribution's clause boundaries, and a full stop before a space
_PAPER_CLAUSE = re.compile(PAPER_CLAUSE.pattern + r"|\.\s")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def _kind(text: str, end: int, kinds: list[tuple[str, re.Pattern[str]]]) -> str | None:
    return next((k for k, pattern in kinds if pattern.match(text, end)), None)


def _names_near(clause: str, start: int, end: int) -> list[tuple[str, ...]]:
    """The name the value at ``clause[start:end]`` is said of: the one right after it and its unit ("390维的输出",
    "120 FPS RGB-D帧"), a Latin one as it is, a Chinese noun as its English stems. A name before the value ("BACC 为
    78.38%", "比 RL 高出 7%") is a metric or a compared thing, which a paper writes once for several values."""
    unit = next((m for _, p in _PROSE_KIND if (m := p.match(clause, end))), None)
    if unit is None:
        return []
    after = _ATTACHED.match(clause, unit.end()).end()
    rest = clause[after:after + _NEAR]
    latin = _LATIN.match(rest)  # a name: with a capital ("RGB-D", "BPB"), not a word of English prose ("higher")
    if latin and len(latin.group(0)) > 1 and latin.group(0).lower() not in _UNIT_WORDS \
            and any(c.isupper() for c in latin.group(0)):
        return [(latin.group(0).lower(),)]
    return [stems for word, stems in _ZH_NOUNS.items() if rest.startswith(word)]


def _values(text: str, kind: str) -> list[Number]:
    """The values of ``kind`` a paper's clause states."""
    plain = text.replace(",", "")
    out = []
    for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?", plain):
        if _kind(plain, m.end(), _PAPER_KIND) == kind:
            out.append(extract_numbers(plain[m.start():m.end() + 3])[0])  # with its "%" or "×"
    return out


def _binds(sentence: str, stems: tuple[str, ...], num: Number, kind: str) -> bool | None:
    """Whether the paper's ``sentence`` binds the name (one of ``stems``) to ``num``: True when a clause naming it
    holds ``num`` as a value of ``kind``, False when the clauses naming it hold only other values of that kind,
    None when it names it in no clause with a value of that kind."""
    found = False
    for part in _PAPER_CLAUSE.split(sentence):
        lower = part.lower()
        if not any(re.search(rf"(?<![a-z0-9]){re.escape(s)}", lower) for s in stems):
            continue
        values = _values(part, kind)
        if any(same_number(num, v) for v in values):
            return True
        found = found or bool(values)
    return False if found else None


def bound_to_another(clause: str, num: Number, sharing: Iterable[str]) -> str | None:
    """The reason ``clause`` gives ``num`` to a name that every paper sentence in ``sharing`` (those stating it)
    naming it binds to another value of the same kind; else None."""
    texts = list(sharing)
    plain = clause.replace(",", "")
    for m in re.finditer(rf"(?<![\d.]){re.escape(num.text)}(?![\d])", plain):
        kind = _kind(plain, m.end(), _PROSE_KIND)
        if kind is None:
            continue
        for stems in _names_near(plain, m.start(), m.end()):
            said = [b for t in texts if (b := _binds(t, stems, num, kind)) is not None]
            if said and not any(said):
                return (f"{num.text} is given here to {stems[0]}, but the paper's sentence gives {stems[0]} another "
                        f"value")
    return None
