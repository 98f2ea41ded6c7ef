"""Chinese answers from a grammar-constrained backend: lower-case English words cannot be written (the
schema's ``pattern``), the caps the grammar enforced reveal a cut-off text, and English run together fails.
A real model's answers are held to what the grammar guarantees of every answer, cut off at the token limit or
not (``grammar_violations``), never to the text one machine's llama.cpp happens to write."""

from __future__ import annotations

import json
import re

import pytest
from llm_fixtures import GOOD_ZH, PAPER, DictCache, good, require_test_model
from scripted_llm import ScriptedBackend

from paperbrief.config import LLMConfig
from paperbrief.errors import LLMError
from paperbrief.llm import analyze_paper, make_backend
from paperbrief.llm.checks import CheckContext, check_output, run_checks
from paperbrief.llm.schema import (COMMON_ACRONYMS, PROSE_FIELDS, analysis_schema, paper_numbers, paper_terms,
                                    schema_caps, sub_schema, text_units, validate_output, zh_text_pattern)


def _strings(value):
    if isinstance(value, list):
        yield from (str(v) for v in value)
    else:
        yield str(value)


TERMS = PAPER.terms()


def test_paper_terms_are_the_names_and_terms_the_paper_uses():
    assert {"SMA", "GLUE", "SuperGLUE", "LoRA", "Transformer", "Sparse", "Mixture", "Adapters"} <= set(TERMS)
    # sentence starts, authors, affiliations and URLs are not terms
    assert not {"We", "On", "Fine", "Large", "Low", "Training", "Stanford", "Gonzalez", "University"} & set(TERMS)
    assert paper_terms("See https://github.com/XPixelGroup/DiffBIR now. Table 2 uses ImageNet.") == ["ImageNet"]
    # a proof's and a note's words, capitalised mid-sentence, are no terms (seed 83 looped "Note: Note: …")
    assert paper_terms("This holds by Theorem 3 and Lemma 2. Final Note : GPT-3.5 often produces similar candidates, "
                       "as Step 2 shows.") == ["GPT"]
    # cited authors are no terms (seed 89 wrote "Luo, 2025" into seven fields); a name the paper uses otherwise stays
    assert paper_terms("It uses binary search (Luo et al., 2024) and Adam (Kingma & Ba, 2015), as in prior work "
                       "(Snell, 2024); scaling follows Hoffmann and Borgeaud, 2022. Adam is tuned.") == ["Adam"]
    # an everyday word capitalised by a heading or a reference's title, written in lower case as often, is no term
    # (the verification paper, seed 83: "4 Verification Soundness"), unless a key term holds it; a reference list's
    # words are none either
    text = ("4 Verification Soundness We check the verification of each invariant. In Proceedings of CAV, the "
            "verification took long. The Invariant Checker uses UAutomizer.")
    assert paper_terms(text) == ["UAutomizer", "Soundness", "Checker", "CAV"]
    assert paper_terms(text, keep="program verification") == ["Verification", "UAutomizer", "Soundness", "Checker",
                                                                "CAV"]
    assert {"Adapters", "Mixture", "Sparse"} <= set(TERMS)  # "adapters" in lower case too, but a key term's word


def test_pattern_keeps_the_papers_terms_and_nothing_else():
    pat = re.compile(zh_text_pattern(200, TERMS))
    prose = re.compile(zh_text_pattern(200, TERMS, sentence=True))
    for field, value in GOOD_ZH.items():  # an answer that passes every check also fits the grammar
        for text in _strings(value):
            assert (prose if field in PROSE_FIELDS else pat).fullmatch(text), text
    assert prose.fullmatch("在 GLUE 上优于 LoRA。") and prose.fullmatch("它优于 LoRA！")
    assert not prose.fullmatch("本文提出了一种方法，并与现有的 LoRA")
    for ok in ["在 GLUE 上提升 1.2 分。", "每个 Transformer 层", "SMA 比 LoRA 更快", "用 GPU 训练", "取 α=0.5 时"]:
        assert pat.fullmatch(ok), ok
    for bad in ["SMA 使训练更 faster。", "适配器（adapter）", "平滑插值 Path", "ButSamplingpeeds", 'a"b', "x",
                "", "ResNet 的结果", "IMATION", "FVD 低 212FSIQI", "时间一致性 LOSS", "代码见 <GLUE>", "{SMA}",
                "Iри亚研究机构", "见[这里](链接)", "用 `SMA` 训练", "表格 | 列"]:
        assert not pat.fullmatch(bad), bad
    assert not re.fullmatch(zh_text_pattern(5, TERMS), "一二三四五六")  # the cap is part of the pattern
    assert text_units("在 CIFAR-10 上") == 5  # 在, " ", "CIFAR-" (a word and the character after it), "10 ", 上
    assert text_units("在 T3Bench 上提高 18.4%。") == 9  # 在, " ", "T3Bench ", 上, 提, 高, " ", "18.4%", 。


