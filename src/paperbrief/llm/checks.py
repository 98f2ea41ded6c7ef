"""The checks on what the LLM wrote (SPEC section 5). Each check returns a ``CheckResult`` and, per failing
field, a one-line reason; ``run_checks`` runs them all. Pure functions over text: no model needed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from difflib import SequenceMatcher
from typing import Any, Iterator

from paperbrief.records import CheckResult, Evidence

from .coverage import squash
from .asymptotic import PaperBounds, check_bounds
from .comparisons import PaperComparisons, check_comparisons
from .evidence import EvidenceReport, Passage, find_evidence, passages_of
from .results import result_quote, result_sentences, states_metric, without_signposts
from .numbers import GroundingIndex, extract_numbers, paper_reports_numbers
from .glossary import check_renderings
from .phrasing import check_empty_phrases, check_terms
from .statements import denied_gains, paper_denies_gains
from .verdict import Reasons, verdict
from .schema import (COMMON_ACRONYMS, FIELD_ORDER, LIST_BOUNDS, LIST_FIELDS, item_fits, output_fields,
                     validate_output)

__all__ = ["CheckContext", "run_checks", "pool_items", "check_language", "capitalised_words_not_in_paper", "check_placeholders", "check_grounding",
           "check_no_facts", "check_evidence", "check_spelled_numbers", "check_duplicates", "check_echo", "check_markup",
           "check_results_cite_numbers", "REASON_SEP", "check_output"]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class CheckContext:
    """What the checks compare the output with."""

    language: str
    source_text: str  # everything the paper says: title, abstract, comment, sections
    title: str = ""
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    instructions: str = ""  # the prompt's own wording (without the paper)
    caps: dict[str, int] | None = None  # length caps the request's grammar enforced (reaching one = cut off)
    caps_in_units: bool = False  # caps counted in ``schema.text_units`` (the Chinese pattern) or characters
    headings: list[str] = field(default_factory=list)  # the paper's section headings (for its key terms)
    texts: dict[str, str] = field(default_factory=dict)  # the paper's text by role (for the evidence of numbers)
    text_pages: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # role -> [(offset, page)]
    _grounding: GroundingIndex | None = None
    _passages: list[Passage] | None = None
    _evidence: dict[str, EvidenceReport] = field(default_factory=dict)

    @classmethod
    def for_paper(cls, paper: Any, language: str, **settings: Any) -> "CheckContext":
        """The context of a ``PaperInput``: its facts, text by role, pages and headings; ``settings`` the
        request's (``instructions``, ``caps``, ``caps_in_units``)."""
        return cls(language=language, source_text=paper.source_text(), title=paper.title, abstract=paper.abstract,
                   authors=list(paper.authors), affiliations=list(paper.affiliations), urls=list(paper.urls),
                   headings=list(paper.headings), texts=dict(paper.text), text_pages=dict(paper.text_pages),
                   **settings)

    def evidence(self, values: dict[str, Any]) -> EvidenceReport:
        """``find_evidence`` over this paper's sentences, once per answer (the evidence check, the results check
        and the published analysis ask for the same answer's)."""
        key = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
        if key not in self._evidence:
            self._evidence[key] = find_evidence(values, self.passages)
        return self._evidence[key]

    def result_quote(self) -> Evidence | None:
        """The paper's headline result sentence with its page (``results.result_quote``) when the paper reports
        numeric results as the results check decides it; shown in place of a results field left out."""
        if not paper_reports_numbers(self.source_text):
            return None
        return result_quote(self.passages)

    @cached_property
    def comparisons(self) -> PaperComparisons:
        """The names the paper compares with (``comparisons``), read once per paper."""
        return PaperComparisons.of(self.source_text)

    @cached_property
    def bounds(self) -> PaperBounds:
        """The asymptotic bounds the paper writes (``asymptotic``), read once per paper."""
        return PaperBounds.of(self.source_text)

    @cached_property
    def cited_years(self) -> dict[str, str]:
        """The years the paper writes only in author-year citations (``cited_only_years``), read once per paper."""
        return cited_only_years(self.source_text)

    @property
    def grounding(self) -> GroundingIndex:
        if self._grounding is None:
            self._grounding = GroundingIndex(self.source_text)
        return self._grounding

    @property
    def passages(self) -> list[Passage]:
        """The paper's sentences that hold numbers, with their pages (all of ``source_text`` when the text by
        role is not known)."""
        if self._passages is None:
            if not self.texts:
                self._passages = passages_of({"text": self.source_text}, {}, self.title)
                return self._passages
            # the PDF's text by role first (it has pages); arXiv's abstract too, when the PDF's differs from it
            texts, pages = dict(self.texts), dict(self.text_pages)
            if self.abstract and "abstract" not in texts:  # the abstract first, on page 1
                texts, pages = {"abstract": self.abstract, **texts}, {"abstract": [(0, 1)], **pages}
            elif self.abstract and self.abstract != texts["abstract"]:
                texts["arxiv abstract"] = self.abstract
                pages["arxiv abstract"] = [(0, 1)] if "abstract" in pages else []
            self._passages = passages_of({k: v for k, v in texts.items() if v}, pages, self.title)
        return self._passages


