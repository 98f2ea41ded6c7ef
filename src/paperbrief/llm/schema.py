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
]

# The order is the order the model writes them in (llama.cpp's grammar keeps the schema's property order).
# Details first, the summary and the takeaways last: a small model that writes the summary first tends to
# copy it into every later field.
FIELD_ORDER = ("title_translated", "keywords", "background", "past_methods", "method", "method_steps", "results",
               "performance", "innovation", "workload", "conclusion", "takeaways", "summary")
_ORDER = FIELD_ORDER

LIST_FIELDS = ("takeaways", "keywords", "method_steps")
TEXT_FIELDS = tuple(f for f in _ORDER if f not in LIST_FIELDS)

#: (min items, max items) of each list field.
LIST_BOUNDS: dict[str, tuple[int, int]] = {"takeaways": (5, 7), "keywords": (3, 8), "method_steps": (2, 8)}

#: Upper bound on characters per text field (per item for lists) in Chinese; English gets ``EN_FACTOR`` times
#: as many. The grammar enforces them, so a looping model still closes its JSON.
MAX_CHARS: dict[str, int] = {
    "title_translated": 80, "summary": 100, "takeaways": 90, "keywords": 20, "background": 300,
    "past_methods": 300, "method": 400, "method_steps": 120, "results": 400, "conclusion": 300,
    "innovation": 250, "performance": 250, "workload": 200,
}
#: When the output token budget cannot hold every field at its cap, caps shrink, but not below these.
MIN_CHARS: dict[str, int] = {
    "title_translated": 60, "summary": 50, "takeaways": 36, "keywords": 12, "background": 80, "past_methods": 80,
    "method": 90, "method_steps": 36, "results": 90, "conclusion": 70, "innovation": 60, "performance": 60,
    "workload": 50,
}
EN_FACTOR = 2.5
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
    "keywords": "3 to 8 keywords",
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


def analysis_schema(language: str, max_tokens: int | None = None,
                    chars_per_token: float | None = None) -> dict[str, Any]:
    """The JSON schema of the answer; with ``max_tokens`` the length caps fit that output budget."""
    caps = max_chars(language, max_tokens, chars_per_token)
    props: dict[str, Any] = {}
    for f in output_fields(language):
        if f in LIST_FIELDS:
            lo, hi = LIST_BOUNDS[f]
            props[f] = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": caps[f]},
                        "minItems": lo, "maxItems": hi, "description": _DESCRIPTIONS[f]}
        else:
            props[f] = {"type": "string", "minLength": 1, "maxLength": caps[f], "description": _DESCRIPTIONS[f]}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def sub_schema(schema: dict[str, Any], fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The schema restricted to ``fields`` (the retry asks only for the parts that failed)."""
    props = {f: schema["properties"][f] for f in schema["properties"] if f in fields}
    return {**schema, "properties": props, "required": list(props)}


def _clean(text: str) -> str:
    """Control characters (a model may emit raw ones inside JSON strings) become spaces."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()


def _sentences(text: str) -> int:
    parts = [p for p in re.split(r"[。！？!?]+|\.(?:\s+|$)", text.strip()) if p.strip()]
    return len(parts)


def validate_output(data: dict[str, Any], language: str) -> tuple[dict[str, Any], list[CheckResult]]:
    """Check types, presence and bounds. Returns the cleaned values (strings stripped) and the check results
    (``schema`` for types/presence, ``bounds`` for counts and lengths). A field failing ``schema`` is absent
    from the returned values."""
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
            items = [_clean(str(i)) for i in v]
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
    caps = max_chars(language)
    bad: list[str] = []
    why: list[str] = []
    for f, v in values.items():
        if f in LIST_FIELDS:
            lo, hi = LIST_BOUNDS[f]
            if not lo <= len(v) <= hi:
                bad.append(f)
                why.append(f"{f} has {len(v)} items (allowed {lo}-{hi})")
                continue
            long = [i for i in v if len(i) > caps[f]]
            if long:
                bad.append(f)
                why.append(f"{f} has an item longer than {caps[f]} characters")
            elif len({i.lower() for i in v}) != len(v):
                bad.append(f)
                why.append(f"{f} repeats an item")
        else:
            if len(v) > caps[f]:
                bad.append(f)
                why.append(f"{f} is {len(v)} characters (at most {caps[f]})")
            elif f == "summary" and _sentences(v) > 1:
                bad.append(f)
                why.append("summary is more than one sentence")
    bounds = CheckResult(name="bounds", passed=not bad, detail="; ".join(why) or "ok", fields=bad)
    return values, [schema, bounds]
