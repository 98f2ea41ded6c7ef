"""The renderings check: a Chinese technical word whose English the paper never uses fails its field. Sentences
from the dev corpus's papers (p. 1-3) and the fields the zh samples published for them."""

from __future__ import annotations

import pytest
from llm_fixtures import PAPER, good

from paperbrief.llm.checks import CheckContext, check_output
from paperbrief.llm.glossary import GLOSSARY, check_renderings, unstated_words
from paperbrief.llm.prompts import retry_note

KWS = ("The same inference-only version of the keyword spotter running in TensorFlow (TF) is used in each "
       "non-spiking benchmark, achieving a test classification accuracy of 92.7% across all hardware devices.")
CUPS = ("The emptier's goal is to minimize the backlog, which is the height of the fullest cup. Whereas the "
        "p-processor cup has optimal backlog Θ(log n), the variable-processor game has optimal backlog Θ(n).")
GESTURE = ("To fulfill this goal, we first incorporate the ChatGPT-4 and an audio inpainting approach to construct "
           "the high-fidelity emotion transition human speeches.")
MATH = "For text-dominant tasks, we use the mm_math5k dataset, while for vision-dominant tasks, we use geometry3k."


def _ctx(text: str, language: str = "zh") -> CheckContext:
    return CheckContext(language=language, source_text=text, title="", abstract=text)


@pytest.mark.parametrize("source, field, wrong, word", [
    (KWS, "results", "使用 TensorFlow（TF）运行的非突触基准测试在所有硬件设备上的测试分类准确率为 92.7%。", "突触"),  # seeds 73-97
    (CUPS, "summary", "本文提出了一种新的变量处理器杯游戏的方法，并证明了该方法在回流方面具有更高的性能。", "回流"),  # seed 73
    # seeds 101 and 103 (hand checks: wrong): the backlog of a construction's step given as the result
    (CUPS, "results", "我们给出了一个2-时间填充策略，它能够实现对任意正常数ε的背压为1的背压。", "背压"),
    (CUPS, "takeaways", "证明了2轮策略可以达到背壓为1的极限", "背壓"),  # seed 107, traditional characters
    (GESTURE, "method", "我们首先利用ChatGPT-4和音频去噪技术构造高保真的情感过渡人类语音。", "去噪"),  # seed 89
    (CUPS, "method", "在负填充值多轮游戏中，当空闲者从杯子中移除水时，杯子的水量减少。", "空闲"),  # seed 109 (borderline)
    (CUPS, "results", "对于变量处理器杯游戏，最优的回退高度为O(N)。", "回退"),  # seed 127 (hand check: wrong)
    (CUPS, "results", "我们还给出了一个O(N!)的时间填充策略，它能够达到备份为Ω(N)的备份。", "备份"),  # seeds 101, 103
    (CUPS, "takeaways", "我们证明了在确定回滚高度时，直接使用任何随机化策略都是不可行的。", "回滚"),  # seed 127
    (CUPS, "results", "填充者在变量处理器杯游戏中可以达到最优的回潮率，即Θ（N）。", "回潮"),  # seed 97
    (CUPS, "results", "在负压游戏中，当空杯者从一个杯子中取出水时，杯的水量总是减少1，即没有零化。", "负压"),  # seed 137
    (KWS, "results", "TensorFlow（TF）的无突变版本的关键词识别器在不同硬件设备上的准确率为 92.7%。", "突变"),  # seed 107
    (MATH, "results", "在毫米数学 5K 上 RL 准确率增加了 1.35 倍，最高达到 1.76 倍。", "毫米"),  # seed 79
])
def test_a_word_the_paper_never_uses_fails(source, field, wrong, word):
    res, reasons = check_renderings({field: wrong}, _ctx(source))
    assert not res.passed and list(reasons) == [field]
    assert reasons[field].startswith(f"writes {word} ({GLOSSARY[word][0]}), which the paper never uses: render the "
                                     "paper's own term")