def test_pattern_only_for_chinese_and_only_when_asked():
    zh = analysis_schema("zh", 1400, latin_terms=TERMS)
    props = zh["properties"]
    assert all("pattern" in (p.get("items") or p) for p in props.values())
    # the caps at a 1,400-token answer budget, in text units
    assert (props["summary"]["maxLength"], props["keywords"]["items"]["maxLength"],
            props["takeaways"]["items"]["maxLength"], props["method"]["maxLength"]) == (70, 13, 50, 109)
    assert schema_caps(zh)["takeaways"] == 50 and schema_caps(zh)["summary"] == 70
    summary = re.compile(props["summary"]["pattern"])
    # one whole sentence in Chinese, the paper's terms and numbers allowed, at most 70 units
    assert summary.fullmatch("本文提出稀疏混合适配器 SMA，在 GLUE 上平均得分 88.4。")
    assert summary.fullmatch("一" * 69 + "。") and not summary.fullmatch("一" * 70 + "。")
    for bad in ["本文提出一种方法。它更快。",  # two sentences
                "本文提出一种方法",  # no sentence end
                "本文提出一种 method。",  # an English word that is not the paper's
                "关键词：适配器"]:  # a label
        assert not summary.fullmatch(bad), bad
    keyword = re.compile(props["keywords"]["items"]["pattern"])
    for ok in ["适配器", "混合专家", "LoRA", "参数高效微调。"]:
        assert keyword.fullmatch(ok), ok
    for bad in ["关键词：适配器", "adapter", "一" * 14]:
        assert not keyword.fullmatch(bad), bad
    takeaway = re.compile(props["takeaways"]["items"]["pattern"])
    assert takeaway.fullmatch("只有少量参数参与训练。") and takeaway.fullmatch("六个字的要点")
    for bad in ["五个字要点", "短要点", "要点：只有少量参数参与训练。"]:  # under 6 units; a label
        assert not takeaway.fullmatch(bad), bad
    for schema in (analysis_schema("zh", 1400), analysis_schema("en", 1400, latin_terms=TERMS)):
        assert "pattern" not in json.dumps(schema)


def test_pattern_compiles_to_a_llama_cpp_grammar():
    from llama_cpp.llama_grammar import LlamaGrammar, json_schema_to_gbnf

    for numbers in (None, PAPER.numbers() + ["18.4", "1,000"]):
        gbnf = json_schema_to_gbnf(json.dumps(analysis_schema("zh", 1400, latin_terms=TERMS, numbers=numbers)))
        assert "SuperGLU" in gbnf  # the paper's terms are literals of the grammar
        grammar = LlamaGrammar.from_string(gbnf, verbose=False)  # raises on a grammar llama.cpp cannot parse
        assert grammar is not None


def test_text_that_reached_its_cap_is_cut_off():
    caps = {"summary": 20, "takeaways": 12}
    data = good(summary="本文提出一种方法" * 3, takeaways=["短要点一", "短要点二", "短要点三", "短要点四", "这一条要点写到了上限为止"])
    values, (schema, bounds) = validate_output(data, "zh", {"summary": 24, "takeaways": 12})
    assert schema.passed and not bounds.passed
    assert set(bounds.fields) == {"summary", "takeaways"} and "cut off" in bounds.detail
    _, (_, ok) = validate_output(good(), "zh", {f: 1000 for f in caps})
    assert ok.passed
    # in units (the Chinese pattern), a Latin word and the character after it count once
    text = "本文在 ImageNet 上验证了这个方法"  # no sentence end: nothing complete to keep
    assert text_units(text) == len(text) - len("ImageNet")
    for cap, cut in [(text_units(text), True), (text_units(text) + 3, False), (len(text), False)]:
        _, (_, bounds) = validate_output(good(summary=text), "zh", {"summary": cap}, caps_in_units=True)
        assert bounds.passed != cut, (cap, bounds.detail)
    _, (_, chars) = validate_output(good(summary=text), "zh", {"summary": len(text)})
    assert not chars.passed  # in characters: exactly at the cap
    _, (_, longer) = validate_output(good(summary=text), "zh", {"summary": len(text) - 5})
    assert longer.passed  # a backend that ignores the caps did not cut it


def test_english_run_together_fails_the_language_check():
    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title)
    _, results, failing = check_output(good(results="在 GLUE 上 Averagequalityscorefromtheinitialvalue 为 88.4。"), ctx)
    assert "run together" in failing["results"]
    _, _, failing = check_output(good(), ctx)
    assert failing == {}


class _GrammarScripted(ScriptedBackend):
    enforces_schema = True


@pytest.mark.parametrize("backend_cls, language, expect", [
    (_GrammarScripted, "zh", True), (ScriptedBackend, "zh", False), (_GrammarScripted, "en", False)])
def test_analyze_sends_the_pattern_to_backends_that_enforce_it(backend_cls, language, expect):
    backend = backend_cls([good(language=language)])
    out = analyze_paper(backend, PAPER, language=language)
    assert out.analysis.unavailable == {}
    assert ("pattern" in json.dumps(backend.requests[0]["schema"])) == expect


