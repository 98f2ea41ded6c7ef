"""Empty phrases and key terms (issue 21), on real text. The English sentences, titles, abstracts and headings are
copied from papers of the shared dev corpus (``paperbrief extract``); the Chinese sentences from the seed
project's posts (/work/shared/seed), which a model wrote about real papers, from this project's own run on the
demo papers (bench/README.md: "可以进一步优化") and from Qwen2.5-Coder-1.5B's answers on two dev-corpus papers.
Where a case needs a variant, the change is named."""

from __future__ import annotations

import json
import re

import pytest
from llm_fixtures import GOOD_EN, GOOD_ZH, PAPER

from paperbrief.llm.checks import CheckContext
from paperbrief.llm.phrasing import (check_empty_phrases, check_terms, empty_phrases, key_terms, renderings,
                                     terms_kept)
from paperbrief.llm.prompts import PaperInput, retry_note
from paperbrief.llm.schema import analysis_schema, gloss_terms, text_units, zh_text_pattern

# --- three dev-corpus papers: title, abstract sentences and headings as extracted -------------------------------

PSDNORM_TITLE = "PSDNORM: TEMPORAL NORMALIZATION FOR DEEP LEARNING IN SLEEP STAGING"
PSDNORM_ABSTRACT = (
    "While existing normalization layers, BatchNorm, LayerNorm and InstanceNorm, help mitigate distribution "
    "shifts, when applied over the time dimension they ignore the dependencies and auto-correlation inherent to "
    "the vector coefficients they normalize. In this paper, we propose PSDNorm that leverages Monge mapping and "
    "temporal context to normalize feature maps in deep learning models for signals.")
PSDNORM_HEADINGS = ["1 INTRODUCTION", "2 RELATED WORKS", "3 PSDNORM LAYER", "4 NUMERICAL EXPERIMENTS",
                    "5 CONCLUSION, LIMITATIONS, AND FUTURE WORK", "ACKNOWLEDGEMENTS", "REFERENCES", "A APPENDIX"]

BIC_TITLE = "BiC-MPPI: Bidirectional Clustering MPPI for Long-Horizon Kinodynamic Trajectory Optimization"
BIC_ABSTRACT = (
    "This paper presents Bidirectional Clustering Model Predictive Path Integral (BiC-MPPI), a sampling-based "
    "kinodynamic trajectory optimizer for long-horizon goal-reaching tasks in cluttered environments. In 600 "
    "modified BARN navigation trials, BiC-MPPI achieved a 97.3% success rate, compared with 47.7–54.2% for the "
    "evaluated unidirectional baselines.")
BIC_HEADINGS = ["I. INTRODUCTION", "II. PRELIMINARIES", "III. BIC-MPPI ALGORITHM", "IV. SIMULATION EXPERIMENTS",
                "V. CONCLUSIONS AND FUTURE WORK", "REFERENCES"]

GESTURE_TITLE = "Weakly-Supervised Emotion Transition Learning for Diverse 3D Co-speech Gesture Generation"
GESTURE_ABSTRACT = (
    "Generating vivid and emotional 3D co-speech gestures is crucial for virtual avatar animation in "
    "human-machine interaction applications. To fulfill this goal, we first incorporate the ChatGPT-4 and an "
    "audio inpainting approach to construct the high-fidelity emotion transition human speeches.")
GESTURE_HEADINGS = ["1. Introduction", "2. Related Work", "3. Proposed Method", "4. Experiments", "5. Conclusion"]

COVT_TITLE = "Chain-of-Visual-Thought: Teaching VLMs to See and Think Better with Continuous Visual Tokens"
COVT_ABSTRACT = (
    "Vision–Language Models (VLMs) excel at reasoning in linguistic space but struggle with perceptual "
    "understanding that requires dense visual perception, e.g., spatial reasoning and geometric awareness. We "
    "introduce Chain-of-Visual-Thought (COVT), a framework that enables VLMs to reason not only in words but also "
    "through continuous visual tokens—compact latent representations that encode rich perceptual cues.")
COVT_HEADINGS = ["1. Introduction", "2. Related Work", "3. Chain-of-Visual-Thought (COVT)", "4. Experiments"]


