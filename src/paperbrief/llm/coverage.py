"""Whom a value covers: the prose gives one value to several tasks the paper gives it one of.

The bench's results call published "MONAQ 模型在分类和回归任务中分别取得了 9.1% 到 72.1% 的改进" for the
on-device search paper's "improvements over the baselines ranging from 9.1% to 72.1% in classification tasks"
(the regression range is 6.3–83.2%): a value the paper states of one task, written of two. The check here reads
the prose's coordinated task words ("分类和回归", "classification and regression") and fails a clause when every
paper sentence with the value names some of those tasks but not all; a sentence that names none of them, or a
clause that writes another value the paper states elsewhere (the other task's own), passes.

Pure functions over text.
"""

from __future__ import annotations

import re

from .numbers import Number, extract_numbers, same_number

__all__ = ["ZH_TASKS", "given_to_more_tasks"]

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
