"""Whom a value covers: the prose gives one value to several tasks the paper gives it one of, or to one of several
names the paper gives it over.

The bench's results call published "MONAQ 模型在分类和回归任务中分别取得了 9.1% 到 72.1% 的改进" for the
on-device search paper's "improvements over the baselines ranging from 9.1% to 72.1% in classification tasks"
(the regression range is 6.3–83.2%): a value the paper states of one task, written of two. The check here reads
the prose's coordinated task words ("分类和回归", "classification and regression") and fails a clause when every
paper sentence with the value names some of those tasks but not all; a sentence that names none of them, or a
clause that writes another value the paper states elsewhere (the other task's own), passes.

The other way round: the COVT paper's "integrating COVT into strong VLMs such as Qwen2.5-VL and LLaVA
consistently improves performance by 3% to 16%" was published (seed 23) as "在Qwen2.5-VL-7B上，…的性能提高了3%到
16%": a value the paper states over a list of names, given to one of them. ``narrowed_to_some`` fails a clause that
names some but not all of such a list (a longer name counts for its head: "Qwen2.5-VL-7B" names "Qwen2.5-VL"), when
the paper's sentence holds no other value (no "A and B reach 80% and 70%") and the list is not what the value is
compared with ("outperforms A and B by 5%").

Two more of the kind, from the seed-37 sample: a value over one thing compared here with all others ("比其他传统硬件设
备高出大约10倍" for the keyword-spotting paper's "Loihi offers a roughly 10x improvement in power efficiency" over the
Movidius NCS of its sentence, ``compared_with_all``); and a share of some things of a name given as a share of the
name ("80%的开放LLMs包含Semantic错误" for "80% of outputs of open LLMs contain a semantic error",
``share_of_the_owner``). And from seed 59: a value given to another judge ("根据人类注释为91%" for "91% according to
GPT-4", ``judged_by_another``); and from seed 61: things the paper tests on, said to train ("使用了1000个输入样本来训练" for
"a set of 1000 inputs … as an ad-hoc benchmark … for testing", ``used_for_another``). And from seed 97: the
accuracy of a tool the paper measures with, given to its method ("我们的方法在BEAT-ETrans数据集中取得了99.92%的准确率"
for "our pre-trained emotion classifier achieves 99.92% accuracy", ``of_the_instrument``).

Pure functions over text.
"""

from __future__ import annotations

import re

from .numbers import Number, extract_numbers, same_number

__all__ = ["ZH_TASKS", "squash", "given_to_more_tasks", "narrowed_to_some", "range_end_alone", "compared_with_all",
           "share_of_the_owner", "share_of_the_last", "judged_by_another", "used_for_another"]

# The Chinese task words of prose, with the English stem a paper's sentence writes for each
ZH_TASKS: dict[str, str] = {"分类": "classif", "回归": "regress", "检测": "detect", "分割": "segment", "生成": "generat",
                            "翻译": "translat", "检索": "retriev", "识别": "recogni", "预测": "predict",
                            "问答": "question"}
_EN_TASKS = {"classification": "classif", "regression": "regress", "detection": "detect", "segmentation": "segment",
             "generation": "generat", "translation": "translat", "retrieval": "retriev", "recognition": "recogni",
             "prediction": "predict", "question answering": "question"}
_NAMES = {stem: word for word, stem in _EN_TASKS.items()}  # the reason names a task in the paper's word
_ZH_WORD = "|".join(ZH_TASKS)
_EN_WORD = "|".join(_EN_TASKS)
# "分类和回归", "分类、检测与分割"; "classification and regression", "detection, segmentation and retrieval"
_ZH_PAIR = re.compile(rf"(?:{_ZH_WORD})(?:任务)?(?:\s*(?:和|与|及|以及|、)\s*(?:{_ZH_WORD})(?:任务)?)+")
_EN_PAIR = re.compile(rf"\b(?:{_EN_WORD})(?:\s*(?:,|and|&|or|as well as)\s*(?:and\s+)?(?:{_EN_WORD}))+\b", re.I)


def _stems(group: str) -> list[str]:
    zh = [stem for word, stem in ZH_TASKS.items() if word in group]
    en = [stem for word, stem in _EN_TASKS.items() if re.search(rf"\b{word}\b", group, re.I)]
    return list(dict.fromkeys(zh + en))