def _ctx(language: str, title: str = PSDNORM_TITLE, abstract: str = PSDNORM_ABSTRACT,
         headings: list[str] | None = None) -> CheckContext:
    return CheckContext(language=language, source_text=title + "\n" + abstract, title=title, abstract=abstract,
                        headings=PSDNORM_HEADINGS if headings is None else headings)


# --- empty phrases ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, phrases", [
    # the seed's posts, as the model wrote them
    ("人脸外观编辑旨在修改人脸图像的物理属性（如姿势、表情和光照），同时保留身份和背景等属性，在摄影中具有重要意义。", ["具有重要意义"]),
    ("扩散模型在人脸外观编辑任务中具有广阔的应用前景。", ["具有广阔的应用前景"]),
    ("本文提出的 InterHandGen 框架在双手交互生成任务上取得了较好效果，为双手交互生成和重建提供了新的方法。",
     ["取得了较好效果", "为双手交互生成和重建提供了新的方法"]),
    ("近年来，文本到视频生成任务中，扩散模型取得了显著进展。", ["取得了显著进展"]),
    ("DiffFAE 在人脸外观编辑中实现了最先进的性能，超越现有方法。", ["实现了最先进的性能"]),
    ("（1）：近年来，文本到图像扩散模型在生成图像质量方面取得了显著提升。", ["显著提升"]),  # "（1）" states no number
    # Qwen2.5-Coder-1.5B under this project's grammar, on two dev-corpus papers (co-speech gestures, PSDNorm)
    ("我们的方法在与最强基线相比具有显著优势。", ["具有显著优势"]),
    ("与最强的基准相比，PSDNorm在性能、鲁棒性和数据效率方面都表现出色，特别是在面对领域变化和有限数据设置时。", ["表现出色"]),
    # a takeaway of this project's own run (bench/README.md)
    ("可以进一步优化", ["可以进一步优化"]),
    # the variants, written into a real sentence of the seed ("IDM 将大规模扩散采样过程重新用作重建模型")
    ("IDM 将大规模扩散采样过程重新用作重建模型，有待进一步优化。", ["有待进一步优化"]),
    ("IDM 将大规模扩散采样过程重新用作重建模型，具有重要的意义。", ["具有重要的意义"]),
    ("IDM 将大规模扩散采样过程重新用作重建模型，效果显著。", ["效果显著"]),
    ("IDM 将大规模扩散采样过程重新用作重建模型，取得了良好的效果。", ["取得了良好的效果"]),
    ("IDM 将大规模扩散采样过程重新用作重建模型，值得进一步研究。", ["值得进一步研究"]),
    ("IDM 将大规模扩散采样过程重新用作重建模型，取得了显著效果。", ["取得了显著效果"]),
    ("IDM 为图像压缩感知提供了新思路。", ["为图像压缩感知提供了新思路"]),
    ("IDM 具有十分重要的理论和实践意义。", ["具有十分重要的理论和实践意义"]),
    # dev-corpus sentences
    ("While the results are promising, some limitations remain.", ["promising"]),
    ("We provide a new perspective on PRMs in this work, fully leveraging their TTS capabilities, reshaping their "
     "applications, and opening new directions for future research in process supervision.", ["opening new directions"]),
    ("From a practical perspective, these gains are of considerable significance.", ["of considerable significance"]),
    ("On both datasets, our method demonstrates significant improvements.", ["significant improvements"]),
    ("Hence, we propose a novel approach, Cognitive Awakening Prompting (CaP), to inject cognition from the external "
     "world, leading to a substantial improvement in dissonance detection.", ["novel approach", "substantial improvement"]),
    ("Experimental results on several audio-video understanding benchmarks show that OmniAgent achieves the new "
     "SoTA, with significant accuracy improvement compared with open-source and closed-source models.",
     ["achieves the new SoTA", "significant accuracy improvement"]),
    # this session's bench: the analysis's headings as method steps, and what any paper proposes
    ("结果分析", ["结果分析"]),
    ("创新点和局限性", ["创新点和局限性"]),
    ("提出了一个新的研究方向", ["提出了一个新的研究方向"]),
    ("提出了一个新的创新点", ["提出了一个新的创新点"]),
    # items of the saved samples that say only what any paper does (a whole item; "提出了一种新的方法，通过…" is not)
    ("提出了一种新的方法", ["提出了一种新的方法"]),
    ("提供了实验结果", ["提供了实验结果"]),
    ("总结了本工作的主要贡献", ["总结了本工作的主要贡献"]),
    ("指出其局限性和开放问题", ["指出其局限性和开放问题"]),
    ("提出了未来的研究方向", ["提出了未来的研究方向"]),
    ("Results analysis", ["Results analysis"]),
    # the English twins, in a dev-corpus sentence ("PSDNorm ... normalize feature maps")
    ("PSDNorm paves the way for normalizing feature maps of signals.", ["paves the way"]),
    ("PSDNorm opens new avenues for normalizing feature maps of signals.", ["opens new avenues"]),
    ("Normalizing feature maps of signals has great significance.", ["has great significance"]),
    ("PSDNorm leaves the normalization of feature maps to further optimization.", ["further optimization"]),
    ("PSDNorm achieves state-of-the-art performance on unseen left-out datasets.",
     ["achieves state-of-the-art performance"]),
])
def test_each_empty_phrase_is_caught_and_named(text, phrases):
    assert empty_phrases(text) == phrases
    field = "takeaways" if len(text) < 40 else "conclusion"
    values = {field: [text] if field == "takeaways" else text}
    result, reasons = check_empty_phrases(values, _ctx("zh" if re.search("[\u4e00-\u9fff]", text) else "en"))
    assert not result.passed and result.fields == [field]
    assert all(repr(p) in reasons[field] for p in phrases), reasons[field]
    assert reasons[field].startswith("empty phrase ")  # English: the retry shows it to a grammar backend as is


