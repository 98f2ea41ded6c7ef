"""Each check of SPEC section 5, fed crafted good and bad outputs (no model involved)."""

from __future__ import annotations

import pytest
from llm_fixtures import PAPER, good

from paperbrief.llm.checks import CheckContext, check_output, near_duplicate, ordinary_english_words
from paperbrief.llm.numbers import GroundingIndex, extract_numbers, paper_reports_numbers
from paperbrief.llm.prompts import build_prompt
from paperbrief.llm.schema import analysis_schema, output_fields


def _run(values: dict, language: str = "zh"):
    prompt = build_prompt(PAPER, language, 2000)
    ctx = CheckContext(language=language, source_text=PAPER.source_text(), title=PAPER.title,
                       abstract=PAPER.abstract, authors=PAPER.authors, affiliations=PAPER.affiliations,
                       urls=PAPER.urls, instructions=prompt.instructions)
    _, results, failing = check_output(values, ctx)
    by_name = {r.name: r for r in results}
    return by_name, failing


@pytest.mark.parametrize("language", ["zh", "en"])
def test_good_answer_passes_every_check(language):
    checks, failing = _run(good(language), language)
    assert failing == {}
    assert all(c.passed for c in checks.values()), [c for c in checks.values() if not c.passed]
    assert {"schema", "bounds", "language", "placeholder", "grounding", "no-facts", "duplicates", "echo",
            "markup", "results-numbers"} <= set(checks)
    assert "numbers checked" in checks["grounding"].detail


@pytest.mark.parametrize("field, value, check", [
    ("method", "SMA places several small adapters in each layer and a router picks two of them.", "language"),
    ("conclusion", "稀疏路由是一种 promising 的方法，能缓解 catastrophic forgetting。", "language"),
    ("keywords", ["parameter efficient tuning", "适配器", "混合专家"], "language"),
    ("performance", "比 50 步基线的 S0D 更低。", "language"),  # the demo's garbled FVD, a name no paper writes
    ("innovation", "xxx", "placeholder"),
    ("workload", "实验规模为 XX 个任务。", "placeholder"),
    ("past_methods", "N/A", "placeholder"),
    ("performance", "训练速度的提升为N/A。", "placeholder"),
    ("workload", "实验规模TODO。", "placeholder"),
    ("workload", "实验规模：数据集为C1，运行次数为C2，计算资源为C3。", "placeholder"),  # the cup-game paper, real
    ("past_methods", "未提及", "placeholder"),
    ("background", "[insert background here]", "placeholder"),
    ("background", "请填写研究背景", "placeholder"),
    ("performance", "性能优于基线……", "placeholder"),
    ("results", "在 GLUE 上平均得分为 91.7，高出 LoRA 3.5 分。", "grounding"),
    ("conclusion", "代码见 https://github.com/invented/sma-code 。", "no-facts"),
    ("background", "Maria Gonzalez 等人指出全量微调代价高昂。", "no-facts"),
    ("background", "Gonzalez 指出全量微调代价高昂。", "no-facts"),
    ("workload", "该工作由斯坦福 Stanford University 团队完成。", "no-facts"),
    ("workload", "该工作由清华大学团队完成。", "no-facts"),
    ("conclusion", "SMA 在每一层放置多个小型适配器，由轻量路由器为每个词元挑选其中两个参与计算。", "duplicates"),
    ("innovation", "SMA 在每一层放置多个小型适配器，并由路由器为每个词元挑选两个参与计算。", "duplicates"),
    ("workload", "数字只能照抄论文里出现过的数字。", "echo"),
    ("workload", "根据要求，本字段描述工作量。", "echo"),
    ("conclusion", "重复了创新的内容。", "echo"),  # Qwen's retried conclusion, the retry's reason translated
    ("summary", "本文提出 SMA。<script>alert(1)</script>", "markup"),
    ("results", "在多个基准上取得了更好的结果。", "results-numbers"),
])
def test_bad_field_fails_its_check(field, value, check):
    checks, failing = _run(good(**{field: value}))
    assert not checks[check].passed, checks[check]
    assert field in checks[check].fields
    assert check + ":" in failing[field], failing[field]
    others = {f for f in failing if f != field}
    assert not others, failing  # the other fields are untouched


@pytest.mark.parametrize("field, value", [
    ("takeaways", ["只有一条。", "两条。", "三条。"]),
    ("takeaways", [f"要点{i}：不同的内容编号{i}。" for i in range(9)]),
    ("keywords", ["适配器"]),
    ("summary", "第一句话。第二句话说别的。"),
])
def test_list_and_sentence_bounds(field, value):
    checks, failing = _run(good(**{field: value}))
    assert not checks["bounds"].passed
    assert "bounds:" in failing[field]


def test_schema_missing_wrong_type_and_empty():
    bad = good()
    del bad["results"]
    bad["takeaways"] = "一个字符串而不是列表"
    bad["conclusion"] = "   "
    checks, failing = _run(bad)
    assert not checks["schema"].passed
    assert {"results", "takeaways", "conclusion"} <= set(checks["schema"].fields)
    assert set(failing) >= {"results", "takeaways", "conclusion"}


def test_english_post_rejects_chinese():
    checks, failing = _run(good("en", method="本文方法用路由器挑选适配器。"), "en")
    assert not checks["language"].passed and "method" in failing


