"""The JSON schema of the one-call analysis, its bounds, and the schema check.

The schema is deliberately small (strings and arrays of strings) so that every backend can follow it: llama.cpp
turns it into a grammar, OpenAI-compatible servers take it as ``response_format``. Bounds the grammar cannot
express well (sentence counts, lengths) are checked afterwards in ``validate_output``.
"""

from __future__ import annotations

import re
from typing import Any

from paperbrief.records import CheckResult

__all__ = [
    "FIELD_ORDER",
    "sub_schema",
    "LIST_BOUNDS",
    "MAX_CHARS",
    "max_chars",
    "CHARS_PER_TOKEN",
    "TEXT_FIELDS",
    "LIST_FIELDS",
    "output_fields",
    "analysis_schema",
    "validate_output",
    "item_fits",
    "zh_text_pattern",
    "text_units",
    "paper_terms",
    "gloss_terms",
    "paper_numbers",
    "schema_caps",
    "PROSE_FIELDS",
    "COMMON_ACRONYMS",
]

# The order is the order the model writes them in (llama.cpp's grammar keeps the schema's property order).
# Details first, the summary and the takeaways last: a small model that writes the summary first tends to
# copy it into every later field.
FIELD_ORDER = ("title_translated", "keywords", "background", "past_methods", "method", "method_steps", "results",
               "performance", "innovation", "workload", "conclusion", "takeaways", "summary")
_ORDER = FIELD_ORDER

LIST_FIELDS = ("takeaways", "keywords", "method_steps")
TEXT_FIELDS = tuple(f for f in _ORDER if f not in LIST_FIELDS)
#: The fields written as sentences (the rest are a title, keywords and list items).
PROSE_FIELDS = tuple(f for f in TEXT_FIELDS if f != "title_translated")

#: (min items, max items) of each list field.
LIST_BOUNDS: dict[str, tuple[int, int]] = {"takeaways": (5, 7), "keywords": (3, 6), "method_steps": (2, 6)}

#: Upper bound on characters per text field (per item for lists) in Chinese; English gets ``EN_FACTOR`` times
#: as many. The grammar enforces them, so a looping model still closes its JSON. They sit about twice above
#: what the prompt's field guide asks for: a text that reaches its cap was cut off there and keeps its complete
#: sentences. Qwen's background retold the whole abstract (problem, method, result) and the later fields then
#: repeated it; capped, the background keeps its first sentences, the problem.
MAX_CHARS: dict[str, int] = {
    "title_translated": 80, "summary": 80, "takeaways": 60, "keywords": 16, "background": 90,
    "past_methods": 100, "method": 130, "method_steps": 40, "results": 130, "conclusion": 90,
    "innovation": 80, "performance": 80, "workload": 80,
}
#: When the output token budget cannot hold every field at its cap, caps shrink, but not below these.
MIN_CHARS: dict[str, int] = {
    "title_translated": 60, "summary": 70, "takeaways": 40, "keywords": 12, "background": 80, "past_methods": 80,
    "method": 90, "method_steps": 36, "results": 90, "conclusion": 70, "innovation": 60, "performance": 60,
    "workload": 50,
}
EN_FACTOR = 2.5
#: Shortest item (characters, Chinese; English gets ``EN_FACTOR`` times as many) of the lists that hold
#: sentences: a takeaway "工作负载" is a field name and "但速度较慢" a fragment, not a point; "提高了采样速度" is one.
MIN_ITEM_CHARS: dict[str, int] = {"takeaways": 6, "method_steps": 4}
#: Typical characters per token of the answer's text (a backend with a tokenizer measures its own).
CHARS_PER_TOKEN = {"zh": 1.3, "en": 3.5}


