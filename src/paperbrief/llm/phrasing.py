"""How the analysis is worded (issue 21): no empty phrases, and the paper's key terms kept, not mistranslated.

``check_empty_phrases`` fails a field that says something of every paper ("具有重要意义", "paves the way");
``check_terms`` fails a Chinese field that renders one of the paper's key terms (``key_terms``) differently from
an earlier field ("时间损失（temporal loss）" there, "温度损失（temporal loss）" here). ``terms_kept`` counts the
key terms the prose keeps, for the benchmark. Pure functions over text, like ``checks``."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Iterator

from paperbrief.records import CheckResult

from .schema import FIELD_ORDER
from .verdict import Reasons, verdict

if TYPE_CHECKING:  # checks.py runs these checks: importing it here would be a cycle
    from .checks import CheckContext

__all__ = ["EMPTY_PHRASES", "empty_phrases", "check_empty_phrases", "key_terms", "term_regex", "renderings",
           "check_terms", "terms_kept"]


# --- empty phrases --------------------------------------------------------------------------------------------
#
# (regex, excused by a number). A phrase that claims a size, a rank or a further gain ("significant
# improvements", "显著提升", "state-of-the-art performance", "可以进一步优化") is empty only when its sentence states
# no number ("can be further improved by 0.3 dB" is a result); one that claims importance, promise, new ideas or
# praise ("具有重要意义", "paves the way", "取得了良好的效果") is empty whatever stands next to it.
_ADJ_ZH = r"(?:非常|十分|极其|极为|很|较为|一定的?|重要|重大|深远|积极|现实|理论|实践|实际|指导|参考|借鉴|学术|应用)"
_VALUE_ZH = rf"(?:具有|有着|富有|具备|有)(?:{_ADJ_ZH}(?:的|和|与|及|、)?){{1,6}}(?:意义|价值)"
_SIZE_EN = (r"(?:significant(?:ly)?|substantial(?:ly)?|remarkabl[ey]|considerabl[ey]|dramatic(?:ally)?|"
            r"marked(?:ly)?|notabl[ey])")
_HEADING_ZH = r"(?:结果|性能|创新点?|局限性?|结论|背景|实验|讨论|总结|工作量)(?:分析|讨论|总结)?"
EMPTY_PHRASES: tuple[tuple[re.Pattern[str], bool | str], ...] = tuple((re.compile(p, re.I), excused)
                                                                     for p, excused in (
    # Chinese: importance, the future, praise, new ideas, promise
    (_VALUE_ZH, False),
    (r"(?:重要|重大|深远)(?:的)?(?:理论|现实|实践|应用)?(?:意义|价值)|意义(?:重大|深远)", False),
    (r"(?:可以|可|能够|仍可|仍需|尚需|还需|还可以|有待|值得|需要|仍有待|仍然需要)(?:在[^，。；！？]{1,8})?进一步"
     r"(?:的)?(?:优化|改进|提升|完善|研究|探索|探讨|提高)", True),
    (r"(?:仍有|还有|存在)(?:很大|较大|一定)?的?(?:优化|改进|提升)空间", True),
    (r"取得了?(?:显著|明显|巨大|重大|长足|突出)的?(?:效果|成果|成效|进展|突破)|效果(?:显著|明显)|显著的?效果", False),
    (r"(?:取得|获得|达到|展现出?|表现出|展示出?|实现|具有|有着)了?(?:良好|较好|优异|很好|不错|令人满意|出色|优秀|卓越)的?"
     r"(?:效果|结果|成果|性能|表现)|表现(?:出色|优异|优秀|卓越)|性能(?:优越|优异|出色|卓越)", False),
    (r"为[^。；！？]{0,30}?提供了?(?:一种|一个|一条)?(?:新的|新|全新的?|新颖的?|重要的?|有益的?|有价值的?)"
     r"(?:思路|视角|方向|途径|启示|借鉴|参考|方法)|提供了?(?:新的|新|全新的?)思路|开辟了?(?:新的|新|一条新的?)(?:道路|方向|途径)",
     False),
    (r"(?:具有|有着|展现出?|显示出?)(?:广阔|广泛|良好|巨大|很大|极大)的?(?:应用)?(?:前景|潜力)|(?:应用)?前景(?:广阔|光明)", False),
    (r"奠定了?(?:坚实的?|良好的?|重要的?)?基础|(?:起到|发挥)了?(?:至关)?重要(?:的)?作用", False),
    # what any paper does (the demo's takeaways: "总结了我们的研究结果", "存在一些挑战和未来的研究方向")
    # ... and the fourth zh run's "总结了论文的主要结论和贡献"
    (r"总结了?(?:我们|本文|作者|论文)?的?(?:研究|主要)?(?:结果|工作|成果|结论|贡献)|存在(?:一些|若干|诸多)(?:挑战|问题|不足)", False),
    # ... and the bench's: "提出了一个新的研究方向", "提出了一个新的创新点"
    (r"提出了?(?:一个|一种|一条)?(?:新的|全新的?|新)(?:研究方向|创新点|研究思路|思路|方向)", False),
    # an item that only says what any paper does, naming nothing (the samples' takeaways "提出了一种新的方法",
    # "提供了实验结果", "总结了本工作的主要贡献", "指出了局限性和开放问题", "提出了未来的研究方向")
    (r"^\s*(?:本文|我们|作者|该研究|本研究|论文)?(?:提出|介绍|提供|指出|总结|展示|给出)了?(?:一种|一个|一些)?(?:新的?|全新的?|其|"
     r"本工作的?|本研究的?|本文的?)?(?:主要)?(?:方法|框架|想法|实验结果|结果|贡献|发现|局限性?(?:和开放问题)?|开放问题|"
     r"(?:未来的?)?(?:研究|工作)?方向(?:和挑战)?)\s*[。.]?\s*$", False),
    # the analysis's own headings as an item ("结果分析", "性能分析", "创新点和局限性": the gesture-video paper's
    # method steps)
    (rf"^\s*{_HEADING_ZH}(?:\s*(?:和|与|及|、|以及)\s*{_HEADING_ZH})*\s*[。.]?\s*$", False),
    # Chinese: a size or a rank
    (r"(?:显著|显着|大幅|明显)(?:地|的)?(?:性能)?(?:提升|提高|改善|改进|增强|降低|减少|加快)", True),
    # "明显优于 BM3D" says what it beats (the guide's performance field compares in words): a named rival
    # (a Latin name: the grammar allows only the paper's) excuses it like a number
    (r"(?:显著|显着|大幅|明显)(?:地|的)?(?:性能)?(?:优于|超越|超过)", "name"),
    (r"(?:达到|取得|实现|展示|表现出)了?(?:最先进|最优|领先|SOTA)(?:的)?(?:水平|性能|效果|结果)"
     r"|(?:具有|有着|展现出?|显示出?|取得了?)(?:显著|明显|巨大|较大|很大)的?优势", True),
    # English
    (r"\bpromising\b|\bshows? (?:great )?promise\b", False),
    (r"^\s*(?:results?|performance|innovations?|limitations?|conclusions?|discussion)(?: analysis)?(?:\s*(?:and|&|,)"
     r"\s*(?:results?|performance|innovations?|limitations?|conclusions?|discussion)(?: analysis)?)*\s*\.?\s*$",
     False),
    (r"\bpav(?:es|ed|ing|e) the way\b|\bopen(?:s|ed|ing)? (?:up )?(?:new|novel) "
     r"(?:avenues|directions|possibilities|doors)|\bopens? the door\b|\blays? (?:a |the )?(?:solid )?foundation", False),
    (r"\b(?:of|has|have|holds?|with)\s+(?:great|significant|considerable|profound|important|broad|far-reaching)\s+"
     r"(?:significance|importance|value|implications)\b", False),
    (r"\bfurther optimi[sz]ation\b|\bcan be further (?:optimi[sz]ed|improved|enhanced)\b|\broom for (?:further )?"
     r"improvement\b|\b(?:warrants?|deserves?|merits?|needs?|requires?|worthy of) further (?:research|study|"
     r"investigation|exploration)\b", True),
    (r"\b(?:provides?|offers?|brings?) (?:new|fresh|novel|valuable|important) (?:insights?|perspectives?|ideas)\b"
     r"|\bsheds? (?:new )?light on\b", False),
    (r"\b(?:broad|wide|great|bright) (?:application )?(?:prospects?|potential)\b|\bplays? an? (?:crucial|important|"
     r"vital|key|significant) role\b", False),
    (r"\b(?:remarkable|impressive|excellent|outstanding|good|great) (?:results|performance)\b", False),
    (r"\bnovel (?:approach|method|framework|technique|solution|paradigm|perspective|idea|way)\b", False),
    (rf"\b{_SIZE_EN}\s+(?:[a-z]+\s+)?(?:improve\w*|gains?|boost\w*|enhance\w*|better|outperform\w*|increase\w*|"
     r"reduc\w*|speed-?ups?|advances?)|(?<!not )(?<!not yet )(?<!n't )\b(?:has|have|shows?|offers?|gives?|brings?) "
     rf"(?:a )?{_SIZE_EN} advantages?\b|\bby an? (?:large|wide|significant|substantial|clear) margin\b", True),
    (r"\b(?:achiev|reach|set|establish)\w* (?:a |the )?(?:new )?(?:state[- ]of[- ]the[- ]art|SOTA)(?: (?:performance|"
     r"results?|accuracy))?\b|\b(?:state[- ]of[- ]the[- ]art|SOTA) (?:performance|results?|accuracy)\b", True),
))
_SENTENCE = re.compile(r"[^。！？；!?;]*?(?:[。！？；!?;]|\.(?=\s|$)|$)", re.S)
_DIGIT = re.compile(r"(?<![A-Za-z-])[0-9\uff10-\uff19]")  # not the digit of a name: "LaRE2", "GPT-4"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*|[A-Z][a-z]+[A-Z]\w*")  # "BM3D", "LoRA"
_LIST_MARK = re.compile(r"[（(][0-9][)）]|^\s*[0-9][.)、:：]")  # "（1）", "2." mark an item, they state no number


def _strings(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every text of ``values`` with its field, in the order the model writes the fields."""
    for f in sorted(values, key=lambda f: FIELD_ORDER.index(f) if f in FIELD_ORDER else len(FIELD_ORDER)):
        v = values[f]
        for item in (v if isinstance(v, list) else [v]):
            if isinstance(item, str):
                yield f, item