def test_chinese_allows_terms_acronyms_and_glosses():
    assert ordinary_english_words("基于 Transformer 的 LoRA 方法在 GLUE 和 ImageNet-1K 上评测") == []
    assert ordinary_english_words("缓解灾难性遗忘（catastrophic forgetting）问题") == []
    assert ordinary_english_words("token 数量与 softmax 温度") == []
    assert ordinary_english_words("一种 promising 的 multitask 方法") == ["promising", "multitask"]


def test_numbers_and_grounding_rules():
    idx = GroundingIndex("accuracy 85.34% on 1,000 images; error 0.045; 4 times slower; ResNet-50 baseline")
    said = "准确率 85.3%，1000 张图像，误差 0.045，快 4 倍，ResNet-50，GPT-4，3D 场景"
    nums = {n.text: n for n in extract_numbers(said, skip_terms=True)}
    assert "50" not in nums and "3" not in nums  # names, not quantities
    assert idx.contains(nums["85.3"])  # rounding of 85.34
    assert idx.contains(nums["1000"]) and idx.contains(nums["0.045"])
    assert not nums["4"].trivial and idx.contains(nums["4"])  # "4 倍" is a quantity, grounded
    assert not idx.contains(extract_numbers("提升 97.5%")[0])
    assert extract_numbers("分为 3 个阶段")[0].trivial
    assert idx.contains(extract_numbers("0.8534")[0])  # a percentage written as a fraction
    assert paper_reports_numbers("improves PSNR by 1.7 dB")
    assert not paper_reports_numbers("We describe a method in Section 3 and prove a theorem.")


def test_near_duplicate():
    a = "sma在每一层放置多个小型适配器由轻量路由器为每个词元挑选其中两个参与计算"
    assert near_duplicate(a, a.replace("轻量", ""))
    assert not near_duplicate(a, "在glue基准上平均得分为884高出lora12分在superglue上得分为761")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_schema_shape(language):
    schema = analysis_schema(language)
    assert schema["required"] == list(output_fields(language))
    assert schema["additionalProperties"] is False
    assert schema["properties"]["takeaways"]["minItems"] == 5
    assert schema["properties"]["takeaways"]["maxItems"] == 7
    assert ("title_translated" in schema["properties"]) == (language == "zh")


def test_length_caps_fit_the_output_budget():
    from paperbrief.llm.schema import LIST_BOUNDS, max_chars

    full = max_chars("zh")
    assert max_chars("zh", 100_000) == full
    small = max_chars("en", 400)
    worst = sum(v * (LIST_BOUNDS[f][1] if f in LIST_BOUNDS else 1) for f, v in small.items())
    assert worst / 3.5 + 150 <= 400 * 1.05  # every field at its cap still closes the JSON within the budget
    default = max_chars("zh", 1400)
    assert all(default[f] <= full[f] for f in full) and default["title_translated"] >= 60
    schema = analysis_schema("zh", 1400)
    assert schema["properties"]["summary"]["maxLength"] == default["summary"]


def test_repeated_list_items_are_dropped_before_the_bounds():
    takeaways = good()["takeaways"]
    checks, failing = _run(good(takeaways=takeaways + [takeaways[1], takeaways[2].rstrip("。")]))
    assert failing == {}
    assert "takeaways: 2 repeated items dropped" in checks["repeats"].detail
    checks, failing = _run(good(takeaways=takeaways[:3] + [takeaways[0], takeaways[1]]))
    assert "bounds:" in failing["takeaways"] and "3 items" in failing["takeaways"]  # too few distinct ones


def test_a_label_the_paper_uses_is_not_a_placeholder():
    """"C1" is a template's slot in a paper that never writes it, and a name in one that does."""
    checks, failing = _run(good(workload="实验规模：数据集为C1，运行次数为C2。"))
    assert failing["workload"] == "placeholder: placeholder label 'C1', not in the paper"
    ctx = CheckContext(language="zh", source_text=PAPER.source_text() + " We run it on the C1 split.",
                       title=PAPER.title, abstract=PAPER.abstract)
    from paperbrief.llm.checks import check_placeholders
    res, reasons = check_placeholders({"workload": "在 C1 划分上运行。"}, ctx)
    assert res.passed and reasons == {}


def test_a_citation_in_chinese_names_authors():
    """The data-to-text paper's past_methods cited "（Gehrmann等人, 2023; 王晓东和张立群, 2021）": the second pair of
    names is invented. Citations are left to the paper; "等人" fails like "et al."."""
    checks, failing = _run(good(past_methods="低秩适配只训练少量参数（Gehrmann等人, 2023; 王晓东和张立群, 2021）。"))
    assert failing["past_methods"].startswith("no-facts: names authors ('等人')")


def test_a_chinese_citation_with_a_year_names_authors():
    """The seed-11 run's sleep-staging workload: "这些数据集来自National Sleep Research Resource（NSRR）（Z.张等，2018）"."""
    checks, failing = _run(good(workload="这些数据集来自 GLUE 基准（Z.张等，2018）。"))
    assert failing["workload"].startswith("no-facts: names authors ('张等，2018')")
    # a name with an accent (seed 47's background, a garbled citation that took the paper's own method)
    checks, failing = _run(good(background="Thení, 2024)提出了一种基于生成模型的进程奖励模型。"))
    assert failing["background"].startswith("no-facts: names authors ('Thení, 2024')")
    # a reference's authors by their initials, the surnames put into Chinese (the demo's past_methods at 6359e75)
    checks, failing = _run(good(background="NeurIPS 2020 中的 J. H. 霍、A. 焦吉、P. A. 艾贝尔提出了深度去噪扩散模型。"))
    assert failing["background"].startswith("no-facts: names authors ('J. H. 霍')")
    checks, failing = _run(good(background="CVPR 2022 中的 R. R. 某等高分辨率图像合成模型。"))
    assert failing["background"].startswith("no-facts: names authors ('R. R. 某')")
    # a cited author with an honorific (seed 103's cup game: "这个游戏最初由刘先生在1960年代提出"); "首先生成" is "first generates"
    checks, failing = _run(good(background="这个游戏最初由刘先生在1960年代提出，后来被扩展到多个处理器。"))
    assert failing["background"].startswith("no-facts: names authors ('刘先生')")
    checks, failing = _run(good(background="在 GLUE 中，语言模型首先生成合成问题，然后回答。"))
    assert "background" not in failing, failing
    checks, failing = _run(good(background="方法 A. 提出了新的损失，图 A. 显示结果。"))
    assert "background" not in failing, failing
    checks, failing = _run(good(workload="实验使用 GLUE 等2018年发布的基准，共 8 块 GPU。"))
    assert checks["no-facts"].passed, failing  # a date ("2018年"), not a citation


