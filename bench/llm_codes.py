"""Seconds per paper of two versions of the code, on the same real papers in one run (not part of the test suite).

The issue's speed goal compares today's whole analysis (its prompt, its calls, its sampler) with the issue's
starting code, not one setting of it: each paper is analysed by each code in turn, in a fresh process whose
``PYTHONPATH`` is that code's ``src`` (a ``git worktree`` of the older commit), with the product's defaults
(``LLMConfig()``: the installed default model, token budget, max output, n_ctx) and no cache. The paper is built
the way that code's run builds it (``run/papers.py``: title and abstract from the truth file, the PDF's text by
role, and the pages and headings where that code knows them). Only ``analyze_paper`` is timed, not the model's
loading.

    git worktree add /tmp/wt-before 326589f
    .venv/bin/python bench/llm_codes.py ../shared/dev-corpus --only 2503.13222 2410.06493 \\
        --before /tmp/wt-before/src --after src

Prints per paper and code: seconds, calls, tokens in and out, fields published; then seconds per paper and the
ratio. The machine's other work moves both alike only when they alternate: the papers go before, after, before…
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_WORKER = r"""
import dataclasses, json, sys, time
from pathlib import Path
from paperbrief.config import LLMConfig
from paperbrief.llm import PaperInput, analyze_paper, make_backend
from paperbrief.pdf import extract_pdf

pdf, truth, language = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
meta = json.loads(Path(truth).read_text()) if truth else {}
x = extract_pdf(pdf)
known = {f.name for f in dataclasses.fields(PaperInput)}
extra = {k: v for k, v in (("text_pages", getattr(x, "text_pages", None)), ("headings", getattr(x, "sections", None)))
         if k in known and v is not None}
paper = PaperInput(arxiv_id=pdf.stem, title=meta.get("title") or x.title or pdf.stem,
                   abstract=meta.get("abstract") or x.text.get("abstract", ""),
                   authors=[a["name"] if isinstance(a, dict) else a for a in meta.get("authors", [])] or x.authors,
                   affiliations=x.affiliations, urls=x.code_urls,
                   text={k: v for k, v in x.text.items() if k != "abstract"}, **extra)
cfg = LLMConfig()
backend = make_backend(cfg)
backend.count_tokens("warm")  # loads the model: not timed
t0 = time.monotonic()
out = analyze_paper(backend, paper, language=language, token_budget=cfg.token_budget_per_paper,
                    max_output_tokens=cfg.max_output_tokens)
seconds = time.monotonic() - t0
fields = out.analysis.model_dump() if hasattr(out.analysis, "model_dump") else {}
published = sum(1 for k, v in fields.items() if k not in ("unavailable", "evidence") and v)
print("RESULT " + json.dumps({"seconds": seconds, "calls": out.calls, "tokens_in": out.tokens_in,
                              "tokens_out": out.tokens_out, "published": published,
                              "left_out": len(out.analysis.unavailable)}))
"""


def run_one(src: Path, pdf: Path, truth: Path | None, language: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-c", _WORKER, str(pdf), str(truth or ""), language], env=env,
                          capture_output=True, text=True, cwd=str(src.resolve().parent))
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if done.returncode or line is None:
        raise SystemExit(f"{src} on {pdf.name} failed (rc {done.returncode}):\n{done.stderr[-6000:]}")
    return json.loads(line[len("RESULT "):])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="the dev corpus (pdfs/ and truth/)")
    ap.add_argument("--only", nargs="+", required=True, help="paper ids")
    ap.add_argument("--before", type=Path, required=True, help="the older code's src/")
    ap.add_argument("--after", type=Path, default=REPO / "src", help="the newer code's src/ (default: this one)")
    ap.add_argument("--language", default="zh", choices=["zh", "en"])
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    args = ap.parse_args(argv)
    rows: dict[str, dict[str, dict]] = {"before": {}, "after": {}}
    for stem in args.only:
        pdf = args.corpus / "pdfs" / f"{stem}.pdf"
        truth = args.corpus / "truth" / f"{stem}.json"
        for code, src in (("before", args.before), ("after", args.after)):
            r = run_one(src, pdf, truth if truth.is_file() else None, args.language)
            rows[code][stem] = r
            print(f"[{code:6s}] {stem}: {r['seconds']:7.1f} s, {r['calls']} calls, {r['tokens_in']} tokens in, "
                  f"{r['tokens_out']} out; {r['left_out']} fields left out", flush=True)
    per = {code: sum(r["seconds"] for r in by.values()) / len(by) for code, by in rows.items()}
    calls = {code: sum(r["calls"] for r in by.values()) / len(by) for code, by in rows.items()}
    print(f"\nseconds per paper: before {per['before']:.1f} ({calls['before']:.2f} calls), after {per['after']:.1f} "
          f"({calls['after']:.2f} calls); ratio {per['before'] / per['after']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    sys.exit(main())
