"""The analysis on real papers: the dev corpus's PDFs, their arXiv metadata from the truth files, `zh` and/or
`en`, with the product's settings. Prints per paper and in total: fields published, first-answer pass rate,
numbers cited and their evidence found, comparisons checked, empty phrases, key terms kept, results citing a
number with its metric, seconds and tokens; writes a sample post (the Hexo post, with evidence footnotes) and
the numbers as JSON. Not part of the test suite (slow on a small CPU: minutes per paper).

    .venv/bin/python bench/llm_corpus.py ../shared/dev-corpus --papers 3 --language zh
    .venv/bin/python bench/llm.py --corpus ../shared/dev-corpus ...     # the same (bench/llm.py hands over)
    .venv/bin/python bench/llm_corpus.py ../shared/dev-corpus --base-url http://host/v1 --api-model NAME

A hosted OpenAI-compatible model is measured the same way with --base-url; its numbers come from your run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from paperbrief.config import LLMConfig
from paperbrief.llm import PaperInput, TokenBudget, analyze_paper, make_backend
from paperbrief.llm.checks import CheckContext
from paperbrief.llm.evidence import find_evidence
from paperbrief.llm.results import result_sentences, states_metric
from paperbrief.llm.models import default_model_path
from paperbrief.llm.phrasing import empty_phrases, key_terms, terms_kept
from paperbrief.llm.schema import output_fields
from paperbrief.records import ArxivEntry, Author, LLMOutcome, PaperDigest, Post

REPO = Path(__file__).resolve().parent.parent
_PROSE_SKIP = ("keywords", "title_translated")


@dataclass
class Row:
    """One paper in one language."""

    paper: str
    language: str
    fields: int = 0
    published: int = 0
    first_passed: int = 0
    numbers: int = 0
    evidenced: int = 0
    comparisons: int = 0
    empty: list[str] = field(default_factory=list)
    terms: tuple[int, int, int] = (0, 0, 0)  # key terms written in English (alone or glossed), of those rendered
    # one way throughout, key terms of the paper
    reports_numbers: bool = False
    results_metric: bool = False  # the published results cite a number with evidence
    results_quoted: bool = False  # no results published: the post quotes the paper's result sentence instead
    seconds: float = 0.0
    tokens_in: int = 0
    tokens_out: int = 0
    calls: int = 0
    failed_checks: list[str] = field(default_factory=list)


def corpus_papers(corpus: Path, limit: int, only: list[str] | None = None) -> list[tuple[PaperInput, dict]]:
    """The corpus's papers as a run gives them to the LLM: the PDF's text by role (with pages and headings),
    title and authors from the truth file (arXiv's metadata)."""
    from paperbrief.pdf import extract_pdf

    pdfs = corpus / "pdfs" if (corpus / "pdfs").is_dir() else corpus
    truth_dir = corpus / "truth"
    out: list[tuple[PaperInput, dict]] = []
    for pdf in sorted(pdfs.glob("*.pdf")):
        if only and pdf.stem not in only:
            continue
        truth_file = truth_dir / f"{pdf.stem}.json"
        truth = json.loads(truth_file.read_text(encoding="utf-8")) if truth_file.is_file() else {}
        x = extract_pdf(pdf, authors=truth.get("authors") or None)
        paper = PaperInput(
            arxiv_id=pdf.stem, title=truth.get("title") or x.title or pdf.stem,
            abstract=x.text.get("abstract", ""), authors=list(truth.get("authors") or x.authors),
            affiliations=list(truth.get("affiliations") or x.affiliations), urls=list(x.code_urls),
            text={k: v for k, v in x.text.items() if k != "abstract"}, text_pages=dict(x.text_pages),
            headings=list(x.sections))
        out.append((paper, truth))
        if len(out) >= limit:
            break
    return out


def measure(outcome: LLMOutcome, paper: PaperInput, language: str) -> Row:
    a = outcome.analysis
    fields = output_fields(language)
    row = Row(paper=paper.arxiv_id, language=language, fields=len(fields), seconds=outcome.seconds,
              tokens_in=outcome.tokens_in, tokens_out=outcome.tokens_out, calls=outcome.calls)
    row.published = len(fields) - len(a.unavailable)
    first_failing = outcome.first_try_failing if outcome.retries else {f: "" for f in a.unavailable}
    row.first_passed = len(fields) - len(first_failing)
    published = {f: getattr(a, f) for f in fields if f not in a.unavailable and getattr(a, f)}
    ctx = CheckContext.for_paper(paper, language)
    report = find_evidence(published, ctx.passages)
    # each number as often as the prose writes it; the evidence list names a (number, sentence) once
    row.numbers, row.evidenced, row.comparisons = report.checked, report.checked - report.failed, report.comparisons
    for f, v in published.items():
        if f in _PROSE_SKIP:
            continue
        for item in (v if isinstance(v, list) else [v]):
            row.empty += empty_phrases(str(item))
    row.terms = (*terms_kept(published, ctx), len(key_terms(paper.title, paper.abstract, paper.headings)))
    from paperbrief.llm.numbers import paper_reports_numbers

    # as the results check decides it: the paper has a sentence stating a value with its metric
    row.reports_numbers = paper_reports_numbers(paper.source_text()) and bool(result_sentences(ctx.passages))
    # a number of the results with its evidence, the paper's sentence naming a metric (not "45 speakers")
    row.results_metric = any(e.field == "results" and states_metric(e.quote, e.number) for e in report.evidence)
    # a results field left out: the paper's own sentence in its place (outcomes saved before ``results_quote``
    # existed get it as ``analyze._publish`` gives it now)
    quote = a.results_quote if a.results_quote is not None or a.results else ctx.result_quote()
    row.results_quoted = not a.results and quote is not None and states_metric(quote.quote, quote.number)
    row.failed_checks = sorted({c for ff in a.unavailable.values() for c in ff.checks})
    return row


def _table(rows: list[Row]) -> str:
    head = ("| paper | lang | published | first answer | numbers (evidence) | comparisons | empty | terms kept (one "
            "rendering) | "
            "results cite a metric | s | tokens in+out | calls | left out by |")
    lines = [head, "|" + " --- |" * 13]
    for r in rows:
        lines.append(
            f"| {r.paper} | {r.language} | {r.published}/{r.fields} | {r.first_passed}/{r.fields} | "
            f"{r.numbers} ({r.evidenced}) | {r.comparisons} | {len(r.empty)} | "
            f"{r.terms[0]}/{r.terms[2]} ({r.terms[1]}) | "
            f"{'yes' if r.results_metric else ('quoted' if r.results_quoted else ('no' if r.reports_numbers else '—'))}"
            f" | {r.seconds:.0f} | "
            f"{r.tokens_in}+{r.tokens_out} | {r.calls} | {', '.join(r.failed_checks) or '—'} |")
    return "\n".join(lines)


def _totals(rows: list[Row]) -> dict:
    n = max(1, len(rows))
    with_results = [r for r in rows if r.reports_numbers]
    return {
        "papers": len(rows),
        "fields_published": [sum(r.published for r in rows), sum(r.fields for r in rows)],
        "first_answer_passed": [sum(r.first_passed for r in rows), sum(r.fields for r in rows)],
        "numbers": sum(r.numbers for r in rows), "numbers_with_evidence": sum(r.evidenced for r in rows),
        "comparisons_checked": sum(r.comparisons for r in rows),
        "empty_phrases": sum(len(r.empty) for r in rows),
        "terms_kept": [sum(r.terms[0] for r in rows), sum(r.terms[2] for r in rows)],
        "terms_one_rendering": sum(r.terms[1] for r in rows),
        "results_cite_metric": [sum(r.results_metric for r in with_results), len(with_results)],
        # of the others, those whose post quotes the paper's own result sentence in place of the model's results
        "results_quoted": [sum(r.results_quoted for r in with_results), len(with_results)],
        "seconds_per_paper": round(sum(r.seconds for r in rows) / n, 1),
        "tokens_in_per_paper": round(sum(r.tokens_in for r in rows) / n),
        "tokens_out_per_paper": round(sum(r.tokens_out for r in rows) / n),
        "calls_per_paper": round(sum(r.calls for r in rows) / n, 2),
    }


def sample_post(items: list[tuple[PaperInput, dict, LLMOutcome]], language: str, model: str) -> str:
    """The Hexo post of these papers, with each number's sentence listed under its paper."""
    from paperbrief.render.hexo import render_post

    now = datetime(2026, 12, 2, tzinfo=timezone.utc)
    digests = []
    for paper, truth, outcome in items:
        entry = ArxivEntry(arxiv_id=paper.arxiv_id, title=paper.title, authors=[Author(name=n) for n in paper.authors],
                           abstract=paper.abstract, published=now, updated=now)
        digests.append(PaperDigest(entry=entry, outcome=outcome, code_urls=list(truth.get("own_code_urls") or []),
                                   first_author_affiliation=truth.get("first_author_affiliation")))
    post = Post(topic="dev corpus", date="2026-12-02", language=language, evidence="footnote", papers=digests,
                model=model, slug="dev-corpus")
    return render_post(post, author="bench/llm_corpus.py", when=now)


def recheck(outcome: LLMOutcome, paper: PaperInput, language: str) -> dict[str, str]:
    """The checks of this commit over a saved outcome's published fields (as a run would have published them,
    without asking the model again): the fields they now fail are marked left out. Returns those, with why."""
    from paperbrief.llm.checks import check_output
    from paperbrief.records import FieldFailure

    a = outcome.analysis
    published = {f: getattr(a, f) for f in output_fields(language) if f not in a.unavailable and getattr(a, f)}
    ctx = CheckContext.for_paper(paper, language)
    values, checks, failing = check_output(published, ctx)
    # lengths were judged at run time in the grammar's units; measured again here in characters they differ
    from paperbrief.llm.checks import REASON_SEP
    newly = {}
    for f, why in failing.items():
        parts = [p for p in why.split(REASON_SEP) if not p.startswith("bounds:")]
        if f in published and parts:
            newly[f] = REASON_SEP.join(parts)
    for f, why in newly.items():
        names = [c.name for c in checks if not c.passed and f in c.fields and c.name != "bounds"] or ["recheck"]
        a.unavailable[f] = FieldFailure(checks=names, detail=why)
        setattr(a, f, [] if isinstance(getattr(a, f), list) else "")
    for f, v in values.items():  # the list items' own numbering is dropped now
        if f in published and f not in newly:
            setattr(a, f, v)
    return newly


def redo_results(args: argparse.Namespace, papers: list, outcomes: dict[str, LLMOutcome]) -> None:
    """The results field's own calls (``analyze._ask_results``) with this commit's code, replayed on saved
    outcomes whose results field is left out: the model is asked again for results alone, the rest of the
    answer stays as saved. Measures a change to the results call without running the whole analysis again."""
    from paperbrief.llm.analyze import ask_results_again

    backend = make_backend(LLMConfig(model_path=str(Path(args.model) if args.model else default_model_path())))
    if args.seed is not None:
        backend.seed = args.seed
    defaults = LLMConfig()
    for paper, _ in papers:
        out = outcomes[paper.arxiv_id]
        if "results" not in out.analysis.unavailable or not paper.key_results():
            continue
        kept = ask_results_again(backend, paper, out, args.language, defaults.max_output_tokens)
        a = out.analysis
        print(f"  {paper.arxiv_id}: results call {'published ' + repr(a.results) if kept else 'failed: ' + out.checks[-1].detail[:160]}")
    backend.close()
    replayed = args.outcomes.with_name(args.outcomes.stem + "-results-replayed.json")
    replayed.write_text(json.dumps({k: o.model_dump(mode="json") for k, o in outcomes.items()}, indent=1,
                                   ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"  replayed outcomes: {replayed}")


def measure_saved(args: argparse.Namespace) -> None:
    """The same table for outcomes written by another commit's code (``--outcomes``)."""
    if args.language == "both":
        sys.exit("--outcomes needs --language zh or en.")
    saved = json.loads(args.outcomes.read_text(encoding="utf-8"))
    papers = corpus_papers(args.corpus, args.papers, list(saved))
    outcomes = {p.arxiv_id: LLMOutcome.model_validate(saved[p.arxiv_id]) for p, _ in papers}
    if args.recheck:
        for p, _ in papers:
            newly = recheck(outcomes[p.arxiv_id], p, args.language)
            if newly:
                print(f"  {p.arxiv_id}: the checks of this commit leave out " +
                      "; ".join(f"{f} ({why[:160]})" for f, why in newly.items()))
    if args.redo_results:
        redo_results(args, papers, outcomes)
    rows = [measure(outcomes[p.arxiv_id], p, args.language) for p, _ in papers]
    print(_table(rows) + "\n")
    print(f"{args.language}: " + json.dumps(_totals(rows), ensure_ascii=False))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="the dev corpus (pdfs/ and truth/) or a folder of PDFs")
    ap.add_argument("--papers", type=int, default=100)
    ap.add_argument("--only", nargs="*", help="these paper ids only")
    ap.add_argument("--language", default="both", choices=["zh", "en", "both"])
    ap.add_argument("--model", help="a GGUF (default: the installed default model)")
    ap.add_argument("--base-url", help="an OpenAI-compatible endpoint (…/v1) instead of a GGUF")
    ap.add_argument("--api-model", help="the endpoint's model name (with --base-url)")
    ap.add_argument("--api-key-env", default="OPENAI_API_KEY", help="'' for a server that needs no key")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results", help="where the JSON and post go")
    ap.add_argument("--outcomes", type=Path, help="measure saved outcomes ({paper id: LLMOutcome JSON}, e.g. "
                    "from an older commit) instead of running the model; needs one --language")
    ap.add_argument("--redo-results", action="store_true", help="with --outcomes: ask the model again for a "
                    "results field left out, with this commit's results call (the rest of each answer as saved)")
    ap.add_argument("--seed", type=int, help="the embedded model's sampling seed (default: the backend's, 7): "
                    "another seed draws a fresh sample of answers from the same papers")
    ap.add_argument("--recheck", action="store_true", help="with --outcomes: run this commit's checks over the "
                    "published fields and leave out those they fail")
    args = ap.parse_args(argv)
    if args.outcomes:
        measure_saved(args)
        return
    defaults = LLMConfig()
    if args.base_url:
        if not args.api_model:
            sys.exit("--base-url needs --api-model.")
        if args.api_key_env and not os.environ.get(args.api_key_env):
            sys.exit(f"{args.api_key_env} is not set (pass --api-key-env '' for a server without a key).")
        cfg = LLMConfig(backend="openai-compatible", base_url=args.base_url, model=args.api_model,
                        api_key_env=args.api_key_env)
    else:
        model = Path(args.model) if args.model else default_model_path()
        if not model.is_file():
            sys.exit(f"No model at {model}: run `paperbrief model pull`.")
        cfg = LLMConfig(model_path=str(model))
    backend = make_backend(cfg)
    if args.seed is not None:
        if not hasattr(backend, "seed"):
            sys.exit("--seed is for the embedded model.")
        backend.seed = args.seed
    papers = corpus_papers(args.corpus, args.papers, args.only)
    languages = ["zh", "en"] if args.language == "both" else [args.language]
    print(f"model {backend.name}; {len(papers)} papers; {', '.join(languages)}"
          + (f"; seed {args.seed}" if args.seed is not None else ""), flush=True)
    rows: list[Row] = []
    items: dict[str, list] = {lang: [] for lang in languages}
    saved: dict[str, dict] = {lang: {} for lang in languages}
    for lang in languages:
        for paper, truth in papers:
            t0 = time.monotonic()
            out = analyze_paper(backend, paper, language=lang, budget=TokenBudget(0),
                                token_budget=defaults.token_budget_per_paper,
                                max_output_tokens=defaults.max_output_tokens)
            row = measure(out, paper, lang)
            rows.append(row)
            items[lang].append((paper, truth, out))
            # each outcome as it comes, so that a long run stopped early still leaves what it measured (and
            # ``--outcomes`` can measure it again after a check changes)
            saved[lang][paper.arxiv_id] = out.model_dump(mode="json")
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"outcomes-{lang}.json").write_text(json.dumps(saved[lang], indent=1, ensure_ascii=False)
                                                           + "\n", encoding="utf-8")
            print(f"  {lang} {paper.arxiv_id}: {row.published}/{row.fields} published, {row.numbers} numbers "
                  f"({row.evidenced} with evidence), {len(row.empty)} empty phrases, terms {row.terms[0]}/"
                  f"{row.terms[2]}, {time.monotonic() - t0:.0f} s", flush=True)
    backend.close()
    print("\n" + _table(rows) + "\n")
    report = {"model": backend.name, "rows": [r.__dict__ for r in rows],
              "totals": {lang: _totals([r for r in rows if r.language == lang]) for lang in languages}}
    for lang, t in report["totals"].items():
        print(f"{lang}: " + json.dumps(t, ensure_ascii=False))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "llm-corpus.json").write_text(json.dumps(report, indent=1, ensure_ascii=False, default=list) + "\n",
                                              encoding="utf-8")
    for lang in languages:
        post = args.out / f"sample-post-{lang}.md"
        post.write_text(sample_post(items[lang], lang, backend.name), encoding="utf-8")
        print(f"sample post: {post}")


if __name__ == "__main__":
    main()