def test_a_field_written_in_english_is_retried_under_the_papers_names_only():
    """Seeds 83 and 89 lost 29 and 12 fields to answers "not written in Chinese" twice: under the grammar every
    capitalised word of the paper was a term ("Interpretation", "Proceedings" …), and the retry had the same
    grammar. The retry of such a field lets through only the names among the key terms; a field failing for
    another reason keeps the first grammar."""
    english = "Sparse Mixture Adapters 的 Transformer 和 SuperGLUE 上的 Sparse Mixture Adapters。"  # the paper's terms
    first = good(background=english, conclusion=good()["method"])  # background English, conclusion a repeat
    backend = _GrammarScripted([first, good()])
    out = analyze_paper(backend, PAPER, language="zh")
    assert "not written in Chinese" in out.first_try_failing["background"]
    assert out.analysis.unavailable == {}
    props = backend.requests[1]["schema"]["properties"]
    assert set(props) == {"background", "conclusion"}
    retried, kept = re.compile(props["background"]["pattern"]), re.compile(props["conclusion"]["pattern"])
    assert props["conclusion"] == backend.requests[0]["schema"]["properties"]["conclusion"]
    for text in ("在每个 Transformer 层中插入适配器。", "Sparse 适配器很多。"):  # paper terms, not key names
        assert kept.fullmatch(text) and not retried.fullmatch(text), text
    assert retried.fullmatch("SMA 在 GLUE 上优于 LoRA。")  # the names among the key terms


# --- what the grammar guarantees about any answer, cut off or not ---------------------------------------------
#
# llama.cpp's output differs between CPUs, so a test of a real model's answer may assert only what holds for
# every answer the grammar allows. A string the model closed is one the field's pattern matches whole. An answer
# stopped by the token limit (finish_reason "length") may end anywhere: inside a key, between items, or inside a
# string, even inside a word ("……L-R#SM" where the term is "SMA"), so only its last string may be unfinished, and
# then only as the start of a text the pattern allows. Everything before the cut is whole.

_SPACE = re.compile(r"[ \t\n]*")  # whitespace between JSON tokens (llama.cpp's converters allow " " or more)


def _grammar_words(terms) -> list[str]:
    """The Latin words ``zh_text_pattern`` lets through besides single capitals."""
    return list(dict.fromkeys([t for t in terms if t.isascii() and t.isalpha() and len(t) > 1]
                              + list(COMMON_ACRONYMS)))


def _stray_words(text: str, words) -> list[str]:
    """Latin words outside the grammar's: a bracketed gloss of a key term ("时间损失（temporal loss）") is one unit
    the grammar allows as a whole (its terms are checked in test_llm_phrasing), so its words are not counted."""
    text = re.sub(r"[（(][A-Za-z0-9 .\-]*[a-z][A-Za-z0-9 .\-]*[)）]", "", text)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in words and not re.fullmatch("[A-Z]", w)]


def _can_continue(text: str, pattern: str, words, numbers) -> bool:
    """Whether some text the pattern matches starts with ``text``. Shown by finding one: finish the word or
    number ``text`` ends inside (if any), then pad with a Chinese character (a length floor) and end a sentence
    (the prose fields end with 。)."""
    tails = {""}
    for whole in list(words) + (list(numbers) if numbers is not None else []):
        tails.update(whole[j:] for j in range(1, len(whole)) if text.endswith(whole[:j]))
    if numbers is None and re.search(r"[0-9][.,]$", text):
        tails.add("0")
    compiled = re.compile(pattern)
    return any(compiled.fullmatch(text + tail + "的" * pad + end)
               for tail in tails for end in ("", "。") for pad in range(8))


