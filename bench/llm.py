"""LLM benchmark (not part of the test suite; slow on a small CPU).

In one run, on the same sample papers:
  1. tokens per paper of the one-call design vs a four-call design (summary, takeaways, analysis, conclusion
     asked separately, each with the paper's text, as the old generator did), printed as a ratio, with the
     check pass rate of each design;
  2. papers per minute with 1 vs 4 workers against a llama.cpp server (``python -m llama_cpp.server``) on
     loopback, through the openai-compatible backend;
  3. the model's check pass rate: per check, fields published, papers with every field published.

    .venv/bin/python bench/llm.py                      # default model: Qwen if installed, else SmolLM2
    .venv/bin/python bench/llm.py --model .cache/test-model/SmolLM2-135M-Instruct.Q4_1.gguf --language en
    .venv/bin/python bench/llm.py --corpus ../shared/dev-corpus/pdfs --papers 3 --skip-server
    .venv/bin/python bench/llm.py --corpus ../shared/dev-corpus     # real papers, zh and en: bench/llm_corpus.py
    .venv/bin/python bench/llm.py --base-url https://api.openai.com/v1 --api-model gpt-4o-mini   # a hosted model

Each run also writes its one-call summary to ``<results dir>/llm-<model>.json`` (``--results-dir``, default
``paperbrief.llm.models.bench_dir()``), where ``paperbrief model list`` shows it.

Sample papers: the demo's (``paperbrief.samples``: PDFs generated, then extracted like in a run), or real PDFs
from ``--corpus``; a small built-in text list when neither is available.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from paperbrief.config import LLMConfig
from paperbrief.llm import PaperInput, TokenBudget, analyze_paper, make_backend
from paperbrief.llm.base import Backend, InvalidOutput
from paperbrief.llm.checks import CheckContext, check_output
from paperbrief.llm.models import bench_dir, bench_result_path, default_model_path
from paperbrief.llm.openai_compat import OpenAICompatBackend
from paperbrief.llm.prompts import GUIDE_EN, GUIDE_ZH, SYSTEM_EN, SYSTEM_ZH, build_prompt
from paperbrief.llm.schema import analysis_schema

REPO = Path(__file__).resolve().parent.parent

BUILTIN = [PaperInput(
    arxiv_id="builtin-1", title="Sparse Mixture Adapters for Efficient Fine-Tuning",
    abstract="Fine-tuning large language models is costly. We propose Sparse Mixture Adapters (SMA), which route "
             "each token to two of eight small adapters. On GLUE SMA reaches an average score of 88.4 with 0.8% "
             "trainable parameters, 1.2 points above LoRA, and trains 1.9 times faster.",
    authors=["Maria Gonzalez"], text={
        "introduction": "Large language models keep growing and full fine-tuning needs memory and time.",
        "method": "SMA inserts eight small adapters per layer; a router sends each token to two of them.",
        "experiments": "On GLUE SMA reaches 88.4 on average, 1.2 points above LoRA; 76.1 on SuperGLUE.",
        "conclusion": "Sparse routing gives adapters more capacity at almost no extra compute."})]

# The old generator's four requests: (fields, what is asked).
FOUR_CALLS = [
    (("title_translated", "summary", "keywords"), "summary"),
    (("takeaways",), "takeaways"),
    (("background", "past_methods", "method", "results", "method_steps"), "analysis"),
    (("conclusion", "innovation", "performance", "workload"), "conclusion"),
]


def sample_papers(corpus: str | None, limit: int) -> list[PaperInput]:
    from paperbrief.pdf import extract_pdf

    if corpus:
        papers = []
        for pdf in sorted(Path(corpus).glob("*.pdf"))[:limit]:
            x = extract_pdf(pdf)
            papers.append(PaperInput(arxiv_id=pdf.stem, title=x.title or pdf.stem, abstract=x.text.get("abstract", ""),
                                     authors=x.authors, affiliations=x.affiliations, urls=x.code_urls,
                                     text={k: v for k, v in x.text.items() if k != "abstract"}))
        return papers
    try:
        from paperbrief.samples.papers import SAMPLE_PAPERS, build_sample_pdfs
    except ImportError:
        return BUILTIN[:limit]
    folder = Path(tempfile.mkdtemp(prefix="pb-bench-"))
    pdfs = build_sample_pdfs(folder)
    papers = []
    for p in SAMPLE_PAPERS[:limit]:
        pdf = pdfs[f"{p.arxiv_id}v{p.version}"]
        x = extract_pdf(pdf, abstract=p.abstract, comment=p.comment)
        papers.append(PaperInput(arxiv_id=p.arxiv_id, title=p.title, abstract=p.abstract,
                                 authors=[a[0] for a in p.authors], affiliations=list(p.affiliations),
                                 urls=x.code_urls, text={k: v for k, v in x.text.items() if k != "abstract"},
                                 comment=p.comment))
    return papers


def _sub_schema(full: dict, fields: tuple[str, ...]) -> dict:
    props = {f: full["properties"][f] for f in fields if f in full["properties"]}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def four_call(backend: Backend, paper: PaperInput, language: str, budget: int, max_out: int) -> dict:
    """The old design: four requests, each carrying the paper's text, merged into one answer."""
    terms = numbers = None
    if backend.enforces_schema and language == "zh":  # the same grammar as the one-call design
        terms, numbers = paper.terms(), paper.numbers()
    full = analysis_schema(language, max_out, backend.chars_per_token(language), latin_terms=terms,
                           numbers=numbers)
    guide_lines = (GUIDE_ZH if language == "zh" else GUIDE_EN).splitlines()
    merged: dict = {}
    tokens_in = tokens_out = calls = 0
    t0 = time.monotonic()
    for fields, _ in FOUR_CALLS:
        fields = tuple(f for f in fields if f in full["properties"])
        keep = [ln for ln in guide_lines[1:] if ln.split("：")[0].split(":")[0] in fields]
        guide = "\n".join([guide_lines[0]] + keep)
        prompt = build_prompt(paper, language, budget, backend.count_tokens)
        system = SYSTEM_ZH if language == "zh" else SYSTEM_EN
        user = prompt.messages[1]["content"]
        user = user[:user.index("</paper>") + len("</paper>")] + "\n\n" + guide
        calls += 1
        try:
            done = backend.complete([{"role": "system", "content": system}, {"role": "user", "content": user}],
                                    _sub_schema(full, fields), max_tokens=max_out)
            merged.update(done.data)
            tokens_in += done.tokens_in
            tokens_out += done.tokens_out
        except InvalidOutput as exc:
            tokens_in += exc.tokens_in
            tokens_out += exc.tokens_out
    return {"data": merged, "tokens_in": tokens_in, "tokens_out": tokens_out, "calls": calls,
            "seconds": time.monotonic() - t0}


