"""Ranking inside a run: the library resolved to titles and abstracts, what each window decided per paper (kept
for ``paperbrief explain``), and the report's line per paper with its score parts."""

from __future__ import annotations

from paperbrief.calendar import Window
from paperbrief.config import TopicConfig
from paperbrief.errors import PaperbriefError
from paperbrief.outcome import PaperLine
from paperbrief.rank.library import LibraryPaper
from paperbrief.records import ArxivEntry, PaperStatus, Score
from paperbrief.run.select import Selection
from paperbrief.store import Decision, Store

__all__ = ["resolve_library", "decisions", "paper_line"]

_ID_BATCH = 100


def resolve_library(papers: list[LibraryPaper], store: Store, client, warnings: list[str]) -> list[LibraryPaper]:
    """Library papers known only by their arXiv id get their title and abstract: from the store, else from arXiv
    (a few polite id_list requests; the answers are stored, so a later run asks nothing)."""
    out: list[LibraryPaper] = []
    missing: list[str] = []
    for p in papers:
        if p.title or not p.arxiv_id:
            out.append(p)
            continue
        known = store.get_entry(p.arxiv_id)
        if known is not None:
            out.append(LibraryPaper(arxiv_id=p.arxiv_id, title=known.title, abstract=known.abstract))
        else:
            missing.append(p.arxiv_id)
    for i in range(0, len(missing), _ID_BATCH):
        batch = missing[i:i + _ID_BATCH]
        try:
            page = client.fetch_page(None, id_list=batch, max_results=len(batch))
        except PaperbriefError as exc:
            warnings.append(f"library: {len(batch)} paper(s) known only by their arXiv id could not be looked up "
                            f"({exc}); ranked without them")
            continue
        found = {e.arxiv_id: e for e in page.entries}
        for arxiv_id in batch:
            e = found.get(arxiv_id)
            if e is None:
                warnings.append(f"library: arXiv has no paper {arxiv_id}")
                continue
            store.upsert_entry(e)
            out.append(LibraryPaper(arxiv_id=arxiv_id, title=e.title, abstract=e.abstract))
    unique, seen = [], set()
    for p in out:
        key = p.arxiv_id or p.title.lower()
        if key and key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def decisions(topic: TopicConfig, window: Window, sel: Selection) -> list[Decision]:
    out = [Decision(topic_slug=topic.slug, announced=window.key, arxiv_id=c.entry.arxiv_id, version=c.entry.version,
                    title=c.entry.title, decision=c.status.value, rule=None, reason="; ".join(c.notes) or None,
                    score=c.score) for c in sel.shown]
    for x in sel.excluded:
        arxiv_id, _, version = x.id.rpartition("v")
        out.append(Decision(topic_slug=topic.slug, announced=window.key, arxiv_id=arxiv_id, version=int(version),
                            title=x.title, decision="excluded", rule=x.rule, reason=x.reason,
                            score=Score(total=x.score, parts=x.score_parts) if x.score is not None else None))
    return out


def paper_line(entry: ArxivEntry, status: PaperStatus, reasons: list[str], score: Score | None) -> PaperLine:
    return PaperLine(id=entry.versioned_id, title=entry.title, status=status, reasons=list(reasons),
                     score=score.total if score else None, score_parts=list(score.parts) if score else [])
