"""Comparisons in words: the prose says one thing beats a named other ("比 Loihi 快", "优于GPT-3.5", "faster than
Loihi"), often with no number for the evidence check to read. The named other must be one the paper compares with.

Seed 127's keyword-spotting results wrote "…准确率达到 93.8%，仿真和实际运行速度都比 Loihi 快" for "achieving a test
classification accuracy of 93.8% both in simulation and when running on Loihi": no sentence of the paper compares
anything with Loihi, Loihi is the chip it praises. Over the saved samples the same shape gave "Llama-2、Mistral和Zephyr
分别优于GPT-3.5" (GPT-3.5 made the fewest errors), "Llama-3.1-8B模型则比GPT-OSS-120B快两倍" (the paper: "matches GPT-
OSS-120B"), "比其他 VLMs 3% 到 16%" (the gain of COVT inside a VLM, over no other VLM).

A name is *compared with* in the paper when it comes in the few words after a comparing word ("surpasses LlamaGuard",
"outperforming strong baselines, such as TinyTNAS", "than the No Guide variant", "compared to SFT") or in a list of
baselines ("… guardrail models as baselines: (1) … OpenAI Mod [31]"). Where the prose
makes the name the winner ("性能不如Loihi", "比 X 慢") the paper may instead write it before the comparing word
("Loihi is more power efficient … than alternative hardware devices"). And a clause whose own subject the paper puts
before a comparison with others in general ("Loihi … than alternative hardware devices" for "Loihi…优于CPU、GPU")
passes: the paper compares its subject with the field, the list is the prose's. A class of others ("比现有的
RGB-DE方法", "other VLMs") passes where the paper compares with others in general at all. Only names are read
(a capital or a digit: "LlamaGuard", "GPT-4o", "RL"); "比基线更好" names nothing checkable. Pure functions over text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paperbrief.records import CheckResult

from .passages import _sentences
from .phrasing import _strings
from .verdict import Reasons, verdict

if TYPE_CHECKING:  # checks.py runs this check: importing it here would be a cycle
    from .checks import CheckContext

__all__ = ["PaperComparisons", "compared_names", "backed", "rivals_as_scope", "check_comparisons"]

_NAME = r"([A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9+]|[A-Z])"
_OTHERS_ZH = r"(现有的?|其他的?|以往的?|已有的?|所有的?|传统的?|之前的?)?"
# a class named by its example: "比现有的基准测试（如GPT-4）", "比现有的基准（如GPT-3.5）更好" (seeds 113, 79)
_EXAMPLE_ZH = r"([\u4e00-\u9fff]{1,6}\s*[（(]\s*(?:如|例如|比如|包括)\s*)?"
# the prose's comparisons: the named other is the loser ("优于 X", "比 X 快") or may be the winner ("不如 X", "比 X 慢";
# "比 X 低" and "低于 X" too: lower is better for an error)
_WINS_ZH = re.compile(r"((?<![相对类无好])比|优于|超过了?|超越了?|胜过|快于|强于|好于|领先于?|击败了?|打败了?|高于|低于|慢于|弱于|差于|逊于|逊色于|"
                      r"不如|落后于?)\s*" + _OTHERS_ZH + r"\s*" + _EXAMPLE_ZH + _NAME)
# "与 X 相比" is not read: it says no direction, and the samples' were mostly right comparisons a paper makes in its
# tables only (GenPRM "与Math-Shepherd-PRM-7B相比", six times; "与CausVid相比")
_LOSES_AFTER_ZH = re.compile(r"^[^，。；,;]{0,12}?(?:更|还|都|要)?\s*(?:慢|差|弱|逊|少|低|落后|不如)")
_LOSES_ZH = {"低于", "慢于", "弱于", "差于", "逊于", "逊色于", "不如", "落后", "落后于"}
_WINS_EN = re.compile(r"\b(?:(slower|worse|weaker|lower|less\s+\w+)\s+than|(?<!rather )(?<!other )than|"
                      r"outperform(?:s|ed|ing)?|"
                      r"surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?|"
                      r"(underperform(?:s|ed|ing)?|trail(?:s|ed|ing)?|lag(?:s|ged|ging)? behind))\s+(?:the\s+)?"
                      r"((?:other|existing|prior|previous|all)\s+)?" + _NAME)
# the paper's comparing words, with what may come between one and the compared name
_CUE = re.compile(r"\b(?:than|over|outperform\w*|surpass\w*|beat(?:s|ing)?|exceed\w*|versus|vs\.|against|outpac\w*|"
                  r"compar\w*(?:\s+[\w-]+){0,3}?\s+(?:to|with|against)|relative to|superior to|inferior to|above|below|"
                  r"ahead of|behind)\s", re.I)
_AFTER_REACH, _BEFORE_REACH = 90, 110
# a sentence that lists the baselines: its names after the words are all compared with ("We consider four types of
# strong guardrail models as baselines: (1) industry guardrail APIs from Detoxify [2], …, and OpenAI Mod [31], …")
_BASELINES = re.compile(r"\bas\s+(?:[\w-]+\s+)?baselines?\b|"
                        r"\bbaselines?\s*(?::|\(|,?\s*(?:include|including|such as)\b)", re.I)
# a compared name with its own value in brackets: "outperforms … such as Gemini-2.5-Flash-Thinking (72.7%), and …
# Qwen3-Omni (72.08%)"; and the prose's scope "在 … 上" holding one ("OmniAgent在 Gemini-2.5-Flash-Think（72.7%）和
# Qwen3-Omni（72.08%）等模型上取得了令人瞩目的准确率", seeds 109 and 113: the rivals' values as where it scored)
_RIVAL_VALUE = re.compile(r"([A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9+])\s*[(（]\s*(\d+(?:\.\d+)?)")
_RIVAL_REACH = 220
_SCOPE_ZH = re.compile(r"在\s*([^，。；,;在]{1,90}?)上")
_PAPER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9+]|[A-Z]")
# a comparison with others in general ("than alternative hardware devices", "over all baselines")
_GENERAL = re.compile(r"^\s*(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?(?:other|alternative|existing|all|prior|previous|"
                      r"competing|conventional|baselines?|state-of-the-art|sota|standard)\b", re.I)
_ROLES_ZH = re.compile(r"[，。；;！？]")


def _key(name: str) -> str:
    return name.lower().replace("-", "").rstrip(".")


def _is_name(name: str) -> bool:
    """A name the check can read: two characters or more, with a capital or a digit ("RL", "GPT-4o")."""
    return len(name) >= 2 and bool(re.search(r"[A-Z0-9]", name))


@dataclass
class PaperComparisons:
    """The names a paper compares with (after a comparing word), the names it writes before one (as the winner),
    and the names it writes before a comparison with others in general."""

    after: set[str] = field(default_factory=set)
    before: set[str] = field(default_factory=set)
    over_others: set[str] = field(default_factory=set)
    in_general: bool = False  # whether it compares with others in general at all
    rival_values: dict[str, set[str]] = field(default_factory=dict)  # a value -> the compared names it is given to

    @classmethod
    def of(cls, source_text: str) -> "PaperComparisons":
        out = cls()
        text = re.sub(r"\s+", " ", source_text)
        for _, sentence in _sentences(text):
            if m := _BASELINES.search(sentence):
                out.after.update(_key(n) for n in _PAPER_NAME.findall(sentence[m.end():m.end() + 400]))
            for m in _CUE.finditer(sentence):
                ahead = sentence[m.end():m.end() + _AFTER_REACH]
                behind = sentence[max(0, m.start() - _BEFORE_REACH):m.start()]
                out.after.update(_key(n) for n in _PAPER_NAME.findall(ahead))
                for r in _RIVAL_VALUE.finditer(sentence[m.end():m.end() + _RIVAL_REACH]):
                    out.rival_values.setdefault(r.group(2), set()).add(_key(r.group(1)))
                names = {_key(n) for n in _PAPER_NAME.findall(behind)}
                out.before.update(names)
                if _GENERAL.match(ahead):
                    out.over_others.update(names)
                    out.in_general = True
        return out


@dataclass(frozen=True)
class Compared:
    """A comparison of the prose: the words, the named other, whether the prose makes it the winner, the names
    the clause writes before the comparison (its subject), and whether the name stands for a class of others
    ("现有的PRMs", "other VLMs")."""

    words: str
    name: str
    other_wins: bool
    subjects: tuple[str, ...]
    a_class: bool = False


def compared_names(text: str) -> list[Compared]:
    """The comparisons of ``text`` with a named other (Chinese and English forms)."""
    out: list[Compared] = []
    for m in _WINS_ZH.finditer(text):
        name = m.group(4)
        if not _is_name(name):
            continue
        loses = m.group(1) in _LOSES_ZH or (m.group(1) == "比" and bool(_LOSES_AFTER_ZH.match(text[m.end():])))
        out.append(Compared(m.group(0), name, loses, _clause_names(text, m.start()),
                            bool(m.group(2) and not m.group(3))))
    for m in _WINS_EN.finditer(text):
        name = m.group(4)
        if not _is_name(name) or name in {"I", "We", "It"}:
            continue
        out.append(Compared(m.group(0), name, bool(m.group(1) or m.group(2)), _clause_names(text, m.start()),
                            bool(m.group(3))))
    return out


def _clause_names(text: str, at: int) -> tuple[str, ...]:
    """The names the clause ending at ``at`` writes (its subject, when it has one: "Loihi在能耗成本…上的性能")."""
    start = max((m.end() for m in _ROLES_ZH.finditer(text, 0, at)), default=0)
    return tuple(n for n in _PAPER_NAME.findall(text[start:at]) if _is_name(n))


def backed(c: Compared, paper: PaperComparisons) -> bool:
    """Whether the paper makes the comparison ``c``: compares with its named other (or writes it before a comparing
    word, where the prose makes it the winner), compares the clause's subject with others in general, or, for a
    class of others, compares with others in general at all."""
    key = _key(c.name)
    return (key in paper.after or (c.other_wins and key in paper.before)
            or any(_key(s) in paper.over_others for s in c.subjects) or (c.a_class and paper.in_general))



def rivals_as_scope(text: str, paper: PaperComparisons) -> list[str]:
    """The names with a bracketed value that ``text`` writes as where a result was had ("在 X（72.7%）…上"), where the
    paper gives that value to X as a name it compares with."""
    out = []
    for scope in _SCOPE_ZH.finditer(text):
        for r in _RIVAL_VALUE.finditer(scope.group(1)):
            key, rivals = _key(r.group(1)), paper.rival_values.get(r.group(2), set())
            if any(len(key) >= 4 and (k.startswith(key) or key.startswith(k)) for k in rivals):
                out.append(f"{r.group(1)}（{r.group(2)}")
    return out


def check_comparisons(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """No field compares with a name the paper never compares with, nor puts a compared name with its value as
    the place of a result."""
    reasons: Reasons = {}
    checked = 0
    for f, text in _strings(values):
        if f in reasons:
            continue
        if rivals := rivals_as_scope(text, ctx.comparisons):
            reasons[f] = (f"puts {rivals[0]}）, a model the paper compares with and its own value, as where the result "
                          "was had ('在…上'): write what the paper's method scored, and over whom")
            continue
        found = compared_names(text)
        checked += len(found)
        if not found:
            continue
        wrong = [c for c in found if not backed(c, ctx.comparisons)]
        if wrong:
            c = wrong[0]
            reasons[f] = (f"compares with {c.name} ('{c.words}'), but the paper never compares anything with "
                          f"{c.name} that way: write only the comparisons the paper makes")
    return verdict("comparisons", reasons, f"{checked} comparisons with a name, each one the paper makes")
