"""Benchmark the full extraction (facts + figure crops) against two peers on the same PDFs in the same run:
PyMuPDF's own positioned-text pass (``page.get_text("dict")`` on every page, one process) and pdfplumber's
text-only pass (``page.extract_text()``). Ours is timed three ways: the batch command's path
(``paperbrief extract A B --jsonl``: one process, a worker per core), one process reading the files one after
another, and (``--cli``) one ``paperbrief extract X --json`` process per file. Then which stage dominates (a
profiled serial pass, cumulative seconds per stage), then the accuracy table.

    .venv/bin/python bench/extract.py            # builds the generated corpus (tests/pdfcorpus) in a temp dir
    .venv/bin/python bench/extract.py DIR        # every *.pdf in DIR, e.g. ../shared/dev-corpus/pdfs
    options: --repeat N (timing passes, best kept; default 1), --verbose (misses per paper),
             --jobs N (batch workers; default one per core), --cli (also one process per file)

Accuracy is scored where truth is known: the generated corpus always; for DIR, a ``<stem>.json`` beside
the PDF or in ``DIR/../truth/`` (the dev-corpus layout; figure boxes are scored only where the truth has
them). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import pdfplumber  # noqa: E402
import pymupdf  # noqa: E402

from paperbrief.errors import PDFError  # noqa: E402
from paperbrief.pdf import extract_pdf  # noqa: E402
from paperbrief.pdf.batch import default_jobs, extract_many  # noqa: E402
from pdfcorpus import metrics  # noqa: E402


def _readable(paths: list[Path]) -> tuple[list[tuple[Path, int]], list[tuple[Path, str]]]:
    ok, bad = [], []
    for p in paths:
        try:
            with pymupdf.open(p) as doc:
                if doc.needs_pass or not doc.is_pdf or doc.page_count == 0:
                    raise RuntimeError("encrypted, not a PDF or no pages")
                ok.append((p, doc.page_count))
        except Exception as e:  # noqa: BLE001
            bad.append((p, f"{type(e).__name__}: {e}"))
    return ok, bad


def _time_serial(pdfs, work: Path):
    """Our extraction, the files one after another in this process."""
    results: dict[str, tuple[dict | None, str | None]] = {}
    t0 = time.perf_counter()
    for p, _ in pdfs:
        try:
            got = extract_pdf(p, work / p.stem / "figures")
            results[p.stem] = (got.model_dump(), None)
        except PDFError as e:
            results[p.stem] = (None, f"PDFError: {e}")
        except Exception as e:  # noqa: BLE001  (a crash is reported, not fatal to the benchmark)
            results[p.stem] = (None, f"{type(e).__name__}: {e}")
    return time.perf_counter() - t0, results


def _time_batch(pdfs, work: Path, jobs: int | None):
    """Our extraction as ``paperbrief extract A B … --jsonl`` does it: one process, a pool of workers."""
    results: dict[str, tuple[dict | None, str | None]] = {}
    t0 = time.perf_counter()
    for item in extract_many([p for p, _ in pdfs], work, jobs=jobs):
        results[item.path.stem] = (item.extraction.model_dump() if item.extraction else None, item.error)
    return time.perf_counter() - t0, results


def _time_cli(pdfs, work: Path):
    """One ``paperbrief extract X --json`` process per file (how a script calling the CLI per paper runs)."""
    exe = [sys.executable, "-m", "paperbrief"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0 = time.perf_counter()
    for p, _ in pdfs:
        subprocess.run(exe + ["extract", str(p), "--json", "--figures-dir", str(work / p.stem)], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def _time_pymupdf(pdfs):
    """PyMuPDF's positioned-text pass: ``get_text("dict")`` on every page."""
    t0 = time.perf_counter()
    for p, _ in pdfs:
        try:
            with pymupdf.open(p) as doc:
                for page in doc:
                    page.get_text("dict")
        except Exception:  # noqa: BLE001
            pass
    return time.perf_counter() - t0


def _time_plumber(pdfs):
    t0 = time.perf_counter()
    chars = 0
    for p, _ in pdfs:
        try:
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    chars += len(page.extract_text() or "")
        except Exception:  # noqa: BLE001
            pass
    return time.perf_counter() - t0, chars


# the stages of extract_pdf, by the function that does each (cumulative time in a profiled serial pass)
STAGES = [
    ("open + read text layer", "_doc.py", "read_layout"),
    ("title / authors / affiliations", "_header.py", "parse_header"),
    ("sections", "_sections.py", "find_sections"),
    ("captions", "_captions.py", "find_captions"),
    ("links", "_links.py", "collect_urls"),
    ("figures: find regions", "_figures.py", "extract_figures"),
    ("figures: render + write crops", "_figures.py", "_save"),
    ("text by role", "_text.py", "role_texts"),
]