def given_to_more_tasks(clause: str, num: Number, sharing: list[str]) -> str | None:
    """``clause`` gives ``num`` to several coordinated tasks, and every paper sentence in ``sharing`` (those that
    state ``num``) names only some of them: the reason, else None."""
    groups = [m.group(0) for pattern in (_ZH_PAIR, _EN_PAIR) for m in pattern.finditer(clause)]
    if not groups or not sharing:
        return None
    others = [n for n in extract_numbers(clause, skip_terms=True)
              if not n.trivial and not same_number(num, n)]
    lowers = [p.lower() for p in sharing]
    if any(not any(any(same_number(o, n) for n in extract_numbers(p, skip_terms=True)) for p in sharing)
           for o in others):
        return None  # the clause writes a value of its own for another task: a pairing, judged elsewhere
    for group in groups:
        stems = _stems(group)
        if len(stems) < 2:
            continue
        named = [{s for s in stems if s in low} for low in lowers]
        if all(0 < len(n) < len(stems) for n in named):
            only = " and ".join(_NAMES[s] for s in sorted(named[0], key=stems.index))
            return f"{num.text} is the paper's value for {only} only, but this sentence gives it to {group}"
    return None


# A paper's list of names ("Qwen2.5-VL and LLaVA", "CV-Bench, MMVP, RealWorldQA, and HRBench"): each a name as
# papers print them (a capital or a digit after its first letter)
_NAME = r"[A-Za-z][A-Za-z0-9.+-]*[A-Z0-9][A-Za-z0-9.+-]*"
_LIST = re.compile(rf"\b{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+(?:and|or)\s+{_NAME}")
_ITEM = re.compile(_NAME)
_COMPARED = re.compile(r"\b(?:than|over|outperform\w*|surpass\w*|compared (?:to|with)|against|versus|vs\.?|beat\w*|"
                       r"exceed\w*|relative to)\b", re.I)
_PROSE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*")