def empty_phrases(text: str) -> list[str]:
    """The empty phrases of ``EMPTY_PHRASES`` in ``text``, as written there, in order. A phrase excused by a
    number is empty only when its sentence (up to 。！？；, or a full stop before a space) has no digit."""
    spans: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(text):
        for pattern, excused in EMPTY_PHRASES:
            plain = _LIST_MARK.sub("", sentence.group(0))
            if not (excused and _DIGIT.search(plain)) and not (excused == "name" and _NAME.search(plain)):
                spans += [m.span() for m in pattern.finditer(text, *sentence.span()) if m.group(0)]
    found: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):  # a phrase inside a longer one is that one
        if not found or start >= found[-1][1]:
            found.append((start, end))
    return list(dict.fromkeys(text[a:b] for a, b in found))


def check_empty_phrases(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """No field says what could be said of any paper (``EMPTY_PHRASES``, in both languages): importance
    ("具有重要意义", "of great significance"), promise ("具有广阔的应用前景", "paves the way"), new ideas ("为……提供了
    新的思路", "opens new avenues"), praise ("取得了显著效果", "novel approach"); and, unless its sentence states a
    number, a size, a rank or a further gain ("显著提升", "state-of-the-art performance", "可以进一步优化",
    "further optimization"). The reason names the phrases found (at most three), in English."""
    reasons: Reasons = {}
    for f, text in _strings(values):
        if f == "keywords":  # a keyword names a topic ("性能分析" of a paper on performance analysis)
            continue
        found = empty_phrases(text)
        if found and f not in reasons:
            quoted = ", ".join(repr(p) for p in found[:3])
            reasons[f] = f"empty phrase {quoted}: say what exactly, or leave it out"
    return verdict("empty-phrases", reasons, "no empty phrases")


# --- key terms ------------------------------------------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013-"  # hyphens and the en dash ("Vision–Language"); "-" last, for classes
# A word, dash-joined parts and decimals included: "BiC-MPPI", "Qwen2.5-VL", "1.5B", "co-speech".
_TOKEN = re.compile(rf"[A-Za-z0-9]+(?:[.][0-9]+[A-Za-z0-9]*)*(?:[{_DASHES}][A-Za-z0-9]+(?:[.][0-9]+[A-Za-z0-9]*)*)*")
# Words that split a title into its noun phrases: function words, and verbs titles use ("Can Language Models
# Follow ...", "Teaching VLMs to See and Think Better"); and adjectives a term does not start with.
_SPLIT_WORDS = {"for", "of", "on", "in", "with", "via", "and", "or", "to", "from", "by", "using", "towards",
                "toward", "through", "against", "without", "under", "at", "as", "a", "an", "the", "is", "are", "be",
                "can", "do", "does", "not", "all", "beyond", "into", "over", "when", "how", "what", "why", "that",
                "its", "their", "we", "our", "more", "less", "than", "better", "based", "see", "think", "know",
                "learn", "make", "makes", "need", "needs", "help", "helps", "follow", "meet", "meets", "matter",
                "matters", "uncover", "uncovers", "reveal", "reveals", "enable", "enables", "improve", "improves"}
_LEAD_WORDS = {"diverse", "efficient", "effective", "novel", "new", "simple", "fast", "comprehensive",
               "transparent", "scalable", "accurate", "unified", "improved", "generic", "general"}
# Capitalised words that are no names: sentence openers, generic nouns of headings, figures and the like.
_NOT_NAMES = {"we", "our", "the", "this", "these", "in", "on", "for", "to", "of", "and", "an", "a", "it", "as",
              "at", "by", "with", "from", "table", "figure", "fig", "section", "appendix", "eq", "code", "project",
              "introduction", "conclusion", "conclusions", "method", "methods", "experiments", "experiment",
              "results", "related", "work", "works", "abstract", "references", "acknowledgements",
              "acknowledgments", "acknowledgment", "limitations", "discussion", "however", "while", "github",
              "ai", "cpu", "gpu", "tpu", "rgb", "fps", "api", "url", "id", "sota", "ram", "acm", "ieee", "ccs"}
_ABSTRACT_END = re.compile(r"CCS Concepts|ACM Reference Format|Additional Key Words|Index Terms|Key ?words\s*[:—]"
                           r"|Project page\s*:", re.I)
_LINK = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
_HEADING_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)]?\s+")
_ACRONYM_DEF = re.compile(r"\(([A-Za-z0-9][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*)\)")


