"""What a comparison is against: the prose's compared thing against the paper's.

A paper's sentence can name two things around one difference: the one it is over ("over the anti-optimal") and
the one it is measured relative to ("(relative to the balanced baseline)"). The bench's zh run published "最优混合比
平衡基线获得 31% BPB 的提升" for the data-mixture paper's "the optimal mixture obtains a 31% BPB improvement
(relative to the balanced baseline) over the anti-optimal": the prose compares with the reference, not with what
the paper's gain is over. The check here fails such a clause; it judges only what it can read (the compared
thing's words in English, or the Chinese words of ``_ZH_TARGETS``) and passes anything else.
"""

from __future__ import annotations

import re
from typing import Iterable

from .numbers import Number, extract_numbers, same_number

# The prose's compared thing: after 比/相对于/较/相比于/超过/优于 (zh) or over/than/compared to (en), up to the verb
# ... a list of them included ("比 BatchNorm、InstanceNorm 和 LayerNorm 高 1%")
_PROSE_TARGET_ZH = re.compile(r"(?:相对于|相比于|相较于|比起|超过了?|超越了?|优于|胜过|较(?!为|好|高|低|大|小|多|少)|比(?!较|例|率|值|特))\s*(?:(?:现有|已有|传统|其他|其它|以往|先前)的)?"
                              r"([^，。；、,;（(]{1,16}?(?:\s*(?:、|和|及|以及|与)\s*[^，。；、,;（(]{1,16}?)*)"
                              r"(?=在|获得|取得|实现|达到|提高|提升|高出|低|高|多|少|快|慢|更|降低|减少|有|的|，|。|[（(]|\s*\d|$)")
# "与 X 相比", and a difference between two ("SGS 与 No Guide 的累积解决率差异为 7%": a result call at seed 47 gave
# the paper's 7% over the RL baseline to an ablation)
_WITH_ZH = re.compile(r"(?:与|和|跟)\s*([^，。；、,;（(与和跟]{1,16}?)\s*(?:相比|相较|比较|"
                      r"(?:之间)?(?:的)?[\u4e00-\u9fff]{0,8}?(?:差异|差距|差别|之差))")
_PROSE_TARGET_EN = re.compile(r"\b(?:over|than|compared (?:to|with)|relative to|outperform\w*|surpass\w*)\s+"
                              r"((?:the\s+)?[A-Za-z][\w.+-]*(?:\s+[A-Za-z][\w.+-]*){0,3})", re.I)
# Chinese words of a compared thing, with the English stems a paper would write for them
_ZH_TARGETS: dict[str, tuple[str, ...]] = {
    "基线": ("baseline",), "基准": ("baseline", "benchmark"), "平衡": ("balanc",), "最优": ("optimal", "best"),
    "反最优": ("anti-optimal",), "最差": ("worst",), "随机": ("random",), "均匀": ("uniform",),
    "教师": ("teacher",), "人类": ("human",), "默认": ("default",), "原始": ("original",), "监督": ("supervis",),
    "强化学习": ("rl", "reinforcement"), "全参数": ("full",), "微调": ("fine-tun", "finetun"),
    "并行": ("parallel",), "采样": ("sampl",),
}
_EN_STOP = {"the", "a", "an", "all", "other", "prior", "existing", "our", "its", "their", "model", "models",
            "method", "methods", "on", "in", "by", "of", "and", "with", "at", "for", "to", "alone", "only"}
# In a paper's clause: what the difference is over, and what it is measured relative to
_OVER = re.compile(r"\b(?:over|than|against|versus|vs\.?|compared (?:to|with)|outperform\w*|surpass\w*|beat\w*|"
                   r"exceed\w*)\s+((?:the\s+)?[A-Za-z][\w.+-]*(?:\s+[A-Za-z][\w.+-]*){0,2})", re.I)
_RELATIVE = re.compile(r"\b(?:relative to|with respect to|normali[sz]ed (?:to|by)|w\.r\.t\.)\s+"
                       r"((?:the\s+)?[A-Za-z][\w.+-]*(?:\s+[A-Za-z][\w.+-]*){0,2})", re.I)