def squash(text: str) -> str:
    """Letters and digits only, lower-cased: a name compared whatever its hyphens, spaces and case ("R2-GUARD" and
    "R2Guard", "BEAT ETrans" and "BEAT-ETrans")."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*%?\s*(?:to|–|—|-|~)\s*(\d+(?:\.\d+)?)")


def _range_pairs(text: str, num: Number, pattern: re.Pattern[str] = _RANGE) -> list[list[str]]:
    """The ranges of ``text`` (``pattern``'s matches, its groups that matched) with ``num`` at one end."""
    return [ends for m in pattern.finditer(text) if num.text in (ends := [g for g in m.groups() if g])]


def _range_of(text: str, num: Number) -> set[str]:
    """The values of ``text`` that go with ``num``: itself, and the other end of its range ("3% to 16%", "47.7–54.2%")."""
    return {num.text}.union(*_range_pairs(text, num))


# A range in a paper's sentence ("ranging from 9.1% to 72.1%", "between 3% and 16%", "47.7–54.2%"); not a name's
# digits ("Qwen2.5-7B"), and not a change ("from 37.9 to 45.2")
# ... and a plural's values "from X to Y" ("success rates from 47.7% to 54.2%", seed 53's "比47.7" cut from it), not a
# verb's ("drops from 0.312 to 0.305")
_CHANGE_VERBS = (r"drops|rises|increases|decreases|improves|grows|falls|goes|jumps|moves|changes|reduces|shifts|"
                 r"climbs|declines|boosts|raises|lowers|gains|was|is|this|its|has|as|us|plus|minus|thus|across|"
                 r"previous|various")
_PAPER_RANGE = re.compile(r"(?:\brang(?:e|es|ing)\s+(?:of\s+|from\s+)?|\bbetween\s+|\bvar(?:y|ies|ying)\s+from\s+|"
                          r"\b(?!(?:" + _CHANGE_VERBS + r")\b)[A-Za-z]{2,}s\s+from\s+)"
                          r"(\d+(?:\.\d+)?)\s*%?\s*(?:to|and|–|—|-|~)\s*"
                          r"(\d+(?:\.\d+)?)|(?<![A-Za-z\d.])(\d+(?:\.\d+)?)\s*%?\s*[–—~-]\s*(\d+(?:\.\d+)?)(?![\d.]?[A-Za-z])")
# The prose states one end as a bound ("最高达 72.1%", "至少 9.1%", "up to 72.1%")
_BOUND = re.compile(r"最高|最多|最大|高达|多达|至多|至少|最少|最低|不低于|不少于|以上|up to|at most|at least|as much as|"
                    r"as high as|as low as|from\b", re.I)


def range_end_alone(clause: str, num: Number, sharing: list[str]) -> str | None:
    """Every paper sentence in ``sharing`` states ``num`` only as one end of a range, and ``clause`` gives it alone,
    neither with the other end nor as a bound: the reason, else None. Seed 47 published "MONAQ在分类任务上比GPT-4O和
    CNNs有9.1%的提升" for "improvements over the baselines ranging from 9.1% to 72.1%"."""
    if _BOUND.search(clause):
        return None
    ends: set[str] = set()
    for text in sharing:
        pairs = _range_pairs(text, num, _PAPER_RANGE)
        if not pairs:
            return None  # a sentence states it alone
        ends |= {e for pair in pairs for e in pair if e != num.text}
    others = [n for e in ends for n in extract_numbers(e)]
    if not others or any(n.value == o.value or same_number(n, o) for n in extract_numbers(clause) for o in others):
        return None
    other = sorted(ends)[0]
    return f"{num.text} is one end of the paper's range (with {other}), but this sentence gives it as the value"


def narrowed_to_some(clause: str, num: Number, sharing: list[str]) -> str | None:
    """Every paper sentence in ``sharing`` states ``num`` (and no other value but its range's other end) over a list of
    names, and ``clause`` names some of them but not all: the reason, else None."""
    prose = {squash(t) for t in _PROSE_NAME.findall(clause)}
    why = None
    for text in sharing:
        plain = text.replace(",", " ,")
        mine = _range_of(text, num)
        if any(not n.trivial and n.text not in mine for n in extract_numbers(text, skip_terms=True)):
            return None  # other values: which name has which is the other checks' to judge
        found = None
        for m in _LIST.finditer(plain):
            if _COMPARED.search(plain[max(0, m.start() - 60):m.start()]):
                continue  # what the value is compared with
            items = [i for i in _ITEM.findall(m.group(0)) if len(squash(i)) >= 3]
            named = [i for i in items if any(p.startswith(squash(i)) for p in prose)]
            if 0 < len(named) < len(items):
                found = (named, items)
                break
        if found is None:
            return None
        named, items = found
        over = ", ".join(items[:-1]) + " and " + items[-1]
        why = why or f"{num.text} is the paper's value over {over}, but this sentence gives it to {', '.join(named)} alone"
    return why


# The prose compares with all the others ("比其他传统硬件设备高出", "优于所有基线", "than all other methods") ...
_ALL_ZH = re.compile(r"(?:比|超过了?|超越了?|优于|胜过|高于|低于|领先于?|相比于?|相较于?|对比)\s*(?:其他|其它|其余|所有|全部|现有|一切)|"
                     r"(?:与|和|跟|同)\s*(?:其他|其它|其余|所有|全部|现有)[^，。；,;]{0,16}?(?:相比|相较|比较)")
_ALL_EN = re.compile(r"\b(?:than|over|outperform\w*|surpass\w*|beat\w*|exceed\w*|compared (?:to|with))\s+"
                     r"(?:all\b|any\b|(?:the\s+)?other\b|every\b|existing\b)", re.I)
# ... and the paper's sentence compares with a group too ("surpassing leading open-source and proprietary models",
# "outperforms all baseline normalization layers", "over prior methods", "the baselines")
_GROUP_PAPER = re.compile(r"\b(?:all|other|others|existing|prior|previous|competing|leading|baselines|state-of-the-art|"
                          r"counterparts|alternatives|every|any)\b|"
                          r"\b(?:than|over|against|versus|compared (?:to|with)|outperform\w*|surpass\w*|beat\w*|exceed\w*)"
                          # "than fixed-operator methods" (a plural; not a word such as "its": "when compared with
                          # its teacher model", seed 47)
                          r"\s+(?:[\w-]+\s+){0,3}?(?!(?:its|this|his|hers|ours|yours|theirs|thus|was|has|does|"
                          r"whereas|across|plus|less)\b)[a-z-]+[a-rt-z]s\b", re.I)


_BACK = re.compile(r"\b(?:them|they|these|those|their)\b", re.I)


def compared_with_all(clause: str, num: Number, sharing: list[tuple[str, str]]) -> str | None:
    """``clause`` compares ``num`` with all the others (其他, 所有, "all other"), and no paper sentence in ``sharing``
    (those that state it, each with the sentence before it, which counts when the sentence points back to it:
    "At 120 FPS, our method outperforms them") speaks of a group: the reason, else None."""
    if not (_ALL_ZH.search(clause) or _ALL_EN.search(clause)) or not sharing:
        return None
    for text, before in sharing:
        said = text + (" " + before if _BACK.search(text) else "")
        if _GROUP_PAPER.search(re.sub(r"\ball of the\b", " ", said)):
            return None  # "all of the dynamic power consumption" is no group of compared things
    return f"{num.text} is compared here with all the others, but the paper's sentence with it compares with one thing"


def share_of_the_owner(clause: str, num: Number, sharing: list[str]) -> str | None:
    """Every paper sentence in ``sharing`` gives ``num`` as a share of some things of a name ("80% of outputs of
    open LLMs"), and ``clause`` gives it as a share of the name itself ("80%的开放LLMs包含…", not "…LLMs的输出"):
    the reason, else None."""
    why = None
    for text in sharing:
        share = rf"(?<![\d.]){re.escape(num.text)}\s*%\s+of\s+(?:the\s+)?(?:all\s+)?"
        m = re.search(share + r"([a-z][\w-]*)\s+(?:of|from|by|generated by|produced by)\s+(?:the\s+)?"
                              r"(?:[a-z-]+\s+){0,2}([A-Z][\w.+-]*)", text)  # "80% of outputs of open LLMs"
        n = re.search(share + r"([A-Z][\w.+-]*)\s+([a-z][\w-]*)", text)  # "80% of LLM outputs"
        if not (m or n):
            return None
        counted, owner = (m.group(1), m.group(2)) if m else (n.group(2), n.group(1))
        prose = re.search(rf"(?<![\d.]){re.escape(num.text)}\s*[%％]\s*的\s*[\u4e00-\u9fff]{{0,4}}\s*{re.escape(owner)}"
                          rf"(?!\s*(?:的|生成|产生|输出|所))", clause)
        if not prose:
            return None
        why = why or f"{num.text}% is a share of the {counted} of {owner} in the paper, but a share of {owner} here"
    return why


# A share of the things just named: "其中91%" ("of which 91%"), and the words with which a paper says so
_OF_WHICH_ZH = re.compile(r"其中(?:的|有)?\s*(?:约|大约|近|超过)?\s*$")
_OF_WHICH_PAPER = re.compile(r"\b(?:of (?:which|whom|them|these|those)|among (?:them|these|those|which))\b", re.I)


def share_of_the_last(clause: str, num: Number, sharing: list[str]) -> str | None:
    """``clause`` gives ``num`` as a share of what it has just named ("80%的输出包含错误，其中91%是…"), and no paper
    sentence in ``sharing`` says "of which" or "among them": seed 41 wrote that for the paper's "80% of outputs …
    contain a semantic error according to human annotators (91% according to GPT-4)". The reason, else None."""
    if not num.percent or not sharing:
        return None
    for m in re.finditer(rf"(?<![\d.]){re.escape(num.text)}\s*[%％]", clause):
        if _OF_WHICH_ZH.search(clause[:m.start()]) and not any(_OF_WHICH_PAPER.search(t) for t in sharing):
            return f"{num.text}% is given here as a share of what was just named, but the paper's {num.text}% is not"
    return None


# Who or what a value is measured by: the paper's "91% according to GPT-4" (its judge follows the value, with no
# other number or bracket between), the prose's "根据人类注释为91%" or "91%（根据 GPT-4）"
_JUDGE_PAPER = (r"[^()\d;]{0,80}?\baccording to\s+(?:the\s+)?([^();,]{1,60}?)\s*"
                r"(?=[();,]|\.(?!\d)|\band\b|\bthan\b|$)")
_JUDGE_BEFORE = re.compile(r"(?:根据|按照|依据|按|据|according to)\s*([^，。；,;（）()%]{1,20}?)\s*(?:的)?\s*"
                           r"(?:评估|评测|评价|判断|标注|统计|计算|指标)?\s*(?:结果)?\s*"
                           # "根据人类注释和GPT-4的指标，这一比例为91%" (seed 131): the value's clause refers back
                           r"(?:[，,]\s*(?:这一|这个|该|此)?\s*(?:比例|比率|数字|数值|结果)\s*)?"
                           r"(?:为|是|有|显示|达到?|，|,)?\s*(?:约|高达|达到?|超过)?\s*$", re.I)
# judges listed together ("人类注释和GPT-4")
_JUDGE_LIST = re.compile(r"和|与|及|以及|、|\band\b")
_JUDGE_AFTER = re.compile(r"\s*[%％]?\s*[（(]?\s*(?:根据|按照|依据|按|据|according to)\s*([^，。；,;（）()%]{1,20})", re.I)
# ... or "80%的输出由人类注释员或GPT-4报告为错误" (seed 79, for "80% … according to human annotators (91% according to
# GPT-4)"): a judge that reports, rates or labels what the value counts
_JUDGE_BY = re.compile(r"\s*[%％]?\s*(?:的[^，。；,;由]{0,12})?由\s*([^，。；,;（）()%]{1,20}?)\s*"
                       r"(?:报告|评估|评测|评价|评为|判断|判定|判为|标注|标记|认定|认为)")
# ... or "80%的LLM输出包含错误，这与人类注释员和GPT-4基于的指标一致" (seed 113, for "80% … according to human annotators
# and 91% according to the GPT-4-based metric"): the clause after the value's says whom it agrees with
_JUDGE_AGREES = re.compile(r"^\s*[，,]\s*(?:这|此|该结果|这一结果|这一比例|这一数字)?\s*(?:与|和|同|跟)\s*"
                           r"([^，。；,;（）()%]{1,30}?)\s*(?:的(?:评估|评价|判断|结果|标注))?\s*(?:相?一致|相符|吻合)")
_JUDGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.+]*(?:-[A-Za-z0-9.+]+)*")
_NOT_JUDGE = {"based", "like", "style", "driven", "powered", "judged", "rated", "the", "a", "an", "of", "to", "by",
              "and", "metric", "metrics", "score", "scores", "model", "annotators", "human", "humans"}