def _opens(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence of ``text``."""
    before = text[max(0, at - 40):at].rstrip()
    return not before or before[-1] in ".!?"


def _parts(token: str) -> list[str]:
    """The dash-joined parts of a word ("Chain-of-Visual-Thought": four)."""
    return [p for p in re.split(rf"[{_DASHES}]", token) if p]


def _plural_free(token: str) -> str:
    """An acronym without its plural s ("VLMs" -> "VLM")."""
    return token[:-1] if re.fullmatch(r"[A-Z]{2,}s", token) else token


def _is_name(token: str) -> bool:
    """A name by its spelling: a capital after the first letter of a part ("DiffBIR", "CLIP", "BiC-MPPI"),
    or letters and digits mixed with at least two letters and a capital ("Lean4", "Event6D"); not a common
    acronym (``_NOT_NAMES``)."""
    letters = sum(c.isalpha() for c in token)
    if letters < 2 or _plural_free(token).lower() in _NOT_NAMES:
        return False
    if any(any(c.isupper() for c in p[1:]) for p in _parts(token)):
        return True
    return any(c.isdigit() for c in token) and any(c.isupper() for c in token)


def _bare(token: str) -> str:
    """A name as a term: without its plural s and without lower-case parts joined to its end ("MONAQ-discovered"
    -> "MONAQ", "LLMs" -> "LLM")."""
    stem = re.sub(rf"(?:[{_DASHES}][a-z]+)+$", "", token)
    return _plural_free(stem if stem != token and _is_name(stem) else token)


def _spellings(reference: str) -> dict[str, str]:
    """How ``reference`` spells each of its words (by lower case): in lower case where it ever writes the word
    so (a capital at a sentence start is no spelling), else as it first does ("PSDNorm", "Loihi")."""
    spelled: dict[str, str] = {}
    for tok in _TOKEN.findall(reference):
        if tok.lower() not in spelled or tok.islower():
            spelled[tok.lower()] = tok
    return spelled


def _recase(text: str, spelled: dict[str, str]) -> str:
    """``text`` set in capitals ("PSDNORM: TEMPORAL NORMALIZATION") in the spelling of ``spelled``
    (``_spellings``: "PSDNorm"), other words lower-cased; text not mostly in capitals is returned as it is."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    if not words or sum(w.isupper() for w in words) < 0.6 * len(words):
        return text
    return _TOKEN.sub(lambda m: spelled.get(m.group(0).lower(), m.group(0).lower()), text)


def _norm(term: str) -> str:
    """A term as terms are compared: lower case, dashes as spaces, each word without a plural s."""
    words = re.split(rf"[\s{_DASHES}]+", term.lower().strip())
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words if w)