def grammar_violations(raw: str, schema: dict, *, cut: bool, terms, numbers=None) -> list[str]:
    """How ``raw``, an answer written under ``schema``'s grammar (``analysis_schema`` with ``latin_terms=terms``
    and ``numbers``), breaks what the grammar guarantees; ``[]`` when it does not. ``cut``: the answer ran into
    the token limit, so it may stop anywhere, mid-word included; otherwise it must be one whole object."""
    words = _grammar_words(terms)
    nums = None if numbers is None else list(dict.fromkeys(
        [n for n in numbers if re.fullmatch(r"\d+(?:[.,]\d+)*", n)] + [str(d) for d in range(10)]))
    props = schema["properties"]
    order = list(props)
    problems: list[str] = []

    def skip(i: int) -> int:
        return _SPACE.match(raw, i).end()

    def ran_out(where: str) -> list[str]:
        if not cut:
            problems.append(f"the answer stops {where} although it was not cut off at the token limit")
        return problems

    def string(i: int, field: str, prop: dict) -> int | None:
        """The string opening at ``raw[i]``; the index after its closing quote, None when the answer ends in it."""
        close = raw.find('"', i + 1)
        text = raw[i + 1:] if close < 0 else raw[i + 1:close]
        stray = _stray_words(text, words)
        note = f" (Latin words outside the grammar: {', '.join(stray)})" if stray else ""
        if close < 0:
            if cut and not _can_continue(text, prop["pattern"], words, nums):
                problems.append(f"{field}: the cut-off text {text!r} is not the start of a text the grammar allows"
                                + note)
            return None
        if not re.fullmatch(prop["pattern"], text):
            problems.append(f"{field}: {text!r} is not a text the grammar allows" + note)
        return close + 1

    i = skip(0)
    if i == len(raw):
        return ran_out("before it starts")
    if raw[i] != "{":
        return problems + [f"the answer does not start with an object: {raw[:60]!r}"]
    i, seen = skip(i + 1), []
    while True:
        if i == len(raw):
            return ran_out("between two fields")
        if seen:
            if raw[i] == "}":
                break
            if raw[i] != ",":
                return problems + [f"unexpected {raw[i:i + 20]!r} after {seen[-1]}"]
            i = skip(i + 1)
            if i == len(raw):
                return ran_out("between two fields")
        if raw[i] != '"':
            return problems + [f"unexpected {raw[i:i + 20]!r} where a key belongs"]
        close = raw.find('"', i + 1)
        key = raw[i + 1:] if close < 0 else raw[i + 1:close]
        # every field is required, and llama.cpp's grammar writes them in the schema's order
        due = order[len(seen)] if len(seen) < len(order) else None
        if close < 0:
            if not (due or "").startswith(key):
                problems.append(f"the cut-off key {key!r} is not the start of the next key, {due}")
            return ran_out("inside a key")
        if key != due:
            return problems + [f"key {key!r} where {due or 'the end of the object'} belongs"]
        seen.append(key)
        i = skip(close + 1)
        if i == len(raw):
            return ran_out(f"after the key {key}")
        if raw[i] != ":":
            return problems + [f"no colon after the key {key}"]
        i = skip(i + 1)
        if i == len(raw):
            return ran_out(f"before the value of {key}")
        prop = props[key]
        if prop.get("type") == "array":
            if raw[i] != "[":
                return problems + [f"{key} is not an array"]
            i, count = skip(i + 1), 0
            while True:
                if i == len(raw):
                    return ran_out(f"inside the list {key}")
                if count and raw[i] == "]":
                    break
                if count:
                    if raw[i] != ",":
                        return problems + [f"unexpected {raw[i:i + 20]!r} in the list {key}"]
                    i = skip(i + 1)
                    if i == len(raw):
                        return ran_out(f"inside the list {key}")
                if raw[i] != '"':
                    return problems + [f"unexpected {raw[i:i + 20]!r} in the list {key}"]
                after = string(i, key, prop["items"])
                count += 1
                if count > prop["maxItems"]:
                    problems.append(f"{key} has more than {prop['maxItems']} items")
                if after is None:
                    return ran_out(f"inside an item of {key}")
                i = skip(after)
            if count < prop["minItems"]:
                problems.append(f"{key} has {count} items, fewer than {prop['minItems']}")
            i = skip(i + 1)
        else:
            if raw[i] != '"':
                return problems + [f"{key} is not a string"]
            after = string(i, key, prop)
            if after is None:
                return ran_out(f"inside the text of {key}")
            i = skip(after)
    missing = [p for p in schema.get("required", props) if p not in seen]
    if missing:
        problems.append("the object closes without " + ", ".join(missing))
    if skip(i + 1) != len(raw):
        problems.append(f"text after the object: {raw[skip(i + 1):][:40]!r}")
    return problems


GRAMMAR = analysis_schema("zh", 1400, latin_terms=PAPER.terms(), numbers=PAPER.numbers())
CLEAN = json.dumps({f: GOOD_ZH[f] for f in GRAMMAR["properties"]}, ensure_ascii=False)


def _violations(raw: str, cut: bool, schema: dict = GRAMMAR) -> list[str]:
    return grammar_violations(raw, schema, cut=cut, terms=PAPER.terms(), numbers=PAPER.numbers())


def _answer(**fields) -> str:
    return json.dumps({f: fields.get(f, GOOD_ZH[f]) for f in GRAMMAR["properties"]}, ensure_ascii=False)


def test_the_checker_passes_a_whole_answer_and_every_cut_of_it():
    assert "SMA" in PAPER.terms()
    assert _violations(CLEAN, cut=False) == [] and _violations(CLEAN, cut=True) == []
    # the token limit may stop the answer after any character: every such cut is a start the grammar allows
    for end in range(len(CLEAN)):
        assert _violations(CLEAN[:end], cut=True) == [], CLEAN[:end]
    # the issue's answer: cut inside the term "SMA", after single capitals and signs
    issue = _answer(results="在 GLUE 上 L-R#SMA 的得分为 88.4。")
    cut = issue[:issue.index("#SM") + 3]
    assert cut.endswith('"results": "在 GLUE 上 L-R#SM')
    assert _violations(cut, cut=True) == []
    assert _violations(issue, cut=False) == []


def test_the_checker_fails_a_fragment_in_an_answer_that_was_not_cut():
    issue = _answer(results="在 GLUE 上 L-R#SMA 的得分为 88.4。")
    cut = issue[:issue.index("#SM") + 3]
    assert "not cut off" in _violations(cut, cut=False)[0]
    # closed after the fragment: "SM" is a whole word there, and no word of the grammar, cut or not
    assert _violations(_answer(summary="本文提出稀疏混合适配器 SMA。"), cut=False) == []
    closed = _answer(summary="本文提出稀疏混合适配器 SM。")
    for cut in (False, True):
        found = _violations(closed, cut=cut)
        assert len(found) == 1 and "summary" in found[0] and "SM" in found[0], found