def _exact(num: Number) -> str:
    """A pattern for ``num`` as written, not inside a longer number ("91", not "191" or "91.5")."""
    return rf"(?<![\d.]){re.escape(num.text)}(?![\d.])"


def _judge_names(text: str) -> set[str]:
    """The names in a judge's words that carry a capital or a digit ("GPT-4" of "the GPT-4-based metric"),
    squashed; plain words ("human annotators") give none."""
    names = set()
    for m in _JUDGE_NAME.finditer(text):
        parts = [w for w in m.group(0).split("-") if w.lower() not in _NOT_JUDGE]
        word = "-".join(parts)
        if word and (re.search(r"[A-Z]", word) or re.search(r"\d", word)):
            names.add(squash(word))
    return names


def judged_by_another(clause: str, num: Number, sharing: list[str], rest: str = "") -> str | None:
    """Every paper sentence in ``sharing`` says who or what ``num`` is measured by ("91% according to GPT-4",
    "91% according to the GPT-4-based metric"), and ``clause`` gives it to another judge ("根据人类注释为91%",
    seed 59; the paper's human annotators found 80%): the reason, else None. Judged by their names only: a judge
    with a name of capitals or digits (GPT-4) on one side and none of its names on the other fails; two plain
    judges ("human annotators", "人类注释") are not compared. ``rest``: the prose sentence after ``clause``, whose
    next clause may say whom the value agrees with ("，这与人类注释员和GPT-4基于的指标一致", seed 113)."""
    if not sharing:
        return None
    mine = None
    for m in re.finditer(_exact(num), clause):
        after = _JUDGE_AFTER.match(clause, m.end()) or _JUDGE_BY.match(clause, m.end())
        before = _JUDGE_BEFORE.search(clause[max(0, m.start() - 30):m.start()])
        mine = (after or before).group(1) if (after or before) else None
        if mine:
            break
    agrees = None if mine else _JUDGE_AGREES.match(rest)
    mine = mine or (agrees.group(1) if agrees else None)
    if not mine:
        return None
    judges = []
    for text in sharing:
        j = re.search(_exact(num) + _JUDGE_PAPER, text)
        if not j:
            return None
        judges.append(j.group(1).strip())
    paper_names = set().union(*(_judge_names(j) for j in judges))
    prose_names = _judge_names(mine)
    if not paper_names and not prose_names:
        return None
    value = num.text + ("%" if num.percent else "")
    if any(a in b or b in a for a in prose_names for b in paper_names):
        # one of the judges listed is the paper's; another, with none of its names, is not ("根据人类注释和GPT-4的指标，
        # 这一比例为91%" for "(91% according to GPT-4)", seed 131)
        listed = [p for p in _JUDGE_LIST.split(mine) if p.strip()]
        if len(listed) > 1 and paper_names and not any(_JUDGE_LIST.search(j) for j in judges) and any(
                not any(a in b or b in a for a in _judge_names(p) for b in paper_names) for p in listed):
            return (f"{value} is measured here by {mine.strip()}, but the paper's {value} is according to "
                    f"{judges[0]} alone")
        return None
    return f"{value} is measured here by {mine.strip()}, but the paper's {value} is according to {judges[0]}"