# The clauses of a prose sentence, and of a paper's sentence (the evidence check splits them the same way)
# (a comma between digits, "5,000", is a thousands separator, not a clause's end)
PROSE_CLAUSE = re.compile(r"[。！？；;，!?]|(?<!\d),|,(?!\d{3}(?!\d))|\.(?=\s|$)")
PAPER_CLAUSE = re.compile(r"[,;:]\s|\s[–—]\s")
_BRACKETS = re.compile(r"\([^()]*\)")


def _stems(target: str) -> list[tuple[str, ...]]:
    """The stems of a prose target: its Chinese words the table knows (the longest first, "反最优" before "最优"),
    and its Latin words."""
    stems: list[tuple[str, ...]] = []
    rest = target
    for word in sorted(_ZH_TARGETS, key=len, reverse=True):
        if word in rest:
            stems.append(_ZH_TARGETS[word])
            rest = rest.replace(word, " ")
    stems += [(w.lower(),) for w in re.findall(r"[A-Za-z][\w.+-]*[A-Za-z0-9+]", rest) if w.lower() not in _EN_STOP]
    return stems


def _holds(text: str, stems: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<![a-z]){re.escape(s)}", low) for s in stems)


def prose_targets(clause: str) -> list[list[tuple[str, ...]]]:
    """The compared things a prose clause names, each as its stems (only those with any)."""
    found = [m.group(1) for m in _PROSE_TARGET_ZH.finditer(clause)] + \
            [m.group(1) for m in _WITH_ZH.finditer(clause)] + \
            [m.group(1) for m in _PROSE_TARGET_EN.finditer(clause)]
    return [s for t in found if (s := _stems(t))]


def _roles(clause: str) -> tuple[list[str], list[str]]:
    """(what the paper's clause says its difference is over, what it measures it relative to). A bracket's
    "relative to" is a reference; "over"/"than" outside brackets is the compared thing."""
    outside = _BRACKETS.sub(" ", clause)
    over = [m.group(1).rstrip(".") for m in _OVER.finditer(outside)]
    relative = [m.group(1).rstrip(".") for m in _RELATIVE.finditer(clause)]
    return over, relative


def with_lead(sentence: str, clause: str) -> str:
    """The clause with the clauses before it in its sentence that hold no number ("与平衡基线相比，最优混合获得
    31% 的提升": the compared thing leads)."""
    parts = [p for p in PROSE_CLAUSE.split(sentence) if p.strip()]
    if clause not in parts:
        return clause
    i = parts.index(clause)
    while i > 0 and not any(not n.trivial for n in extract_numbers(parts[i - 1], skip_terms=True)):
        i -= 1
    return "，".join(parts[i:parts.index(clause) + 1])


def compared_with_reference(clause: str, num: Number, paper_texts: Iterable[str], sentence: str = "") -> str | None:
    """The clause compares ``num`` with a thing that every paper sentence holding it names only as the reference
    of the difference ("relative to the balanced baseline"), while the difference is over something else ("over
    the anti-optimal")."""
    targets = prose_targets(with_lead(sentence, clause) if sentence else clause)
    if not targets:
        return None
    why = None
    for text in paper_texts:
        plain = text.replace(",", "")
        held = [c for c in PAPER_CLAUSE.split(text)
                if any(same_number(num, n) for n in extract_numbers(c.replace(",", ""), skip_terms=True))] \
            or [plain]
        for c in held:
            over, relative = _roles(c)
            if not over or not relative:
                return None  # a sentence that names one role only: nothing to confuse
            for stems in targets:
                if any(all(_holds(o, alts) for alts in stems) for o in over):
                    return None  # the prose names what the paper's difference is over
                if any(all(_holds(r, alts) for alts in stems) for r in relative):
                    why = why or (f"{num.text} is over {over[0]} in the paper, and only measured relative to "
                                  f"{relative[0]}; this sentence compares it with the latter")
    return why