def _occurrence(words: list[str], tokens: list[tuple[str, bool]]) -> str | None:
    """``words`` as the abstract writes them (its ``tokens``: word and whether it opens a sentence), or
    ``None``: the first occurrence inside a sentence, else one that opens a sentence with its capital dropped."""
    key = _norm(" ".join(words))
    found = []
    for j in range(len(tokens)):
        for k in range(j + 1, min(len(tokens), j + len(words) + 3) + 1):
            got = _norm(" ".join(t for t, _ in tokens[j:k]))
            if got == key:
                found.append((tokens[j][1], j, k))
            if len(got) >= len(key):
                break
    if not found:
        return None
    opens, j, k = min(found)
    first = tokens[j][0] if not opens or _is_name(tokens[j][0]) else tokens[j][0].lower()
    return " ".join([first] + [t for t, _ in tokens[j + 1:k]])


def _title_phrases(title: str, abstract: str) -> list[str]:
    """The title's multi-word terms. Its noun phrases are the runs of words between punctuation and the words of
    ``_SPLIT_WORDS``, leading adjectives of ``_LEAD_WORDS`` and one leading verb in -ing ("Benchmarking",
    "Teaching") dropped. Each phrase gives its longest runs of two or more words that the abstract also writes,
    longest first, not overlapping, as the abstract writes them ("emotion transition" of "Weakly-Supervised
    Emotion Transition Learning"); a phrase of two or three words the abstract does not repeat is kept whole,
    in lower case but for its names ("sleep staging")."""
    tokens = [(m.group(0), _opens(abstract, m.start())) for m in _TOKEN.finditer(abstract)]
    out: list[str] = []
    for chunk in re.split(r"[:?!,;()\[\]]|\s[" + _DASHES + r"]\s", title):
        words: list[str] = []
        for tok in _TOKEN.findall(chunk) + [""]:
            if tok and tok.lower() not in _SPLIT_WORDS:
                words.append(tok)
                continue
            while words and words[0].lower() in _LEAD_WORDS:
                words.pop(0)
            if len(words) > 1 and words[0].lower().endswith("ing") and not _is_name(words[0]):
                words.pop(0)
            found: list[tuple[int, str]] = []
            taken: set[int] = set()
            for size in range(len(words), 1, -1):
                for i in range(len(words) - size + 1):
                    span = set(range(i, i + size))
                    said = None if taken & span else _occurrence(words[i:i + size], tokens)
                    if said:
                        taken |= span
                        found.append((i, said))
            if not found and 2 <= len(words) <= 3:
                found.append((0, " ".join(w if _is_name(w) or any(c.isdigit() for c in w) else w.lower()
                                          for w in words)))
            out += [t for _, t in sorted(found)]
            words = []
    return out