def test_the_checker_fails_a_stray_word_anywhere():
    middle = _answer(method="SMA 在每一层放置多个 fidelity 小型适配器，由轻量路由器挑选其中两个。")
    for cut in (False, True):
        found = _violations(middle, cut=cut)
        assert len(found) == 1 and "method" in found[0] and "fidelity" in found[0], found
    # still found when the answer is then cut mid-word further on
    later = middle[:middle.index('"summary": "') + len('"summary": "本文提出稀疏混合适配器 SM')]
    assert later.endswith("适配器 SM")
    found = _violations(later, cut=True)
    assert len(found) == 1 and "fidelity" in found[0]
    capitalised = _answer(method="SMA 在每一层放置多个小型适配器，由 Router 挑选其中两个。")
    assert "Router" in _violations(capitalised, cut=False)[0]
    # at the very end of an answer that was not cut off
    last = _answer(summary="本文提出稀疏混合适配器 SMA，并提高了 Fidelity。")
    found = _violations(last, cut=False)
    assert len(found) == 1 and "summary" in found[0] and "Fidelity" in found[0], found
    # and where the cut stops: a whole stray word, or a start no allowed word has
    start = CLEAN[:CLEAN.index('"summary": "')] + '"summary": "本文提出 '
    assert _violations(start + "Sup", cut=True) == [] and _violations(start + "88.4SMA8", cut=True) == []
    for tail in ("Fidelity", "Fid", "fi", "SMX", "88.4SMA8Lo"):  # the last: a fourth piece in one run
        assert _violations(start + tail, cut=True), tail


def test_the_checker_reads_the_structure():
    assert _violations("", cut=True) == [] and _violations('{"title_tr', cut=True) == []
    assert _violations('{"title_translated', cut=True) == [] and _violations('{"title_translated": "用于', cut=True) == []
    keywords = CLEAN[:CLEAN.index('"keywords": [') + len('"keywords": [')]
    assert _violations(keywords + '"适配器", "LoRA", ', cut=True) == []
    assert _violations(keywords + '"适配器", "LoRA", "', cut=True) == []
    assert _violations(keywords + '"适配器", "LoRA", "Router', cut=True)
    assert _violations('{"extra": "x"}', cut=False)
    assert _violations(CLEAN + " trailing", cut=False)
    assert _violations("Sure! " + CLEAN, cut=False)
    assert _violations(CLEAN.replace('"method": "SMA 在', '"method": "<b>SMA</b> 在'), cut=False)
    assert _violations(_answer(keywords=["适配器", "LoRA"]), cut=False)  # too few items
    short = json.loads(CLEAN)
    del short["summary"]
    assert _violations(json.dumps(short, ensure_ascii=False), cut=True) == ["the object closes without summary"]
    del short["workload"]
    assert "'conclusion' where workload belongs" in _violations(json.dumps(short, ensure_ascii=False), cut=True)[0]
    assert _violations('{"summ', cut=True)  # the first key is title_translated
    # the checker reads the very schema sent: a retry's sub-schema has only the fields asked for again
    retry = sub_schema(GRAMMAR, ["method"])
    assert _violations(json.dumps({"method": GOOD_ZH["method"]}, ensure_ascii=False), cut=False, schema=retry) == []


@pytest.mark.model
@pytest.mark.slow
def test_smollm2_chinese_answer_obeys_the_grammar():
    model = require_test_model()
    backend = make_backend(LLMConfig(model_path=str(model), n_ctx=2048, max_output_tokens=500))
    calls = []  # (schema, text, finish_reason) of every answer the model wrote, first try and retry
    complete = backend._complete

    def recording(messages, schema, max_tokens, temperature, **kw):
        answer = complete(messages, schema, max_tokens, temperature, **kw)
        calls.append((schema, answer[0], answer[4]))
        return answer

    backend._complete = recording
    try:
        cache = DictCache()
        out = analyze_paper(backend, PAPER, language="zh", cache=cache, token_budget=300, max_output_tokens=500)
    finally:
        backend.close()
    assert out.calls >= 1 and len(cache.data) == out.calls == len(calls)
    assert [raw for _, raw in cache.data.values()] == [text for _, text, _ in calls]
    for schema, raw, finish in calls:
        # The model may stop at the token limit anywhere, even inside a word; only then may the answer end
        # unfinished, and only as the start of an answer the grammar allows.
        assert finish in ("stop", "length"), finish
        assert grammar_violations(raw, schema, cut=finish == "length", terms=PAPER.terms(),
                                  numbers=PAPER.numbers()) == [], raw
    # no lower-case English can be written, so none is reported
    assert not any("not translated" in c.detail for c in out.checks if c.name == "language")


def test_each_field_gets_its_own_bounds_reason():
    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title, caps={"summary": 10},
                       instructions="")
    _, _, failing = check_output(good(summary="第一句话。第二句话说别的。", keywords=["适配器"]), ctx)
    assert "keywords has 1 items" in failing["keywords"] and "summary" not in failing["keywords"]
    assert "summary" in failing["summary"] and "keywords" not in failing["summary"]