def test_a_reference_number_copied_after_a_word_fails():
    """Seed 101's results (hand check, borderline): "TF 模型被训练并运行在时序域（6），Nengo 神经模拟器（2）下" for the
    Loihi paper's "trained to work in the spiking domain [6] and run with the Nengo neural simulator [2]". A
    function's argument ("O(1)", "SO(3)"), the prose's own list ("（1）使用…", "并(3)解决") and a paper that cites by
    author and year pass."""
    from paperbrief.llm.checks import check_no_facts
    from paperbrief.llm.prompts import retry_note

    cited = CheckContext(language="zh", title=PAPER.title, abstract=PAPER.abstract,
                         source_text=PAPER.source_text() + " A model is trained to work in the spiking domain [6] and "
                                     "run with the Nengo neural simulator [2], as in [3, 6].")
    res, reasons = check_no_facts({"results": "模型运行在时序域（6），Nengo 神经模拟器（2）下，准确率为 93.8%。"}, cited)
    assert reasons == {"results": "cites a reference by its number ('（6）')"}
    assert "删去：（6）" in retry_note({"results": "no-facts: " + reasons["results"]}, "zh")
    for fine in ("填充策略只需 O(1) 时间。", "其中 R ∈ SO(3)。", "（1）使用 Nengo 训练；（2）在 Loihi 上运行。",
                 "它跟踪多个回合的信息，并(3)解决冲突。"):
        res, reasons = check_no_facts({"method": fine}, cited)
        assert reasons == {}, fine
    uncited = CheckContext(language="zh", title=PAPER.title, abstract=PAPER.abstract, source_text=PAPER.source_text())
    res, reasons = check_no_facts({"results": "模型运行在时序域（6）下。"}, uncited)
    assert reasons == {}  # "（6）" is no reference of a paper that never cites [6]


def test_a_list_items_own_numbering_is_dropped():
    """The guard-model paper's steps and takeaways came as "1. 数据驱动的类别特定学习"; the post numbers its lists
    itself. A number that begins the content ("2.0 版本", "3D 高斯") stays."""
    steps = ["1. 在每个 Transformer 层中插入八个小型适配器。", "（2）路由器为每个词元打分并选出得分最高的两个适配器。",
             "3、冻结原模型，只更新适配器和路由器。"]
    values, _, failing = check_output(good(method_steps=steps), CheckContext(
        language="zh", source_text=PAPER.source_text(), title=PAPER.title, abstract=PAPER.abstract))
    assert values["method_steps"] == ["在每个 Transformer 层中插入八个小型适配器。",
                                      "路由器为每个词元打分并选出得分最高的两个适配器。", "冻结原模型，只更新适配器和路由器。"]
    from paperbrief.llm.schema import _ENUMERATOR
    assert _ENUMERATOR.sub("", "2.0 版本更快") == "2.0 版本更快" and _ENUMERATOR.sub("", "3D 高斯") == "3D 高斯"


def test_a_citation_with_a_year_names_authors():
    """The instruction-following paper's past_methods: "（Brown等，2020；Informativeness等，2023）"."""
    checks, failing = _run(good(past_methods="现有方法只处理单轮指令（Brown等，2020；Informativeness等，2023）。"))
    assert failing["past_methods"].startswith("no-facts: names authors ('Brown等，2020')")