def _stages(pdfs, work: Path) -> list[tuple[str, float]]:
    prof = cProfile.Profile()
    prof.enable()
    _time_serial(pdfs, work)
    prof.disable()
    stats = pstats.Stats(prof).stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    cum: dict[str, float] = {}
    for label, fname, func in STAGES:
        cum[label] = sum(v[3] for k, v in stats.items() if k[0].endswith(fname) and k[2] == func)
    cum["figures: find regions"] -= cum["figures: render + write crops"]
    total = sum(cum.values())
    return [(label, sec, sec / total if total else 0.0) for label, sec in cum.items()]


def _truth_for(pdf: Path, corpus_truth: dict[str, dict]) -> dict | None:
    if corpus_truth:
        return corpus_truth.get(pdf.stem)
    for cand in (pdf.with_suffix(".json"), pdf.parent.parent / "truth" / f"{pdf.stem}.json"):
        if cand.exists():
            t = json.loads(cand.read_text())
            if "authors" not in t:  # e.g. the record of an unreadable test file
                return None
            t.setdefault("own_code_urls", [])
            return t
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", type=Path, help="folder of PDFs (default: build the generated corpus)")
    ap.add_argument("--repeat", type=int, default=1, help="timing passes (the best is kept)")
    ap.add_argument("--verbose", action="store_true", help="list the misses of every paper")
    ap.add_argument("--jobs", type=int, default=None, help="batch workers (default: one per core)")
    ap.add_argument("--cli", action="store_true", help="also time one `paperbrief extract` process per file")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
        work = Path(tmp)
        corpus_truth: dict[str, dict] = {}
        if args.dir is None:
            from pdfcorpus.specs import build_corpus

            t0 = time.perf_counter()
            built = build_corpus(work / "corpus")
            print(f"built {len(built)} generated PDFs in {time.perf_counter() - t0:.1f}s ({work / 'corpus'})")
            paths = [p for c, p, _ in built if c.spec is not None]  # papers only; broken files are for tests
            corpus_truth = {p.stem: t for c, p, t in built if c.spec is not None}
        else:
            paths = sorted(args.dir.glob("*.pdf"))
            if not paths:
                print(f"no PDFs in {args.dir}", file=sys.stderr)
                return 2
        pdfs, bad = _readable(paths)
        pages = sum(n for _, n in pdfs)
        print(f"{len(pdfs)} readable PDFs, {pages} pages; {len(bad)} unreadable left out of the timing")

        jobs = args.jobs or default_jobs(len(pdfs))
        best = {"batch": float("inf"), "serial": float("inf"), "pymupdf": float("inf"), "plumber": float("inf")}
        results: dict = {}
        for i in range(max(1, args.repeat)):
            t, results = _time_batch(pdfs, work / f"batch{i}", jobs)
            best["batch"] = min(best["batch"], t)
            best["serial"] = min(best["serial"], _time_serial(pdfs, work / f"serial{i}")[0])
            best["pymupdf"] = min(best["pymupdf"], _time_pymupdf(pdfs))
            best["plumber"] = min(best["plumber"], _time_plumber(pdfs)[0])
        if args.cli:
            best["cli"] = _time_cli(pdfs, work / "cli")

        rows = [("batch", f"paperbrief extract --jsonl ({jobs} workers)"),
                ("serial", "paperbrief extract_pdf, one process, in turn"),
                ("cli", "paperbrief extract X --json, a process per file"),
                ("pymupdf", 'PyMuPDF get_text("dict"), every page'),
                ("plumber", "pdfplumber extract_text(), every page")]
        print()
        print(f"{'tool':<50} {'seconds':>8} {'pages/s':>9} {'x PyMuPDF':>10} {'x pdfplumber':>13}")
        for key, label in rows:
            if key in best:
                sec = best[key]
                print(f"{label:<50} {sec:>8.2f} {pages / sec:>9.1f} {best['pymupdf'] / sec:>10.2f} "
                      f"{best['plumber'] / sec:>13.2f}")
        print("(full extraction = facts + figure crops; 'x PyMuPDF' = our pages/s / PyMuPDF's pages/s, "
              "both measured above)")

        print("\nwhere a serial extraction spends its time (profiled pass, cumulative s; profiling inflates all):")
        for label, sec, share in _stages(pdfs, work / "profile"):
            print(f"  {label:<34} {sec:>7.2f} s  {share:>5.0%}")
        crashes = {k: e for k, (_, e) in results.items() if e}
        if crashes:
            print(f"\n{len(crashes)} readable PDFs failed in extract_pdf:")
            for k, e in crashes.items():
                print(f"  {k}: {e[:120]}")

        scores = []
        for p, _ in pdfs:
            truth = _truth_for(p, corpus_truth)
            if truth is None:
                continue
            got, err = results[p.stem]
            scores.append(metrics.score_paper(p.stem, truth, got, err))
        print()
        if scores:
            print(metrics.table(scores, verbose=args.verbose))
        else:
            print("no truth files found: accuracy not scored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