def _ctx(paper: PaperInput, language: str, backend: Backend, budget: int) -> CheckContext:
    prompt = build_prompt(paper, language, budget, backend.count_tokens)
    return CheckContext(language=language, source_text=paper.source_text(), title=paper.title,
                        abstract=paper.abstract, authors=paper.authors, affiliations=paper.affiliations,
                        urls=paper.urls, instructions=prompt.instructions)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_throughput(model: Path, papers: list[PaperInput], language: str, n_ctx: int, budget: int,
                      max_out: int) -> dict:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host",
                             "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(1200):
            try:
                if httpx.get(f"{base}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        results = {}
        for workers in (1, 4):
            backend = OpenAICompatBackend(base_url=base, model="bench", concurrency=workers, timeout=3600,
                                          context_window=n_ctx, max_output_tokens=max_out, backoff=0.5)
            t0 = time.monotonic()
            with ThreadPoolExecutor(workers) as pool:
                outs = list(pool.map(lambda p, b=backend: analyze_paper(b, p, language=language, token_budget=budget,
                                                                        max_output_tokens=max_out), papers))
            minutes = (time.monotonic() - t0) / 60
            results[workers] = {"papers_per_minute": len(papers) / minutes, "minutes": minutes,
                                "errors": sum(1 for o in outs if o.error)}
            backend.close()
        return results
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="GGUF (default: the installed Qwen, else the SmolLM2 test model)")
    ap.add_argument("--language", default="zh", choices=["zh", "en"])
    ap.add_argument("--papers", type=int, default=4)
    ap.add_argument("--corpus", help="a folder of PDFs to use instead of the sample papers")
    defaults = LLMConfig()  # the product's own settings
    ap.add_argument("--n-ctx", type=int, default=defaults.n_ctx)
    ap.add_argument("--token-budget", type=int, default=defaults.token_budget_per_paper)
    ap.add_argument("--max-output", type=int, default=defaults.max_output_tokens)
    ap.add_argument("--skip-server", action="store_true", help="skip the 1-vs-4-workers server measurement")
    ap.add_argument("--skip-four-call", action="store_true")
    ap.add_argument("--json", help="also write the numbers to this file")
    ap.add_argument("--verbose", action="store_true", help="print why each unavailable part failed")
    add_results_arguments(ap)
    args = ap.parse_args()
    if args.corpus and (Path(args.corpus) / "truth").is_dir():
        # the dev corpus (pdfs/ + truth/): the real-paper quality bench, zh and en (bench/llm_corpus.py)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from llm_corpus import main as corpus_main

        extra = ["--papers", str(args.papers)] if "--papers" in sys.argv else []
        if args.model:
            extra += ["--model", args.model]
        if args.base_url:
            extra += ["--base-url", args.base_url, "--api-model", args.api_model or "",
                      "--api-key-env", args.api_key_env]
        if "--language" in sys.argv:
            extra += ["--language", args.language]
        corpus_main([args.corpus, *extra])
        return

    hosted = hosted_config(args)  # None unless --base-url
    if hosted:  # a hosted model: no GGUF, no llama.cpp server to measure
        model, args.skip_server = None, True
    elif args.model:
        model = Path(args.model)
    elif default_model_path().is_file():
        model = default_model_path()
    else:
        test_dir = Path(os.environ.get("PAPERBRIEF_TEST_MODEL_DIR", REPO / ".cache" / "test-model"))
        found = sorted(test_dir.glob("*.gguf"))
        if not found:
            sys.exit("No model: run `paperbrief model pull` or `make test-model`.")
        model = found[0]
    papers = sample_papers(args.corpus, args.papers)
    backend = make_backend(hosted or LLMConfig(model_path=str(model), n_ctx=args.n_ctx,
                                               max_output_tokens=args.max_output))
    print(f"model: {backend.name}; {len(papers)} papers; language {args.language}; n_ctx {args.n_ctx}", flush=True)
    report: dict = {"model": backend.name, "papers": len(papers), "language": args.language}

    one, four = [], []
    checks_total, checks_passed = Counter(), Counter()
    fields_total = fields_published = complete = 0
    for p in papers:
        out = analyze_paper(backend, p, language=args.language, budget=TokenBudget(0),
                            token_budget=args.token_budget, max_output_tokens=args.max_output)
        one.append(out)
        for c in out.checks:
            if c.name != "retry":
                checks_total[c.name] += 1
                checks_passed[c.name] += int(c.passed)
        n_fields = len(analysis_schema(args.language)["properties"])
        fields_total += n_fields
        fields_published += n_fields - len(out.analysis.unavailable)
        complete += int(not out.analysis.unavailable)
        print(f"  one-call  {p.arxiv_id}: {out.calls} calls, {out.tokens_in}+{out.tokens_out} tokens, "
              f"{out.seconds:.0f} s, unavailable: {sorted(out.analysis.unavailable) or 'none'}", flush=True)
        if args.verbose:
            for f, why in out.analysis.unavailable.items():
                print(f"      {f}: {why[:160]}")
        if not args.skip_four_call:
            r = four_call(backend, p, args.language, args.token_budget, args.max_output)
            _, results, failing = check_output(r["data"], _ctx(p, args.language, backend, args.token_budget))
            r["failing"] = sorted(failing)
            four.append(r)
            print(f"  four-call {p.arxiv_id}: {r['calls']} calls, {r['tokens_in']}+{r['tokens_out']} tokens, "
                  f"{r['seconds']:.0f} s, failing: {r['failing'] or 'none'}", flush=True)

    def per_paper(xs, key):
        return sum(x[key] if isinstance(x, dict) else getattr(x, key) for x in xs) / max(1, len(xs))

    one_in, one_out = per_paper(one, "tokens_in"), per_paper(one, "tokens_out")
    print(f"\n1) tokens per paper, one-call: {one_in:.0f} in + {one_out:.0f} out = {one_in + one_out:.0f} "
          f"({per_paper(one, 'calls'):.2f} calls, retries included)")
    report["one_call"] = {"tokens_in": one_in, "tokens_out": one_out, "calls": per_paper(one, "calls"),
                          "seconds": per_paper(one, "seconds")}
    if four:
        f_in, f_out = per_paper(four, "tokens_in"), per_paper(four, "tokens_out")
        ratio = (f_in + f_out) / max(1, one_in + one_out)
        f_fail = sum(len(r["failing"]) for r in four)
        print(f"   tokens per paper, four-call: {f_in:.0f} in + {f_out:.0f} out = {f_in + f_out:.0f} (no retry)")
        print(f"   ratio four-call / one-call: {ratio:.2f}x tokens (prompt tokens alone {f_in / max(1, one_in):.2f}x)")
        print(f"   four-call fields failing the checks: {f_fail}/{fields_total}")
        report["four_call"] = {"tokens_in": f_in, "tokens_out": f_out, "ratio": ratio,
                               "prompt_ratio": f_in / max(1, one_in), "fields_failing": f_fail,
                               "seconds": per_paper(four, "seconds")}

    print("\n3) check pass rate (one-call, after the retry):")
    for name in checks_total:
        print(f"   {name:<16} {checks_passed[name]}/{checks_total[name]}")
    share = 100 * fields_published / max(1, fields_total)
    print(f"   fields published {fields_published}/{fields_total} ({share:.0f}%);"
          f" papers with every field published {complete}/{len(papers)}")
    report["checks"] = {n: [checks_passed[n], checks_total[n]] for n in checks_total}
    report["fields_published"] = [fields_published, fields_total]
    report["papers_complete"] = [complete, len(papers)]
    backend.close()
    print(f"   summary for `paperbrief model list`: {write_results(args, backend.name, one)}")

    if not args.skip_server:
        print("\n2) llama.cpp server, papers per minute:", flush=True)
        tp = server_throughput(model, papers, args.language, args.n_ctx, args.token_budget, args.max_output)
        for w, r in tp.items():
            print(f"   {w} worker{'s' if w > 1 else ''}: {r['papers_per_minute']:.2f} papers/min "
                  f"({r['minutes']:.1f} min, {r['errors']} errors)")
        print(f"   speed-up 4 vs 1 workers: {tp[4]['papers_per_minute'] / tp[1]['papers_per_minute']:.2f}x")
        report["server"] = tp
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False))


