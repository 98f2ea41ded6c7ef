"""A test double for orchestration tests only: an LLM backend that answers a well-formed Chinese analysis
built from the paper's own prompt (its numbers come from the paper, so grounding holds). The real model is
tested end to end in test_pipeline_e2e.py and the LLM tests."""

from __future__ import annotations

import json
import re
import threading

from paperbrief.llm.base import Backend


class CannedBackend(Backend):
    name = "canned-test-model"
    supports_json_schema = True
    max_concurrency = 4

    def __init__(self, crash_after: int | None = None):
        self.calls = 0
        self.crash_after = crash_after
        self._lock = threading.Lock()

    def _complete(self, messages, schema, max_tokens, temperature):
        with self._lock:
            self.calls += 1
            if self.crash_after is not None and self.calls > self.crash_after:
                raise KeyboardInterrupt("simulated crash mid-run")
        prompt = "\n".join(m["content"] for m in messages)
        numbers = re.findall(r"\d+\.\d+", prompt.split("Abstract", 1)[-1])
        n = next((x for x in numbers if len(x) >= 2), "")
        title = re.search(r"Title:\s*(.+)", prompt)
        tag = (title.group(1)[:12] if title else "论文")
        data = {
            "title_translated": "扩散模型的新方法",
            "summary": f"本文提出一种扩散模型的新方法。",
            "takeaways": ["提出一种无需训练的新框架。", "在标准数据集上验证了效果。", "方法简单且易于复现。",
                          "分析了现有方法的不足。", "讨论了局限性与未来工作。"],
            "keywords": ["扩散模型", "图像生成", "采样"],
            "background": "扩散模型生成质量高，但采样较慢且难以控制。",
            "past_methods": "已有方法需要额外训练，或者在相邻结果之间缺乏一致性。",
            "method": "作者设计了新的注意力与损失函数来引导生成过程。",
            "method_steps": ["构建条件表示。", "在去噪过程中融合注意力。", "按先验选择路径。"],
            "results": f"实验表明该方法取得了 {n} 的结果。" if n else "实验表明该方法优于基线。",
            "conclusion": "该工作表明无需训练即可改进生成质量。",
            "innovation": "首次将这一思路用于条件插值。",
            "performance": "在多个基准上超过了对比方法。",
            "workload": "实验覆盖多个数据集并包含用户研究。",
        }
        data = {k: v for k, v in data.items() if k in schema.get("properties", data)}
        text = json.dumps(data, ensure_ascii=False)
        return text, len(prompt) // 4, len(text) // 2, 0.01, "stop"