def test_a_cut_off_text_keeps_its_complete_sentences():
    text = "模型规模不断增长，全量微调需要大量显存。因此研究者寻找只训练少量参数的方法；但是这些方法的表达能"
    values, (_, bounds) = validate_output(good(background=text), "zh", {"background": len(text)})
    assert bounds.passed and "background" in bounds.detail and "complete sentences" in bounds.detail
    assert values["background"] == "模型规模不断增长，全量微调需要大量显存。因此研究者寻找只训练少量参数的方法。"
    short = "全量微调需要大量显存。然后这一句很长很长很长很长很长很长很长很长很长很长很长很长很长很长没有写完"
    _, (_, bounds) = validate_output(good(background=short), "zh", {"background": len(short)})
    assert not bounds.passed  # too little would be left


def test_capitalised_english_not_in_the_paper_fails():
    from paperbrief.llm.prompts import retry_note

    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title)
    # "Quality" and "Path": English the grammar let through only because the model capitalised it
    _, _, failing = check_output(good(method="SMA 选择平滑的 Path，并保持 Quality。"), ctx)
    assert "not in the paper: Path, Quality" in failing["method"]
    assert "Path、Quality" in retry_note({"method": failing["method"]}, "zh")
    # names and terms the paper writes, acronyms, glosses and the title's words quoted whole pass
    for ok in ["SMA 的平均得分在两个基准上都高于低秩适配方法 LoRA。", "在 SuperGLUE 基准上也取得了更好的成绩。",
               "每个 Transformer 层中都插入了八个小型的适配器（Adapters）。",
               "《Sparse Mixture Adapters for Efficient Fine-Tuning》这篇论文研究了如何用很少的可训练参数完成大语言模型的微调，并比较了多种适配方法在不同任务上的表现差异。", "训练过程可以在普通的 GPU 或者 TPU 上完成。"]:
        _, _, failing = check_output(good(method=ok), ctx)
        assert "method" not in failing, (ok, failing)


def test_a_quantity_with_a_unit_is_grounded():
    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title)
    _, _, failing = check_output(good(workload="训练用了 8 块 GPU，计算资源为 40GB 显存。"), ctx)
    assert "numbers not in the paper: 40" in failing["workload"]
    _, _, failing = check_output(good(workload="在 12 个任务上做了消融实验，模型为 1.5B 规模的 3D 网络。"), ctx)
    assert "workload" not in failing  # "1.5B" and "3D" name things; 12 is in the paper


def test_a_grammar_backend_gets_the_reasons_in_english():
    backend = _GrammarScripted([good(innovation="xxx"), good()])
    out = analyze_paper(backend, PAPER, language="zh")
    assert out.retries == 1 and out.analysis.unavailable == {}
    note = backend.requests[1]["messages"][-1]["content"]
    assert "上一次的回答没有通过检查" in note and "- innovation: placeholder: template residue 'xxx'" in note
    plain = ScriptedBackend([good(innovation="xxx"), good()])
    analyze_paper(plain, PAPER, language="zh")
    assert "不能有占位符" in plain.requests[1]["messages"][-1]["content"]


def test_a_cut_off_list_item_is_left_out_when_enough_remain():
    items = good()["takeaways"] + ["这一条要点写得太长太长太长太长太长太长太长太长太长太长，一直写到了长度上限为止"]
    cap = len(items[-1])
    assert all(len(t) < cap for t in items[:-1])
    values, (_, bounds) = validate_output(good(takeaways=items), "zh", {"takeaways": cap})
    assert bounds.passed and values["takeaways"] == items[:-1]
    values, (_, bounds) = validate_output(good(takeaways=items[:4] + items[-1:]), "zh", {"takeaways": cap})
    assert not bounds.passed and "cut off" in bounds.detail  # four whole items are too few


def test_acronyms_and_letters_run_onto_numbers_must_come_from_the_paper():
    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title)
    _, _, failing = check_output(good(results="在 GLUE 上平均得分为 88.4，比卷积网络 CNN 高 1.2 分。"), ctx)
    assert "not in the paper: CNN" in failing["results"]
    _, _, failing = check_output(good(results="在 GLUE 上平均得分为 88.4SMA，比 LoRA 高 1.2 分。"), ctx)
    assert "run together: 4SMA" in failing["results"]
    # a name the paper writes with a hyphen ("R2-GUARD", the safety-guard paper's title), written without it
    guard = CheckContext(language="zh", source_text="R2-GUARD: Robust Reasoning Enabled LLM Guardrail. R -Guard "
                         "surpasses LlamaGuard by 30.2% on ToxicChat.", title="R2-GUARD: Robust Reasoning Enabled LLM Guardrail")
    _, reasons = run_checks({"method": "R2Guard 用概率图模型进行推理。"}, guard)
    assert "method" not in reasons
    _, reasons = run_checks({"method": "R2Guard 用 3Guard 进行推理。"}, guard)
    assert "run together: 3Guard" in reasons["method"]
    _, _, failing = check_output(good(results="在 GLUE 上平均得分为 88.4，用 GPU 训练，比 LoRA 高 1.2 分。"), ctx)
    assert "results" not in failing  # the paper's acronyms and the common few pass


def test_background_and_past_methods_may_not_repeat_the_method():
    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title)
    _, _, failing = check_output(good(past_methods=good()["background"]), ctx)
    assert "repeats what background says" in failing["past_methods"]


