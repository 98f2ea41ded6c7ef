"""Shared test data for the LLM tests: a paper with numbers, an answer that passes every check, a dict cache."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from paperbrief.llm import PaperInput

REPO = Path(__file__).resolve().parent.parent

PAPER = PaperInput(
    arxiv_id="2611.09999v1",
    title="Sparse Mixture Adapters for Efficient Fine-Tuning",
    abstract=("Fine-tuning large language models is costly. We propose Sparse Mixture Adapters (SMA), which route "
              "each token to two of eight small adapters. On the GLUE benchmark SMA reaches an average score of "
              "88.4 with 0.8% trainable parameters, 1.2 points above LoRA, and trains 1.9 times faster."),
    authors=["Maria Gonzalez", "Wei Zhang", "Kenji Watanabe"],
    affiliations=["Stanford University", "Tsinghua University"],
    urls=["https://github.com/example/sma"],
    text={
        "introduction": "Large language models keep growing, and full fine-tuning needs a lot of memory and time. "
                        "Low-rank adaptation trains few parameters but shares one adapter across all inputs.",
        "method": "SMA inserts eight small adapters in every Transformer layer. A light router scores each token "
                  "and sends it to the two best adapters. The base model stays frozen.",
        "experiments": "On GLUE SMA reaches 88.4 on average, 1.2 points above LoRA. On SuperGLUE it scores 76.1. "
                       "Training is 1.9 times faster than full fine-tuning. We run ablations on 12 tasks.",
        "conclusion": "Sparse routing gives adapters more capacity at almost no extra compute.",
    },
)

GOOD_ZH = {
    "title_translated": "用于高效微调的稀疏混合适配器",
    "summary": "本文提出稀疏混合适配器 SMA，用极少的可训练参数完成大语言模型的高效微调。",
    "takeaways": [
        "全量微调大语言模型的显存与时间开销很高。",
        "SMA 把每个词元路由到八个小型适配器中的两个。",
        "只有 0.8% 的参数参与训练。",
        "在 GLUE 上平均得分 88.4，比 LoRA 高 1.2 分。",
        "训练速度是全量微调的 1.9 倍。",
    ],
    "keywords": ["参数高效微调", "混合专家", "适配器", "LoRA"],
    "background": "模型规模不断增长，全量微调需要大量显存和时间，限制了下游应用。",
    "past_methods": "低秩适配只训练少量参数，但所有输入共用同一组适配器，表达能力有限。",
    "method": "SMA 在每一层放置多个小型适配器，由轻量路由器为每个词元挑选其中两个参与计算。",
    "method_steps": ["在每个 Transformer 层中插入八个小型适配器。", "路由器为每个词元打分并选出得分最高的两个适配器。",
                     "冻结原模型，只更新适配器和路由器。"],
    "results": "在 GLUE 基准上平均得分为 88.4，高出 LoRA 1.2 分；在 SuperGLUE 上得分为 76.1。",
    "conclusion": "稀疏路由让适配器几乎不增加计算量就获得更强的容量，适合资源受限的场景。",
    "innovation": "首次把稀疏专家路由引入参数高效微调，使不同词元使用不同的适配器。",
    "performance": "可训练参数仅占 0.8%，训练提速 1.9 倍，精度优于同类方法。",
    "workload": "作者在两个基准的多个任务上做了实验，并完成了消融分析。",
}

GOOD_EN = {
    "summary": "Sparse Mixture Adapters route each token to a few small adapters and fine-tune large language "
               "models with very few trainable parameters.",
    "takeaways": [
        "Full fine-tuning of large language models is expensive in memory and time.",
        "SMA routes every token to two of eight small adapters.",
        "Only 0.8% of the parameters are trained.",
        "On GLUE the average score is 88.4, 1.2 points above LoRA.",
        "Training runs 1.9 times faster than full fine-tuning.",
    ],
    "keywords": ["parameter-efficient fine-tuning", "mixture of experts", "adapters"],
    "background": "Models keep growing, so updating every weight for each downstream task is costly.",
    "past_methods": "Low-rank adaptation trains few weights, but all inputs share one adapter, which limits capacity.",
    "method": "A light router picks, for every token, two small adapters out of eight placed in each layer.",
    "method_steps": ["Insert eight small adapters into every Transformer layer.",
                     "Score each token with the router and keep the two best adapters.",
                     "Freeze the base model and train only adapters and router."],
    "results": "GLUE average of 88.4, 1.2 points above LoRA; 76.1 on SuperGLUE.",
    "conclusion": "Sparse routing adds capacity to adapters at almost no extra compute, which suits small budgets.",
    "innovation": "It brings sparse expert routing into parameter-efficient tuning, so tokens use different adapters.",
    "performance": "With 0.8% trainable weights it trains 1.9 times faster and is more accurate than its peers.",
    "workload": "Experiments cover two benchmarks, many tasks and ablations.",
}


def good(language: str = "zh", **changes) -> dict:
    d = copy.deepcopy(GOOD_ZH if language == "zh" else GOOD_EN)
    d.update(changes)
    return d


class DictCache:
    """The cache protocol the store implements, in memory."""

    def __init__(self) -> None:
        self.data: dict[str, tuple[str, str]] = {}
        self.gets = 0

    def cache_get(self, key: str) -> str | None:
        self.gets += 1
        hit = self.data.get(key)
        return hit[1] if hit else None

    def cache_put(self, key: str, model: str, value: str) -> None:
        self.data[key] = (model, value)


def _test_model_dir() -> Path:
    return Path(os.environ.get("PAPERBRIEF_TEST_MODEL_DIR") or REPO / ".cache" / "test-model")


def find_test_model() -> Path | None:
    found = sorted(_test_model_dir().glob("*.gguf"))
    return found[0] if found else None


def model_tests_required() -> bool:
    """``make test`` sets PAPERBRIEF_TEST_MODEL_DIR and CI sets CI: there a model test must run, never skip."""
    ci = os.environ.get("CI", "").strip().lower()
    return bool(os.environ.get("PAPERBRIEF_TEST_MODEL_DIR")) or ci not in ("", "0", "false", "no")


def require_test_model() -> Path:
    """The test GGUF. When it is missing a bare developer ``pytest`` skips the test; under ``make test`` or in CI
    (``model_tests_required``) the test fails, so a model test can never pass by not running."""
    model = find_test_model()
    if model is not None:
        return model
    said = f"no test GGUF (*.gguf) in {_test_model_dir()}; `make test` fetches SmolLM2-135M there"
    if model_tests_required():
        pytest.fail(f"{said}. PAPERBRIEF_TEST_MODEL_DIR or CI is set, so the model tests must run: fetch the "
                    "model (make test-model) or fix the path", pytrace=False)
    pytest.skip(said)