@pytest.mark.parametrize("text", [
    # a size with its number is a claim with its evidence (dev corpus; the seed)
    "More specifically, the lip synchronization confidence significantly improves from 4.36 to 7.26.",
    "OmniAgent achieves state-of-the-art performance, surpassing leading open-source and proprietary models by "
    "substantial margins of 10% - 20% accuracy.",
    "与最近基于扩散模型的方法 DDNM 相比，IDM 在 PSNR 增益方面显著提高了 10.09dB，推理速度提高了 14.54 倍。",
    # "significant", "state-of-the-art", "SOTA" and "novel" that claim nothing
    "Distribution shift poses a significant challenge in machine learning.",
    "LLM-based verifiers do not yet offer a significant advantage over state-of-the-art symbolic tools, such as "
    "UAutomizer, which do not leverage LLMs.",
    "We compare R -Guard with eight strong guardrail models on six safety benchmarks, and demonstrate the "
    "robustness of R -Guard against four SOTA jailbreak attacks.",
    "Event cameras provide microsecond latency, making them suitable for 6D object pose tracking.",
    "EventTrack6D generalizes to novel objects without object-specific training.",
    # plain statements from the seed and the dev corpus
    "IDM 将大规模扩散采样过程重新用作重建模型，并将其端到端微调，以便直接从压缩感知测量值恢复原始图像。",
    "BiC-MPPI retains multiple clustered forward branches from the current state and reverse-time heuristic "
    "branches from the goal.",
    # a heading word that starts a sentence with content, and real method steps of the bench
    "结果表明 BiC-MPPI 的成功率为 97.3%。", "数据准备", "Performance is evaluated on GLUE.",
    # what a generic item says, with its content
    "提出了一种新的方法，通过聚类保留多个前向和反向分支。", "提出双向聚类MPPI方法", "指出当前LMMs的缺陷",
])
def test_prose_without_empty_phrases_passes(text):
    assert empty_phrases(text) == []


def test_a_number_excuses_only_its_own_sentence_and_a_names_digit_is_no_number():
    assert empty_phrases("在 GLUE 上显著提升 1.2 分。在 SuperGLUE 上也显著提升。") == ["显著提升"]
    # importance, promise and praise are empty next to a number too (the seed's IDM sentence, a phrase added)
    assert empty_phrases("IDM 在 PSNR 上提高了 10.09dB，具有重要意义。") == ["具有重要意义"]
    assert empty_phrases("On GLUE the average score is 88.4, a promising result.") == ["promising"]
    assert empty_phrases("LaRE2 在扩散生成图像检测方面展示了最先进的性能。") == ["展示了最先进的性能"]
    assert empty_phrases("GPT-4 significantly outperforms the baselines.") == ["significantly outperforms"]