def max_chars(language: str, max_tokens: int | None = None,
              chars_per_token: float | None = None) -> dict[str, int]:
    """Per-field character caps for this language, shrunk so that every field at its cap still fits in
    ``max_tokens`` (JSON syntax included) where the floors allow."""
    factor = EN_FACTOR if language == "en" else 1.0
    fields = output_fields(language)
    caps = {f: int(MAX_CHARS[f] * factor) for f in fields}
    if not max_tokens:
        return caps
    items = {f: (LIST_BOUNDS[f][1] if f in LIST_FIELDS else 1) for f in fields}
    syntax_tokens = 6 * len(fields) + 3 * sum(items.values())
    cpt = chars_per_token or CHARS_PER_TOKEN.get(language, 1.3)
    allowed = max(0.0, (0.9 * max_tokens - syntax_tokens) * cpt)
    total = sum(caps[f] * items[f] for f in fields)
    if total <= allowed:
        return caps
    scale = allowed / total
    floor = factor * min(1.0, max_tokens / 1400)  # small budgets (tests, tiny models) lower the floors too
    return {f: max(1, int(MIN_CHARS[f] * floor), int(caps[f] * scale)) for f in fields}


_DESCRIPTIONS = {
    "title_translated": "the paper's title translated into Chinese",
    "summary": "one sentence summarising the whole paper",
    "takeaways": "5 to 7 key takeaways, one sentence each",
    "keywords": "3 to 6 keywords",
    "background": "research background and motivation",
    "past_methods": "earlier methods and their problems",
    "method": "the proposed method",
    "method_steps": "the method as ordered steps",
    "results": "tasks, datasets and the paper's reported numbers",
    "conclusion": "the conclusion and its significance",
    "innovation": "what is new",
    "performance": "how well it performs",
    "workload": "the amount of work: experiments, data, implementation",
}


def output_fields(language: str) -> tuple[str, ...]:
    """The fields the model writes in this language (no translated title in English posts)."""
    return tuple(f for f in _ORDER if language == "zh" or f != "title_translated")


# Chinese prose keeps English only for names, terms and acronyms ("Transformer", "CIFAR-10", "ResNet"); an
# ordinary English word must be translated. A small model mixes English into its Chinese however it is asked
# (Qwen2.5-Coder-1.5B did in every paper of the demo); barred from lower-case words it capitalises them or
# glues them together ("平滑插值Path", "ButSamplingpeeds"). So the embedded backend's grammar lets through only
# the Latin words the paper itself uses as names and terms, and short acronyms.
# Any character but a quote, a backslash, a control character, a Latin letter, or the brackets of markup
# and templates ("<URL>", "{method}"):
# Not in a Chinese answer either: Markdown syntax (`[]|` and backticks: "[这里](...)" came back) and scripts no
# English paper's Chinese summary uses (Qwen wrote "Iри亚" into one). Greek stays (α, β in formulas).
_ZH_OTHER = r'[^"\\\x00-\x1fA-Za-z<>{}\[\]`|\u0400-\u052f\u0590-\u06ff\u0e00-\u0e7f\u3040-\u30ff\uac00-\ud7af]'
# Acronyms any paper may use without spelling them out, and single capitals ("K 个样本"); any other acronym
# must be the paper's own. A wider list became junk where the model wanted English: an open "[A-Z]{1,5}" gave
# "FVD 低 212FSIQI", a list of twenty common ones "FVD 低 212VAE" and "在 T3Bench 上 RNN".
COMMON_ACRONYMS = ("AI", "CPU", "GPU", "TPU")
# With the paper's numbers given, digits (ASCII and full-width) leave the free characters too: a number can
# then only be one the paper prints (``paper_numbers``) or a single digit. Qwen wrote "2000个GPU" and
# "缩短到20分钟" into fields the paper gives no such number for.
_NO_DIGITS = "0-9\uff10-\uff19"
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_ACRONYM = "[A-Z]"
# A unit of ``zh_text_pattern``: a run of Latin words and numbers ("T3Bench", "CIFAR", "18.4", "3D") with the
# character after it, or any other single character.
# A gloss in brackets with a lower-case English word ("（temporal loss）", ``gloss_terms``) is one unit too.
_UNITS = re.compile(r"[（(][A-Za-z0-9 .-]*(?<![A-Za-z])[a-z][A-Za-z0-9 .-]*[)）]"
                    r"|(?:[A-Za-z]+|\d+(?:[.,]\d+)*)+[^A-Za-z0-9]?|[^A-Za-z]")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