def test_a_takeaway_must_be_a_sentence_not_a_word():
    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title)
    _, _, failing = check_output(good(takeaways=good()["takeaways"][:4] + ["工作负载"]), ctx)
    assert "too short to be a sentence ('工作负载')" in failing["takeaways"]
    _, _, failing = check_output(good(takeaways=good()["takeaways"][:4] + ["但更慢"]), ctx)
    assert "too short to be a sentence ('但更慢')" in failing["takeaways"]
    _, _, failing = check_output(good(takeaways=good()["takeaways"][:4] + ["提高了训练速度"]), ctx)
    assert failing == {}  # a terse point with its verb is a sentence
    _, _, failing = check_output(good(), ctx)
    assert failing == {}


def test_a_chinese_sentence_full_of_the_papers_names_is_chinese():
    """A Latin name weighs as a Chinese word: a takeaway naming three benchmarks is still Chinese, and an
    English sentence made of the paper's own terms is not."""
    ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title)
    names = "SMA在GLUE和SuperGLUE上优于LoRA"
    _, _, failing = check_output(good(takeaways=good()["takeaways"][:4] + [names]), ctx)
    assert failing == {}
    _, _, failing = check_output(good(takeaways=good()["takeaways"][:4] + ["SMA LoRA GLUE SuperGLUE Transformer 上"]),
                                 ctx)
    assert "not written in Chinese" in failing["takeaways"]


def test_the_summary_is_one_sentence_and_list_items_carry_no_label():
    """Qwen wrote a two-sentence summary and labelled its takeaways ("创新点：……"); the grammar rules both out."""
    one = re.compile(zh_text_pattern(80, TERMS, sentence=True, single=True))
    assert one.fullmatch("本文提出 SMA，在 GLUE 上优于 LoRA。")
    for bad in ["本文提出 SMA。它在 GLUE 上优于 LoRA。", "本文提出 SMA！它更快。", "本文提出 SMA?它更快。"]:
        assert not one.fullmatch(bad), bad
    item = re.compile(zh_text_pattern(60, TERMS, label_free=True))
    assert item.fullmatch("SMA 只更新少量参数")
    for bad in ["创新点：SMA 只更新少量参数", "第一步:训练路由器"]:
        assert not item.fullmatch(bad), bad
    # the same answer passes the checks: the rules narrow the grammar, they do not contradict the checks
    assert all(item.fullmatch(t) for t in GOOD_ZH["takeaways"])
    assert one.fullmatch(GOOD_ZH["summary"])


def test_the_retry_note_does_not_show_the_rejected_text():
    """Shown its rejected takeaway ('表1列出了分数'), Qwen wrote it again; the grammar backend's note names the
    check and leaves the text out."""
    from paperbrief.llm.prompts import retry_note

    why = ("bounds: takeaways has an item too short to be a sentence ('表1列出了分数') | "
           "echo: copies the field guide ('表1列出了分数。')")
    note = retry_note({"takeaways": why, "results": "grounding: numbers not in the paper: 50"}, "zh",
                      english_reasons=True)
    assert "表1" not in note
    assert "- takeaways: bounds: takeaways has an item too short to be a sentence | echo: copies the field guide" in note
    assert "- results: grounding: numbers not in the paper: 50" in note


def test_a_space_between_chinese_characters_goes_after_the_length_checks():
    """Barred from repeating a phrase, Qwen wrote it with a space-prefixed token ("可 微奖励"); the space goes,
    but only after the cut-off check, which counts the text as the grammar did."""
    values, _ = validate_output(good(method="结合不同的可 微奖励，并在 GLUE 上对齐。", takeaways=["较少 的扭曲更好"] * 5),
                                "zh")
    assert values["method"] == "结合不同的可微奖励，并在 GLUE 上对齐。"  # a space next to a Latin word stays
    assert values["takeaways"][0] == "较少的扭曲更好"
    caps = {"method": text_units("一二三四五六七 八九")}
    values, checks = validate_output(good(method="一二三四五六七 八九"), "zh", caps=caps, caps_in_units=True)
    assert not checks[1].passed and "method reached its length limit" in checks[1].detail


def test_a_grammar_counting_units_is_judged_in_units():
    """The grammar counts a Latin word as one unit, so a background at its unit cap may hold more characters
    than the cap; it is judged in units, and a backend without the grammar in characters."""
    text = "在 GLUE 和 SuperGLUE 上，SMA 比 LoRA 和 Adapters 更好。" * 4
    assert text_units(text) <= 90 < len(text)
    _, checks = validate_output(good(background=text), "zh", caps={"background": 120}, caps_in_units=True)
    assert checks[1].passed, checks[1].detail
    _, checks = validate_output(good(background=text), "zh")
    assert not checks[1].passed and "background is" in checks[1].detail


def test_a_fragment_is_left_out_of_a_list_that_keeps_enough_points():
    """Qwen's otherwise good takeaways held one fragment ("保持一致性"); with five whole points left, the
    fragment goes and the list is published; with four, the list fails."""
    six = good()["takeaways"][:5] + ["保持一致"]
    values, checks = validate_output(good(takeaways=six), "zh")
    assert checks[1].passed and "left out items too short to be a point: takeaways" in checks[1].detail
    assert values["takeaways"] == good()["takeaways"][:5]
    values, checks = validate_output(good(takeaways=good()["takeaways"][:4] + ["保持一致"]), "zh")
    assert not checks[1].passed and "too short to be a sentence ('保持一致')" in checks[1].detail