@pytest.mark.parametrize("field, value, check", [
    # real bench answers: a check's reason and the guide's count, translated into the field
    ("performance", "性能达到其长度限制（8 0）并被截断。", "echo"),
    ("takeaways", ["提供了5到7个不同的观点，每个观点简短且直接。", "SMA 把每个词元路由到八个小型适配器中的两个。",
                   "只有 0.8% 的参数参与训练。", "在 GLUE 上平均得分 88.4，比 LoRA 高 1.2 分。", "训练速度是全量微调的 1.9 倍。"],
     "echo"),
    # the demo's workload, from the guide's "(data, runs, compute)"
    ("workload", "实验规模为一个GPU，运行次数为1次，计算资源为所有数据、运行和计算。", "echo"),
    # ... and the dev-corpus bench's ("涉及数据、运行次数和计算资源", "包括数据、运行和计算资源")
    ("workload", "实验规模为6个标准安全基准，涉及数据、运行次数和计算资源。", "echo"),
    ("workload", "我们进行了大量的实验，并使用了多种计算资源，包括数据、运行和计算资源。", "echo"),
    # answers that say the paper says nothing, or that the method has nothing new (dev-corpus bench, zh)
    ("past_methods", "无信息。", "placeholder"),
    ("past_methods", "本文没有提到之前的方法和它们的不足之处。", "placeholder"),
    ("innovation", "我们的方法没有早期方法所拥有的任何创新点。", "placeholder"),
    ("innovation", "本文没有其他方法没有提出。", "placeholder"),
    # seeds 109 and 113: a pointer to the paper, and a says-nothing workload with 指出
    ("workload", "实验规模和实现细节，请参考原文。", "placeholder"),
    ("workload", "实验规模和实现：数据集、运行次数和计算资源。论文中没有明确指出具体的数据集、运行次数或计算资源。", "placeholder"),
    ("takeaways", ["它没有其他方法的优点", "SMA 把每个词元路由到八个小型适配器中的两个。", "只有 0.8% 的参数参与训练。",
                   "在 GLUE 上平均得分 88.4，比 LoRA 高 1.2 分。", "训练速度是全量微调的 1.9 倍。"], "placeholder"),  # the demo's
    # ... and the no-facts check's name, translated ("无事实：作者姓名和机构名称未提供")
    ("past_methods", "无事实：作者姓名和机构名称未提供。", "echo"),
    # the fresh-sample zh run (seed 11): the evidence check's name and reason, translated into the field
    ("performance", "证据：74不是任何句子中的数字。", "echo"),
    ("workload", "证据：500个样本。", "echo"),
    ("performance", "The accuracy 74 is not in any sentence of the paper.", "echo"),
    # seed 113's performance: the evidence reason "2.1 to 14.7 is a rise, but this sentence says it falls", translated
    ("performance", "在2.1到14.7之间是上升，但这个句子说它下降了。", "echo"),
    ("performance", "在2.1中没有明确指出这个句子所描述的内容。", "echo"),  # seed 89
    ("performance", "GLUE 上的 88.4 is a rise, but this sentence says it falls.", "echo"),
    ("performance", "spelled: the accuracy is 74 on GLUE.", "echo"),  # the spelled check's name, as the others'
    # the seed-19 run's performance: the prompt's "Key results:" label as a place of the paper
    ("performance", "在关键结果部分，我们将 SMA 用于 GLUE，平均得分为 88.4。", "echo"),
    ("workload", "实验规模、运行次数和计算资源，来自关键结果（详见结论）中提取。", "echo"),
    # the paper's signposts ("我们首先介绍前言（Sec. 3.1），然后展示…（Sec. 3.2）")
    ("method", "我们首先介绍前言（Sec. 3.1），然后展示连续视觉思考的总体管道（Sec. 3.2）。", "placeholder"),
    ("results", "如表2所示，SMA 在 GLUE 上平均得分为 88.4。", "placeholder"),
    # the seed-13 run's method step, a section heading of the paper ("3.1. 程序验证")
    ("method_steps", ["3.1. 程序验证", "路由器为每个词元打分并选出得分最高的两个适配器。", "冻结原模型，只更新适配器和路由器。"],
     "placeholder"),
    ("method_steps", ["3.1.程序验证", "路由器为每个词元打分并选出得分最高的两个适配器。", "冻结原模型，只更新适配器和路由器。"],
     "placeholder"),  # seed 61's, no space after the heading's number
    # the seed-17 run's method: "…的自动数据集创建框架，在第3.1小节。"
    ("method", "首先讨论了 SMA 的路由设计，在第3.1小节；接着在第3.2小节阐述训练方法。", "placeholder"),
    # the seed-11 run's results: "在 §4.3 中，我们展示了 SGS…"
    ("results", "在 §4.3 中，我们展示了 SMA 在 GLUE 上平均得分为 88.4。", "placeholder"),
    # the fourth zh run's: a says-nothing answer, an empty takeaway, the workload guide echoed
    ("past_methods", "无，没有提到其他方法或其不足之处。", "placeholder"),
    ("takeaways", ["总结了论文的主要结论和贡献", "SMA 把每个词元路由到八个小型适配器中的两个。", "只有 0.8% 的参数参与训练。",
                   "在 GLUE 上平均得分 88.4，比 LoRA 高 1.2 分。", "训练速度是全量微调的 1.9 倍。"], "empty-phrases"),
    # published takeaways of the saved samples: the duplicates check's reason translated (seeds 83, 97, 109), and
    # answers that say there is nothing new (seeds 103, 107, 113)
    ("takeaways", ["总结重复了方法描述。", "SMA 把每个词元路由到八个小型适配器中的两个。", "只有 0.8% 的参数参与训练。"], "echo"),
    ("takeaways", ["摘要重复了背景信息。", "SMA 把每个词元路由到八个小型适配器中的两个。", "只有 0.8% 的参数参与训练。"], "echo"),
    ("takeaways", ["重复了创新说", "SMA 把每个词元路由到八个小型适配器中的两个。", "只有 0.8% 的参数参与训练。"], "echo"),
    # the sleep-staging paper's method step in six samples: a formula whose symbols the PDF's text lost
    ("method_steps", ["然后，计算中心化的特征图G - µ( )1 ℓ P，并估计其中心化后的PSD。", "路由器为每个词元打分并选出得分最高的两个适配器。",
                      "冻结原模型，只更新适配器和路由器。"], "placeholder"),
    ("innovation", "研究方法的创新点是无的。", "placeholder"),
    ("innovation", "我们的方法没有提出新的想法。", "placeholder"),
    ("conclusion", "无明确的限制或开问题。", "placeholder"),
    ("workload", "本文的研究涉及大量的数据和计算，包括实验、运行时间和计算资源。", "echo"),
    # `make demo`'s workload: "3.6G" is in no sentence of the paper (a glued number the number checks skip)
    ("workload", "实验规模为1个GPU，运行次数为5次，计算资源为3.6G。", "grounding"),
    # seed 113's workload: "N100" for the paper's H100 GPUs (a name of letters and digits the paper never writes)
    ("workload", "实验使用N100 GPU完成。", "grounding"),
    # the third zh run's regression takeaway
    ("takeaways", ["对于回归任务，表6（附录）显示减少了6.3%-83.2%", "SMA 把每个词元路由到八个小型适配器中的两个。",
                   "只有 0.8% 的参数参与训练。", "在 GLUE 上平均得分 88.4，比 LoRA 高 1.2 分。", "训练速度是全量微调的 1.9 倍。"],
     "placeholder"),
    ("results", "图3中的结果表明 SMA 在 GLUE 上平均得分为 88.4。", "placeholder"),
])
def test_what_the_bench_published_wrongly_now_fails(field, value, check):
    checks, failing = _run(good(**{field: value}))
    assert field in failing and not checks[check].passed, failing