def test_the_reason_quotes_the_papers_sentence_that_shares_a_name():
    """The retry is shown the paper's own words: the sentence sharing the most names with the item ("ChatGPT-4"),
    none when no sentence shares one."""
    source = "We collect 80 clips of speech. " + GESTURE + " The emotion classifier uses ChatGPT prompts."
    _, reasons = check_renderings({"method": "我们首先利用ChatGPT-4和音频去噪技术构造高保真的情感过渡人类语音。"}, _ctx(source))
    assert reasons["method"].endswith("; the paper writes: " + GESTURE)
    _, reasons = check_renderings({"method": "我们首先利用音频去噪技术构造语音。"}, _ctx(source))
    assert "the paper writes" not in reasons["method"]


@pytest.mark.parametrize("source, right", [
    (KWS, "使用 TensorFlow（TF）运行的非脉冲基准测试在所有硬件设备上的测试分类准确率为 92.7%。"),
    (CUPS, "空杯者的目标是使积压（最满杯子的高度）最小。"),
    (GESTURE, "我们首先利用 ChatGPT-4 和音频修补方法构造高保真的情感过渡语音。"),
    (MATH, "在 mm_math5k 数据集上 RL 的准确率平均提高 1.35 倍。"),
    (CUPS, "在数据稀疏的情况下，这个方法仍然有效。"),  # an everyday word is not listed
])
def test_a_word_the_paper_uses_passes(source, right):
    res, reasons = check_renderings({"results": right}, _ctx(source))
    assert res.passed and reasons == {}


def test_list_items_english_posts_and_the_retry_hint():
    assert unstated_words("非突触的网络和脉冲网络", KWS.lower()) == ["突触"]
    _, reasons = check_renderings({"takeaways": ["Loihi 的能耗更低。", "非突触网络的准确率为 92.7%。"]}, _ctx(KWS))
    assert list(reasons) == ["takeaways"]
    res, reasons = check_renderings({"results": "非突触"}, _ctx(KWS, "en"))
    assert res.passed and reasons == {}
    note = retry_note({"results": "renderings: writes 突触 (synapse), which the paper never uses: render the paper's "
                                  "own term"}, "zh")
    assert "论文中没有“突触”（synapse）这个词" in note
    note = retry_note({"method": "renderings: writes 去噪 (denoising), which the paper never uses: render the paper's "
                                 "own term; the paper writes: " + GESTURE}, "zh")
    assert "论文中没有“去噪”（denoising）这个词，原文是：To fulfill this goal" in note


def test_the_check_runs_with_the_others():
    values = good("zh")
    values["background"] = "模型规模不断增长，非突触网络的全量微调需要大量显存和时间。"
    _, results, failing = check_output(values, CheckContext.for_paper(PAPER, "zh"))
    assert not next(r for r in results if r.name == "renderings").passed
    assert set(failing) == {"background"} and failing["background"].startswith("renderings: writes 突触")


def test_a_term_cut_to_initials_the_paper_never_writes_fails():
    """R²-Guard's jailbreak attacks written "J.B.攻击" (12 times over the samples, "J.R.A.T.S.攻击" too): initials the
    paper never writes. Initials the paper writes (dotted, or undotted as "JB") pass, and so does the term."""
    guard = ("R2-Guard surpasses LlamaGuard by 30.2% on ToxicChat and by 59.5% against jailbreak attacks. "
             "We collect data in the U.S. hospitals.")
    for wrong in ("R-Guard显著优于LlamaGuard，分别在ToxicChat和J.B.攻击中提高了30.2%和59.5%。",
                  "在J.R.A.T.S.攻击上比LlamaGuard提高了59.5%。"):
        res, reasons = check_renderings({"results": wrong}, _ctx(guard))
        assert not res.passed and reasons["results"].startswith("writes J.") and "(initials), which the paper never" \
            in reasons["results"], reasons
        assert "the paper writes: R2-Guard surpasses LlamaGuard" in reasons["results"]
        note = retry_note({"results": "renderings: " + reasons["results"]}, "zh")
        assert "论文中没有“J." in note, note
    for right in ("数据来自U.S.医院。", "R2-Guard 在越狱攻击上比 LlamaGuard 高 59.5%。"):
        res, reasons = check_renderings({"results": right}, _ctx(guard))
        assert res.passed, (right, reasons)
    res, reasons = check_renderings({"results": "在 J.B.攻击上评估。"}, _ctx(guard + " The JB split is held out."))
    assert res.passed, reasons
