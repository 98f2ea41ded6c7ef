"""Embedded backend speed benchmark (not part of the test suite; minutes per paper on a small CPU).

On the same real papers in one run, each paper is analysed (``analyze_paper``: one call, plus the retry when
checks fail) with today's settings and with the new ones, one step at a time, on a fresh model each:

  today    llama-cpp-python's sampler: the grammar is applied to the whole vocabulary at every token
  window   the grammar applied to the likeliest tokens first (``GrammarWindowSampler``, ``grammar_window``);
           the same tokens are sampled, so the answers must be identical (printed)

Per paper and step: seconds, calls, prompt tokens sent and evaluated (the rest came from the KV cache: the
shared prefix of consecutive calls), prompt tokens/s, output tokens/s, decode tokens/s and the sampling time
per output token (what is left of a call once llama.cpp's prompt evaluation and decode are taken out: the
grammar, the no-repeat processor, Python). Then each step's ratio of seconds per paper against today's.

    .venv/bin/python bench/llm_speed.py --corpus ../shared/dev-corpus/pdfs --papers 2503.13222 2410.06493
    .venv/bin/python bench/llm_speed.py --corpus ../shared/dev-corpus/pdfs --papers 2503.13222 --max-output 256

The machine's other work slows llama.cpp's decode as much as anything here: compare steps of one run only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from paperbrief.config import LLMConfig
from paperbrief.llm import PaperInput, analyze_paper
from paperbrief.llm.embedded import GRAMMAR_WINDOW, EmbeddedBackend
from paperbrief.llm.models import default_model_path

STEPS = {"today": {"grammar_window": 0}, "window": {"grammar_window": GRAMMAR_WINDOW}}


def load_papers(corpus: str, stems: list[str]) -> list[PaperInput]:
    """The papers as a run gives them to the LLM (the PDF extracted, the abstract split off)."""
    from paperbrief.pdf import extract_pdf

    papers = []
    for stem in stems:
        pdf = Path(corpus) / f"{stem}.pdf"
        x = extract_pdf(pdf)
        papers.append(PaperInput(arxiv_id=pdf.stem, title=x.title or pdf.stem, abstract=x.text.get("abstract", ""),
                                 authors=x.authors, affiliations=x.affiliations, urls=x.code_urls,
                                 text={k: v for k, v in x.text.items() if k != "abstract"}))
    return papers


@dataclass
class Measured:
    """One paper under one step."""

    seconds: float = 0.0
    calls: int = 0
    retries: int = 0
    prompt_sent: int = 0  # prompt tokens of all calls
    prompt_evaluated: int = 0  # ... that llama.cpp evaluated (the rest were reused from the KV cache)
    prompt_seconds: float = 0.0
    output_tokens: int = 0
    decode_seconds: float = 0.0
    answers: list[str] = field(default_factory=list)

    @property
    def sampling_ms(self) -> float:
        rest = self.seconds - self.prompt_seconds - self.decode_seconds
        return 1000 * rest / max(1, self.output_tokens)


def _perf(backend: EmbeddedBackend) -> tuple[float, float, int, int]:
    import llama_cpp

    d = llama_cpp.llama_perf_context(backend._load()._ctx.ctx)
    return d.t_p_eval_ms / 1000, d.t_eval_ms / 1000, int(d.n_p_eval), int(d.n_eval)


def measure(backend: EmbeddedBackend, paper: PaperInput, language: str, token_budget: int,
            max_output: int) -> Measured:
    """Analyse ``paper`` once (no cache), timing llama.cpp's stages."""
    complete = backend._complete
    m = Measured()

    def timed(messages, schema, max_tokens, temperature, **kw):
        before = _perf(backend)
        answer = complete(messages, schema, max_tokens, temperature, **kw)
        after = _perf(backend)
        m.prompt_seconds += after[0] - before[0]
        m.decode_seconds += after[1] - before[1]
        m.prompt_evaluated += after[2] - before[2]
        m.prompt_sent += answer[1]
        m.output_tokens += answer[2]
        m.answers.append(answer[0])
        return answer

    backend._complete = timed
    try:
        t0 = time.monotonic()
        out = analyze_paper(backend, paper, language=language, token_budget=token_budget,
                            max_output_tokens=max_output)
        m.seconds = time.monotonic() - t0
    finally:
        del backend._complete
    m.calls, m.retries = out.calls, out.retries
    return m


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = LLMConfig()
    ap.add_argument("--model", default=None, help="GGUF (default: the installed default model)")
    ap.add_argument("--corpus", required=True, help="a folder of PDFs (the dev corpus)")
    ap.add_argument("--papers", nargs="+", required=True, help="PDF names without .pdf")
    ap.add_argument("--language", default="zh", choices=["zh", "en"])
    ap.add_argument("--steps", nargs="+", default=list(STEPS), choices=list(STEPS))
    ap.add_argument("--n-ctx", type=int, default=defaults.n_ctx)
    ap.add_argument("--token-budget", type=int, default=defaults.token_budget_per_paper)
    ap.add_argument("--max-output", type=int, default=defaults.max_output_tokens)
    ap.add_argument("--json", help="also write the measurements to this file")
    args = ap.parse_args()

    model = Path(args.model) if args.model else default_model_path()
    papers = load_papers(args.corpus, args.papers)
    print(f"model {model.name}; {len(papers)} papers; {args.language}; token budget {args.token_budget}, "
          f"max output {args.max_output}, n_ctx {args.n_ctx}", flush=True)
    # Each step keeps its own model loaded for the whole run (as a run does: the KV cache of the previous call
    # is there for the next); the papers are measured one after another, every step on each before the next.
    backends = {step: EmbeddedBackend(model, n_ctx=args.n_ctx, max_output_tokens=args.max_output, **STEPS[step])
                for step in args.steps}
    results: dict[str, dict[str, Measured]] = {step: {} for step in args.steps}
    try:
        for backend in backends.values():
            backend._load()
        for paper in papers:
            for step, backend in backends.items():
                m = measure(backend, paper, args.language, args.token_budget, args.max_output)
                results[step][paper.arxiv_id] = m
                print(f"[{step:6s}] {paper.arxiv_id}: {m.seconds:7.1f} s, {m.calls} calls ({m.retries} retry); "
                      f"prompt {m.prompt_sent} tokens sent, {m.prompt_evaluated} evaluated in "
                      f"{m.prompt_seconds:.1f} s = {m.prompt_evaluated / max(m.prompt_seconds, 1e-9):.1f} tok/s; "
                      f"output {m.output_tokens} tokens = {m.output_tokens / max(m.seconds, 1e-9):.2f} tok/s "
                      f"(decode {m.output_tokens / max(m.decode_seconds, 1e-9):.2f} tok/s, sampling "
                      f"{m.sampling_ms:.0f} ms/token); grammar window used at "
                      f"{backend.sampler_stats.window_tokens}/{backend.sampler_stats.tokens} tokens so far",
                      flush=True)
    finally:
        for backend in backends.values():
            backend.close()

    base = results.get("today")
    print("\nseconds per paper (ratio to today):")
    for step, by_paper in results.items():
        if not by_paper:
            continue
        total = sum(m.seconds for m in by_paper.values())
        line = f"  {step:6s} {total / len(by_paper):7.1f} s/paper"
        if base and step != "today":
            line += f"  ratio {sum(m.seconds for m in base.values()) / total:.2f}x"
            same = all(base[p].answers == m.answers for p, m in by_paper.items() if p in base)
            line += f"; answers identical to today's: {same}"
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {s: {p: {**m.__dict__, "sampling_ms": m.sampling_ms} for p, m in r.items()} for s, r in results.items()},
            ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