def test_praise_with_juyou_is_empty():
    # Qwen's conclusion for the GenPRM paper (bench/llm_corpus.py, zh)
    assert empty_phrases("此外，GenPRM是作为批评模型使用，具有良好的效果。") == ["具有良好的效果"]


def test_a_comparison_in_words_is_empty_unless_it_names_what_it_beats():
    # the guide's performance field compares in words; naming the rival makes the claim checkable
    assert empty_phrases("在所有噪声水平上明显优于 BM3D。") == []
    assert empty_phrases("明显优于 LoRA 与全量微调。") == []
    assert empty_phrases("明显优于基线方法。") == ["明显优于"]
    assert empty_phrases("显著提升了性能，明显优于 BM3D。") == ["显著提升"]  # a gain still needs its number


@pytest.mark.parametrize("language, good", [("zh", GOOD_ZH), ("en", GOOD_EN)])
def test_the_good_answers_pass_both_checks(language, good):
    ctx = CheckContext(language=language, source_text=PAPER.source_text(), title=PAPER.title,
                       abstract=PAPER.abstract, headings=PAPER.headings)
    for check in (check_empty_phrases, check_terms):
        result, reasons = check(good, ctx)
        assert result.passed and reasons == {}, result.detail


# --- key terms ----------------------------------------------------------------------------------------------------

def test_key_terms_of_three_dev_corpus_papers():
    # a title in capitals is spelled as the abstract spells it; a heading in capitals too ("3 PSDNORM LAYER")
    assert key_terms(PSDNORM_TITLE, PSDNORM_ABSTRACT, PSDNORM_HEADINGS) == [
        "PSDNorm", "temporal normalization", "deep learning", "sleep staging", "BatchNorm", "LayerNorm",
        "InstanceNorm", "Monge"]
    # names by their spelling, the title's noun phrases as the abstract writes them, an acronym's expansion
    assert key_terms(BIC_TITLE, BIC_ABSTRACT, BIC_HEADINGS) == [
        "BiC-MPPI", "MPPI", "Bidirectional Clustering", "kinodynamic trajectory",
        "Bidirectional Clustering Model Predictive Path Integral", "BARN"]
    # "Diverse" dropped, "3D co-speech gestures" spelled as the abstract writes it
    assert key_terms(GESTURE_TITLE, GESTURE_ABSTRACT, GESTURE_HEADINGS) == [
        "emotion transition", "3D co-speech gestures", "ChatGPT-4"]
    # "Teaching" is a verb; an acronym in plural is the acronym; "Vision–Language Models" opens its sentence but
    # is what "(VLMs)" stands for
    assert key_terms(COVT_TITLE, COVT_ABSTRACT, COVT_HEADINGS) == [
        "VLM", "continuous visual tokens", "COVT", "Chain-of-Visual-Thought", "Vision–Language Models"]


def test_key_terms_leave_out_generic_words_links_and_metadata():
    abstract = ("Using Intel’s Loihi neuromorphic research chip and ABR’s Nengo Deep Learning toolkit, we analyze the "
                "inference speed. We run it on a CPU, a GPU, Nvidia’s Jetson TX1. Code: https://github.com/x/Loihi-KWS "
                "CCS Concepts: • Computing methodologies → Animation; Computer vision.")
    terms = key_terms("Benchmarking Keyword Spotting Efficiency on Neuromorphic Hardware", abstract,
                      ["1 INTRODUCTION", "2 METHODOLOGY", "3 RESULTS"])
    assert terms == ["keyword spotting efficiency", "neuromorphic hardware", "Loihi", "ABR", "Nengo Deep Learning",
                     "Nvidia", "Jetson TX1"]
    assert key_terms("", "") == []


# --- terms in Chinese prose ----------------------------------------------------------------------------------------

