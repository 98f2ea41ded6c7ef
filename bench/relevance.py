"""Relevance ranking measured on real arXiv data (issue 17, "Measured on real data").

    .venv/bin/python bench/relevance.py [--days N] [--seed S] [--query field|broad|both] [--k 10] [--per-day]

Data (``bench/relevance/``, sources and licences in ``SOURCES.md``): ``curated.jsonl`` is a human-curated list of
papers in one field (multimodal token compression), ``days.jsonl`` real arXiv announcement days of cs.CV with
abstracts. The curated papers that have an abstract and the category are sorted by announcement date; the
older half is the user's library, the newer half is hidden. Every curated paper is removed from the days, then
each hidden paper is put back into the day closest to its date (its own announcement day when that day is in
the data, at its real place in the listing; otherwise at a seeded random place). Each day is ranked by every
strategy, and for the days holding hidden papers the script prints recall@k, precision@k and every hidden
paper's rank as Markdown.

Strategies: arXiv's own order (the listing), keywords only (the topic's query, no description, no library),
embeddings only (similarity to the description and the library with the offline model, no keywords) and
keywords + library (everything), plus keywords + library with TF-IDF similarity (no model). Each query-based one
runs with two topic queries, "field" and "broad" (see QUERIES). They use ``paperbrief.rank``; one that cannot run
yet is listed with the reason (no ranker, no embedding model). Nothing here asserts on time; seconds per 1,000
papers are printed for each strategy. With the embedding model the run takes about half an hour on 2 shared
cores (embedding every paper once per embedding strategy); ``--days 5`` is quicker.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from paperbrief.records import ArxivEntry, Author  # noqa: E402

# The data files are not in the repository: this workplace keeps data taken from fetched public repositories out
# of the developers' commits (SOURCES.md says where they come from and how they were made). The bench reads them
# from ../shared/relevance-bench/ when the steering repository carries them, else from bench/relevance/.
_SHARED = ROOT.parent / "shared" / "relevance-bench"
DATA = _SHARED if (_SHARED / "days.jsonl").exists() else Path(__file__).resolve().parent / "relevance"

# The topics a user would configure, written before any number was measured (SOURCES.md says why):
# "field" is what a researcher of this field writes, the technique's own names as phrases; it matches about
# three cs.CV papers a day. "broad" is the area the technique belongs to (multimodal LLMs); it matches about
# twenty a day, the case the ranking exists for ("a topic query still matches dozens").
QUERIES = {
    "field": '"token compression" OR "token pruning" OR "token merging" OR "token reduction" OR "visual token"',
    "broad": ('"vision-language model" OR "vision language model" OR "multimodal large language model" OR '
              '"large multimodal model" OR MLLM OR LVLM OR VLM OR "video LLM"'),
}
TOPIC_NAME = "Multimodal token compression"
TOPIC_DESCRIPTION = ("Token compression for multimodal large language models and vision transformers: pruning, "
                     "merging, selecting or compressing visual, video and audio tokens to cut the cost of long "
                     "multimodal contexts and speed up inference.")

ARXIV, KEYWORDS, EMBEDDINGS, KW_LIBRARY = "arXiv order", "keywords only", "embeddings only", "keywords + library"
KW_TFIDF = "keywords + library (TF-IDF, no model)"


# -- data ---------------------------------------------------------------------------------------------------
def _moment(day: str | None) -> datetime:
    d = date.fromisoformat(day) if day else date(1970, 1, 1)
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)


def _entry(obj: dict, day: str | None) -> ArxivEntry:
    cats = obj.get("categories") or []
    moment = _moment(obj.get("published") or day)
    return ArxivEntry(arxiv_id=obj["arxiv_id"], title=obj["title"], abstract=obj.get("abstract") or "",
                      authors=[Author(name=a) for a in obj.get("authors") or []], comment=obj.get("comment"),
                      categories=cats, primary_category=cats[0] if cats else None, published=moment, updated=moment)


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class Curated:
    obj: dict
    entry: ArxivEntry
    day: str | None  # its announcement day, when known


@dataclass
class Day:
    day: str
    entries: list[ArxivEntry]  # in arXiv's listing order, curated papers removed, hidden ones inserted
    hidden: list[str] = field(default_factory=list)


@dataclass
class Bench:
    listed: int  # papers in the curated list
    no_abstract: int
    other_category: int
    library: list[Curated]
    hidden: list[Curated]
    days: list[Day]
    removed_from_days: int
    on_own_day: int  # hidden papers put back on their own announcement day


def prepare(data: Path, *, days: int | None, seed: int, category: str) -> Bench:
    curated_rows = _read_jsonl(data / "curated.jsonl")
    day_rows = _read_jsonl(data / "days.jsonl")
    curated_ids = {c["arxiv_id"] for c in curated_rows}

    usable, no_abstract, other = [], 0, 0
    for c in curated_rows:
        if not (c.get("abstract") or "").strip():
            no_abstract += 1
        elif category not in (c.get("categories") or []):
            other += 1
        else:
            usable.append(Curated(c, _entry(c, c.get("announced")), c.get("announced") or c.get("published")))
    # oldest half is the library; papers without a date count as the newest
    usable.sort(key=lambda c: (c.day is None, c.day or "", c.entry.arxiv_id))
    half = len(usable) // 2
    library, hidden = usable[:half], usable[half:]

    by_day: dict[str, list[dict]] = {}
    for r in day_rows:
        by_day.setdefault(r["day"], []).append(r)
    names = sorted(by_day)
    if days is not None and days < len(names):  # evenly spread over the period, deterministic
        step = len(names) / days
        names = [names[int(i * step)] for i in range(days)]
    positions = {(r["day"], r["arxiv_id"]): r["listing_order"] for r in day_rows}

    removed = 0
    kept_rows: dict[str, list[dict]] = {}
    for name in names:
        rows = by_day[name]
        kept_rows[name] = [r for r in rows if r["arxiv_id"] not in curated_ids]
        removed += len(rows) - len(kept_rows[name])

    def closest(when: str) -> str:
        return min(names, key=lambda n: (abs((date.fromisoformat(n) - date.fromisoformat(when)).days), n))

    rng = random.Random(seed)
    undated = sorted((h for h in hidden if not h.day), key=lambda h: h.entry.arxiv_id)
    rng.shuffle(undated)
    target = {h.entry.arxiv_id: names[i % len(names)] for i, h in enumerate(undated)}
    target.update({h.entry.arxiv_id: closest(h.day) for h in hidden if h.day})
    on_own_day = 0
    chosen: dict[str, Day] = {}
    for name in names:
        here = [h for h in hidden if target[h.entry.arxiv_id] == name]
        # a hidden paper listed that day goes back to its real place; the others to a seeded random place
        own = [h for h in here if (name, h.entry.arxiv_id) in positions]
        own_ids = {h.entry.arxiv_id for h in own}
        on_own_day += len(own)
        listed = [(r["listing_order"], _entry(r, name)) for r in kept_rows[name]]
        listed += [(positions[(name, h.entry.arxiv_id)], h.entry) for h in own]
        d = Day(name, [e for _, e in sorted(listed, key=lambda t: t[0])], [h.entry.arxiv_id for h in own])
        for h in here:
            if h.entry.arxiv_id in own_ids:
                continue
            d.entries.insert(rng.randint(0, len(d.entries)), h.entry)
            d.hidden.append(h.entry.arxiv_id)
        chosen[name] = d
    return Bench(len(curated_rows), no_abstract, other, library, hidden, [chosen[n] for n in names], removed,
                 on_own_day)


# -- strategies -----------------------------------------------------------------------------------------------
@dataclass
class Strategy:
    name: str
    query: str | None = None  # which of QUERIES it ranks with; None: no query involved
    rank: object | None = None  # callable(entries) -> ids in ranked order
    why_not: str | None = None
    seconds: float = 0.0
    papers: int = 0

    @property
    def label(self) -> str:
        return f"{self.name}, {self.query} query" if self.query else self.name


def _ranked(ranker, entries: list[ArxivEntry]) -> list[str]:
    scores = ranker.score(entries)
    listing = {e.arxiv_id: i for i, e in enumerate(entries)}
    # highest score first, ties by id (as the post orders them); unscored papers last, in listing order
    scored = sorted((e.arxiv_id for e in entries if e.arxiv_id in scores),
                    key=lambda i: (-scores[i].total, i))
    rest = sorted((e.arxiv_id for e in entries if e.arxiv_id not in scores), key=listing.__getitem__)
    return scored + rest


class _Vectors:
    """An in-memory vector cache, one per strategy, standing in for the store's (vectors cached per paper and
    model): the library is embedded once per strategy, not once per day."""

    def __init__(self):
        self.items: dict[tuple[str, str], list[float]] = {}

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, list[float]]:
        return {k: self.items[(model, k)] for k in keys if (model, k) in self.items}

    def put_vectors(self, model: str, items: dict[str, list[float]]) -> None:
        self.items.update({(model, k): v for k, v in items.items()})


def _by(ranker):
    return lambda entries: _ranked(ranker, entries)


def build_strategies(library: list[Curated], queries: list[str], *, model: bool = True
                     ) -> tuple[list[Strategy], list[str]]:
    """arXiv order; per query keywords only, keywords + library (TF-IDF), keywords + library (embeddings); and
    embeddings only (description and library, no query). Those that cannot run yet carry the reason."""
    notes: list[str] = []
    out = [Strategy(ARXIV, rank=lambda entries: [e.arxiv_id for e in entries])]
    wanted = [(KEYWORDS, q) for q in queries] + [(KW_TFIDF, q) for q in queries] + [(EMBEDDINGS, None)] + \
             [(KW_LIBRARY, q) for q in queries]
    try:
        from paperbrief.config import TopicConfig
        from paperbrief.rank import LibraryPaper, Ranker
    except Exception as exc:  # the ranker is not there yet
        why = f"paperbrief.rank does not import ({type(exc).__name__}: {exc})"
        return out + [Strategy(n, q, why_not=why) for n, q in wanted], notes

    def topic(query: str, description: str | None):
        if description is None:
            return TopicConfig(name=TOPIC_NAME, query=query)
        try:
            return TopicConfig(name=TOPIC_NAME, query=query, description=description)
        except Exception as exc:
            notes.append(f"TopicConfig takes no description yet ({type(exc).__name__}); ranked without one")
            return TopicConfig(name=TOPIC_NAME, query=query)

    lib = [LibraryPaper(arxiv_id=c.entry.arxiv_id, title=c.entry.title, abstract=c.entry.abstract) for c in library]
    embedder, why_no_model = None, "left out with --no-model"
    try:
        if not model:
            raise RuntimeError("--no-model")
        from paperbrief.rank.embed import Embedder

        t0 = time.perf_counter()
        embedder = Embedder()
        embedder.embed(["warm-up"])  # the model loads on the first call: fail or load here, not in the timing
        notes.append(f"embedding model loaded in {time.perf_counter() - t0:.1f} s (not counted in s / 1,000 papers); "
                     "each embedding strategy has its own vector cache, so its time includes embedding every paper "
                     "and the library once")
    except Exception as exc:
        if model:
            why_no_model = f"the embedding model is not available ({type(exc).__name__}: {exc})"

    for name, q in wanted:
        s = Strategy(name, q)
        if name in (EMBEDDINGS, KW_LIBRARY) and embedder is None:
            s.why_not = why_no_model
            out.append(s)
            continue
        try:
            if name == KEYWORDS:  # the query alone: no description, no library
                s.rank = _by(Ranker(topic(QUERIES[q], None)))
            elif name == KW_TFIDF:
                s.rank = _by(Ranker(topic(QUERIES[q], TOPIC_DESCRIPTION), library=lib))
            elif name == EMBEDDINGS:  # the query is not used: any will do
                s.rank = _by(Ranker(topic(QUERIES["field"], TOPIC_DESCRIPTION), library=lib, embedder=embedder,
                                    use_keywords=False, vectors=_Vectors()))
            else:
                s.rank = _by(Ranker(topic(QUERIES[q], TOPIC_DESCRIPTION), library=lib, embedder=embedder,
                                    vectors=_Vectors()))
        except Exception as exc:
            s.why_not = f"Ranker refused it ({type(exc).__name__}: {exc})"
        out.append(s)
    return out, list(dict.fromkeys(notes))


# -- the measurement ------------------------------------------------------------------------------------------
def measure(bench: Bench, strategies: list[Strategy]) -> dict[str, dict[str, int]]:
    """Rank of every hidden paper (1-based, within its day) per strategy label; times each strategy."""
    ranks: dict[str, dict[str, int]] = {s.label: {} for s in strategies}
    for s in strategies:
        if s.rank is None:
            continue
        print(f"ranking: {s.label}", file=sys.stderr, flush=True)
        for d in bench.days:
            t0 = time.perf_counter()
            try:
                order = s.rank(d.entries)
            except Exception as exc:  # a ranker still being written: say so, keep the others
                s.rank, s.why_not = None, f"failed on {d.day} ({type(exc).__name__}: {exc})"
                ranks[s.label] = {}
                break
            s.seconds += time.perf_counter() - t0
            s.papers += len(d.entries)
            position = {i: n + 1 for n, i in enumerate(order)}
            for h in d.hidden:
                ranks[s.label][h] = position[h]
    return ranks


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _query_lines(bench: Bench, queries: list[str]) -> list[str]:
    lines = []
    try:
        from paperbrief.config import TopicConfig
        from paperbrief.query import matches
    except Exception as exc:
        return [f"- (query matches not counted: {type(exc).__name__}: {exc})"]
    hidden = {h.entry.arxiv_id for h in bench.hidden}
    total = sum(len(d.entries) for d in bench.days)
    for q in queries:
        tree = TopicConfig(name=TOPIC_NAME, query=QUERIES[q]).tree
        hits = [e.arxiv_id for d in bench.days for e in d.entries if matches(tree, e)]
        lines.append(f"- {q} query `{QUERIES[q]}`: matches {len(hits)} of the {total:,} papers "
                     f"({len(hits) / len(bench.days):.1f} a day), {sum(1 for i in hits if i in hidden)} of the "
                     f"{len(bench.hidden)} hidden ones")
    return lines


def report(bench: Bench, strategies: list[Strategy], ranks: dict[str, dict[str, int]], notes: list[str], *,
           queries: list[str], k: int, seed: int, category: str, per_day: bool) -> str:
    days_with = [d for d in bench.days if d.hidden]
    sizes = [len(d.entries) for d in bench.days]
    total = sum(sizes)
    lib_days = [c.day for c in bench.library if c.day]
    out = [f"## Relevance on real arXiv data (`bench/relevance.py --seed {seed}`)", ""]
    out.append(f"- curated list: {bench.listed} papers; {bench.no_abstract} without an abstract and "
               f"{bench.other_category} outside {category} left out; library {len(bench.library)} "
               f"(the oldest, {min(lib_days, default='?')} to {max(lib_days, default='?')}), "
               f"hidden {len(bench.hidden)}")
    out.append(f"- days: {len(bench.days)} {category} announcement days ({bench.days[0].day} to "
               f"{bench.days[-1].day}), {total:,} papers with the hidden ones (median {statistics.median(sizes):.0f} "
               f"a day, {min(sizes)} to {max(sizes)}); {bench.removed_from_days} curated papers taken out first")
    out.append(f"- hidden papers: {len(bench.hidden)} in {len(days_with)} days; {bench.on_own_day} on their own "
               f"announcement day at their real place in the listing, {len(bench.hidden) - bench.on_own_day} "
               f"moved to the closest day in the data, at a random place (seed {seed})")
    out += _query_lines(bench, queries)
    out += [f"- {n}" for n in notes]
    out.append("")

    out.append(f"| strategy | recall@{k} | precision@{k} | hidden in top {k} | median rank | mean rank "
               f"| s / 1,000 papers |")
    out.append("| --- | --- | --- | --- | --- | --- | --- |")
    for s in strategies:
        r = ranks[s.label]
        if s.rank is None or not r:
            out.append(f"| {s.label} | not available yet: {_cell(s.why_not or 'no result')} | | | | | |")
            continue
        recall = [sum(1 for h in d.hidden if r[h] <= k) / len(d.hidden) for d in days_with]
        precision = [sum(1 for h in d.hidden if r[h] <= k) / k for d in days_with]
        top = sum(1 for v in r.values() if v <= k)
        per1000 = s.seconds / s.papers * 1000 if s.papers else 0.0
        out.append(f"| {s.label} | {statistics.mean(recall):.3f} | {statistics.mean(precision):.3f} | "
                   f"{top}/{len(r)} | {statistics.median(r.values()):.0f} | {statistics.mean(r.values()):.1f} | "
                   f"{per1000:.3f} |")
    out.append("")
    out.append(f"recall@{k} and precision@{k}: mean over the {len(days_with)} days holding hidden papers; ranks are "
               f"1-based within the paper's day; every paper of the day is ranked, matched by the query or not.")
    out.append("")

    run = [s for s in strategies if ranks[s.label]]
    size = {d.day: len(d.entries) for d in bench.days}
    where = {h: d.day for d in bench.days for h in d.hidden}
    out.append("| hidden paper | day | papers that day | " + " | ".join(s.label for s in run) + " |")
    out.append("| --- | --- | --- | " + " | ".join("---" for _ in run) + " |")
    for h in sorted(bench.hidden, key=lambda c: (where[c.entry.arxiv_id], c.entry.arxiv_id)):
        i = h.entry.arxiv_id
        title = h.entry.title if len(h.entry.title) <= 60 else h.entry.title[:57].rstrip() + "..."
        moved = "" if h.day == where[i] else f" (from {h.day})"
        cells = [str(ranks[s.label][i]) for s in run]
        out.append(f"| {i} {_cell(title)} | {where[i]}{moved} | {size[where[i]]} | " + " | ".join(cells) + " |")

    if per_day:
        out.append("")
        out.append("| day | papers | hidden | " + " | ".join(f"{s.label} recall@{k}" for s in run) + " |")
        out.append("| --- | --- | --- | " + " | ".join("---" for _ in run) + " |")
        for d in days_with:
            cells = [f"{sum(1 for h in d.hidden if ranks[s.label][h] <= k) / len(d.hidden):.2f}" for s in run]
            out.append(f"| {d.day} | {len(d.entries)} | {len(d.hidden)} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--days", type=int, default=None, help="use N of the days, evenly spread (default: all)")
    ap.add_argument("--seed", type=int, default=17, help="places of hidden papers moved to another day")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--category", default="cs.CV", help="curated papers outside it are left out")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--query", choices=[*QUERIES, "both"], default="both", help="the topic query (default: both)")
    ap.add_argument("--per-day", action="store_true", help="also print recall per day")
    ap.add_argument("--no-model", action="store_true", help="skip the strategies that need the embedding model")
    args = ap.parse_args(argv)
    if args.days is not None and args.days < 1:
        ap.error("--days must be at least 1")
    bench = prepare(args.data, days=args.days, seed=args.seed, category=args.category)
    queries = list(QUERIES) if args.query == "both" else [args.query]
    strategies, notes = build_strategies(bench.library, queries, model=not args.no_model)
    ranks = measure(bench, strategies)
    print(report(bench, strategies, ranks, notes, queries=queries, k=args.k, seed=args.seed,
                 category=args.category, per_day=args.per_day))
    return 0


if __name__ == "__main__":
    sys.exit(main())