_PROSE_BRACKETS = re.compile(r"[（(][^（）()]*[)）]")
# "achieving a 7% higher asymptotic solve rate than RL alone": the difference is over that one thing only
_ALONE = re.compile(r"\b(?:than|over|compared (?:to|with)|relative to)\s+((?:the\s+)?[A-Za-z][\w.+-]*"
                    r"(?:\s+[A-Za-z][\w.+-]*){0,2}?)\s+(?:alone|only)\b", re.I)


def compared_beyond_alone(clause: str, num: Number, paper_texts: Iterable[str], sentence: str = "") -> str | None:
    """A paper sentence holding ``num`` says it is over one thing alone ("outperforms RL and parallel sampling
    baselines, achieving a 7% higher asymptotic solve rate than RL alone"), the clause (or the clauses leading to
    it, when it names none) compares it with more ("SGS 的解率比 RL 和并行采样基准高出 7%", seed-23 zh run), and no
    other sentence holding ``num`` names all that the clause compares it with."""
    bare = _PROSE_BRACKETS.sub(" ", clause)  # "（相对于平衡基线）": a reference, not a compared thing
    targets = prose_targets(bare) or (prose_targets(_PROSE_BRACKETS.sub(" ", with_lead(sentence, clause)))
                                      if sentence else [])
    if not targets:
        return None
    only, others = None, []
    for text in paper_texts:
        plain = text.replace(",", "")
        at = [st for n in extract_numbers(plain, skip_terms=True) if same_number(num, n)
              for st in [plain.find(n.text)] if st >= 0]
        alone = [m.group(1) for m in _ALONE.finditer(plain) if any(0 <= m.start() - st <= 120 for st in at)]
        if alone:
            only = only or alone[0]
        else:
            others.append(plain)
    if only is None:
        return None  # no sentence restricts the difference to one thing
    for stems in targets:
        if all(_holds(only, alts) for alts in stems):
            continue
        if not any(all(_holds(t, alts) for alts in stems) for t in others):
            return f"{num.text} is over {only} alone in the paper, but this sentence compares it with more"
    return None


# "超过了领先开源和封闭源模型的10%到20%准确度": after a word of beating, "X 的 NUM" gives NUM to X as its value
_THEIRS = re.compile(r"(?:超过|超越|超出|优于|胜过|领先于?|高于|低于|好于|强于)了?\s*([^，。；,;]{1,30}?)\s*的\s*(?:约|近)?\s*$")


def difference_as_theirs(clause: str, num: Number, spans: list[tuple[int, int]]) -> str | None:
    """The clause says one beats another and then writes the number as the other's ("超过 X 的 10%"). Called where
    the paper states the number as a difference only ("surpassing X by margins of 10% - 20%"): a reader takes it
    for X's value."""
    for start, _ in spans:
        m = _THEIRS.search(clause[:start])
        if m:
            return f"{num.text} reads here as {m.group(1).strip()}'s value, but the paper's {num.text} is the difference"
    return None


# compared things that name no one ("its peers", "基线"): any comparison of the paper's sentence is theirs
_GENERIC_TARGETS = {"peers", "others", "competitors", "rivals", "counterparts", "alternatives", "approaches",
                    "works", "baseline", "baselines", "existing", "prior", "previous", "competing", "sota",
                    "state-of-the-art", "benchmark"}
_ANY_COMPARISON = re.compile(r"\b(?:than|over|above|below|against|versus|vs\.?|compared|relative|outperform\w*|"
                             r"surpass\w*|beat\w*|exceed\w*|improv\w*|better|worse|gains?|best)\b", re.I)


# A sentence by which the paper names its baseline ("Qwen2.5-VL-7B [3] is selected as the main baseline").
BASELINE_SENTENCE = re.compile(r"\b(?:is|are|was|were|as)\s+(?:the|our)\s+(?:main\s+|primary\s+|base\s+)?baselines?\b|"
                               r"\b(?:the|our)\s+(?:main\s+|primary\s+)?baselines?\s*(?:model\s*)?[(,:]?\s*(?-i:[A-Z])",
                               re.I)


# The compared thing is named as absent at that setting: "where RGB-D data (captured at 30 FPS) are unavailable"
_ABSENT = re.compile(r"\b(?:unavailable|not available|cannot be (?:run|evaluated|applied|used)|not applicable|"
                     r"(?:is|are) not (?:run|evaluated|applicable|supported))\b", re.I)