def _abstract_names(abstract: str) -> list[str]:
    """Names the abstract writes: tokens spelled as names (``_is_name``); runs of capitalised words inside a
    sentence ("Movidius Neural Compute Stick", "Self-Guided Self-Play"; a run that opens a sentence is no
    name: "Event cameras", "Vision–Language Models"); and what a bracketed acronym stands for, when the
    initials of the words before it spell it ("Vision–Language Models (VLMs)", "low-rank adaptation (LoRA)")."""
    out: list[str] = []
    run: list[str] = []
    opener = False  # the run opens a sentence
    end = 0
    for m in _TOKEN.finditer(abstract):
        tok = m.group(0)
        name, capital = _is_name(tok), tok[0].isupper() and _norm(tok) not in _NOT_NAMES
        if run and (abstract[end:m.start()].strip() or not (capital or name)):
            out += [] if opener else [" ".join(run)]
            run = []
        if name or capital:
            opener = opener if run else _opens(abstract, m.start()) and not name
            run.append(_bare(tok))
            if abstract[m.end():m.end() + 2] in ("\u2019s", "'s") or run[-1] != _plural_free(tok):
                out += [] if opener else [" ".join(run)]  # "Intel’s Loihi", "RL-based VLMs": the name ends here
                run = []
        end = m.end()
    out += [] if opener or not run else [" ".join(run)]
    out += [e for e in (_expansion(abstract[:d.start()], d.group(1)) for d in _ACRONYM_DEF.finditer(abstract)) if e]
    return [t for t in out if len(t.split()) > 1 or _norm(t) not in _NOT_NAMES]