# What counted things are for: the prose's "…来训练" right after the count; the paper's test and training words
_TRAINS_ZH = re.compile(r"^[^，。；,;]{0,16}?(?:训练|微调)")
_TESTS_PAPER = re.compile(r"\b(?:test(?:s|ing|ed)?|benchmark\w*|evaluat\w*|zero-shot)\b", re.I)
_TRAINS_PAPER = re.compile(r"\b(?:train\w*|fine-?tun\w*|learn\w*|optimi[sz]\w*|supervis\w*)\b", re.I)


def used_for_another(clause: str, num: Number, sharing: list[str]) -> str | None:
    """``clause`` says the ``num`` things it counts train a model ("我们使用了1000个输入样本来训练三个开放LLM模型",
    seed 61), and every paper sentence in ``sharing`` uses them to test or benchmark, never to train ("we collect a
    set of 1000 inputs with QUINTD and use the inputs as an ad-hoc benchmark … for testing abilities of LLMs"):
    the reason, else None."""
    if not sharing:
        return None
    for m in re.finditer(_exact(num), clause):
        if _TRAINS_ZH.search(clause[m.end():]):
            break
    else:
        return None
    if all(_TESTS_PAPER.search(t) and not _TRAINS_PAPER.search(t) for t in sharing):
        return f"{num.text} is said here to train, but the paper uses its {num.text} to test"
    return None