@pytest.mark.parametrize("field, value, check", [
    # the demo's takeaways, seen on the site's paper page
    ("takeaways", ["提出了一种新的方法来估计图像和降?", "SMA 把每个词元路由到八个小型适配器中的两个。", "只有 0.8% 的参数参与训练。",
                   "在 GLUE 上平均得分 88.4，比 LoRA 高 1.2 分。", "训练速度是全量微调的 1.9 倍。"], "placeholder"),
    ("conclusion", "总结了我们的研究结果。", "empty-phrases"),
    ("conclusion", "存在一些挑战和未来的研究方向。", "empty-phrases"),
    # make demo's performance, a says-nothing answer with no 本文 before it
    ("performance", "没有提及任何提升或损失。", "placeholder"),
])
def test_what_the_demo_site_showed_now_fails(field, value, check):
    checks, failing = _run(good(**{field: value}))
    assert field in failing and not checks[check].passed, failing


@pytest.mark.parametrize("denial", ["在小模型上性能没有提高。", "与基线相比，一致性没有改进。", "我们没有发现任何收益。",
                                    "SMA does not improve accuracy on small models."])
def test_a_gain_denied_that_the_paper_never_denies_fails(denial):
    """The demo post's takeaways said "性能没有提高" and "…一致性没有改进" of papers that report gains."""
    values = good("zh")
    values["takeaways"] = values["takeaways"][:-1] + [denial]
    checks, failing = _run(values)
    assert not checks["denials"].passed
    assert set(failing) == {"takeaways"}
    assert failing["takeaways"].startswith("denials: says there is no gain")


def test_a_gain_denied_passes_when_the_paper_denies_one_and_unrelated_negations_pass():
    """The visual-thought paper says "text-only CoT not only fails to improve performance on vision-centric
    reasoning tasks": a takeaway that says so is the paper's. "无需…就能提高" and "不仅提高" deny nothing."""
    values = good("zh")
    values["takeaways"] = values["takeaways"][:-1] + ["纯文本思维链在视觉推理任务上没有提高性能。"]
    ctx = CheckContext(language="zh", title=PAPER.title, abstract=PAPER.abstract, source_text=(
        PAPER.source_text() + " Table 6 shows that text-only CoT not only fails to improve performance on "
        "vision-centric reasoning tasks, but often degrades it."))
    _, results, failing = check_output(values, ctx)
    assert next(r for r in results if r.name == "denials").passed
    assert "takeaways" not in failing
    values["takeaways"] = values["takeaways"][:-1] + ["无需额外数据就能提高准确率，不仅提高了速度。"]
    checks, failing = _run(values)
    assert checks["denials"].passed and "takeaways" not in failing


def test_a_mixed_name_the_paper_writes_passes_the_language_check():
    """"BM3D"-like names pass when the paper writes them; "S0D" above fails because the paper does not."""
    values = good("zh")
    values["performance"] = "在 GLUE 上优于 S0D。"
    ctx = CheckContext(language="zh", title=PAPER.title, abstract=PAPER.abstract,
                       source_text=PAPER.source_text() + " We also compare with S0D and BM3D.")
    _, results, failing = check_output(values, ctx)
    assert next(r for r in results if r.name == "language").passed
    assert "performance" not in failing


_BIC_CONCLUSION = (
    "This paper presented BiC-MPPI, a bidirectional clustering MPPI framework for long-horizon kinodynamic "
    "trajectory optimization in cluttered and multi-modal environments. The method retains multiple forward and "
    "backward clustered branch representatives, associates opposite-direction branches through a connection "
    "metric, and refines the resulting guide candidates with forward Guide MPPI. The backward branches provide "
    "heuristic goal-side references, while the final candidate controls are regenerated through forward "
    "rollouts from the current state. Experiments on modified BARN-based 2D navigation and 6-DOF manipulator "
    "planning show that BiC-MPPI improves goal-reaching reliability over MPPI, Log-MPPI, and Cluster-\n"
    "MPPI. Runtime and ablation results indicate that this gain requires additional clustering, branch-connection, "
    "and guiderefinement computation.")