def add_results_arguments(ap: argparse.ArgumentParser) -> None:
    """The flags for a hosted OpenAI-compatible model and for where the summary goes."""
    ap.add_argument("--base-url", help="an OpenAI-compatible endpoint (…/v1) instead of a GGUF (no server part)")
    ap.add_argument("--api-model", help="the model name the endpoint expects (with --base-url)")
    ap.add_argument("--api-key-env", default="OPENAI_API_KEY",
                    help="the variable holding the API key (with --base-url; '' for a server that needs none)")
    ap.add_argument("--results-dir", type=Path, default=None,
                    help="where the summary llm-<model>.json goes (default: the folder `paperbrief model list` reads)")


def hosted_config(args: argparse.Namespace) -> LLMConfig | None:
    """The openai-compatible backend's settings when --base-url is given, else None (the embedded model)."""
    if not args.base_url:
        return None
    if not args.api_model:
        sys.exit("--base-url needs --api-model (the endpoint's model name).")
    if args.api_key_env and not os.environ.get(args.api_key_env):
        sys.exit(f"The API key variable {args.api_key_env} is not set; export it, or pass --api-key-env '' for a "
                 "server that needs no key.")
    return LLMConfig(backend="openai-compatible", base_url=args.base_url, model=args.api_model,
                     api_key_env=args.api_key_env, max_output_tokens=args.max_output)