def _expansion(before: str, acronym: str) -> str | None:
    """The words right before ``(acronym)`` whose initials (one per word or dash-joined part) are its capitals,
    or ``None``."""
    capitals = [c for c in acronym if c.isupper()]
    tokens, taken = list(_TOKEN.finditer(before)), []
    while tokens and sum(len(_parts(m.group(0))) for m in taken) < len(capitals):
        taken.insert(0, tokens.pop())
    words = [m.group(0) for m in taken]
    if len(capitals) < 2 or [p[0].upper() for w in words for p in _parts(w)] != capitals:
        return None
    if _opens(before, taken[0].start()) and not _is_name(words[0]) and all(w.islower() for w in words[1:]):
        words[0] = words[0].lower()  # "Reinforcement learning (RL)" opens its sentence
    return " ".join(words)


def key_terms(title: str, abstract: str, headings: list[str] | tuple[str, ...] = (), limit: int = 20) -> list[str]:
    """The paper's key terms, each once (compared without case, dashes or plural s), in this order:

    1. the title's names (``_is_name``: "DiffBIR", "CLIP", "BiC-MPPI", "Lean4") and its multi-word terms
       (``_title_phrases``: noun phrases such as "temporal loss", "video diffusion", narrowed to what the
       abstract repeats);
    2. names in the section headings ("3. Chain-of-Visual-Thought (COVT)": "COVT");
    3. the abstract's names (``_abstract_names``).

    A title or heading set in capitals is first spelled as the abstract (and title) spell its words: "PSDNORM:
    TEMPORAL NORMALIZATION" is "PSDNorm: temporal normalization". The abstract is read up to its "CCS
    Concepts", "Keywords" or "Project page" block, links left out. Common acronyms (GPU, RGB) and the generic
    words of headings are no key terms. Deterministic: the same input gives the same list; at most ``limit``."""
    abstract = _LINK.sub(" ", _ABSTRACT_END.split(abstract or "", maxsplit=1)[0])
    abstract = re.sub(r"\b([A-Z]{2,})- ([A-Z]{2,})\b", r"\1\2", abstract)  # "MUL- TITURNINSTRUCT": a line break
    spelled = _spellings(abstract)
    title = _recase(title or "", spelled)
    found = [_bare(t) for t in _TOKEN.findall(title) if _is_name(t)]
    found += _title_phrases(title, abstract)
    spelled = {**_spellings(title), **spelled}
    for heading in headings:
        heading = _recase(_HEADING_NUMBER.sub("", heading), spelled)
        found += [_bare(t) for t in _TOKEN.findall(heading) if _is_name(t)]
    found += _abstract_names(abstract)
    out: dict[str, str] = {}
    for term in found:
        key = _norm(term)
        if len(key) > 1 and key not in out:
            out[key] = term
    return list(out.values())[:limit]


# --- the key terms in Chinese prose ---------------------------------------------------------------------------

_HAN = "\u3400-\u9fff\uf900-\ufaff"
# "时间损失（temporal loss）", "时间损失 (temporal loss)": the Chinese run before a bracket of English
_GLOSSED = re.compile(rf"([{_HAN}]+)[ \u3000]?[（(]\s*([^（）(){_HAN}]*?[A-Za-z][^（）(){_HAN}]*?)\s*[)）]")
_GLOSS_SPLIT = re.compile(r"\s*[,;/，；、]\s*|\s+or\s+")
# What stands before a rendering in a sentence ("我们提出了时间损失", "采用的时间损失"), dropped from its start.
_BEFORE_RENDERING = re.compile("^(?:我们|本文|作者|论文|文中|提出|引入|采用|使用|利用|通过|基于|结合|借助|设计|构建|"
                               "一种|一个|一套|这种|这一|该|此|将|把|即|称为|名为|了|的)+")
_REFERENTS = {"方法", "模型", "框架", "算法", "网络", "系统", "技术", "工作", "本方法", "本模型", "新方法", "新模型"}


def term_regex(term: str) -> re.Pattern[str]:
    """``term`` as written in any text: any case, a dash or a space or nothing between its words, a plural s."""
    words = [w for w in re.split(rf"[\s{_DASHES}]+", _plural_free(term.strip())) if w]
    last = _norm(words[-1]) if words[-1].isalpha() else words[-1]
    body = rf"[\s{_DASHES}]?".join(re.escape(w) for w in words[:-1] + [last])
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?:s|es)?(?![A-Za-z0-9])", re.I)