def names_its_own_target(sentence: str) -> bool:
    """Whether a paper's sentence names what its difference is over, not only a generic one ("over TMA" does,
    "over the baselines" and "than all other methods" do not)."""
    for m in _OVER.finditer(_BRACKETS.sub(" ", sentence)):
        words = [w for w in m.group(1).lower().rstrip(".").split() if w not in _EN_STOP]
        if words and words[0] not in _GENERIC_TARGETS and words[0] not in _PRONOUNS:
            return True
    return False


_PRONOUNS = {"them", "it", "they", "these", "those", "this", "that", "both", "each", "either", "theirs"}


def compared_unstated(clause: str, num: Number, papers: Iterable[tuple[str, str]], sentence: str = "",
                      baselines: Iterable[str] = ()) -> str | None:
    """The clause compares with a thing it names ("我们的方法在120 FPS下比RGB-Depth方法更准确") and cites ``num``,
    but no paper sentence holding ``num`` (nor the sentence before it) names that thing: the comparison is not
    one the paper makes at that number. The tracking paper compares with RGB-D methods at 30 FPS only; at 120
    FPS they "cannot be evaluated". ``papers`` are (sentence, the sentence before it) pairs; a compared thing
    is judged only by what can be read (Latin words, the Chinese words of ``_ZH_TARGETS``). A thing the paper
    names as its baseline in ``baselines`` (sentences of ``BASELINE_SENTENCE``) counts where the paper's sentence
    compares with no name ("COVT improves by 5.5% on CV-Bench", its baseline Qwen2.5-VL-7B)."""
    targets = prose_targets(with_lead(sentence, clause) if sentence else clause)
    if not targets:
        return None
    # the sentence before counts unless it is about another setting of the number's unit ("… at 30 fps, where
    # RGB-D data are available" before a sentence about 120 FPS)
    at = clause.find(num.text)
    unit = re.match(r"\s*([A-Za-z]{2,})(?![A-Za-z])", clause[at + len(num.text):]) if at >= 0 else None

    def other_setting(text: str) -> bool:
        values = re.findall(rf"(\d+(?:\.\d+)?)\s*{re.escape(unit.group(1))}(?![A-Za-z])", text, re.I) if unit else []
        return bool(values) and num.text not in values

    # ... and only when the sentence holding the number compares ("Event6D provides … ground truth at 120 FPS" does
    # not make "the RGB-D camera … are hardware-triggered" before it a comparison)
    papers = list(papers)
    texts = [t for text, before in papers for t in (text, before)]
    # ... and names no compared thing of its own ("improves score by almost 1% over TMA": the sentence before,
    # which names LayerNorm, does not make the 1% a gain over LayerNorm)
    naming_texts = [t for text, before in papers
                    for t in ([text, before] if _ANY_COMPARISON.search(text) and not other_setting(before)
                              and not names_its_own_target(text) else [text])]
    for stems in targets:
        if all(alts[0] in _GENERIC_TARGETS for alts in stems):
            # "than its peers", "优于基线": any comparison the paper's sentence makes ("1.2 points above LoRA")
            if not any(_ANY_COMPARISON.search(t) for t in texts):
                return f"{num.text} is compared here with others, but no sentence of the paper with {num.text} compares"
            continue
        # a sentence that names the thing as absent there ("where RGB-D data … are unavailable") does not compare
        naming = [t for t in naming_texts if any(_holds(t, alts) for alts in stems)]
        if not [t for t in naming if not _ABSENT.search(t)]:
            if naming:
                name = "/".join(alts[0] for alts in stems)
                return (f"{num.text} is compared here with {name}, but the paper's sentence with {num.text} says it "
                        f"is not there")
            if any(_holds(b, alts) for b in baselines for alts in stems) and any(_ANY_COMPARISON.search(t) for t in texts):
                continue
            name = "/".join(alts[0] for alts in stems)
            return f"{num.text} is compared here with {name}, but no sentence of the paper with {num.text} names it"
    return None