@pytest.mark.parametrize("takeaway", [
    # the English bench's trajectory paper: its conclusion's PDF lines, published as takeaways
    "through a connection metric, and refines the resulting guide candidates with forward Guide MPPI. The backward "
    "branches provide heuristic goal-side",
    "MPPI. Runtime and ablation results indicate that this gain requires additional clustering, branch-connection,",
])
def test_a_broken_piece_of_the_papers_text_fails_in_english(takeaway):
    values = good("en")
    values["takeaways"] = values["takeaways"][:-1] + [takeaway]
    ctx = CheckContext(language="en", title=PAPER.title, abstract=PAPER.abstract,
                       source_text=PAPER.source_text() + " " + _BIC_CONCLUSION)
    _, results, failing = check_output(values, ctx)
    assert not next(r for r in results if r.name == "fragments").passed
    assert set(failing) == {"takeaways"} and failing["takeaways"].startswith("fragments: copies a broken piece")


@pytest.mark.parametrize("takeaway, why", [
    # seed 79's takeaway, cut after its number (the grammar made the model end it with a mark)
    ("本文还展示了语义准确性是生成开放语言模型输出的一个主要问题，包括在我们的基准中，80%？", "ends on a number alone"),
    ("在我们的基准中，这一比例为 80%，在另一基准中，91%。", "ends on a number alone"),
    ("现有的模型存在两个主要限制：1. 文字型推理累积错误；2.", "ends on a number alone"),  # seed 79, a list cut
    # items of the seed 89 sample (the cup game, R²-Guard, PSDNorm) that begin mid-sentence
    ("时具有更高的上界，这个结果比经典水杯游戏的结果要高。", "begins in the middle of a sentence"),
    ("被清空。", "begins in the middle of a sentence"),
    ("以及提出两种方法来优化知识权重，在R -Guard中进行伪学习和实学学习", "begins in the middle of a sentence"),
    ("方法相比，PSDNorm在多个指标上都表现色，包括BACC（平衡准确率），尤其是在数据稀疏的情况下。",
     "begins in the middle of a sentence"),
    ("用功情况。”,", "ends on a piece of the answer's JSON"),  # seed 79's keyword paper, a JSON tail
    # seed 113's past_methods (hand check: the section number "3.2" as a key), and a sample's method joined to its steps
    ("这些指标与人类判断存在显著差异（Gé...”, 3.2: “为了避免大量的数据预处理，我们使用相同的提示模板。", "holds a piece of the answer's JSON"),
    ("情感过渡学习用于多样化的3D语音手势生成”，“方法步骤”：“1. 使用ChatGPT-4生成语音。", "holds a piece of the answer's JSON"),
    # published takeaways of seeds 103, 109 and 127: stray quotation marks, a last clause cut to one character
    ("“性，使得难以比较", "begins or ends on a stray quotation mark"),
    ("它可能具有挑战性。“", "begins or ends on a stray quotation mark"),
    ("“结果和解释训练动态。”", "begins or ends on a stray quotation mark"),
    ("我们的发现表明，显", "ends in the middle of a sentence"),
])
def test_a_chinese_sentence_cut_off_fails(takeaway, why):
    values = good("zh")
    values["takeaways"] = values["takeaways"][:-1] + [takeaway]
    _, results, failing = check_output(values, CheckContext.for_paper(PAPER, "zh"))
    assert not next(r for r in results if r.name == "fragments").passed
    assert "fragments: " + why in failing["takeaways"]


def test_a_whole_chinese_sentence_is_no_cut():
    values = good("zh")
    for whole in ("在这个基准上，准确率为 80%。", "两个基准上的准确率分别为 80%、91%。", "在这个基准上的准确率：80%。",
                  # the same heads, starting whole sentences (items of the saved samples)
                  "被动式更新在这里不需要。", "时间关联表示作为风格指导，并将其注入到过渡生成中。",
                  "与现有的归一化层相比，PSDNorm在全数据设置中获得了更高的BACC。", "与SFT相比，RL在视觉推理任务上的性能更好。",
                  "他说“这是结果”，然后停下。", "称为“门控”，即“路由”：它选出两个适配器。",
                  "“门控”路由选出两个适配器。", "该方法称为“SMA”", '该方法称为"SMA"',
                  # words that start with those characters: 及时, 的确, 了解, 着重
                  "及时更新参数可以减少误差。", "的确，这一方法更快。", "了解数据分布是第一步。", "着重分析了失败的情形。"):
        values["takeaways"] = values["takeaways"][:-1] + [whole]
        _, results, failing = check_output(values, CheckContext.for_paper(PAPER, "zh"))
        assert next(r for r in results if r.name == "fragments").passed, whole


def test_a_whole_sentence_or_clause_of_the_paper_is_no_fragment():
    values = good("en")
    values["takeaways"] = values["takeaways"][:-2] + [
        "The method retains multiple forward and backward clustered branch representatives, associates "
        "opposite-direction branches",  # a sentence's start
        "BiC-MPPI improves goal-reaching reliability over MPPI, Log-MPPI, and Cluster-MPPI."]  # a capital first
    ctx = CheckContext(language="en", title=PAPER.title, abstract=PAPER.abstract,
                       source_text=PAPER.source_text() + " " + _BIC_CONCLUSION)
    _, results, failing = check_output(values, ctx)
    assert next(r for r in results if r.name == "fragments").passed and "takeaways" not in failing


def test_a_word_ending_in_table_or_figure_is_no_signpost():
    """"代表" (stands for), "列表" (list) and "发表" (published) end in 表: "列表 1 中的三个模块" is no signpost."""
    values = good("zh")
    values["method"] = "SMA 把列表 1 中的三个模块串联起来，每个模块代表 2 中选 1 的路由。"
    checks, failing = _run(values)
    assert checks["placeholder"].passed, failing