def test_two_renderings_of_a_term_fail_the_later_field_and_name_both():
    values = {"method": "PSDNorm 沿时间维度对特征图做时间归一化（temporal normalization），利用 Monge 映射对齐功率谱。",
              "takeaways": ["温度归一化（temporal normalization）提高了跨数据集的鲁棒性。"]}
    result, reasons = check_terms(values, _ctx("zh"))
    assert not result.passed and list(reasons) == ["takeaways"]
    assert "'temporal normalization'" in reasons["takeaways"]
    assert "'温度归一化'" in reasons["takeaways"] and "'时间归一化'" in reasons["takeaways"]
    assert "in method" in reasons["takeaways"]
    # the retry asks for the first rendering, in Chinese hints and in English reasons
    hint = retry_note({"takeaways": f"terms: {reasons['takeaways']}"}, "zh")
    assert "时间归一化" in hint and "temporal normalization" in hint
    # in one field, two renderings are two renderings too
    one = {"method": "时间归一化（temporal normalization）先对齐，随后温度归一化（temporal normalization）再归一。"}
    assert "earlier in this field" in check_terms(one, _ctx("zh"))[1]["method"]


def test_the_seeds_renderings_of_idm_are_consistent_and_a_changed_one_is_not():
    title, abstract = ("Invertible Diffusion Models for Compressed Sensing",
                       "To tackle these challenges, this paper proposes Invertible Diffusion Models (IDM), a novel "
                       "efficient, end-to-end diffusion-based CS method.")
    ctx = _ctx("zh", title, abstract, [])
    values = {"method": "本文提出了可逆扩散模型（IDM），这是一种新颖的高效端到端基于扩散的 CS 方法。",
              "innovation": "提出了一种新颖的高效端到端基于扩散的压缩感知方法，称为可逆扩散模型（IDM）。",
              "takeaways": ["IDM 将大规模扩散采样过程重新用作重建模型，并将其端到端微调。"]}
    assert [r for _, _, r in renderings(values, key_terms(title, abstract))] == ["可逆扩散模型", "可逆扩散模型"]
    assert check_terms(values, ctx)[0].passed
    # the seed's DiffAE: "控制扩散自动编码器（DiffAE）" then "扩散自动编码器（DiffAE）", one inside the other
    diffae = _ctx("zh", "DiffusionAct: Controllable Diffusion Autoencoder", "We use a Diffusion Autoencoder (DiffAE).")
    assert check_terms({"method": "我们提出控制扩散自动编码器（DiffAE）的语义空间。",
                        "innovation": "采用扩散自动编码器（DiffAE），无需针对特定主体微调。"}, diffae)[0].passed
    changed = {**values, "innovation": values["innovation"].replace("可逆扩散模型", "逆向扩散模型")}
    result, reasons = check_terms(changed, ctx)
    assert list(reasons) == ["innovation"] and "'逆向扩散模型'" in reasons["innovation"]
    assert "'可逆扩散模型'" in reasons["innovation"]


def test_a_term_left_in_english_or_glossed_alike_passes():
    ctx = _ctx("zh", BIC_TITLE, BIC_ABSTRACT, BIC_HEADINGS)
    values = {"results": "在 600 次 BARN 导航试验中，BiC-MPPI 的成功率为 97.3%。",
              "method": "双向聚类（Bidirectional Clustering）从当前状态和目标同时展开分支，再由 Guide MPPI 细化。",
              "innovation": "用双向聚类（Bidirectional Clustering）连接正向与反向分支。",
              "summary": "该方法（BiC-MPPI）提高了长时程任务的成功率。"}  # a referent, not a rendering
    assert check_terms(values, ctx)[0].passed
    en = {"method": "BiC-MPPI clusters forward and backward branches.", "summary": "Bidirectional Clustering works."}
    result, reasons = check_terms(en, _ctx("en", BIC_TITLE, BIC_ABSTRACT, BIC_HEADINGS))
    assert result.passed and reasons == {}