def _rendering(chinese: str) -> str | None:
    """The Chinese rendering a gloss's bracket follows: the run before it from its last 的, without the words
    that lead up to a term ("提出了", "该"); ``None`` for a referent ("该方法（SGS）") or a single character."""
    tail = chinese.rsplit("的", 1)[-1]
    tail = _BEFORE_RENDERING.sub("", tail)[-12:]
    return tail if len(tail) >= 2 and tail not in _REFERENTS else None


def renderings(values: dict[str, Any], terms: list[str]) -> list[tuple[str, str, str]]:
    """Every gloss of a key term in ``values``, in the order the model writes the fields: (field, term,
    Chinese rendering). "时间损失（temporal loss）" renders "temporal loss" as "时间损失"; a bracket may hold
    several English names ("（Self-Guided Self-Play, SGS）")."""
    by_norm = {_norm(t): t for t in terms}
    out: list[tuple[str, str, str]] = []
    for f, text in _strings(values):
        for m in _GLOSSED.finditer(text):
            rendering = _rendering(m.group(1))
            terms_here = [by_norm[_norm(p)] for p in _GLOSS_SPLIT.split(m.group(2)) if _norm(p) in by_norm]
            out += [(f, t, rendering) for t in terms_here if rendering]
    return out


def _same_rendering(a: str, b: str) -> bool:
    """One rendering inside the other (a longer context: "使用时间损失", "时间损失"), or one character apart before a
    shared ending of three or more ("大语言模型", "大型语言模型"); "时间损失" and "温度损失" are two renderings."""
    if a in b or b in a:
        return True
    common = len(os.path.commonprefix([a[::-1], b[::-1]]))
    return common >= 3 and common >= min(len(a), len(b)) - 1


def _clashes(values: dict[str, Any], terms: list[str]) -> list[tuple[str, str, str, str, str]]:
    """(field, term, rendering, first field, first rendering) for each gloss that renders a term otherwise than
    its first gloss did."""
    first: dict[str, tuple[str, str]] = {}
    out = []
    for f, term, rendering in renderings(values, terms):
        f0, r0 = first.setdefault(_norm(term), (f, rendering))
        if not _same_rendering(r0, rendering):
            out.append((f, term, rendering, f0, r0))
    return out


def check_terms(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """In Chinese, a key term of the paper (``key_terms``) kept in English or glossed as "中文译名（English
    term）" is rendered one way throughout: a field whose gloss renders a term otherwise than an earlier gloss
    ("温度损失（temporal loss）" after "时间损失（temporal loss）" in method) fails, the reason naming both renderings.
    A term left in English, or glossed the same way each time, passes. English posts keep the paper's terms as
    written: nothing to render, the check passes."""
    if ctx.language != "zh":
        return CheckResult(name="terms", passed=True, detail="English post: terms are written as in the paper"), {}
    terms = key_terms(ctx.title, ctx.abstract, ctx.headings)
    reasons: Reasons = {}
    for f, term, rendering, f0, r0 in _clashes(values, terms):
        where = "earlier in this field" if f0 == f else f"in {f0}"
        # shown as long as the shorter: the Chinese before a bracket may hold more than the rendering
        # ("沿时间维度对特征图做时间归一化"), and renderings of one term are about as long as each other
        size = min(len(rendering), len(r0))
        reasons.setdefault(f, f"{term!r} is rendered {rendering[-size:]!r} here but {r0[-size:]!r} {where}: give "
                              "a term one Chinese rendering")
    return verdict("terms", reasons, f"{len(terms)} key terms, each glossed term rendered one way")


def terms_kept(values: dict[str, Any], ctx: CheckContext) -> tuple[int, int]:
    """For the benchmark: (the key terms the prose writes in English, alone or in a gloss; those of them that
    are rendered one way throughout). In English posts the two are the same."""
    terms = key_terms(ctx.title, ctx.abstract, ctx.headings)
    text = "\n".join(t for _, t in _strings(values))
    kept = [t for t in terms if term_regex(t).search(text)]
    clashing = {_norm(c[1]) for c in _clashes(values, terms)} if ctx.language == "zh" else set()
    return len(kept), sum(_norm(t) not in clashing for t in kept)