def write_results(args: argparse.Namespace, model: str, outcomes: list) -> Path:
    """Write the one-call part of this run as the model's summary for ``paperbrief model list``: fields
    published and fields passing at the first answer (of all fields asked), papers complete, seconds, calls
    and tokens per paper. Replaces the model's previous summary. Returns the file."""
    n_fields = len(analysis_schema(args.language)["properties"])
    total = n_fields * len(outcomes)
    # the first answer's failures: the fields a retry was asked for; without a retry, what was left out
    first_failing = sum(len(o.first_try_failing if o.retries else o.analysis.unavailable) for o in outcomes)
    n = max(1, len(outcomes))
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    summary = {
        "model": model, "backend": "openai-compatible" if args.base_url else "embedded",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "commit": commit or None, "papers": len(outcomes),
        "corpus": args.corpus, "language": args.language,
        "fields_published": [total - sum(len(o.analysis.unavailable) for o in outcomes), total],
        "first_answer_passed": [total - first_failing, total],
        "papers_complete": [sum(1 for o in outcomes if not o.analysis.unavailable), len(outcomes)],
        "seconds_per_paper": round(sum(o.seconds for o in outcomes) / n, 2),
        "calls_per_paper": round(sum(o.calls for o in outcomes) / n, 2),
        "tokens_in_per_paper": round(sum(o.tokens_in for o in outcomes) / n),
        "tokens_out_per_paper": round(sum(o.tokens_out for o in outcomes) / n),
        "settings": {"n_ctx": args.n_ctx, "token_budget": args.token_budget, "max_output": args.max_output},
    }
    path = bench_result_path(model, args.results_dir or bench_dir())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