# Capitalised words a paper's text holds that are no names or terms (headings run into sentences).
_NOT_TERMS = {"On", "In", "We", "The", "Our", "This", "These", "For", "To", "Of", "And", "An", "It", "As", "At",
              "By", "With", "From", "Table", "Tables", "Figure", "Figures", "Fig", "Section", "Appendix", "Eq",
              "Code", "Project", "Introduction", "Conclusion", "Method", "Methods", "Experiments", "Results",
              "Related", "Work", "Abstract", "Acknowledgements", "References"}
# ... nor the words of a proof's or a prompt's structure, and connectives a heading or a line break leaves
# capitalised mid-sentence ("by Theorem 3", "Final Note :"): allowed as terms, they let the model loop on them
# (seed 83: a translated title "Note: Note: Note: …" for the VBP paper, "3Theorem" for the cup game)
_NOT_TERMS |= set("Note Notes Remark Remarks Proof Proofs Theorem Theorems Lemma Lemmas Definition Definitions Corollary "
                  "Proposition Claim Claims Case Cases Example Examples Step Steps Observation Assumption Algorithm "
                  "Algorithms Input Output However Then Finally Moreover Furthermore Thus Hence Since If When While "
                  "Here There That All Each Both First Second Third Next Also But So Such Let Given Recall Assume "
                  "Suppose Consider".split())
# ... nor the words of a reference list ("Proceedings of the International Conference on …")
_NOT_TERMS |= set("Proceedings Conference International Journal Transactions Symposium Workshop Annual Advances "
                  "Association Society Press Volume Preprint".split())
_URL_IN_TEXT = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
# what follows a cited author's name: "et al.", ", 2024", "and Ba, 2015", "& Ba"
_CITED_AFTER = re.compile(r"\s+et\s+al\b|,\s*(?:19|20)\d\d|\s+and\s+[A-Z][\w-]+,\s*(?:19|20)\d\d|\s*&\s*[A-Z]")


def paper_terms(text: str, exclude: str = "", limit: int = 150, keep: str = "") -> list[str]:
    """The Latin words ``text`` uses as names and terms: those with a capital after their first letter
    ("DiffBIR", "CIFAR", "LoRA") or capitalised inside a sentence ("Transformer", "Aesthetics"); not a
    capitalised word at a sentence start ("We", "Diffusion models ..."), in a URL, or in ``exclude`` (the
    authors' names and affiliations: those come from the sources). Nor an everyday word that a heading or a
    reference's title capitalises ("Verification", "Proceedings", "Models") and the paper writes in lower case
    at least as often, unless it is a word of ``keep`` (the key terms). The ``limit`` most frequent."""
    text = _URL_IN_TEXT.sub(" ", text)
    banned = set(_LATIN_RUN.findall(exclude)) | _NOT_TERMS
    kept = {w.lower() for w in _LATIN_RUN.findall(keep)}
    counts: dict[str, int] = {}
    cited: dict[str, int] = {}
    lower: dict[str, int] = {}
    for m in _LATIN_RUN.finditer(text):
        w = m.group(0)
        if w.islower():
            lower[w] = lower.get(w, 0) + 1
        if w[0].islower() or len(w) < 2 or w in banned:
            continue
        if not any(c.isupper() for c in w[1:]):
            before = text[:m.start()].rstrip()
            if not before or before[-1] in ".!?:;\n":
                continue  # capitalised because a sentence starts there
        counts[w] = counts.get(w, 0) + 1
        cited[w] = cited.get(w, 0) + bool(_CITED_AFTER.match(text, m.end()))
    # a cited author ("Luo et al., 2024", "Snell, 2024", "Kingma & Ba") is no term: allowed, the model wrote "Luo,
    # 2025" into seven fields of the loop-invariant paper (seed 89); 20 to 48 such names were terms per paper
    counts = {w: n for w, n in counts.items() if cited.get(w, 0) * 2 < n}
    # the verification paper's 133 terms held 46 such words ("Interpretation", "Simplification", "Soundness"):
    # with them the grammar let its answers be English sentences, "not written in Chinese" in 12 fields (seed 83)
    counts = {w: n for w, n in counts.items()
              if w.lower() in kept or any(c.isupper() for c in w[1:]) or lower.get(w.lower(), 0) < n}
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[:limit]
    return sorted(ranked, key=lambda w: (-len(w), w))


