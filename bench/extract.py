"""Benchmark ``paperbrief.pdf.extract_pdf`` (full extraction with figure crops) against pdfplumber extracting
only the text of every page, on the same PDFs in the same run; then the accuracy table.

    .venv/bin/python bench/extract.py            # builds the generated corpus (tests/pdfcorpus) in a temp dir
    .venv/bin/python bench/extract.py DIR        # every *.pdf in DIR, e.g. ../shared/dev-corpus/pdfs
    options: --repeat N (timing passes, best kept; default 1), --verbose (misses per paper)

Accuracy is scored where truth is known: the generated corpus always; for DIR, a ``<stem>.json`` beside
the PDF or in ``DIR/../truth/`` (the dev-corpus layout; figure boxes are scored only where the truth has
them). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
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


def _time_ours(pdfs, work: Path):
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

        best_ours = best_plumber = float("inf")
        results: dict = {}
        for i in range(max(1, args.repeat)):
            t_ours, results = _time_ours(pdfs, work / f"out{i}")
            t_plumber, _ = _time_plumber(pdfs)
            best_ours, best_plumber = min(best_ours, t_ours), min(best_plumber, t_plumber)

        print()
        print(f"{'tool':<46} {'seconds':>8} {'pages/s':>9}")
        print(f"{'paperbrief extract_pdf (full, figure crops)':<46} {best_ours:>8.2f} {pages / best_ours:>9.1f}")
        print(f"{'pdfplumber page.extract_text() only':<46} {best_plumber:>8.2f} {pages / best_plumber:>9.1f}")
        print(f"ratio: paperbrief is {best_plumber / best_ours:.1f}x the speed of pdfplumber "
              f"(pages/s ours / pages/s pdfplumber)")
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