def test_terms_kept_counts_kept_and_consistent_terms():
    values = {"method": "PSDNorm 对特征图做时间归一化（temporal normalization），并保持 BatchNorm 的接口。",
              "background": "睡眠分期（sleep staging）的数据来自不同受试者。",
              "takeaways": ["时间归一化（temporal normalization）考虑了时间依赖。", "睡眠阶段划分（sleep staging）更稳健。",
                            "在深度学习模型中即插即用。"]}  # "deep learning" translated only: not kept
    assert terms_kept(values, _ctx("zh")) == (4, 3)  # PSDNorm, BatchNorm, temporal normalization; sleep staging clashes
    en = {"method": "PSDNorm normalizes feature maps with temporal normalization for sleep staging.",
          "summary": "A drop-in replacement for BatchNorm."}
    assert terms_kept(en, _ctx("en")) == (4, 4)
    assert terms_kept({"summary": "本文提出一种新的归一化层。"}, _ctx("zh")) == (0, 0)


# --- the grammar lets a lower-case key term be glossed, and nowhere else ----------------------------------------

PSDNORM_TERMS = key_terms(PSDNORM_TITLE, PSDNORM_ABSTRACT, PSDNORM_HEADINGS)


def test_lower_case_key_terms_can_be_glossed_under_the_grammar():
    assert gloss_terms(PSDNORM_TERMS) == ["temporal normalization", "deep learning", "sleep staging"]
    words = ["PSDNorm", "BatchNorm", "Monge"]  # capitalised names: written as the paper's terms already
    plain = re.compile(zh_text_pattern(80, words, sentence=True))
    glossed = re.compile(zh_text_pattern(80, words, sentence=True, glosses=PSDNORM_TERMS))
    text = "PSDNorm 对特征图做时间归一化（temporal normalization）。"
    assert not plain.fullmatch(text)  # the issue: without glosses a lower-case term can never be glossed
    for ok in [text, "睡眠分期 (sleep staging) 的数据来自不同受试者。", "在深度学习（deep learning）模型中即插即用。"]:
        assert glossed.fullmatch(ok), ok
    for bad in ["PSDNorm 对特征图做 temporal normalization。",  # lower-case English stays out of the sentence
                "时间归一化（temporal gain）。", "时间归一化（Temporal Normalization）。",  # only the key terms, exactly
                "时间归一化（temporal normalization of maps）。", "PSDNorm（temporal normalization）。"]:
        assert not glossed.fullmatch(bad), bad


@pytest.mark.parametrize("text", ["PSDNorm 对特征图做时间归一化（temporal normalization）。",
                                  "睡眠分期（sleep staging）与深度学习（deep learning）结合，在 BatchNorm 之外。"])
def test_a_gloss_is_one_unit_for_the_pattern_and_for_text_units(text):
    n = text_units(text)
    words = ["PSDNorm", "BatchNorm"]
    assert re.fullmatch(zh_text_pattern(n, words, sentence=True, glosses=PSDNORM_TERMS), text)
    assert not re.fullmatch(zh_text_pattern(n - 1, words, sentence=True, glosses=PSDNORM_TERMS), text)


def test_the_schema_carries_the_papers_glosses_and_llama_cpp_compiles_it():
    paper = PaperInput(arxiv_id="x", title=PSDNORM_TITLE, abstract=PSDNORM_ABSTRACT, headings=PSDNORM_HEADINGS,
                       text={"method": "PSDNorm replaces BatchNorm in every layer."})
    assert paper.key_terms() == PSDNORM_TERMS
    schema = analysis_schema("zh", 1400, latin_terms=paper.terms(), numbers=paper.numbers(),
                             glosses=paper.key_terms())
    for prop in schema["properties"].values():
        assert "(temporal normalization|deep learning|sleep staging)" in (prop.get("items") or prop)["pattern"]
    assert "temporal" not in json.dumps(analysis_schema("zh", 1400, latin_terms=paper.terms()))
    llama_grammar = pytest.importorskip("llama_cpp.llama_grammar")
    gbnf = llama_grammar.json_schema_to_gbnf(json.dumps(schema))
    assert "temporal normalizatio" in gbnf  # the converter splits a literal's last character off
    assert llama_grammar.LlamaGrammar.from_string(gbnf, verbose=False) is not None


def test_a_heading_word_as_a_keyword_is_a_topic_not_an_empty_phrase():
    result, _ = check_empty_phrases({"keywords": ["性能分析", "稀疏注意力"]}, _ctx("zh"))
    assert result.passed
    result, reasons = check_empty_phrases({"method_steps": ["性能分析", "结果分析"]}, _ctx("zh"))
    assert not result.passed and "method_steps" in reasons