# A key term with a lower-case word ("temporal loss", "3D co-speech gestures") cannot be written under the pattern,
# whose words are capitalised names; glossed, "时间损失（temporal loss）", it can: the whole term, exactly, in
# brackets, as one unit (``text_units`` counts it so). Lower-case English stays out of the sentence itself.
_GLOSS_TERM = re.compile(r"[A-Za-z0-9]+(?:[ .-][A-Za-z0-9]+)*")
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]")


def gloss_terms(terms: list[str] | tuple[str, ...]) -> list[str]:
    """The ``terms`` (the paper's key terms, ``phrasing.key_terms``) that only a gloss in brackets can carry under
    ``zh_text_pattern``: those with a word in lower case, spelled with letters, digits, spaces, dots and dashes."""
    return list(dict.fromkeys(t for t in terms if _GLOSS_TERM.fullmatch(t) and _LOWER_WORD.search(t)))


def zh_text_pattern(max_units: int, terms: list[str] | tuple[str, ...] = (), sentence: bool = False,
                    single: bool = False, label_free: bool = False,
                    numbers: list[str] | tuple[str, ...] | None = None, min_units: int = 1,
                    glosses: list[str] | tuple[str, ...] = ()) -> str:
    """A JSON-schema pattern for Chinese text of at most ``max_units`` units (a character, or a run of Latin
    words and numbers with the character after it). A Latin word is one of ``terms``, a common acronym or a
    single capital; words and numbers alternate in a run of at most three ("T3Bench", "3D"), so capitals cannot
    pile up into an invented acronym or a code. A number is one of ``numbers`` (the paper's, ``paper_numbers``) or, without them, any.
    With ``sentence`` the text ends as a sentence does (。！？): a model that stops mid-clause ("……并与现有的
    DiffBIR") must finish it. With ``single`` it is one sentence (no 。！？ before its end). With ``label_free``
    it holds no colon: list items came back labelled ("创新点：……", "第一步：……"). With ``min_units`` above 1
    the text is at least that long: Qwen ended takeaways after a word ("重要性", "创新点1"). ``glosses`` (the
    paper's key terms) may follow in brackets, "时间损失（temporal loss）", those of ``gloss_terms`` whole."""
    words = dict.fromkeys([t for t in terms if t.isascii() and t.isalpha() and len(t) > 1] + list(COMMON_ACRONYMS))
    word = "(" + "|".join(list(words) + [_ACRONYM]) + ")"
    if numbers is None:
        num = r"([0-9]+([.,][0-9]+)*)"
    else:
        listed = dict.fromkeys([n for n in numbers if _NUMBER.fullmatch(n)] + [str(d) for d in range(10)])
        # "[.]", not an escaped dot: llama.cpp's grammar has no such escape inside a literal
        num = "(" + "|".join(n.replace(".", "[.]") for n in sorted(listed, key=lambda n: (-len(n), n))) + ")"
    # At most three pieces ("T3Bench", "A100", "1.5B"): an open alternation let Qwen pad a retried takeaway
    # with "18.4V2F9.2V2C300V2" up to its cap, single capitals between the paper's numbers.
    run = f"({num}({word}{num}?)?|{word}({num}{word}?)?)"
    other = _ZH_OTHER[:-1] + _NO_DIGITS + ("。！？!?" if single else "") + ("：:" if label_free else "") + "]"
    glossed = gloss_terms(glosses)
    # "[.]", not an escaped dot (see ``num``); a term is a literal of letters, digits, spaces and dashes otherwise
    gloss = ("|[（(](" + "|".join(t.replace(".", "[.]") for t in sorted(glossed, key=lambda t: (-len(t), t)))
             + ")[)）]") if glossed else ""
    unit = f"({other}|{run}{other}{gloss})"
    if sentence:
        return f"^{unit}{{{max(0, min_units - 1)},{max_units - 1}}}{run}?[。！？]$"
    if min_units > 1:  # the last unit may be a bare run ("……的 CIFAR"); either way ``min_units`` in all
        return f"^{unit}{{{min(min_units, max_units) - 1},{max_units - 1}}}({unit}|{run})$"
    return f"^({unit}{{1,{max_units}}}{run}?|{run})$"