def _texts(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for f, v in values.items():
        if isinstance(v, list):
            for item in v:
                yield f, str(item)
        elif isinstance(v, str):
            yield f, v


def _add(reasons: Reasons, f: str, why: str) -> None:
    if f not in reasons:
        reasons[f] = why


# --- language -------------------------------------------------------------------------------------------

# Lower-case English that Chinese technical writing keeps as is.
_ALLOWED_LOWER = {
    "token", "tokens", "prompt", "prompts", "softmax", "dropout", "batch", "embedding", "embeddings", "encoder",
    "decoder", "backbone", "baseline", "baselines", "benchmark", "benchmarks", "pipeline", "transformer",
    "transformers", "attention", "logits", "logit", "loss", "epoch", "epochs", "top", "k", "n", "x", "e", "i",
    "vs", "et", "al", "fine", "tuning", "zero", "shot", "few", "one", "pixel", "pixels", "patch", "patches",
    "latent", "query", "key", "value", "head", "heads", "agent", "agents", "diffusion", "lora", "adapter",
    "adapters", "pre", "post", "mask", "masks", "id", "ms", "s", "fps", "px", "dim", "hz", "khz", "mhz", "ghz",
    "kb", "mb", "gb", "tb", "db", "cpu", "gpu", "tpu", "api", "rgb", "rgbd", "nerf", "bert", "gpt", "llama",
    "grounding", "retrieval", "reward", "policy", "checkpoint", "kernel", "kernels", "layer", "layers",
}

_GLOSS = re.compile(r"[（(][^（）()\u3400-\u9fff]{1,80}[)）]")  # "灾难性遗忘（catastrophic forgetting）"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_URLISH = re.compile(r"https?://\S+|www\.\S+")
# A Latin "word" longer than any name or term: English run together ("Averagequalityscorefrom...").
_GLUED = re.compile(r"[A-Za-z]{19,}")
_ACRONYM_WORD = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
_NUMBER_WORD = re.compile(r"([A-Za-z]*)\d[A-Z][A-Za-z]+")  # "212VAE": a letter sequence run onto a number
# A capital, digits and capitals as one token ("S0D", "BM3D", "R2D2"): a name when the paper writes it, a garbled
# one ("比50步教师的S0D更快采样", the demo's FVD) when it does not
_MIXED_NAME = re.compile(r"(?<![A-Za-z0-9.-])[A-Z][A-Z0-9]*\d[A-Z0-9]*[A-Z](?![A-Za-z0-9])")


# A capitalised name with its small connecting words: "Attention Interpolation via Diffusion".
_NAME_SPAN = re.compile(r"[A-Z][\w-]*(?:\s+(?:(?:via|of|for|and|the|with|in|on|to|from|without|by|a|an|at)\s+)*"
                        r"[A-Z][\w-]*)+")


def ordinary_english_words(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """Lower-case English words that are not names, terms or acronyms (those keep a capital or a digit).
    ``names`` (the paper's title, say) may be quoted as they are."""
    for name in names:
        if name:
            text = re.sub(re.escape(name), " ", text, flags=re.I)
    text = _NAME_SPAN.sub(" ", _URLISH.sub(" ", _GLOSS.sub(" ", text)))
    words = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        start, end = m.span()
        if (start and text[start - 1].isdigit()) or (end < len(text) and (text[end].isdigit() or text[end] == "_")):
            continue  # part of an identifier like "x2" or "3d"
        if not w.islower():
            continue
        parts = [p for p in re.split(r"[-'’]", w) if p]
        if all(p in _ALLOWED_LOWER for p in parts):
            continue
        words.append(w)
    return words


_CAPITALISED = re.compile(r"(?<![A-Za-z])[A-Z][a-z][A-Za-z]*(?![A-Za-z])")  # "Quality", "LoRA"; not "GPU"


def capitalised_words_not_in_paper(text: str, body: str, names: tuple[str, ...] = ()) -> list[str]:
    """Capitalised English words that the paper's text (its title left out: titles capitalise every word)
    never writes so: English a model capitalised to pass as a name ("生成的Quality", "平滑插值Path").
    Acronyms, glosses in brackets, the usual technical terms and ``names`` quoted whole are let through."""
    for name in names:
        if name:
            text = re.sub(re.escape(name), " ", text, flags=re.I)
    words = []
    for m in _CAPITALISED.finditer(_URLISH.sub(" ", _GLOSS.sub(" ", text))):
        w = m.group(0)
        if w.lower() in _ALLOWED_LOWER or re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", body):
            continue
        words.append(w)
    return words


def check_language(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    reasons: Reasons = {}
    if ctx.language == "zh":
        source = ctx.source_text.lower()
        body = ctx.source_text.replace(ctx.title, " ", 1) if ctx.title else ctx.source_text
        for f, text in _texts(values):
            glued = [w for w in _GLUED.findall(text) if w.lower() not in source]
            if glued:
                _add(reasons, f, "English words run together: " + glued[0][:40])
                continue
            words = ordinary_english_words(text, (ctx.title,))
            if words:
                _add(reasons, f, "English words not translated: " + ", ".join(dict.fromkeys(words[:6])))
                continue
            words = capitalised_words_not_in_paper(text, body, (ctx.title,))
            words += [w for w in _ACRONYM_WORD.findall(text) if w not in COMMON_ACRONYMS
                      and not re.search(rf"(?<![A-Za-z]){w}(?![A-Za-z])", ctx.source_text)]
            words += [w for w in _MIXED_NAME.findall(text)
                      if not re.search(rf"(?<![A-Za-z0-9]){w}(?![A-Za-z0-9])", ctx.source_text)]
            if words:
                _add(reasons, f, "English words not in the paper: " + ", ".join(dict.fromkeys(words[:6])))
                continue
            glued = [m.group(0)[len(m.group(1)):] for m in _NUMBER_WORD.finditer(text)
                     if m.group(0)[len(m.group(1)):].lower() not in source
                     # "R2Guard" for the title's "R2-GUARD" (seed 31, seven times) is the paper's name
                     and not (m.group(1) and squash(m.group(0)) in squash(source))]
            if glued:
                _add(reasons, f, "English words run together: " + glued[0])
                continue
            # A Latin word weighs as one Chinese character (the grammar's unit): "SMA 在 GLUE 和 SuperGLUE 上优于
            # LoRA" is Chinese with four names in it, not English. Lower-case English is caught above.
            latin_words = len(re.findall(r"[A-Za-z]+", _URLISH.sub(" ", _GLOSS.sub(" ", text))))
            cjk = len(_CJK.findall(text))
            if f != "keywords" and len(text) >= 12 and cjk < latin_words:
                _add(reasons, f, "not written in Chinese")
            elif f == "keywords" and cjk == 0 and not re.search(r"[A-Z0-9]", text):
                _add(reasons, f, f"keyword {text!r} is not in Chinese")
    else:
        allowed = set(_CJK.findall(ctx.title + ctx.abstract))
        for f, text in _texts(values):
            stray = [c for c in _CJK.findall(text) if c not in allowed]
            if stray:
                _add(reasons, f, "contains Chinese text in an English post")
    return verdict("language", reasons, f"written in {'Chinese' if ctx.language == 'zh' else 'English'}")


# --- placeholders ---------------------------------------------------------------------------------------
# Latin placeholders are bounded by "not a Latin letter or digit", not by \b: a Chinese character counts as a
# word character, so \bN/A\b missed "提升为N/A。".

_PLACEHOLDER_ANYWHERE = re.compile(
    r"(?<![A-Za-z])[xX]{2,}(?![A-Za-z])|(?<![A-Za-z0-9])N/A(?![A-Za-z0-9])|\[\s*insert|<\s*insert|\[\s*your|\{\s*[a-z_ ]{2,30}\s*\}"
    r"|请填写|此处填写|待补充|待填写|(?<![A-Za-z0-9])(?:TODO|TBD)(?![A-Za-z0-9])|lorem ipsum"
    r"|\[\s*(?:method|dataset|metric|number|name)\s*\]"
    # the paper's own signposts say nothing to a reader: "我们首先介绍前言（Sec. 3.1）", "如表2所示"
    r"|\b(?:Sec|Section|Fig|Figure|Table|Tab|Eq|Appendix)\.?\s*[A-Z]?\d|第\s*\d+(?:\.\d+)*\s*小?[节章]|§\s*[A-Z]?\d|^\s*\d+(?:\.\d+)+\.\s*(?=[^\d\s.])|[如见]?[图表]\s*\d+\s*所示"
    # "表6（附录）显示减少了6.3%-83.2%" (the fresh zh run's regression takeaway); not 代表/列表/发表
    r"|(?<![代列发外])[图表]\s*\d+\s*(?:[（(][^）)]{0,8}[）)])?\s*(?:显示|表明|展示|给出|列出|中的?|里)", re.I)
_EMPTY_ANSWERS = {"", "无", "未提及", "未知", "暂无", "不适用", "不详", "略", "没有", "空", "na", "n/a", "none", "null",
                  "nil", "unknown", "notmentioned", "notapplicable", "notavailable", "notprovided", "tbd", "todo",
                  "-", "nothing", "无信息", "没有信息", "无相关信息", "未提供", "未说明", "noinformation", "notstated"}
# An answer that says the paper says nothing, or that the method has nothing new: the bench's "本文没有提到之前的方法
# 和它们的不足之处", "创新点：我们的方法没有早期方法所拥有的任何创新点", "本文没有其他方法没有提出"
_SAYS_NOTHING = re.compile(
    r"(?:本文|论文|文中|原文|作者)(?:中)?(?:没有|未|并未|并没有)(?:明确|具体)?(?:提到|提及|说明|给出|提供|讨论|介绍|指出|列出|写明)|"
    # seed 109's "具体步骤请参考原文", "实验规模和实现细节，请参考原文。"
    r"(?:请|可)?(?:参考|参阅|参见|详见)(?:原文|论文|原论文)|"
    r"没有[^。；，]{0,12}任何创新|没有其他方法没有|"
    # "研究方法的创新点是无的", "我们的方法没有提出新的想法", "无明确的限制或开问题。" (takeaways of seeds 103-113)
    r"创新点?是无|没有提出(?:任何)?新的?(?:想法|方法|创新|思路)|^\s*无明确的|没有(?:其他|其它|早期|以往|现有)方法的(?:优点|优势|创新)|"
    # the fourth zh run's "无，没有提到其他方法或其不足之处。"
    r"^\s*(?:无|没有)\s*[，,。；;：:]|没有(?:明确|具体)?(?:提到|提及)(?:其他|之前|以往|现有|早期)?的?(?:方法|工作)|"
    # make demo's performance: "没有提及任何提升或损失"
    r"没有(?:明确|具体)?(?:提到|提及|说明|给出)(?:任何|具体)|"
    r"\bthe (?:paper|authors?) (?:does|do|did) not (?:mention|state|provide|discuss|describe)\b", re.I)
# An empty bracket: a formula copied from a PDF's text that lost its symbols ("计算中心化的特征图G - µ( )1 ℓ P", the
# sleep-staging paper's method step in six samples)
_LOST_SYMBOL = re.compile(r"[(（]\s*[)）]")
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.|。。。)\s*[。.]?\s*$")


_ASKS = re.compile(r"[\u4e00-\u9fff][?？]")
_LABEL = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9](?![0-9A-Za-z])")


def check_placeholders(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    reasons: Reasons = {}
    for f, text in _texts(values):
        bare = re.sub(r"[\s\W_]+", "", text.lower())
        if bare in _EMPTY_ANSWERS:
            _add(reasons, f, f"placeholder answer {text.strip()!r}")
            continue
        m = _PLACEHOLDER_ANYWHERE.search(text)
        label = next((x for x in _LABEL.findall(text) if not re.search(rf"(?<![A-Za-z0-9]){x}(?![0-9])",
                                                                        ctx.source_text)), None)
        if m:
            _add(reasons, f, f"template residue {m.group(0)!r}")
        elif label:  # "数据集为C1，运行次数为C2": slots of a template, named nowhere in the paper
            _add(reasons, f, f"placeholder label {label!r}, not in the paper")
        elif f != "title_translated" and (asks := _ASKS.search(text)):  # "提出了一种新的方法来估计图像和降?"
            _add(reasons, f, f"a question mark after Chinese text ({asks.group(0)!r}): a cut-off or "
                             f"garbled sentence, or a question the analysis should answer")
        elif _ELLIPSIS_END.search(text):
            _add(reasons, f, "ends with an ellipsis instead of content")
        elif lost := _LOST_SYMBOL.search(text):
            _add(reasons, f, f"copies a formula whose symbols the PDF's text lost ({lost.group(0)!r}): say it in words")
        elif (empty := _SAYS_NOTHING.search(text)) and not _SAYS_NOTHING.search(ctx.source_text):
            _add(reasons, f, f"says nothing about the paper ({empty.group(0)!r})")
    return verdict("placeholder", reasons, "no placeholders or template residue")


# --- grounding ------------------------------------------------------------------------------------------

# A number glued to its letters ("3.6G", "120FPS"): the number checks skip it as a name ("1.5B", "3D"), so
# the paper must write it too (a space between allowed). `make demo` published "计算资源为3.6G" for a paper with no
# 3.6 in it. Small whole numbers and "42x" (the paper writes ×) are left alone, and so are sizes and dimensions
# that name a thing ("1.5B", "125M", "3D", "100K").
_NAMING = {"x", "b", "m", "k", "d"}
_GLUED_NUMBER = re.compile(r"(?<![A-Za-z0-9.\-])(\d+(?:\.\d+)?)([A-Za-z]{1,3})(?![A-Za-z0-9])")


def _glued_numbers(text: str) -> Iterator[tuple[str, str, str]]:
    for m in _GLUED_NUMBER.finditer(text):
        digits, letters = m.groups()
        if letters.lower() not in _NAMING and not extract_numbers(digits)[0].trivial:
            yield m.group(0), digits, letters


# Two numbers glued by letters ("2.2S0.125" of seed 83, a section number and a threshold for "two-second"; "5D2025",
# "3.0B2023" of earlier samples): garbage the grammar lets through (a run of numbers and capitals), no name, unless
# the paper writes it ("3x3" for the paper's "3 × 3")
_GLUED_PAIR = re.compile(r"(?<![A-Za-z0-9.\-])\d+(?:\.\d+)?[A-Za-z]{1,3}\d+(?:\.\d+)?(?![A-Za-z0-9])")


# A name of letters and digits ("N100" for the paper's H100 GPUs, seed 113's workload; "目标S14启发式"): a model or
# hardware name the grammar lets through, no number the other checks read; it must be the paper's
_LETTERED = re.compile(r"(?<![A-Za-z0-9.\-_])[A-Za-z]{1,4}-?\d{2,4}(?![\d.%A-Za-z])")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("×", "x").lower()


def check_grounding(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    reasons: Reasons = {}
    checked = 0
    missing: dict[str, list[str]] = {}
    squeezed = unhyphenated = ""  # the paper's text without spaces (and hyphens), made when first needed
    for f, text in _texts(values):
        for m in _GLUED_PAIR.finditer(text):
            squeezed = squeezed or _squeezed(ctx.source_text)
            checked += 1
            if m.group(0).lower() not in squeezed:
                missing.setdefault(f, []).append(m.group(0))
        for m in _LETTERED.finditer(text):
            unhyphenated = unhyphenated or _squeezed(ctx.source_text).replace("-", "")
            checked += 1
            if m.group(0).replace("-", "").lower() not in unhyphenated:
                missing.setdefault(f, []).append(m.group(0))
        for num in extract_numbers(text, skip_terms=True):
            if num.trivial:
                continue
            checked += 1
            if not ctx.grounding.contains(num):
                missing.setdefault(f, []).append(num.text)
        for token, digits, letters in _glued_numbers(text):
            checked += 1
            if not re.search(rf"(?<![\d.]){re.escape(digits)}\s?{re.escape(letters)}(?![A-Za-z])", ctx.source_text, re.I):
                missing.setdefault(f, []).append(token)
    for f, nums in missing.items():
        reasons[f] = "numbers not in the paper: " + ", ".join(dict.fromkeys(nums))
    return verdict("grounding", reasons, f"{checked} numbers checked, all found in the paper's text")


def check_evidence(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """Every number has a sentence of the paper that states it about the same thing; comparisons and
    limitations are the paper's own (``evidence``)."""
    report = ctx.evidence(values)
    return verdict("evidence", report.reasons,
                   f"{report.checked} numbers, each stated by a sentence of the paper "
                   f"({report.comparisons} comparisons checked)")


# A number spelled digit by digit ("1 0 0 0个输入", "1,0 0 个真实照片", "Ho 等 2 0 2 0", "1 个8分点"). A grammar that
# allowed single digits only outside the results (5a127bb, reverted) made the model write the paper's numbers so;
# a model without a grammar can too.
# A comma and a space between digits is a list or a pair ("Beta(2, 2)", the demo's AID paper), not a number; a
# point and a space is ("约1. 1K" for ~1.1K, seed 41).
_SPELLED = re.compile(r"(?<![A-Za-z0-9.,])\d(?:\s\d|[,，]\d(?!\d)|\.\s?\d(?!\d)|\s?个\s?\d(?![\d.]))+(?![\d])")


def check_spelled_numbers(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """No field spells a number digit by digit: "1 0 0 0个输入" and "1,0 0 个真实照片" say 1,000 in a form no
    reader trusts, and "1 个8分点" hides a value from the evidence check."""
    reasons: Reasons = {}
    for f, text in _texts(values):
        spelled = [m.group(0) for m in _SPELLED.finditer(text) if re.search(r"\s|[,，]\d(?!\d)|个", m.group(0))]
        if spelled:
            _add(reasons, f, f"spells a number digit by digit ('{spelled[0]}')")
    return verdict("spelled", reasons, "no number spelled digit by digit")


def check_denied_gains(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """No field says a gain is missing ("性能没有提高", "一致性没有改进") when the paper never says one is: the demo
    post's takeaways denied the gains their papers report."""
    reasons: Reasons = {}
    if not paper_denies_gains(ctx.source_text):
        for f, text in _texts(values):
            if found := denied_gains(text):
                _add(reasons, f, f"says there is no gain ('{found[0]}'), but the paper never says a gain is missing")
    return verdict("denials", reasons, "no gain denied that the paper reports")


def check_results_cite_numbers(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """When the paper reports numeric results, the results field cites one of them with its metric: a number
    whose sentence in the paper names a metric next to it (a count such as "45 speakers" is not a result). The
    reason quotes up to two of the paper's result sentences, for the retry."""
    reasons: Reasons = {}
    if "results" not in values:
        return CheckResult(name="results-numbers", passed=True, detail="no results field"), {}
    # a paper reports results when one of its sentences states a decimal or a percentage next to a metric
    # word (``result_sentences``, the sentences the prompt shows); a theory paper's "Claim 4.1" is not one
    examples = result_sentences(ctx.passages, shown=without_signposts)  # as the prompt shows them
    if not examples or not paper_reports_numbers(ctx.source_text):
        return CheckResult(name="results-numbers", passed=True, detail="the paper reports no numeric results"), {}
    cited = ctx.evidence({"results": values["results"]}).evidence
    if not any(states_metric(e.quote, e.number) for e in cited):
        reasons["results"] = ("cites none of the metric values the paper reports (the paper says, e.g.: " +
                              " / ".join(f'"{q}"' for q in examples) + ")")
    return verdict("results-numbers", reasons, "results cite the paper's numbers with their metric")


# --- facts that must come from sources ------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s，。；）)]+|www\.[^\s，。；）)]+|\b[\w-]+\.(?:com|org|io|net|edu|ai|cn)\b|github|huggingface|\S+@\S+\.\w+",
                  re.I)
_INSTITUTION = re.compile(r"University|Universit[äy]|Institute of|College|Laborator(?:y|ies)|Inc\.|Ltd\b|大学|学院"
                          r"|研究院|研究所|实验室|公司")


def _name_variants(name: str) -> list[str]:
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    out = [" ".join(parts)]
    if len(parts) >= 2:
        out.append(" ".join([parts[-1]] + parts[:-1]))  # "Wang Jinghao"
        out.append(parts[-1] + parts[0])  # transliteration without space
    return [o for o in out if len(o) >= 4]


# A reference's number copied after a word ("在时序域（6），Nengo 神经模拟器（2）下" for the paper's "in the spiking
# domain [6] and run with the Nengo neural simulator [2]", seed 101): judged only when the paper cites by number,
# and not a function's argument ("O(1)", "SO(3)") nor the prose's own list ("并(3)解决", "（1）使用…")
_CITE_MARK = re.compile(r"(?<=[\u4e00-\u9fff])\s?([\[［（(]\s*(\d{1,3})(?:\s*[,，]\s*\d{1,3})*\s*[\]］）)])"
                        r"(?=\s*(?:[，。、；：,;:.）)]|$|[下中上里内]))")


# A year the paper writes only in its author-year citations ("(Reiter and Dale, 1997; Gatt and Krahmer, 2018)",
# "Touvron et al., 2023a", "Liu et al. (2023)", "[Luhman and Luhman 2021; …]", "(Belz, 2005, 2008; …)") dates a
# reference, not a finding: seed 109's "包括1997年Reference-Based Metrics和2018年G-G Attention的低性能". A year the
# paper's prose writes ("between November 2023 and January 2024", "from 2012 to 2020") passes.
_YEAR = re.compile(r"(?<![\d,\-])(?<!\d\.)(?:19[5-9]\d|20[0-4]\d)(?![\d%]|\.\d)")
_CITED_BY = re.compile(r"(?:\bet\s+al\.?\s*,?|[A-Za-z\u00c0-\u024f'’\-]{2,}\s*,|[A-Z][\w\u00c0-\u024f'’\-]*\s*[(\[]"
                       r"|(?<!\d)(?:19|20)\d\d[a-z]?(?:\s*,\s*[a-z])?\s*[,;])\s*$")
_IN_BRACKETS = re.compile(r"\[[^\]\n]{0,80}[A-Za-z]\s*$")  # "[Luhman and Luhman 2021" (an ACM citation)


def cited_only_years(source_text: str) -> dict[str, str]:
    """The years ``source_text`` writes only in author-year citations, each with one citation that writes it."""
    cited: dict[str, str] = {}
    prose: set[str] = set()
    for m in _YEAR.finditer(source_text):
        before = source_text[max(0, m.start() - 60):m.start()]
        after = source_text[m.end():m.end() + 3]
        if _CITED_BY.search(before) or (_IN_BRACKETS.search(before) and re.match(r"[a-z]?\s*[;\],]", after)):
            start = max(before.rfind("("), before.rfind("["))  # from the citation's bracket
            start = start if start >= 0 else max(0, len(before) - 30)
            cited.setdefault(m.group(0), _SPACES.sub(" ", (before[start:] + m.group(0)).strip()))
        else:
            prose.add(m.group(0))
    return {y: c for y, c in cited.items() if y not in prose}


def check_no_facts(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    reasons: Reasons = {}
    known = (ctx.title + " " + ctx.abstract)
    surnames = set()
    for a in ctx.authors:
        parts = [p for p in re.split(r"[\s.]+", a) if p]
        if parts and len(parts[-1]) >= 3 and parts[-1].isalpha() and parts[-1] not in known:
            surnames.add(parts[-1])
    affs = [a.strip() for a in ctx.affiliations if len(a.strip()) >= 4]
    cited_years = ctx.cited_years
    for f, text in _texts(values):
        low = text.lower()
        m = _URL.search(text)
        if m:
            _add(reasons, f, f"contains a link or address of its own ({m.group(0)!r})")
            continue
        # ... and a Chinese one's: "（Z.张等，2018）" (the seed-11 run's workload)
        # (a name with accents too: seed 47's "Thení, 2024)提出了…" gave the paper's own method to a citation)
        m = re.search(r"\bet\s+al\b|等人|[A-Za-z][A-Za-z\u00c0-\u024f-]*\s*等?\s*[，,]\s*(?:19|20)\d\d(?!\d)|"
                      r"[\u4e00-\u9fffA-Za-z.]等\s*[，,]?\s*(?:19|20)\d\d(?![\d年])", text, re.I)
        # ... and a name by its initials, the surname put into Chinese: the demo's past_methods "NeurIPS 2020 中的
        # J. H. 霍、A. 焦吉、P. A. 艾贝尔提出了…" (a reference's authors, transliterated by the model)
        m = m or re.search(r"(?<![A-Za-z])(?:[A-Z]\.\s?){1,3}[\u4e00-\u9fff]{1,4}?(?=[、，,和与及等]|提出|在\s*(?:19|20)\d\d)",
                           text)
        # ... and a name with an honorific: the cup game's "这个游戏最初由刘先生在1960年代提出" (seed 103), a cited
        # author put into Chinese; not "首先生成" (first generates)
        m = m or re.search(r"(?![首优预事原率领抢])[\u4e00-\u9fff](?:先生|女士|教授)(?![成产长效存])", text)
        if m:  # a citation: its names are the model's to get wrong ("王晓东和张立群, 2021" was invented)
            cited = "et al." if re.match(r"et\s+al", m.group(0), re.I) else m.group(0).strip()
            _add(reasons, f, f"names authors ({cited!r})")
            continue
        m = _CITE_MARK.search(text)
        if m and re.search(rf"\w\s?\[\s*(?:\d+\s*,\s*)*{m.group(2)}\s*(?:[,\]–-])", ctx.source_text):
            _add(reasons, f, f"cites a reference by its number ({m.group(1)!r})")
            continue
        years = [y for y in _YEAR.findall(text) if y in cited_years]
        if years:
            _add(reasons, f, f"gives the year {years[0]}, which the paper writes only in a citation "
                             f"({cited_years[years[0]]!r}): a reference's date, not a finding")
            continue
        hit = next((v for a in ctx.authors for v in _name_variants(a) if v.lower() in low), None)
        if hit is None:
            hit = next((s for s in surnames if re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])", text)), None)
        if hit:
            _add(reasons, f, f"names an author ({hit!r})")
            continue
        aff = next((a for a in affs if a.lower() in low), None)
        if aff:
            _add(reasons, f, f"names an affiliation ({aff!r})")
            continue
        inst = _INSTITUTION.search(text)
        if inst and inst.group(0) not in known:
            _add(reasons, f, f"names an institution ({inst.group(0)!r})")
    return verdict("no-facts", reasons, "no names, affiliations or links of its own")


# --- duplicates -----------------------------------------------------------------------------------------

# In the order the model writes them: a later field repeating an earlier one is the one that fails.
# SPEC's six, and the background, past methods and workload, which a small model fills with the same
# sentences as the method (seen: one demo paper's background, past_methods and method word for word alike).
DUPLICATE_FIELDS = tuple(f for f in FIELD_ORDER if f in ("summary", "method", "results", "conclusion",
                                                          "innovation", "performance", "background",
                                                          "past_methods", "workload"))
_SPLIT = re.compile(r"[。！？；!?;\n]|\.(?=\s|$)")


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.lower())


def _sentences(text: str) -> list[str]:
    return [s for s in (_norm(p) for p in _SPLIT.split(text)) if len(s) >= 8]


def near_duplicate(a: str, b: str, ratio: float = 0.75, containment: float = 0.85) -> bool:
    """Whether two normalised sentences say the same thing: similar overall, or one nearly inside the other."""
    if a == b:
        return True
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() >= ratio:
        return True
    short = min(len(a), len(b))
    if short >= 12:
        matched = sum(blk.size for blk in sm.get_matching_blocks())
        return matched / short >= containment
    return False


def check_duplicates(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    reasons: Reasons = {}
    seen: list[tuple[str, str]] = []  # (field, sentence)
    for f in DUPLICATE_FIELDS:
        if f not in values:
            continue
        own = _sentences(values[f])
        for s in own:
            other = next((g for g, t in seen if g != f and near_duplicate(s, t)), None)
            if other:
                _add(reasons, f, f"repeats what {other} says")
                break
        seen.extend((f, s) for s in own)
    items = [_norm(t) for t in values.get("takeaways", [])]
    for i in range(len(items)):
        if any(near_duplicate(items[i], items[j]) for j in range(i)):
            _add(reasons, "takeaways", "two takeaways say the same thing")
            break
    steps = [_norm(t) for t in values.get("method_steps", [])]
    if any(near_duplicate(steps[i], steps[j]) for i in range(len(steps)) for j in range(i)):
        _add(reasons, "method_steps", "two steps say the same thing")
    return verdict("duplicates", reasons, "no near-duplicate sentences across fields")


# --- echo, markup ---------------------------------------------------------------------------------------

_ECHO_MARKERS = re.compile(
    r"根据要求|按照要求|根据您的要求|按要求|以下是|输出格式|本字段|该字段|字段|JSON|作为(?:一个)?(?:AI|人工智能)|"
    r"as requested|as instructed|as an ai\b|the instructions|this field|here is the|ignore (?:all )?previous "
    r"instructions|忽略(?:之前|以上)的?(?:指令|指示)|上一次的回答|(?:重复|复述)了?[^，。；]{0,8}?的内容|"
    # the duplicates check's reason about two fields, translated: "总结重复了方法描述。", "摘要重复了背景信息。", "重复了创新说"
    r"(?:摘要|总结|背景|方法|创新|结论|要点|性能|结果)[^，。；]{0,2}重复了|^\s*重复了|"
    # the checks' reasons and the guide's counts, translated by a small model into the field it rewrote:
    # "性能达到其长度限制（8 0）并被截断", "提供了5到7个不同的观点"
    r"长度限制|被截断|截断了|(?:[3-7]\s*(?:到|至|-|~)\s*[5-7])\s*(?:个|条)|不在论文中|论文中没有这个|"
    # the workload guide's "(data, runs, compute)": "计算资源为所有数据、运行和计算"
    # (and the fourth zh run's "包括实验、运行时间和计算资源")
    r"(?:数据|实验)\s*[、,，]\s*运行(?:次数|时间)?\s*(?:[、,，和与及]|以及)\s*计算|\bdata, runs,? (?:and )?compute\b|"
    # the second fresh zh run's (seed 11): the evidence check's name and reason, translated ("证据：74不是任何句子中的
    # 数字", "证据：500个样本")
    r"(?:证据|依据|落地)\s*[：:]|不(?:是|在|出现在)[^，。；]{0,8}任何[^，。；]{0,6}句子|没有(?:任何)?(?:一个)?句子|"
    r"\bnot in any sentence\b|\bno sentence of the paper\b|"
    # ... and a reason about the answer's own sentence, translated (seed 113's performance "在2.1到14.7之间是上升，但这个
    # 句子说它下降了" for "2.1 to 14.7 is a rise, but this sentence says it falls"; an older "没有明确指出这个句子所描述的内容")
    r"(?:这个|这一|该|本|此)句子?(?:说|所|中|里|描述|提到|写)|这句话|\bthis sentence\b|"
    # the prompt's "Key results:" label, translated as a place of the paper (seed 19: "在关键结果部分，我们将COVT…";
    # earlier runs: "来自关键结果（见关键结果）", "来自关键结果（详见结论）中提取")
    r"(?:在|来自|见|从|于)\s*关键结果|关键结果\s*(?:部分|中|里|一节|[（(])|\b(?:in|from|see) (?:the )?key results\b|"
    r"无事实|\b(?:schema|bounds|language|placeholder|grounding|evidence|no-facts|duplicates|echo|markup|results-numbers|"
    r"denials|fragments|empty-phrases|terms|renderings|spelled)\s*:", re.I)
_CHUNK_SPLIT = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")


def _chunks(text: str, min_len: int) -> set[str]:
    return {c for c in _CHUNK_SPLIT.split(text) if len(c) >= min_len}


def _shingles(text: str, zh: bool) -> set[str]:
    if zh:
        runs = re.findall(r"[\u3400-\u9fff\uf900-\ufaff]{8,}", text)
        return {r[i:i + 8] for r in runs for i in range(len(r) - 7)}
    words = re.findall(r"[a-z]+", text.lower())
    return {" ".join(words[i:i + 5]) for i in range(max(0, len(words) - 4))}


def check_echo(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    reasons: Reasons = {}
    zh = ctx.language == "zh"
    instr = _shingles(ctx.instructions, zh) - _shingles(ctx.source_text, zh)
    phrases = _chunks(ctx.instructions, 2) - _chunks(ctx.source_text, 2)  # the prompt's Chinese phrases
    long_phrases = {p for p in phrases if len(p) >= 6}
    for f, text in _texts(values):
        m = _ECHO_MARKERS.search(text)
        if m and m.group(0).lower() not in ctx.source_text.lower():
            _add(reasons, f, f"echoes the instructions ({m.group(0)!r})")
            continue
        if zh:
            own = _chunks(text, 2)
            if own and own <= phrases and sum(map(len, own)) >= 4:
                _add(reasons, f, f"copies the field guide ({text.strip()[:30]!r})")
                continue
            hit = next((p for p in sorted(long_phrases) if p in text), None)
            if hit:
                _add(reasons, f, f"echoes the instructions ({hit!r})")
                continue
        common = _shingles(text, zh) & instr
        if common:
            _add(reasons, f, f"echoes the instructions ({sorted(common)[0]!r})")
    return verdict("echo", reasons, "nothing echoes the instructions")


_SPACES = re.compile(r"\s+")


# A Chinese sentence cut after its number: the last clause is the number alone ("…，包括在我们的基准中，80%？", seed 79;
# the grammar made the model end it there), or a list cut after its next number ("…两个主要限制：1. 文字型CoT累积错误；2.",
# "…三个关键领域具有广泛的影响：1."). A list of values ends on a value ("分别为 80%、91%。", "准确率：91%。"): no cut. A
# question mark after Chinese text is the placeholder check's.
_BARE_LAST = re.compile(r"(?:[，,；;]\s*[\d.]+\s*(?:%|％|倍|×)?|[：:、]\s*\d{1,2}\.)\s*[。！？!?]?$")


# The head of a Chinese item that begins mid-sentence: a bare passive ("被清空。", seed 89's method step: the cups
# "被清空"), a conjunction or particle that joins on to what came before ("以及提出两种方法…", "的", "了"), the "时" of
# "…时具有更高的上界" (seed 89's takeaway; not 时间/时期/时序…), or a "相比" with nothing it compares from ("方法相比，
# PSDNorm…", the head "与现有" lost)
_CUT_HEAD = re.compile(r"^(?:被(?!动)|以及|及(?![时格早])|的(?!确)|了(?!解)|着(?![重眼手])|时(?![间期序域空刻代态钟长效])|"
                       r"[^，,。与和同跟较对]{0,12}相比[，,])")
# A piece of the JSON answer left in an item ("用功情况。”,"), or two fields' values joined by their key ("…存在显著差异
# （Gé...”, 3.2: “为了避免…", seed 113's past_methods, a section number as the key; "…手势生成”，“方法步骤”：“1. 使用…")
_JSON_TAIL = re.compile(r"[”\"]\s*,\s*$")
_JSON_JOIN = re.compile(r"[”\"]\s*[,，]\s*[“\"]?[^\s”\"“：:，,。]{1,20}[”\"]?\s*[:：]\s*[“\"]")


# A quotation mark at an item's edge, with no quotation it closes or opens inside ("“性，使得难以比较", "它可能具有挑战性。“",
# "“结果和解释训练动态。”": seeds 109 and 127's takeaways, pieces of the answer's JSON); a quoted name inside passes
_QUOTE_EDGE = re.compile(r"^\s*”|“\s*$|^\s*“(?:[^”]*$|[^“”]*”\s*[。.]?\s*$)")
# ... or a last clause of one or two characters with no full stop ("我们的发现表明，显", seed 103; "…，包括")
_CUT_TAIL = re.compile(r"[，,]\s*[\u4e00-\u9fff]{1,2}$")


def _cut_zh(item: str) -> str | None:
    if _BARE_LAST.search(item):
        return f"ends on a number alone, a sentence cut off ('…{item[-12:]}'): write a whole sentence"
    if _CUT_HEAD.search(item):
        return f"begins in the middle of a sentence ('{item[:12]}…'): write a whole sentence"
    if _JSON_TAIL.search(item):
        return f"ends on a piece of the answer's JSON ('…{item[-8:]}'): write the sentence alone"
    if m := _JSON_JOIN.search(item):
        return f"holds a piece of the answer's JSON ('{m.group(0)}'): write the sentence alone"
    if _QUOTE_EDGE.search(item) or (item.count('"') % 2 and re.search(r'^\s*"|"\s*$', item)):
        return f"begins or ends on a stray quotation mark ('{item[:6]}…{item[-6:]}'): write the sentence alone"
    if _CUT_TAIL.search(item):
        return f"ends in the middle of a sentence ('…{item[-8:]}'): write a whole sentence"
    return None


def check_fragments(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """No English item is a broken piece of the paper's text: copied word for word (six words or more) from the
    middle of a word or of a sentence, lower-case first ("through a connection metric, and refines …", "MPPI.
    Runtime and …" after "Cluster-"): the English bench's trajectory paper published its conclusion's PDF lines
    as five takeaways. A copy that starts a sentence or a clause after ":" or ";" is a quote, not a fragment.
    A Chinese item (copies are caught by the language check there) is one cut after its number (``_cut_zh``)."""
    reasons: Reasons = {}
    if ctx.language != "en":
        for f, text in _texts(values):
            why = _cut_zh(text.strip())
            if why:
                _add(reasons, f, why)
        return verdict("fragments", reasons, "no sentence cut off")
    source = _SPACES.sub(" ", ctx.source_text)
    for f, text in _texts(values):
        item = _SPACES.sub(" ", text).strip()
        if len(item.split()) < 6:
            continue
        at = source.find(item)
        if at < 0:
            continue
        before = source[:at].rstrip(" ")[-1:]
        mid_word = at > 0 and (source[at - 1] != " " or before == "-")  # "Cluster- MPPI": a word broken at a line
        if mid_word or (item[0].islower() and before not in ("", ".", "!", "?", ":", ";")):
            _add(reasons, f, f"copies a broken piece of the paper's text ('{item[:40]}…'): write a whole sentence")
    return verdict("fragments", reasons, "no broken pieces of the paper's text")


_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>|javascript:|&lt;\s*script", re.I)


def check_markup(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    reasons: Reasons = {}
    for f, text in _texts(values):
        m = _TAG.search(text)
        if m:
            _add(reasons, f, f"contains markup ({m.group(0)[:30]!r})")
    return verdict("markup", reasons, "plain text, no markup")


ALL_CHECKS = (check_placeholders, check_markup, check_no_facts, check_echo, check_grounding, check_evidence,
              check_spelled_numbers, check_results_cite_numbers,
              check_comparisons, check_bounds, check_denied_gains, check_duplicates, check_language,
              check_empty_phrases, check_terms, check_renderings, check_fragments)
REASON_SEP = " | "


def run_checks(values: dict[str, Any], ctx: CheckContext) -> tuple[list[CheckResult], dict[str, str]]:
    """Run every check on the schema-valid values. Returns the results and, per failing field, the reason
    (each failing check's, joined by ``REASON_SEP``)."""
    results: list[CheckResult] = []
    failing: dict[str, str] = {}
    for check in ALL_CHECKS:
        res, reasons = check(values, ctx)
        results.append(res)
        for f, why in reasons.items():
            failing[f] = (failing[f] + REASON_SEP if f in failing else "") + f"{res.name}: {why}"
    return results, failing



def drop_repeated_items(data: dict[str, Any]) -> tuple[dict[str, Any], CheckResult]:
    """A list item that repeats an earlier one (the same or nearly) is dropped: a small model restates a
    takeaway; the list keeps what is distinct, and the bounds are checked on that."""
    out = dict(data)
    dropped: dict[str, int] = {}
    for f in LIST_FIELDS:
        items = data.get(f)
        if not isinstance(items, list):
            continue
        kept: list[Any] = []
        for item in items:
            if isinstance(item, str) and any(isinstance(k, str) and near_duplicate(_norm(item), _norm(k))
                                             for k in kept):
                dropped[f] = dropped.get(f, 0) + 1
                continue
            kept.append(item)
        out[f] = kept
    # A takeaway that repeats another field's sentence (seed 19: a takeaway word for word the performance field)
    # shows the reader the same sentence twice: dropped while the list keeps its minimum, the last one first.
    others = [t for g in DUPLICATE_FIELDS if isinstance(data.get(g), str) for t in _sentences(data[g])]
    takeaways = out.get("takeaways")
    if isinstance(takeaways, list) and others:
        for item in reversed(list(takeaways)):
            if len(takeaways) <= LIST_BOUNDS["takeaways"][0]:
                break
            if isinstance(item, str) and any(near_duplicate(_norm(item), t) for t in others):
                takeaways = [k for k in takeaways if k is not item]
                dropped["takeaways"] = dropped.get("takeaways", 0) + 1
        out["takeaways"] = takeaways
    detail = "; ".join(f"{f}: {n} repeated item{'s' if n > 1 else ''} dropped" for f, n in dropped.items())
    return out, CheckResult(name="repeats", passed=True, detail=detail or "no repeated list items")


def pool_items(f: str, candidates: list[Any], values: dict[str, Any], ctx: CheckContext) -> list[str]:
    """The items of ``candidates`` (the items of several answers for list field ``f``, best first) that each
    pass the bounds and every check on their own, beside the other fields' ``values``, and do not repeat an item
    kept before them; at most the list's maximum. A retry that fixed two takeaways and broke another can then
    publish the good points of both answers, each one checked. ``values[f]`` itself is ignored."""
    kept: list[str] = []
    for item in candidates:
        if not isinstance(item, str) or not item_fits(f, item, ctx.language, ctx.caps, ctx.caps_in_units):
            continue
        if any(near_duplicate(_norm(item), _norm(k)) for k in kept):
            continue
        _, reasons = run_checks({**values, f: [item]}, ctx)
        if f in reasons:
            continue
        kept.append(item)
        if len(kept) == LIST_BOUNDS[f][1]:
            break
    return kept


def check_output(data: dict[str, Any], ctx: CheckContext) -> tuple[dict[str, Any], list[CheckResult], dict[str, str]]:
    """Repeated list items dropped, schema and bounds, then every check. Returns the schema-valid values, all
    check results, and per failing field the reasons (a field missing from the values always fails)."""
    data, repeats = drop_repeated_items(data)
    values, results = validate_output(data, ctx.language, ctx.caps, ctx.caps_in_units)
    results.append(repeats)
    failing: dict[str, str] = {}
    for res in results:
        for f in res.fields:
            # bounds reasons each begin with their field's name; a field gets its own, not its neighbours'
            own = [part for part in res.detail.split("; ") if part.split(" ", 1)[0] == f]
            failing.setdefault(f, f"{res.name}: {'; '.join(own) or res.detail}")
    for f in output_fields(ctx.language):
        if f not in values:
            failing.setdefault(f, "schema: missing or empty")
    more, reasons = run_checks(values, ctx)
    for f, why in reasons.items():
        failing[f] = (failing[f] + REASON_SEP if f in failing else "") + why
    return values, results + more, failing