def test_a_takeaway_repeating_another_field_is_dropped_while_the_list_keeps_five():
    """Seed 19's MONAQ post: a takeaway word for word its performance field ("与…相比，MONAQ在分类任务中提高了…")."""
    values = good("zh")
    perf = values["performance"]
    six = values["takeaways"][:5] + [perf.rstrip("。")]
    assert len(values["takeaways"]) == 5
    checks, failing = _run({**values, "takeaways": six})
    assert "takeaways" not in failing and "takeaways: 1 repeated item dropped" in checks["repeats"].detail
    five = values["takeaways"][:4] + [perf]  # at the minimum it stays: a list too short would lose the field
    checks, _ = _run({**values, "takeaways": five})
    assert "takeaways" not in checks["repeats"].detail


def test_key_results_as_words_of_the_summary_is_no_echo():
    """"关键结果" as plain words ("本文的关键结果是…") passes; only the prompt's label as a place of the paper fails."""
    values = good("zh")
    values["summary"] = "本文的关键结果是 SMA 只训练 0.8% 的参数就在 GLUE 上平均得分 88.4。"
    checks, failing = _run(values)
    assert checks["echo"].passed, failing


def test_a_retry_notes_quotes_of_the_answer_are_no_instructions_to_echo():
    """Seed 61: the retry note quoted the innovation's empty phrase '为将视觉语言模型的感知能力扩展到视觉空间提供了新的
    思路'; the method and summary, which say the same of the paper, then failed as echoing the instructions when the
    results call checked the answer again, and its right results were kept out. The note's hints still count."""
    from paperbrief.llm.prompts import build_results_prompt, retry_note

    values = good("zh")
    mine = values["method"][:24]
    note = retry_note({"innovation": f"empty-phrases: empty phrase '{mine}提供了新的思路': say what exactly"}, "zh",
                      english_reasons=True)
    assert mine in note  # the model is shown its words ...
    for prompt in (build_prompt(PAPER, "zh", 2000, note=note, fields=["innovation"]),
                   build_results_prompt(PAPER, "zh", ["x"], note=note)):
        assert mine not in prompt.instructions  # ... which the echo check does not take for the prompt's
        assert "上一次的回答没有通过检查" in prompt.instructions  # the note's own words it does
        ctx = CheckContext(language="zh", source_text=PAPER.source_text(), title=PAPER.title, abstract=PAPER.abstract,
                           instructions=build_prompt(PAPER, "zh", 2000).instructions + "\n" + prompt.instructions)
        _, results, failing = check_output(values, ctx)
        assert next(r for r in results if r.name == "echo").passed, failing


def test_a_glued_number_the_paper_writes_passes():
    """"1.5B" and "162.1s" are the paper's when it writes them, a space between or not; "3D" is left alone."""
    values = good("zh")
    values["workload"] = "实验使用 1.5B 参数的模型，单卡推理 162.1s，生成 3D 结果。"
    ctx = CheckContext(language="zh", title=PAPER.title, abstract=PAPER.abstract, source_text=(
        PAPER.source_text() + " We use a 1.5B model; inference takes 162.1 s per clip and runs at 120 FPS."))
    _, results, failing = check_output(values, ctx)
    assert next(r for r in results if r.name == "grounding").passed, failing
    values["workload"] = "实验使用 2.5G 显存。"
    _, results, failing = check_output(values, ctx)
    assert failing["workload"].startswith("grounding: numbers not in the paper: 2.5G"), failing


def test_two_numbers_glued_by_letters_are_the_papers_or_fail():
    """Seed 83's method step "我们使用2.2S0.125的过渡来混合头语和尾语" for the gesture paper's "two-second transition":
    its section number 2.2 and its threshold 0.125 glued by a capital, which the grammar lets through and the number
    checks skipped as a name. "3x3" passes when the paper writes "3 × 3"."""
    values = good("zh")
    source = (PAPER.source_text() + " 2.2. 3D Human Motion Modeling. Samples with the word error rate of over 0.125 "
              "are re-synthesized. We use 3 × 3 convolutions.")
    ctx = CheckContext(language="zh", title=PAPER.title, abstract=PAPER.abstract, source_text=source)
    values["method_steps"] = ["我们使用2.2S0.125的过渡来混合头语和尾语。"] + values["method_steps"][1:]
    _, results, failing = check_output(values, ctx)
    assert failing["method_steps"].startswith("grounding: numbers not in the paper: 2.2S0.125"), failing
    values["method_steps"] = ["每层使用3x3卷积。"] + values["method_steps"][1:]
    _, results, failing = check_output(values, ctx)
    assert next(r for r in results if r.name == "grounding").passed, failing


@pytest.mark.parametrize("field, value", [
    ("takeaways", ["实验规模为1 0 0 0个输入。"]),  # seed 41
    ("takeaways", ["它在巴黎进行实验，并且在1,0 0 个真实照片上提高了PSNR和LPIPS。"]),  # the demo at abe94e6
    ("workload", "共使用了 5 0 0 0 个问题。"),
    ("performance", "比线性插值提高了1 个8分点的平滑度和9 个2分点的准确度。"),  # the demo at 008c15e
    ("results", "平均质量分数从 3 个 9 到 4 个 5。"),  # the demo at 008c15e
    ("past_methods", "早期研究集中在单个指令（Brown, 2,0; Informativeness, 2,3）上。"),  # seed 43
    ("past_methods", "早期方法专注于实例级方法，如1 1 7, 1 3 2, 1 3 4。"),  # seed 43
    ("method", "我们构建了约1. 1K高质量的多轮对话。"),  # seed 41
])
def test_a_number_spelled_digit_by_digit_fails_in_any_field(field, value):
    """Allowed single digits only outside the results (5a127bb, reverted), the model spelled the paper's 1,000 with
    them, and then "1 个8分点" for 1.8."""
    from paperbrief.llm.checks import check_spelled_numbers
    res, reasons = check_spelled_numbers({field: value}, None)
    assert not res.passed and "digit by digit" in reasons[field]