def test_numbers_only_the_paper_prints():
    """With the paper's numbers, a Chinese answer can state only those (and single digits): Qwen wrote
    "2000个GPU" and "缩短到20分钟" into fields the paper gives no such number for."""
    text = "We train on 1,000 photos for 3 days on 8 GPUs; PSNR improves by 1.7 dB and FVD is 212 on T3Bench."
    numbers = paper_numbers(text + " See https://x.org/2000/9.html")
    assert {"1,000", "1000", "3", "8", "1.7", "212"} <= set(numbers) and "2000" not in numbers
    pat = re.compile(zh_text_pattern(60, TERMS + ["PSNR", "FVD", "Bench"], sentence=True, numbers=numbers))
    for ok in ["在 1,000 张照片上 PSNR 提高 1.7 分贝。", "在1000张照片上训练3天。", "FVD 为 212。", "在 T3Bench 上。",
               "用 8 个 GPU 训练。", "文本到3D生成。", "第2步。", "在 8A 上。", "T3Bench 和 3D。"]:
        assert pat.fullmatch(ok), ok
    for bad in ["用 2000 个 GPU 训练。", "缩短到20分钟。", "提高 18.4%。", "用２０００个GPU。", "FVD 低 212VAE。",
                "FSIQI 更好。", "平滑度分数1.7V8F3V212。"]:
        assert not pat.fullmatch(bad), bad
    # the cap counts a run of words and numbers with the character after it as one unit, as text_units does
    for text in ["在 T3Bench 上提高 1.7 分贝。", "在1,000张照片上。"]:
        n = text_units(text)
        assert re.fullmatch(zh_text_pattern(n, TERMS + ["Bench"], sentence=True, numbers=numbers), text)
        assert not re.fullmatch(zh_text_pattern(n - 1, TERMS + ["Bench"], sentence=True, numbers=numbers), text)


def test_analyze_gives_the_grammar_the_papers_numbers():
    backend = _GrammarScripted([good()])
    analyze_paper(backend, PAPER, language="zh")
    pattern = backend.requests[0]["schema"]["properties"]["results"]["pattern"]
    for n in PAPER.numbers()[:5]:
        assert n.replace(".", "[.]") in pattern
    assert "[0-9]+" not in pattern  # not any number


def test_a_takeaway_is_long_enough_to_be_a_point():
    """Qwen ended takeaways after a word ("重要性", "创新点1"); the grammar holds them to the shortest point the
    bounds accept, and a step to its own minimum."""
    item = re.compile(zh_text_pattern(60, TERMS, label_free=True, min_units=6))
    for bad in ["重要性", "创新点1", "保持一致", "F", "保持一致性", "提高 SMA", "只更新了SMA"]:  # Qwen wrote "保持一致性"
        assert not item.fullmatch(bad), bad
    for ok in ["保持帧间一致", "SMA 只更新少量参数", "提高了训练速度", "只更新了 SMA", "只更新了少量SMA"]:
        assert item.fullmatch(ok), ok
        assert text_units(ok) >= 6
    schema = analysis_schema("zh", 1800, latin_terms=TERMS)
    assert "{5,59}" in schema["properties"]["takeaways"]["items"]["pattern"]  # 5 units, then a unit or a run
    assert "{1,1}" not in schema["properties"]["keywords"]["items"]["pattern"]


@pytest.mark.model
def test_llama_cpp_compiles_the_grammar_with_numbers_and_refuses_a_broken_one():
    """llama.cpp only prints a grammar it cannot parse and samples without it; the backend checks every
    schema first (an escaped dot in a number literal once broke the grammar this way)."""
    model = require_test_model()
    backend = make_backend(LLMConfig(model_path=str(model), n_ctx=512))
    try:
        schema = analysis_schema("zh", 1800, latin_terms=TERMS, numbers=PAPER.numbers() + ["18.4", "1,000"])
        assert backend.grammar_error(schema) is None
        broken = {"type": "object", "properties": {"a": {"type": "string", "pattern": "^(x\\.y)$"}}}
        assert backend.grammar_error(broken)
        with pytest.raises(LLMError, match="grammar"):
            backend.complete([{"role": "user", "content": "hi"}], broken, max_tokens=8)
    finally:
        backend.close()


def test_the_forced_end_mark_of_a_cut_text_does_not_make_its_last_sentence_whole():
    """At its cap the sentence grammar forces an end mark: "……并且Beta前？" was published as a sentence. The
    cut sentence goes; the complete ones before it stay."""
    text = "条件扩散模型可以生成未见过的图像，但插值缺乏一致性。我们提出注意力插值，并且Beta前？"
    caps = {"background": text_units(text)}
    values, checks = validate_output(good(background=text), "zh", caps=caps, caps_in_units=True)
    assert checks[1].passed and values["background"] == "条件扩散模型可以生成未见过的图像，但插值缺乏一致性。"
    one = "我们提出注意力插值，并且用一个先验选择插值路径，使相邻帧的感知距离相等。"
    _, checks = validate_output(good(background=one), "zh", caps={"background": text_units(one)}, caps_in_units=True)
    assert not checks[1].passed and "background reached its length limit" in checks[1].detail
