"""llama.cpp's own settings for the embedded model, one against another in one run (not part of the test suite).

The analysis spends a paper's time in llama.cpp's prompt evaluation and decode (``bench/README.md``, "Embedded
speed"). This times just those two on the prompt of a real paper's first call (``build_prompt``: the system
prompt, the paper's text cut to the config's budget, the field guide), for each setting in turn, alternating
(A, B, A, B, …) so the machine's other work moves both alike:

  prompt   evaluating the whole prompt on an empty KV cache (what a paper's first call pays)
  decode   64 tokens after it, greedy, no grammar (the model's own cost per output token)

    .venv/bin/python bench/llm_flags.py ../shared/dev-corpus --paper 2503.13222 --rounds 3

Prints per setting the median seconds of each part and its ratio against the first setting (``default``:
what ``EmbeddedBackend`` passes today).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from paperbrief.config import LLMConfig
from paperbrief.llm.models import default_model_path
from paperbrief.llm.prompts import build_prompt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from llm_corpus import corpus_papers  # noqa: E402

SETTINGS = {
    "default": {},
    "flash_attn": {"flash_attn": True},
    "batch_256": {"n_batch": 256, "n_ubatch": 256},
    "batch_1024": {"n_batch": 1024, "n_ubatch": 1024},
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--paper", default="2503.13222")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--decode", type=int, default=64)
    ap.add_argument("--settings", nargs="*", default=list(SETTINGS))
    args = ap.parse_args()
    from llama_cpp import Llama

    cfg = LLMConfig()
    paper = next(p for p, _ in corpus_papers(args.corpus, 100, [args.paper]) if p.arxiv_id == args.paper)
    prompt = build_prompt(paper, "zh", paper_budget=cfg.token_budget_per_paper)
    text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in prompt.messages)
    text += "<|im_start|>assistant\n"
    models = {name: Llama(model_path=str(default_model_path()), n_ctx=cfg.n_ctx, n_threads=cfg.n_threads or os.cpu_count(),
                          verbose=False, **SETTINGS[name]) for name in args.settings}
    tokens = models[args.settings[0]].tokenize(text.encode("utf-8"), add_bos=False, special=True)
    print(f"{args.paper}: {len(tokens)} prompt tokens, {args.decode} decoded, {args.rounds} rounds", flush=True)
    times: dict[str, dict[str, list[float]]] = {n: {"prompt": [], "decode": []} for n in args.settings}
    outputs: dict[str, list[int]] = {}
    for r in range(args.rounds):
        for name in args.settings:
            llm = models[name]
            llm.reset()
            t0 = time.monotonic()
            llm.eval(tokens)
            t1 = time.monotonic()
            out = []
            for _ in range(args.decode):
                logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),))
                tok = int(logits.argmax())
                out.append(tok)
                llm.eval([tok])
            t2 = time.monotonic()
            times[name]["prompt"].append(t1 - t0)
            times[name]["decode"].append(t2 - t1)
            outputs.setdefault(name, out)
            print(f"  round {r + 1} {name:<11} prompt {t1 - t0:6.1f} s  decode {t2 - t1:5.1f} s", flush=True)
    base = args.settings[0]
    bp, bd = (statistics.median(times[base][k]) for k in ("prompt", "decode"))
    print("\n| setting | prompt s (median) | prompt tok/s | decode s | decode tok/s | prompt ratio | decode ratio "
          "| same tokens as default |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in args.settings:
        p, d = (statistics.median(times[name][k]) for k in ("prompt", "decode"))
        print(f"| {name} | {p:.1f} | {len(tokens) / p:.1f} | {d:.1f} | {args.decode / d:.1f} | {bp / p:.2f}× "
              f"| {bd / d:.2f}× | {outputs[name] == outputs[base]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