def paper_numbers(text: str, limit: int = 200) -> list[str]:
    """The numbers ``text`` prints ("18.4", "1,000" and "1000", "0.312"), URLs left out; the ``limit`` most
    frequent. ``zh_text_pattern`` lets a Chinese answer state only these (and single digits)."""
    text = _URL_IN_TEXT.sub(" ", text)
    counts: dict[str, int] = {}
    for m in _NUMBER.finditer(text):
        n = m.group(0).rstrip(".,")
        for form in dict.fromkeys([n, n.replace(",", "")]):
            counts[form] = counts.get(form, 0) + 1
    return sorted(counts, key=lambda n: (-counts[n], n))[:limit]


def text_units(text: str) -> int:
    """The length of ``text`` as ``zh_text_pattern`` counts it (a Latin word and the character after it are
    one unit)."""
    return len(_UNITS.findall(text))


def analysis_schema(language: str, max_tokens: int | None = None, chars_per_token: float | None = None,
                    latin_terms: list[str] | None = None, numbers: list[str] | None = None,
                    glosses: list[str] | None = None) -> dict[str, Any]:
    """The JSON schema of the answer; with ``max_tokens`` the length caps fit that output budget. With
    ``latin_terms`` (Chinese only; for backends whose grammar takes a ``pattern``) every string also carries
    ``zh_text_pattern``: English only as those terms (the paper's, from ``paper_terms``) and acronyms, with
    ``numbers`` (``paper_numbers``) only those numbers, and with ``glosses`` (the paper's key terms,
    ``PaperInput.key_terms``) those terms in brackets after their Chinese rendering."""
    caps = max_chars(language, max_tokens, chars_per_token)
    props: dict[str, Any] = {}
    for f in output_fields(language):
        text = {"type": "string", "minLength": 1, "maxLength": caps[f]}
        if latin_terms is not None and language == "zh":
            text["pattern"] = zh_text_pattern(caps[f], latin_terms, sentence=f in PROSE_FIELDS,
                                              single=f == "summary", label_free=f in LIST_FIELDS, numbers=numbers,
                                              min_units=min(MIN_ITEM_CHARS.get(f, 1), caps[f]),
                                              glosses=glosses or ())
        if f in LIST_FIELDS:
            lo, hi = LIST_BOUNDS[f]
            props[f] = {"type": "array", "items": text, "minItems": lo, "maxItems": hi,
                        "description": _DESCRIPTIONS[f]}
        else:
            props[f] = {**text, "description": _DESCRIPTIONS[f]}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def schema_caps(schema: dict[str, Any]) -> dict[str, int]:
    """Each field's length cap in ``schema`` (per item for lists)."""
    out = {}
    for f, prop in schema.get("properties", {}).items():
        cap = (prop.get("items") or {}).get("maxLength") if prop.get("type") == "array" else prop.get("maxLength")
        if cap:
            out[f] = int(cap)
    return out