def test_a_spelled_number_leaves_its_field_out_of_the_answer():
    checks, failing = _run(good("zh", takeaways=["实验规模为1 0 0 0个输入。"] + good("zh")["takeaways"][1:]))
    assert not checks["spelled"].passed and failing["takeaways"].startswith("spelled: ")
    assert set(failing) == {"takeaways"}


@pytest.mark.parametrize("value", ["在 3 个基准上都超过 LoRA。", "共有 5,000 个问题。", "准确率为 92.7%，比基线高 1.2 分。",
                                   "第 1 步和第 2 步。", "分成 3 个 10 秒的片段。", "GPT-4 与 Qwen2.5-VL-7B 一致。",
                                   "用 Beta(2, 2) 先验选择插值系数。"])  # the demo at 1947f34
def test_numbers_with_their_own_digits_are_not_spelled(value):
    from paperbrief.llm.checks import check_spelled_numbers
    res, reasons = check_spelled_numbers({"results": value}, None)
    assert res.passed and reasons == {}, reasons


def test_a_year_the_paper_writes_only_in_citations_fails():
    """Seed 109's conclusion (hand check, wrong): "仍有大量错误，包括1997年Reference-Based Metrics和2018年G-G Attention
    的低性能" from the data-to-text paper's "(D2T) generation (Reiter and Dale, 1997; Gatt and Krahmer, 2018)
    remains": the years of two references, stated as findings. A year the paper's prose writes passes (its "between
    November 2023 and January 2024"; the conflict paper's "from 2012 to 2020")."""
    from paperbrief.llm.checks import check_no_facts, cited_only_years
    from paperbrief.llm.prompts import retry_note

    source = (PAPER.source_text() + " However, the task of data-to-text (D2T) generation (Reiter and Dale, 1997; "
              "Gatt and Krahmer, 2018) remains challenging. We downloaded the data between November 2023 and January "
              "2024. Llama-2 (Touvron et al., 2023b; TogetherAI, 2023) and approaches (Belz, 2005, 2008; Angeli et "
              "al., 2010), as Thomson and Reiter (2020) proposed, from a teacher [Luhman and Luhman 2021; Salimans and "
              "Ho 2022]. City A has only 1 mayor, Megan, from 2012 to 2020.")
    years = cited_only_years(source)
    assert {"1997", "2018", "2005", "2008", "2010", "2021", "2022"} <= set(years), years
    assert years["1997"] == "(Reiter and Dale, 1997"
    for prose in ("2024", "2012", "2020"):  # "2020" is a citation's once, and the prose's once
        assert prose not in years, prose
    ctx = CheckContext(language="zh", title=PAPER.title, abstract=PAPER.abstract, source_text=source)
    res, reasons = check_no_facts({"conclusion": "本文发现仍有大量错误，包括1997年Reference-Based Metrics和2018年G-G "
                                                 "Attention的低性能。"}, ctx)
    assert reasons == {"conclusion": "gives the year 1997, which the paper writes only in a citation "
                                     "('(Reiter and Dale, 1997'): a reference's date, not a finding"}
    assert "1997 只是论文引用的文献的年份" in retry_note({"conclusion": "no-facts: " + reasons["conclusion"]}, "zh")
    # after an initial (seed 113's "与Math-Shepherd-PRM-7B（W.2024）相比"), not a decimal's digits ("0.2018")
    res, reasons = check_no_facts({"performance": "与基线（W.2018）相比更好。"}, ctx)
    assert "the year 2018" in reasons["performance"]
    res, reasons = check_no_facts({"performance": "误差为 0.2018。"}, ctx)
    assert reasons == {}
    # a year glued to a word, as seed 95 wrote "依赖于先进的LSTM2021"
    res, reasons = check_no_facts({"method": "查询交给LSTM2022。"}, ctx)
    assert "the year 2022" in reasons["method"]
    for fine in ("数据在2023年11月至2024年1月之间下载。", "城市A在2012年到2020年只有一位市长。", "共用 8 块 GPU。"):
        res, reasons = check_no_facts({"workload": fine}, ctx)
        assert reasons == {}, fine


def test_a_name_of_letters_and_digits_must_be_the_papers():
    """Seed 113's workload "1500 GPU小时，使用N100 GPU" for the sleep-staging paper's "1500 GPU hours on NVIDIA H100
    GPUs": a hardware name the paper never writes. The paper's own (hyphen or not) passes."""
    from paperbrief.llm.checks import check_grounding

    ctx = CheckContext(language="zh", title="T", abstract="A study.", source_text=(
        "All numerical experiments were conducted using a total of 1500 GPU hours on NVIDIA H100 GPUs and an "
        "RTX-4090 card."))
    res, reasons = check_grounding({"workload": "1500 GPU小时，使用N100 GPU。"}, ctx)
    assert reasons == {"workload": "numbers not in the paper: N100"}
    for fine in ("1500 GPU小时，使用 H100 GPU。", "还用了一块RTX4090。", "在 H-100 上运行。"):
        res, reasons = check_grounding({"workload": fine}, ctx)
        assert reasons == {}, fine
