"""Every number of a bench run's published prose, for a hand check: per paper, the prose sentence that states
it and the paper's sentence the checks found for it (page and quote). A reader marks each one right or wrong
against the quote (and the PDF when the quote is not enough); the checks never decide that here.

    .venv/bin/python bench/llm_handcheck.py OUT/outcomes-zh.json > handcheck.md
    .venv/bin/python bench/llm_handcheck.py OUT/outcomes-zh.json --corpus ../shared/dev-corpus --recheck

``--recheck`` first applies this commit's checks to the saved answers (``llm_corpus.recheck``), so the list
shows what the current code would publish.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from paperbrief.llm.numbers import extract_numbers
from paperbrief.llm.scaled import SCALED
from paperbrief.llm.schema import output_fields
from paperbrief.records import LLMOutcome

_SENTENCE = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]|\.(?=\s|$)|$)")


def _sentences(outcome: LLMOutcome, language: str):
    """(field, sentence) of the published prose, in the order the post shows them."""
    a = outcome.analysis
    for f in output_fields(language):
        if f in a.unavailable or f in ("keywords", "title_translated"):
            continue
        value = getattr(a, f)
        for text in value if isinstance(value, list) else [value]:
            for sentence in _SENTENCE.findall(text or ""):
                yield f, sentence


def numbers_of(outcome: LLMOutcome, language: str) -> list[tuple[str, str, str, str, int | None]]:
    """(field, prose sentence, number, quote, page) for each non-trivial number of the published prose, in the
    order the post shows them; a number without evidence gets an empty quote, one whose evidence was found for
    another field's sentence gets that quote, marked as such."""
    a = outcome.analysis
    quotes = {(e.field, e.number): e for e in a.evidence}
    by_number = {e.number: e for e in a.evidence}
    rows = []
    for f, sentence in _sentences(outcome, language):
        for num in extract_numbers(sentence, skip_terms=True):
            if num.trivial and not any(e.number == num.text for e in a.evidence):
                continue
            e = quotes.get((f, num.text))
            other = by_number.get(num.text) if e is None else None
            if other is not None:  # another field's evidence for the same number: said so ("1" is in any sentence)
                rows.append((f, sentence.strip(), num.text, f"(found for {other.field}'s {num.text}) {other.quote}",
                             other.page))
                continue
            rows.append((f, sentence.strip(), num.text, e.quote if e else "", e.page if e else None))
    return rows


def counts_of(outcome: LLMOutcome, language: str) -> list[tuple[str, str, list[str]]]:
    """(field, prose sentence, its digits) for the single digits of the published prose that ``numbers_of`` leaves out
    (a count, "3个阶段", needs no evidence). Listed apart so the reader sees them too: under 5a127bb the model cut
    the paper's values to such digits ("提高了1点的PSNR" for 1.7 dB), which no list of the evidence check's numbers
    held."""
    evidenced = {e.number for e in outcome.analysis.evidence}
    rows = []
    for f, sentence in _sentences(outcome, language):
        digits = [n.text for n in extract_numbers(sentence, skip_terms=True) if n.trivial and n.text not in evidenced]
        if digits:
            rows.append((f, sentence.strip(), digits))
    return rows


def suffixed_of(outcome: LLMOutcome, language: str) -> list[tuple[str, str, list[str]]]:
    """(field, prose sentence, its counts) for the counts written with a thousand or million suffix ("10K"), which
    ``numbers_of`` leaves out (the number extractor reads them as names): seed 73's "10K 个不同数据集" for the paper's
    "10K subjects" was such a count. ``llm.scaled`` checks them against what the paper counts; they get no quote."""
    rows = []
    for f, sentence in _sentences(outcome, language):
        found = [m.group(0).strip() for m in SCALED.finditer(sentence)]
        if found:
            rows.append((f, sentence.strip(), found))
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outcomes", type=Path, help="outcomes-<lang>.json of bench/llm_corpus.py")
    ap.add_argument("--language", default="zh", choices=["zh", "en"])
    ap.add_argument("--corpus", type=Path, help="the dev corpus, for --recheck")
    ap.add_argument("--recheck", action="store_true", help="apply this commit's checks first")
    args = ap.parse_args(argv)
    saved = json.loads(args.outcomes.read_text(encoding="utf-8"))
    outcomes = {k: LLMOutcome.model_validate(v) for k, v in saved.items()}
    if args.recheck:
        if not args.corpus:
            sys.exit("--recheck needs --corpus")
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from llm_corpus import corpus_papers, recheck
        for paper, _ in corpus_papers(args.corpus, len(outcomes), list(outcomes)):
            recheck(outcomes[paper.arxiv_id], paper, args.language)
    total = quoted = small = 0
    for arxiv_id, outcome in sorted(outcomes.items()):
        rows = numbers_of(outcome, args.language)
        counts = counts_of(outcome, args.language)
        suffixed = suffixed_of(outcome, args.language)
        q = outcome.analysis.results_quote if not outcome.analysis.results else None
        if not rows and q is None and not counts and not suffixed:
            continue
        print(f"## {arxiv_id}\n")
        for f, sentence, number, quote, page in rows:
            total += 1
            where = f"p. {page}" if page else "no evidence"
            print(f"{total}. **{number}** ({f}): {sentence}\n   - paper ({where}): {quote or '—'}")
        if q is not None:  # the post shows the paper's own sentence for results left out: its page to check
            quoted += 1
            print(f"- results quoted from the paper (p. {q.page or '?'}): {q.quote}")
        for f, sentence, digits in counts:
            small += len(digits)
            print(f"- single digits **{', '.join(digits)}** ({f}; a count needs no evidence): {sentence}")
        for f, sentence, found in suffixed:
            print(f"- counts with a suffix **{', '.join(found)}** ({f}; checked against what the paper counts, no "
                  f"quote): {sentence}")
        print()
    print(f"{total} numbers; {quoted} results quoted from the paper; {small} single digits")


if __name__ == "__main__":
    main()