def sub_schema(schema: dict[str, Any], fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The schema restricted to ``fields`` (the retry asks only for the parts that failed)."""
    props = {f: schema["properties"][f] for f in schema["properties"] if f in fields}
    return {**schema, "properties": props, "required": list(props)}


_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])[ \u3000]+(?=[\u3400-\u9fff\uf900-\ufaff])")


def _clean(text: str) -> str:
    """Control characters (a model may emit raw ones inside JSON strings) become spaces."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()


# A list item's own numbering ("1. 数据驱动的类别特定学习"): the post numbers or bullets the items itself.
_ENUMERATOR = re.compile(r"^(?:\d{1,2}[.、)）](?!\d)|[（(]\d{1,2}[)）]|[-•*·])\s*")


def _close_han_gaps(value: Any) -> Any:
    """A space between two Chinese characters, which Chinese never has, goes. Barred from a repeated phrase
    (``repeats``), Qwen wrote the same characters with a space-prefixed token ("可 微奖励"). Done after the
    length checks, which measure the text as the grammar counted it."""
    if isinstance(value, list):
        return [_close_han_gaps(v) for v in value]
    return _HAN_GAP.sub("", value) if isinstance(value, str) else value


_SENTENCE_END = re.compile(r"[。！？；!?;]|\.(?=\s|$)")


def _complete_sentences(text: str) -> str | None:
    """``text`` up to its last complete sentence, when that keeps at least 40% of it (else ``None``)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] < 0.4 * len(text):
        return None
    kept = text[:ends[-1]].rstrip()
    return kept[:-1] + ("。" if kept[-1] == "；" else ".") if kept[-1] in "；;" else kept


def _sentences(text: str) -> int:
    parts = [p for p in re.split(r"[。！？!?]+|\.(?:\s+|$)", text.strip()) if p.strip()]
    return len(parts)


def _cut_off(f: str, text: str, caps: dict[str, int] | None, caps_in_units: bool) -> bool:
    """A grammar stops a text exactly at its cap (in units, a last word may follow); a longer text came from a
    backend that does not enforce the caps, and the ordinary length bound judges it."""
    if not caps or f not in caps:
        return False
    if caps_in_units:
        return caps[f] <= text_units(text) <= caps[f] + 1
    return len(text) == caps[f]


def item_fits(f: str, item: str, language: str, caps: dict[str, int] | None = None,
              caps_in_units: bool = False) -> bool:
    """Whether one item of list field ``f`` is within its bounds on its own: not cut off at a grammar's cap,
    not over the field's length limit, not a fragment (``MIN_ITEM_CHARS``)."""
    size = text_units if caps_in_units else len
    factor = EN_FACTOR if language == "en" else 1.0
    text = _clean(item)
    if not text or _cut_off(f, text, caps, caps_in_units) or size(text) > max_chars(language)[f]:
        return False
    return f not in MIN_ITEM_CHARS or size(text) >= MIN_ITEM_CHARS[f] * factor


def validate_output(data: dict[str, Any], language: str, caps: dict[str, int] | None = None,
                    caps_in_units: bool = False) -> tuple[dict[str, Any], list[CheckResult]]:
    """Check types, presence and bounds. Returns the cleaned values (strings stripped) and the check results
    (``schema`` for types/presence, ``bounds`` for counts and lengths). A field failing ``schema`` is absent
    from the returned values. ``caps`` are the length caps the request's grammar enforced (in ``text_units``
    with ``caps_in_units``): a text that reached its cap was cut off there and fails ``bounds``."""
    fields = output_fields(language)
    values: dict[str, Any] = {}
    missing, wrong, empty = [], [], []
    for f in fields:
        if f not in data or data[f] is None:
            missing.append(f)
            continue
        v = data[f]
        if f in LIST_FIELDS:
            if isinstance(v, str):  # a common slip: one string instead of a list
                wrong.append(f)
                continue
            if not isinstance(v, list) or not all(isinstance(i, (str, int, float)) for i in v):
                wrong.append(f)
                continue
            items = [_ENUMERATOR.sub("", _clean(str(i)), count=1) for i in v]
            if not items or any(not i for i in items):
                empty.append(f)
                continue
            values[f] = items
        else:
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                wrong.append(f)
                continue
            s = _clean(str(v))
            if not s:
                empty.append(f)
                continue
            values[f] = s
    extra = sorted(set(data) - set(fields) - {"unavailable"})
    details = []
    if missing:
        details.append("missing: " + ", ".join(missing))
    if wrong:
        details.append("wrong type: " + ", ".join(wrong))
    if empty:
        details.append("empty: " + ", ".join(empty))
    schema = CheckResult(name="schema", passed=not (missing or wrong or empty),
                         detail="; ".join(details) or ("ok" + (f" (ignored extra keys: {', '.join(extra)})"
                                                                if extra else "")),
                         fields=missing + wrong + empty)
    full_caps = max_chars(language)
    factor = EN_FACTOR if language == "en" else 1.0
    bad: list[str] = []
    why: list[str] = []

    # A grammar that counts a Latin word as one unit (``caps_in_units``) is judged in those units: its caps are
    # the ones it could obey ("在 CIFAR-10 和 LAION-Aesthetics 上" is 90 units but 127 characters long).
    size = text_units if caps_in_units else len
    trimmed: list[str] = []
    dropped: list[str] = []
    for f, v in list(values.items()):
        if any(_cut_off(f, t, caps, caps_in_units) for t in (v if f in LIST_FIELDS else [v])):
            if f in LIST_FIELDS:  # a cut-off item is left out when enough whole ones remain
                whole = [t for t in v if not _cut_off(f, t, caps, caps_in_units)]
                whole = whole if len(whole) >= LIST_BOUNDS[f][0] else None
            else:
                # Under the sentence grammar the end mark of a text at its cap was forced there ("……并且Beta前？"):
                # the last sentence is the cut one.
                forced = caps_in_units and f in PROSE_FIELDS and v[-1:] in "。！？"
                whole = _complete_sentences(v[:-1] if forced else v)
            if whole is None:
                bad.append(f)
                why.append(f"{f} reached its length limit ({caps[f]}) and is cut off")
                continue
            values[f] = v = whole  # what the model wrote, up to its last complete sentence
            trimmed.append(f)
        if f in MIN_ITEM_CHARS:
            # A fragment ("保持一致性", "但速度较慢") is left out, like a cut-off item, when enough whole points
            # remain; otherwise the bound below fails the list.
            whole = [t for t in v if size(t) >= MIN_ITEM_CHARS[f] * factor]
            if len(whole) < len(v) and len(whole) >= LIST_BOUNDS[f][0]:
                values[f] = v = whole
                dropped.append(f)
        if f in LIST_FIELDS:
            lo, hi = LIST_BOUNDS[f]
            if not lo <= len(v) <= hi:
                bad.append(f)
                why.append(f"{f} has {len(v)} items (allowed {lo}-{hi})")
                continue
            long = [i for i in v if size(i) > full_caps[f]]
            short = [i for i in v if f in MIN_ITEM_CHARS and size(i) < MIN_ITEM_CHARS[f] * factor]
            if long:
                bad.append(f)
                why.append(f"{f} has an item longer than {full_caps[f]} characters")
            elif short:
                bad.append(f)
                why.append(f"{f} has an item too short to be a sentence ({short[0]!r})")
            elif len({i.lower() for i in v}) != len(v):
                bad.append(f)
                why.append(f"{f} repeats an item")
        else:
            if size(v) > full_caps[f]:
                bad.append(f)
                why.append(f"{f} is {size(v)} characters (at most {full_caps[f]})")
            elif f == "summary" and _sentences(v) > 1:
                bad.append(f)
                why.append("summary is more than one sentence")
    ok = "ok" + (f" (cut off at the length limit; kept the complete sentences or items: {', '.join(trimmed)})"
                 if trimmed else "") + (f" (left out items too short to be a point: {', '.join(dropped)})"
                                        if dropped else "")
    bounds = CheckResult(name="bounds", passed=not bad, detail="; ".join(why) or ok, fields=bad)
    return {f: _close_han_gaps(v) for f, v in values.items()}, [schema, bounds]