# A tool a paper measures with, not its method: "our pre-trained emotion classifier achieves 99.92% accuracy" (a
# tool the paper did not build for the task: pre-trained, off-the-shelf, external; a method that is a detector
# is not one)
_INSTRUMENT_PAPER = re.compile(r"\b(?:pre-?trained|off-the-shelf|external|third-party|auxiliary)\s+(?:[\w-]+\s+){0,2}?"
                               r"(?:classifiers?|detectors?|evaluators?|recogni[sz]ers?|discriminators?|judges?|"
                               r"reward models?|scorers?)\b", re.I)
_INSTRUMENT_ZH = re.compile(r"分类器|检测器|评估器|评价器|识别器|判别器|裁判|评判|标注|注释|评分|奖励模型|打分")
# the prose giving the value to the paper's own method or approach
_OWN_METHOD_ZH = re.compile(r"(?:我们|本文|该|本|所提出?)的?(?:方法|模型|框架|系统|方案)")


def of_the_instrument(clause: str, num: Number, sharing: list[str]) -> str | None:
    """Every paper sentence in ``sharing`` gives ``num`` to a tool it measures with (a classifier, a detector, an
    evaluator, a judge: "our pre-trained emotion classifier achieves 99.92% accuracy", the gesture paper's check of
    its generated emotions), and ``clause`` gives it to the paper's method, naming no such tool ("我们的方法在
    BEAT-ETrans数据集中取得了99.92%的准确率", seed 97): the reason, else None."""
    if not sharing or not _OWN_METHOD_ZH.search(clause) or _INSTRUMENT_ZH.search(clause):
        return None
    tools = [m.group(0) for t in sharing if (m := _INSTRUMENT_PAPER.search(t))]
    if len(tools) < len(sharing):
        return None
    return (f"{num.text} is the paper's {tools[0].lower()}'s, a tool it measures with, but this sentence gives it "
            f"to the method")
